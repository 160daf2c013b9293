/**
 * What a form's inputs hold, read by id (ids mirror field paths). The page
 * fills a Values from its shown inputs; tests fill one from a plain map. The
 * payload builders read only through this, so they need no DOM.
 */

export type FieldValue = string | boolean | string[];

export interface Values {
  /** The text as typed ('' when the input is absent or hidden). */
  text(id: string): string;
  /** Whether a checkbox is ticked (false when absent or hidden). */
  bool(id: string): boolean;
  /** The ticked values of a checkbox group. */
  list(id: string): string[];
  /** The input is on the page and shown. */
  has(id: string): boolean;
  /** Rows of a repeatable group. */
  count(group: string): number;
}

export function valuesOf(
  map: Record<string, FieldValue | undefined>,
  counts: Record<string, number> = {},
): Values {
  return {
    text: id => {
      const v = map[id];
      return typeof v === 'string' ? v : '';
    },
    bool: id => map[id] === true,
    list: id => {
      const v = map[id];
      return Array.isArray(v) ? v : [];
    },
    has: id => map[id] !== undefined,
    count: group => counts[group] ?? 0,
  };
}

/** Text with something in it, as typed; undefined when blank. */
export function given(text: string): string | undefined {
  return text.trim() ? text : undefined;
}
