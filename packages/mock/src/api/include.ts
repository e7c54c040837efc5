/**
 * The `include` query parameter: V4 side-loads related resources named in a comma-separated list
 * (`include=creator,project,media_links.original`; facts §3 "include"). Repeated parameters add up. Which
 * names an operation accepts is checked by the spec validation before a handler runs; handlers ignore names
 * they do not know.
 */
export type Includes = ReadonlySet<string>;

/** The names in every `include` parameter of `url`, trimmed, empty ones dropped. */
export function parseIncludes(url: URL): Includes {
  const names = new Set<string>();
  for (const value of url.searchParams.getAll('include')) {
    for (const name of value.split(',')) {
      const trimmed = name.trim();
      if (trimmed !== '') names.add(trimmed);
    }
  }
  return names;
}

/** The `media_links.*` renditions asked for, e.g. `['original', 'thumbnail']`. */
export function mediaLinkIncludes(includes: Includes): string[] {
  return [...includes].filter((name) => name.startsWith('media_links.')).map((name) => name.slice(12));
}
