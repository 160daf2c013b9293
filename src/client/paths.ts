/**
 * From an error's field path (as validation and the server name it:
 * 'child.dateOfBirth', 'costLines.1.sharesBp.EDU', 'notifiedAgencies.0.date')
 * to the id of the element that shows it. Element ids mirror the paths, so
 * most paths match themselves; a path that names something finer than any
 * element (an array index inside a checkbox group) falls back to its
 * nearest shown parent ('agenciesToAssess.1' → 'agenciesToAssess'), and a
 * form may rename prefixes (aliases) where the payload's order is not the
 * page's ('notifiedAgencies.0' → 'notifiedAgencies.EDU').
 */

export type Aliases = Record<string, string>;

/** Replace the longest aliased prefix, at a segment boundary. */
export function applyAliases(field: string, aliases: Aliases = {}): string {
  let best = '';
  for (const prefix of Object.keys(aliases)) {
    if (
      (field === prefix || field.startsWith(`${prefix}.`)) &&
      prefix.length > best.length
    ) {
      best = prefix;
    }
  }
  return best ? aliases[best] + field.slice(best.length) : field;
}

/**
 * The id of the element for a field: the field itself or its nearest parent
 * that `exists` (and is shown); null when none is (the error is listed in
 * the summary only — e.g. 'user' for S5, 'form').
 */
export function targetFor(
  field: string,
  exists: (id: string) => boolean,
  aliases: Aliases = {},
): string | null {
  let f = applyAliases(field, aliases);
  for (;;) {
    if (f && exists(f)) return f;
    const dot = f.lastIndexOf('.');
    if (dot < 0) return null;
    f = f.slice(0, dot);
  }
}

/** The id of the element holding a field's error text. */
export function errorIdOf(id: string): string {
  return `${id}-error`;
}

export function hintIdOf(id: string): string {
  return `${id}-hint`;
}
