import type { MockClient, MockUser } from '../config.js';
import { escapeHtml } from './errors.js';

/** What the consent page shows. */
export interface ConsentPageInput {
  client: MockClient;
  scopes: readonly string[];
  users: readonly MockUser[];
  selectedUserId: string;
  requestId: string;
  /** Absolute URL the form posts to. */
  action: string;
  redirectUri: string;
}

/**
 * The emulator's stand-in for IMS's sign-in and consent screens: client name, scopes, a user picker and
 * Approve / Deny buttons. Approve submits no `decision` field (so a plain form post approves), Deny submits
 * `decision=deny`. Ids are stable for browser automation: `#user`, `#approve`, `#deny`.
 */
export function renderConsentPage(input: ConsentPageInput): Response {
  const options = input.users
    .map((user) => {
      const selected = user.id === input.selectedUserId ? ' selected' : '';
      return `<option value="${escapeHtml(user.id)}"${selected}>${escapeHtml(user.name)} &lt;${escapeHtml(user.email)}&gt;</option>`;
    })
    .join('\n');
  const scopes = input.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('\n');
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in · Mock Adobe IMS</title></head>
<body>
<main>
<h1>Mock Adobe IMS</h1>
<p><strong id="client-name">${escapeHtml(input.client.name)}</strong> (<code>${escapeHtml(input.client.clientId)}</code>) wants to access your Frame.io account.</p>
<h2>Requested scopes</h2>
<ul id="scopes">
${scopes}
</ul>
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="request_id" value="${escapeHtml(input.requestId)}">
<p><label for="user">Sign in as</label>
<select id="user" name="user">
${options}
</select></p>
<p><button type="submit" id="approve">Approve</button>
<button type="submit" id="deny" name="decision" value="deny">Deny</button></p>
</form>
<p><small>You will be sent back to <code id="redirect-uri">${escapeHtml(input.redirectUri)}</code>.
Served by @frameio-v4/mock, an Adobe IMS emulator for tests.</small></p>
</main>
</body>
</html>
`;
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store' },
  });
}
