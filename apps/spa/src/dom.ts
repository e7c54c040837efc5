/** A child of {@link h}: strings become text nodes, so data is never parsed as HTML. */
export type Child = Node | string | null | undefined | false;

/** Attributes and listeners of {@link h}. `on*` functions become event listeners. */
export type Props = Record<string, string | ((event: Event) => void) | undefined>;

/**
 * Creates an element. Text always goes in as a text node (never `innerHTML`), so names from the API cannot
 * inject markup (OWASP DOM-based XSS prevention: "use safe sinks such as textContent").
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** A byte count for people: `2.0 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} ${units[0]}` : `${value.toFixed(1)} ${units[unit]}`;
}
