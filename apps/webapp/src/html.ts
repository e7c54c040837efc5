/** HTML that is already safe to send: built by {@link html} from escaped values. */
export class SafeHtml {
  /** The markup. */
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element body or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** A value that can be placed in an {@link html} template. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template for markup: every interpolated value is escaped unless it is itself `SafeHtml`, so data
 * from the API (names of files, projects…) can never inject markup.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Bytes as `512 B`, `1.5 KiB`, `2.0 MiB`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes)) return '–';
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${Math.max(0, Math.round(bytes))} B`;
  let value = bytes;
  let unit = 'B';
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
header{display:flex;justify-content:space-between;align-items:center;border-bottom:1px solid #ddd;margin-bottom:1rem}
a{color:#5b3cc4}.button,button{background:#5b3cc4;color:#fff;border:0;border-radius:4px;padding:.5rem 1rem;
font:inherit;cursor:pointer;text-decoration:none;display:inline-block}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eee}.size{text-align:right}
.error{border-left:4px solid #c4332b;padding:.5rem 1rem;background:#fdf1f0}`;

/** Who is signed in, as the page header shows it. */
export interface PageUser {
  readonly name: string;
  readonly email?: string | undefined;
}

/** The whole document: title, header (with the sign-out form when signed in) and body. */
export function page(title: string, body: SafeHtml, user?: PageUser): string {
  const account = user
    ? html`<div><span id="user-name">${user.name}</span>
<form method="post" action="/logout" style="display:inline"><button type="submit" id="sign-out">Sign out</button></form></div>`
    : '';
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Frame.io V4 web app example</title><style>${new SafeHtml(STYLE)}</style></head>
<body>
<header><p><a href="/">Frame.io V4 web app example</a></p>${account}</header>
<main>
${body}
</main>
</body>
</html>
`.value;
}
