import { unwrap } from '@frameio-v4/api';
import { type CommandContext, connect, printJson } from '../context.js';

/** `fio whoami`: `GET /v4/me`, and which credentials answered. */
export async function whoami(context: CommandContext): Promise<void> {
  const { client, credentials } = connect(context);
  const me = (await unwrap(client.GET('/v4/me', { signal: context.signal }))).data;
  if (context.options.json) {
    printJson(context, {
      id: me.id,
      name: me.name,
      email: me.email,
      auth: credentials.summary,
      apiBase: context.config.apiBase,
    });
    return;
  }
  context.stdout.write(
    [
      `name:   ${me.name}`,
      `email:  ${me.email}`,
      `id:     ${me.id}`,
      `auth:   ${credentials.description}`,
      `api:    ${context.config.apiBase}`,
      '',
    ].join('\n'),
  );
}
