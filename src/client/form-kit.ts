/**
 * The machinery every sidebar form shares, written once:
 * - field builders (label for, hint, "(required)" in words, error text),
 *   each registered under its id — the field path it fills
 *   ('child.dateOfBirth') — so validation errors find their input;
 * - error display: an aria-live summary at the top listing each error as a
 *   link to its field, and next to each field its error text, with
 *   aria-invalid and aria-describedby;
 * - repeatable rows with labelled add and remove buttons;
 * - drafts: loadDraft on open, saveDraft on input (debounced), clearDraft
 *   after a successful submission, under 9 KB;
 * - the submit cycle: a submission id made when the form opens, client
 *   validation with the domain's own functions, one call in flight at a
 *   time, the server's errors shown the same way, then a result panel with
 *   "Start another".
 * Everything is built with dom.ts: text is only ever text (S4).
 */
import {Child, el, replaceChildren} from './dom';
import {isSubmissionId, newSubmissionId} from './ids';
import {Aliases, errorIdOf, hintIdOf, targetFor} from './paths';
import type {Built} from './payloads';
import {callResult} from './server';
import {FieldValue, Values} from './values';
import {
  errorText,
  FieldError,
  MAX_DRAFT_BYTES,
  mergeErrors,
  Result,
  utf8Bytes,
} from './wire';

export type Option = [value: string, label: string];

export interface FieldSpec {
  /** The field path it fills; also the element id. */
  id: string;
  label: string;
  hint?: string;
  required?: boolean;
}

export interface Field {
  id: string;
  /** Label, hint, error and input together: shown and hidden as one. */
  wrap: HTMLElement;
  /** Focused from the error summary. */
  focusEl: HTMLElement;
  /** Get aria-invalid and aria-describedby. */
  controls: HTMLElement[];
  errorEl: HTMLElement;
  /** A group (fieldset, row) is an error target only: no value. */
  isGroup: boolean;
  get(): FieldValue;
  set(value: FieldValue): void;
  initial: FieldValue;
}

export interface DraftBody {
  v: 1;
  submissionId?: string;
  fields: Record<string, FieldValue>;
  rows: Record<string, number>;
}

export interface RowsHandle {
  count(): number;
  setCount(n: number): void;
}

// ---------------------------------------------------------------------------
// The kit: fields of one form
// ---------------------------------------------------------------------------

export interface Kit {
  readonly fields: Map<string, Field>;
  readonly rows: Map<string, RowsHandle>;
  text(
    spec: FieldSpec & {
      type?: 'text' | 'email' | 'date' | 'number' | 'url';
      value?: string;
      autocomplete?: string;
      inputMode?: string;
      min?: string;
      max?: string;
      /** Shown before the input, e.g. '£' (hidden from screen readers: say it in the label). */
      prefix?: string;
      suffix?: string;
      readOnly?: boolean;
    },
  ): Field;
  textarea(spec: FieldSpec & {value?: string; rows?: number}): Field;
  select(
    spec: FieldSpec & {options: Option[]; value?: string; placeholder?: string},
  ): Field;
  checkbox(spec: FieldSpec & {value?: boolean}): Field;
  radios(spec: FieldSpec & {options: Option[]; value?: string}): Field;
  checkboxes(spec: FieldSpec & {options: Option[]; value?: string[]}): Field;
  /** One radio button of a set spread over rows (its value: checked or not). */
  choice(spec: FieldSpec & {name: string; value?: boolean}): Field;
  /** A fieldset or row as the target of errors about it as a whole. */
  group(id: string, element: HTMLElement, errorEl?: HTMLElement): Field;
  /** A fieldset with a legend (a section of the form). */
  section(
    spec: {id?: string; legend: string; hint?: string},
    ...children: Child[]
  ): HTMLFieldSetElement;
  /** Show or hide a field (hidden fields are not sent). */
  show(idOrElement: string | HTMLElement, visible: boolean): void;
  shown(id: string): boolean;
  /** Forget the fields of removed rows. */
  drop(match: (id: string) => boolean): void;
  values(): Values;
  snapshot(): DraftBody;
  restore(draft: DraftBody): void;
  /** Called with the id of the field a person changed. */
  onInput(listener: (id: string) => void): void;
  emit(id: string): void;
  showErrors(errors: FieldError[], aliases?: Aliases): void;
  clearErrors(): void;
  readonly summary: HTMLElement;
}

let uniq = 0;

function labelFor(
  spec: FieldSpec,
  tag: 'label' | 'legend' = 'label',
): HTMLElement {
  const req = spec.required ? el('span', {class: 'req'}, ' (required)') : null;
  return tag === 'label'
    ? el('label', {for: spec.id}, spec.label, req)
    : el('legend', {}, spec.label, req);
}

function hintEl(spec: FieldSpec): HTMLElement | null {
  return spec.hint
    ? el('p', {class: 'hint', id: hintIdOf(spec.id)}, spec.hint)
    : null;
}

function errorEl(id: string): HTMLElement {
  return el('p', {class: 'error', id: errorIdOf(id), hidden: true});
}

function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

function isEmpty(v: FieldValue): boolean {
  return v === '' || v === false || (Array.isArray(v) && v.length === 0);
}

export function createKit(summary: HTMLElement): Kit {
  const fields = new Map<string, Field>();
  const rows = new Map<string, RowsHandle>();
  const listeners: Array<(id: string) => void> = [];

  function emit(id: string): void {
    for (const l of listeners) l(id);
  }

  function register(field: Field): Field {
    fields.set(field.id, field);
    field.wrap.setAttribute('data-field', field.id);
    return field;
  }

  function describedBy(spec: FieldSpec): string | undefined {
    return spec.hint ? hintIdOf(spec.id) : undefined;
  }

  function listen(node: HTMLElement, id: string): void {
    node.addEventListener('input', () => emit(id));
    node.addEventListener('change', () => emit(id));
  }

  /** One checkbox or radio with its label beside it, as a field of its own. */
  const checkField = (
    spec: {id: string; value?: boolean} & Parameters<typeof labelFor>[0] &
      Parameters<typeof hintEl>[0],
    input: HTMLInputElement,
  ): Field => {
    input.checked = spec.value ?? false;
    listen(input, spec.id);
    const err = errorEl(spec.id);
    const wrap = el(
      'div',
      {class: 'field'},
      err,
      el('div', {class: 'check'}, input, labelFor(spec)),
      hintEl(spec),
    );
    return register({
      id: spec.id,
      wrap,
      focusEl: input,
      controls: [input],
      errorEl: err,
      isGroup: false,
      get: () => input.checked,
      set: v => {
        input.checked = v === true;
      },
      initial: input.checked,
    });
  };

  const kit: Kit = {
    fields,
    rows,
    summary,

    text(spec) {
      const input = el('input', {
        id: spec.id,
        name: spec.id,
        type: spec.type ?? 'text',
        autocomplete: spec.autocomplete ?? 'off',
        inputmode: spec.inputMode,
        min: spec.min,
        max: spec.max,
        readonly: spec.readOnly,
        'aria-required': spec.required ? 'true' : undefined,
        'aria-describedby': describedBy(spec),
      });
      input.value = spec.value ?? '';
      listen(input, spec.id);
      const control =
        spec.prefix || spec.suffix
          ? el(
              'div',
              {class: 'affix'},
              spec.prefix
                ? el(
                    'span',
                    {class: 'prefix', 'aria-hidden': 'true'},
                    spec.prefix,
                  )
                : null,
              input,
              spec.suffix
                ? el(
                    'span',
                    {class: 'suffix', 'aria-hidden': 'true'},
                    spec.suffix,
                  )
                : null,
            )
          : input;
      const err = errorEl(spec.id);
      const wrap = el(
        'div',
        {class: 'field'},
        labelFor(spec),
        hintEl(spec),
        err,
        control,
      );
      return register({
        id: spec.id,
        wrap,
        focusEl: input,
        controls: [input],
        errorEl: err,
        isGroup: false,
        get: () => input.value,
        set: v => {
          input.value = typeof v === 'string' ? v : '';
        },
        initial: input.value,
      });
    },

    textarea(spec) {
      const area = el('textarea', {
        id: spec.id,
        name: spec.id,
        rows: String(spec.rows ?? 4),
        'aria-required': spec.required ? 'true' : undefined,
        'aria-describedby': describedBy(spec),
      });
      area.value = spec.value ?? '';
      listen(area, spec.id);
      const err = errorEl(spec.id);
      const wrap = el(
        'div',
        {class: 'field'},
        labelFor(spec),
        hintEl(spec),
        err,
        area,
      );
      return register({
        id: spec.id,
        wrap,
        focusEl: area,
        controls: [area],
        errorEl: err,
        isGroup: false,
        get: () => area.value,
        set: v => {
          area.value = typeof v === 'string' ? v : '';
        },
        initial: area.value,
      });
    },

    select(spec) {
      const select = el(
        'select',
        {
          id: spec.id,
          name: spec.id,
          'aria-required': spec.required ? 'true' : undefined,
          'aria-describedby': describedBy(spec),
        },
        spec.placeholder !== undefined
          ? el('option', {value: ''}, spec.placeholder)
          : null,
        ...spec.options.map(([value, label]) => el('option', {value}, label)),
      );
      select.value =
        spec.value ??
        (spec.placeholder !== undefined ? '' : (spec.options[0]?.[0] ?? ''));
      listen(select, spec.id);
      const err = errorEl(spec.id);
      const wrap = el(
        'div',
        {class: 'field'},
        labelFor(spec),
        hintEl(spec),
        err,
        select,
      );
      return register({
        id: spec.id,
        wrap,
        focusEl: select,
        controls: [select],
        errorEl: err,
        isGroup: false,
        get: () => select.value,
        set: v => {
          const s = typeof v === 'string' ? v : '';
          // A value no longer offered (a closed case) leaves the choice blank.
          select.value = s;
          if (select.value !== s) select.value = '';
        },
        initial: select.value,
      });
    },

    checkbox(spec) {
      const box = el('input', {
        id: spec.id,
        name: spec.id,
        type: 'checkbox',
        'aria-describedby': describedBy(spec),
      });
      return checkField(spec, box);
    },

    radios(spec) {
      const name = `${spec.id}--${++uniq}`;
      const inputs = spec.options.map(([value]) => {
        const r = el('input', {
          type: 'radio',
          name,
          value,
          id: `${spec.id}--${value || 'none'}`,
        });
        r.checked = value === (spec.value ?? '');
        listen(r, spec.id);
        return r;
      });
      const err = errorEl(spec.id);
      const set = el(
        'fieldset',
        {
          id: spec.id,
          class: 'field choices',
          tabindex: '-1',
          'aria-describedby': describedBy(spec),
          'aria-required': spec.required ? 'true' : undefined,
          role: 'radiogroup',
        },
        labelFor(spec, 'legend'),
        hintEl(spec),
        err,
        ...inputs.map((r, i) =>
          el(
            'div',
            {class: 'check'},
            r,
            el('label', {for: r.id}, spec.options[i][1]),
          ),
        ),
      );
      return register({
        id: spec.id,
        wrap: set,
        focusEl: set,
        controls: [set, ...inputs],
        errorEl: err,
        isGroup: false,
        get: () => inputs.find(r => r.checked)?.value ?? '',
        set: v => {
          for (const r of inputs) r.checked = r.value === v;
        },
        initial: inputs.find(r => r.checked)?.value ?? '',
      });
    },

    checkboxes(spec) {
      const chosen = new Set(spec.value ?? []);
      const boxes = spec.options.map(([value]) => {
        const b = el('input', {
          type: 'checkbox',
          name: spec.id,
          value,
          id: `${spec.id}--${value}`,
        });
        b.checked = chosen.has(value);
        listen(b, spec.id);
        return b;
      });
      const err = errorEl(spec.id);
      const set = el(
        'fieldset',
        {
          id: spec.id,
          class: 'field choices',
          tabindex: '-1',
          'aria-describedby': describedBy(spec),
        },
        labelFor(spec, 'legend'),
        hintEl(spec),
        err,
        ...boxes.map((b, i) =>
          el(
            'div',
            {class: 'check'},
            b,
            el('label', {for: b.id}, spec.options[i][1]),
          ),
        ),
      );
      const get = () => boxes.filter(b => b.checked).map(b => b.value);
      return register({
        id: spec.id,
        wrap: set,
        focusEl: set,
        controls: [set, ...boxes],
        errorEl: err,
        isGroup: false,
        get,
        set: v => {
          const s = new Set(Array.isArray(v) ? v : []);
          for (const b of boxes) b.checked = s.has(b.value);
        },
        initial: get(),
      });
    },

    choice(spec) {
      const radio = el('input', {
        id: spec.id,
        type: 'radio',
        name: spec.name,
        value: spec.id,
        'aria-describedby': describedBy(spec),
      });
      // A radio is not told when its neighbour takes the choice: tell every field.
      radio.addEventListener('change', () => emit(spec.name));
      return checkField(spec, radio);
    },

    group(id, element, err) {
      const e = err ?? errorEl(id);
      if (!err) {
        const legend = element.querySelector(':scope > legend, :scope > h3');
        if (legend) legend.after(e);
        else element.prepend(e);
      }
      if (!element.id) element.id = id;
      if (!element.hasAttribute('tabindex'))
        element.setAttribute('tabindex', '-1');
      return register({
        id,
        wrap: element,
        focusEl: element,
        controls: [element],
        errorEl: e,
        isGroup: true,
        get: () => '',
        set: () => {},
        initial: '',
      });
    },

    section(spec, ...children) {
      const set = el(
        'fieldset',
        {class: 'section', id: spec.id},
        el('legend', {}, spec.legend),
        spec.hint ? el('p', {class: 'hint'}, spec.hint) : null,
        ...children,
      );
      if (spec.id) kit.group(spec.id, set);
      return set;
    },

    show(idOrElement, visible) {
      const node =
        typeof idOrElement === 'string'
          ? fields.get(idOrElement)?.wrap
          : idOrElement;
      if (node) node.hidden = !visible;
    },

    shown(id) {
      const f = fields.get(id);
      return Boolean(f && f.wrap.isConnected && !f.wrap.closest('[hidden]'));
    },

    drop(match) {
      for (const id of [...fields.keys()]) if (match(id)) fields.delete(id);
    },

    values() {
      const map: Record<string, FieldValue> = {};
      for (const [id, f] of fields) {
        if (!f.isGroup && kit.shown(id)) map[id] = f.get();
      }
      const counts: Record<string, number> = {};
      for (const [g, r] of rows) counts[g] = kit.shown(g) ? r.count() : 0;
      return {
        text: id => (typeof map[id] === 'string' ? (map[id] as string) : ''),
        bool: id => map[id] === true,
        list: id => (Array.isArray(map[id]) ? (map[id] as string[]) : []),
        has: id => id in map,
        count: g => counts[g] ?? 0,
      };
    },

    snapshot() {
      const out: Record<string, FieldValue> = {};
      for (const [id, f] of fields) {
        if (f.isGroup) continue;
        const v = f.get();
        if (!isEmpty(v) || !sameValue(v, f.initial)) out[id] = v;
      }
      const counts: Record<string, number> = {};
      for (const [g, r] of rows) counts[g] = r.count();
      return {v: 1, fields: out, rows: counts};
    },

    restore(draft) {
      for (const [g, n] of Object.entries(draft.rows ?? {})) {
        const r = rows.get(g);
        if (r && Number.isInteger(n) && n >= 0 && n <= 50) r.setCount(n);
      }
      // Twice: answers can change what is offered (a lead agency changes
      // the agencies to assess), so the second pass fills what the first
      // one made appear.
      for (let pass = 0; pass < 2; pass++) {
        for (const [id, v] of Object.entries(draft.fields ?? {})) {
          fields.get(id)?.set(v);
        }
        emit('*');
      }
    },

    onInput(listener) {
      listeners.push(listener);
    },

    emit,

    showErrors(errors, aliases = {}) {
      kit.clearErrors();
      const byTarget = new Map<string, FieldError[]>();
      const items: Array<{e: FieldError; target: string | null}> = [];
      for (const raw of errors) {
        const target = targetFor(raw.field, id => kit.shown(id), aliases);
        const e = readable(raw, target ? fields.get(target) : undefined);
        items.push({e, target});
        if (target) byTarget.set(target, [...(byTarget.get(target) ?? []), e]);
      }
      for (const [target, list] of byTarget) {
        const f = fields.get(target)!;
        replaceChildren(
          f.errorEl,
          ...list.map(e => el('span', {}, errorText(e))),
        );
        f.errorEl.hidden = false;
        for (const c of f.controls) {
          c.setAttribute('aria-invalid', 'true');
          const base =
            c.getAttribute('data-describedby') ??
            c.getAttribute('aria-describedby') ??
            '';
          c.setAttribute('data-describedby', base);
          c.setAttribute('aria-describedby', `${base} ${f.errorEl.id}`.trim());
        }
        f.wrap.classList.add('has-error');
      }
      const refused = items.some(i => i.e.rule === 'S5');
      const heading =
        items.length === 1
          ? 'There is a problem'
          : `There are ${items.length} problems`;
      replaceChildren(
        summary,
        el(
          'h2',
          {id: 'error-summary-title'},
          refused ? `${heading}: this was refused` : heading,
        ),
        el(
          'ul',
          {},
          ...items.map(({e, target}) => {
            const text = summaryText(
              e,
              target ? fields.get(target) : undefined,
            );
            const cls = e.rule === 'S5' ? 's5' : undefined;
            if (!target) return el('li', {class: cls}, text);
            const link = el('a', {href: `#${target}`}, text);
            link.addEventListener('click', ev => {
              ev.preventDefault();
              focusField(fields.get(target)!);
            });
            return el('li', {class: cls}, link);
          }),
        ),
      );
      summary.hidden = false;
    },

    clearErrors() {
      for (const f of fields.values()) {
        if (f.errorEl.hidden) continue;
        f.errorEl.hidden = true;
        replaceChildren(f.errorEl);
        f.wrap.classList.remove('has-error');
        for (const c of f.controls) {
          c.removeAttribute('aria-invalid');
          const base = c.getAttribute('data-describedby');
          if (base) c.setAttribute('aria-describedby', base);
          else c.removeAttribute('aria-describedby');
          c.removeAttribute('data-describedby');
        }
      }
      replaceChildren(summary);
      summary.hidden = true;
    },
  };
  return kit;
}

/** The visible label of a field, without "(required)". */
function labelText(field: Field): string {
  return (
    field.wrap.querySelector('label, legend')?.firstChild?.textContent ?? ''
  ).trim();
}

/**
 * A choice left blank reads "must be one of: residential, …" in the
 * schema's words (codes); on the page it is simply required.
 */
function readable(e: FieldError, field?: Field): FieldError {
  if (
    field &&
    !field.isGroup &&
    field.get() === '' &&
    /must be one of:/.test(e.message)
  ) {
    const label = labelText(field);
    if (label) return {...e, message: `${label} is required.`};
  }
  return e;
}

/** In the summary, an error inside a row says which row ("Cost line 2: …"). */
function summaryText(e: FieldError, field?: Field): string {
  const text = errorText(e);
  const row = field?.wrap
    .closest('.row')
    ?.querySelector('h3')
    ?.textContent?.trim();
  if (!row || text.startsWith(row)) return text;
  return `${row}: ${text}`;
}

export function focusField(f: Field): void {
  f.focusEl.focus();
  f.wrap.scrollIntoView?.({block: 'center'});
}

// ---------------------------------------------------------------------------
// Repeatable rows
// ---------------------------------------------------------------------------

export interface RepeatOptions {
  /** The list's field path ('optionsConsidered'); rows are id.0, id.1 … */
  id: string;
  legend: string;
  hint?: string;
  /** 'Option' → rows titled 'Option 1', buttons 'Remove option 1'. */
  item: string;
  addLabel: string;
  /** Rows that cannot be removed below (a referral needs one cost line). */
  min?: number;
  /** Builds a row's fields with ids `${prefix}.name`. */
  row(prefix: string, index: number): Child[];
  /** After rows were added, removed or rebuilt. */
  changed?(): void;
}

export interface Repeat {
  element: HTMLFieldSetElement;
  count(): number;
  setCount(n: number): void;
  add(): void;
  /** Replace every row's values: rows as maps of name → value. */
  fill(rows: Array<Record<string, FieldValue>>): void;
}

export function repeatable(kit: Kit, o: RepeatOptions): Repeat {
  const list = el('div', {class: 'rows'});
  const addButton = el(
    'button',
    {type: 'button', id: `${o.id}-add`, class: 'add'},
    o.addLabel,
  );
  const element = el(
    'fieldset',
    {class: 'section repeat', id: o.id},
    el('legend', {}, o.legend),
    o.hint ? el('p', {class: 'hint'}, o.hint) : null,
    list,
    addButton,
  );
  kit.group(o.id, element);
  let n = 0;
  const rowPattern = new RegExp(
    `^${o.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+(\\.|$)`,
  );
  const min = o.min ?? 0;

  function rowValues(): Array<Record<string, FieldValue>> {
    const out: Array<Record<string, FieldValue>> = [];
    for (let i = 0; i < n; i++) {
      const prefix = `${o.id}.${i}.`;
      const row: Record<string, FieldValue> = {};
      for (const [id, f] of kit.fields) {
        if (id.startsWith(prefix) && !f.isGroup)
          row[id.slice(prefix.length)] = f.get();
      }
      out.push(row);
    }
    return out;
  }

  function render(
    count: number,
    values: Array<Record<string, FieldValue>> = [],
  ): void {
    kit.drop(id => rowPattern.test(id));
    replaceChildren(list);
    n = count;
    for (let i = 0; i < count; i++) {
      const prefix = `${o.id}.${i}`;
      const title = el('h3', {id: `${prefix}-title`}, `${o.item} ${i + 1}`);
      const remove =
        count > min
          ? el(
              'button',
              {type: 'button', class: 'remove', id: `${prefix}-remove`},
              `Remove ${o.item.toLowerCase()} ${i + 1}`,
            )
          : null;
      remove?.addEventListener('click', () => removeRow(i));
      const row = el(
        'div',
        {class: 'row', role: 'group', 'aria-labelledby': title.id},
        title,
        ...o.row(prefix, i),
        remove,
      );
      list.appendChild(row);
      kit.group(prefix, row);
      for (const [name, v] of Object.entries(values[i] ?? {})) {
        kit.fields.get(`${prefix}.${name}`)?.set(v);
      }
    }
    o.changed?.();
  }

  function removeRow(i: number): void {
    const values = rowValues();
    values.splice(i, 1);
    render(n - 1, values);
    kit.emit(o.id);
    const next =
      document.getElementById(`${o.id}.${Math.min(i, n - 1)}-remove`) ??
      addButton;
    next.focus();
  }

  function add(): void {
    render(n + 1, rowValues());
    kit.emit(o.id);
    const first = list.lastElementChild?.querySelector<HTMLElement>(
      'input, select, textarea',
    );
    first?.focus();
  }

  addButton.addEventListener('click', add);
  kit.rows.set(o.id, {
    count: () => n,
    setCount: count => render(Math.max(min, count), rowValues()),
  });
  render(min);
  return {
    element,
    count: () => n,
    setCount: count => render(Math.max(min, count), rowValues()),
    add,
    fill: rows => render(Math.max(min, rows.length), rows),
  };
}

// ---------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------

export type DraftForm =
  'alert' | 'referral' | 'change' | 'emergency' | 'assessment' | 'decision';

export interface Drafts {
  /** Save after a second without typing. */
  schedule(): void;
  /** Stop saving and wait for a save in flight (before submitting). */
  settle(): Promise<void>;
  load(): Promise<DraftBody | null>;
  clear(): Promise<void>;
  resume(): void;
}

export function drafts(
  form: DraftForm,
  snapshot: () => DraftBody,
  status: HTMLElement,
): Drafts {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<unknown> = Promise.resolve();
  let paused = false;

  function say(text: string, problem = false): void {
    status.textContent = text;
    status.classList.toggle('problem', problem);
  }

  async function save(): Promise<void> {
    timer = undefined;
    if (paused) return;
    const data = snapshot();
    const bytes = utf8Bytes(JSON.stringify(data));
    if (bytes > MAX_DRAFT_BYTES) {
      say(
        'This draft is too long to keep (over 9 KB). Shorten the longest answers, or submit the form.',
        true,
      );
      return;
    }
    const call = callResult<{saved: boolean}>('saveDraft', {form, data});
    inflight = call;
    const r = await call;
    if (paused) return;
    if (r.ok) {
      const t = new Date();
      say(
        `Draft saved at ${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}.`,
      );
    } else {
      say(`Draft not saved: ${r.errors.map(e => e.message).join(' ')}`, true);
    }
  }

  return {
    schedule() {
      if (paused) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void save(), 1000);
    },
    async settle() {
      paused = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inflight.catch(() => undefined);
    },
    resume() {
      paused = false;
    },
    async load() {
      const r = await callResult<{data: unknown}>('loadDraft', {form});
      if (!r.ok) return null;
      const d = r.value?.data as DraftBody | null | undefined;
      return d &&
        typeof d === 'object' &&
        d.fields &&
        typeof d.fields === 'object'
        ? d
        : null;
    },
    async clear() {
      await callResult('clearDraft', {form});
      say('');
    },
  };
}

// ---------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------

export interface ResultView {
  heading: string;
  /** Label → value: case ID, panel, deadline … */
  facts?: Array<[string, string]>;
  message?: string;
  nextSteps?: string[];
  /** What happens next, in this form's words. */
  whatNext?: string[];
  links?: Array<{href: string; text: string}>;
  extra?: Child[];
  /** The button that starts again ('Start another'). */
  again?: string;
}

export interface FormSetup {
  body: Child[];
  /** The answers as the server function's argument. */
  payload(): Built;
  /** The domain's validation of that argument (with the profile and today). */
  validate?(data: Record<string, unknown>): FieldError[];
  view(value: unknown): ResultView;
  /** Recompute what depends on answers (shown parts, live figures). */
  refresh?(): void;
  /** After a draft was put back: fetch what the restored answers need. */
  restored?(draft: DraftBody): void | Promise<void>;
}

export interface PageSpec<C> {
  title: string;
  intro?: Child[];
  draft?: DraftForm;
  /** The server function the form submits to. */
  serverFn: string;
  submitLabel: string | ((ctx: C) => string);
  /** Everything the form needs before it is shown (getFormContext …). */
  load(): Promise<Result<C>>;
  setup(kit: Kit, ctx: C, page: Page): FormSetup;
}

export interface Page {
  /** The current submission id (sent with every submit). */
  submissionId(): string;
  /** Show errors (the server's or the form's own) in the summary and by fields. */
  showErrors(errors: FieldError[], aliases?: Aliases): void;
  /** A message in the status area by the submit button. */
  status(text: string): void;
}

/** Small helpers forms use to write their results. */
export function list(items: string[]): HTMLElement | null {
  return items.length ? el('ul', {}, ...items.map(i => el('li', {}, i))) : null;
}

export function note(kind: 'note' | 'warn', ...children: Child[]): HTMLElement {
  return el('div', {class: kind}, ...children);
}

/** An https link from the server (never javascript: or data:), opened in a new tab. */
export function safeLink(href: string, text: string): HTMLElement {
  return /^https:\/\//i.test(href)
    ? el('a', {href, target: '_blank', rel: 'noopener noreferrer'}, text)
    : el('span', {}, text);
}

function renderView(view: ResultView, again: () => void): HTMLElement {
  const heading = el(
    'h2',
    {tabindex: '-1', id: 'result-heading'},
    view.heading,
  );
  const button = el(
    'button',
    {type: 'button', class: 'primary', id: 'start-another'},
    view.again ?? 'Start another',
  );
  button.addEventListener('click', again);
  return el(
    'section',
    {class: 'result', id: 'result', 'aria-labelledby': 'result-heading'},
    heading,
    view.facts?.length
      ? el(
          'dl',
          {class: 'facts'},
          ...view.facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
        )
      : null,
    view.message ? el('p', {class: 'message'}, view.message) : null,
    view.nextSteps?.length ? el('h3', {}, 'Next steps') : null,
    list(view.nextSteps ?? []),
    view.whatNext?.length ? el('h3', {}, 'What happens next') : null,
    list(view.whatNext ?? []),
    ...(view.links ?? []).map(l => el('p', {}, safeLink(l.href, l.text))),
    ...(view.extra ?? []),
    el('p', {}, button),
  );
}

/** Mount a form page in <main id="app">: load, build, drafts, submit, result. */
export function runPage<C>(spec: PageSpec<C>): void {
  const root = document.getElementById('app') ?? document.body;
  const summary = el('div', {
    id: 'error-summary',
    class: 'summary',
    'aria-live': 'polite',
    'aria-labelledby': 'error-summary-title',
    tabindex: '-1',
    hidden: true,
  });
  const content = el(
    'div',
    {id: 'content'},
    el('p', {class: 'loading'}, 'Loading the form…'),
  );
  replaceChildren(
    root,
    el('h1', {}, spec.title),
    ...(spec.intro ?? []),
    summary,
    content,
  );
  root.setAttribute('aria-busy', 'true');
  const kitForErrors = createKit(summary);

  async function start(): Promise<void> {
    const ctx = await spec.load();
    root.removeAttribute('aria-busy');
    if (!ctx.ok) {
      kitForErrors.showErrors(ctx.errors);
      const retry = el('button', {type: 'button', id: 'retry'}, 'Try again');
      retry.addEventListener('click', () => {
        kitForErrors.clearErrors();
        replaceChildren(
          content,
          el('p', {class: 'loading'}, 'Loading the form…'),
        );
        root.setAttribute('aria-busy', 'true');
        void start();
      });
      replaceChildren(content, el('p', {}, retry));
      summary.focus();
      return;
    }
    await mount(ctx.value, true);
  }

  async function mount(ctx: C, restore: boolean): Promise<void> {
    const kit = createKit(summary);
    kit.clearErrors();
    let submissionId = newSubmissionId();
    const statusEl = el('span', {
      class: 'status',
      id: 'submit-status',
      role: 'status',
    });
    const draftStatus = el('p', {class: 'draft-status', id: 'draft-status'});
    const page: Page = {
      submissionId: () => submissionId,
      showErrors: (errors, aliases) => kit.showErrors(errors, aliases),
      status: text => {
        statusEl.textContent = text;
      },
    };
    const setup = spec.setup(kit, ctx, page);
    const label =
      typeof spec.submitLabel === 'function'
        ? spec.submitLabel(ctx)
        : spec.submitLabel;
    const submit = el(
      'button',
      {type: 'submit', class: 'primary', id: 'submit'},
      label,
    );
    const form = el(
      'form',
      {id: 'form', novalidate: true},
      ...setup.body,
      el('div', {class: 'actions'}, submit, statusEl),
      draftStatus,
    );
    const notices = el('div', {id: 'notices'});
    replaceChildren(content, notices, form);
    const keeper = spec.draft
      ? drafts(
          spec.draft,
          () => ({...kit.snapshot(), submissionId}),
          draftStatus,
        )
      : null;
    kit.onInput(id => {
      setup.refresh?.();
      if (id !== '*') keeper?.schedule();
    });
    setup.refresh?.();

    if (keeper && restore) {
      const draft = await keeper.load();
      if (draft) {
        kit.restore(draft);
        if (isSubmissionId(draft.submissionId))
          submissionId = draft.submissionId;
        await setup.restored?.(draft);
        setup.refresh?.();
        const discard = el(
          'button',
          {type: 'button', id: 'discard-draft'},
          'Discard draft',
        );
        discard.addEventListener('click', async () => {
          await keeper.settle();
          await keeper.clear();
          await mount(ctx, false);
        });
        replaceChildren(
          notices,
          note(
            'note',
            el(
              'p',
              {},
              'Your unsent answers from earlier are back in the form.',
            ),
            el('p', {}, discard),
          ),
        );
      }
    }

    let busy = false;
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      if (busy) return;
      busy = true;
      submit.disabled = true;
      form.setAttribute('aria-busy', 'true');
      try {
        kit.clearErrors();
        const built = setup.payload();
        const data = {...built.data, submissionId};
        const found = mergeErrors(built.errors, setup.validate?.(data) ?? []);
        if (found.length) {
          kit.showErrors(found, built.aliases);
          statusEl.textContent =
            'Nothing was sent: please correct the answers listed above.';
          summary.focus();
          return;
        }
        statusEl.textContent = 'Sending…';
        await keeper?.settle();
        const result = await callResult<unknown>(spec.serverFn, data);
        if (!result.ok) {
          keeper?.resume();
          keeper?.schedule();
          kit.showErrors(result.errors, built.aliases);
          statusEl.textContent =
            'The tracker did not accept this yet: see the problems listed above.';
          summary.focus();
          return;
        }
        await keeper?.clear();
        statusEl.textContent = '';
        const view = setup.view(result.value);
        const panel = renderView(view, () => {
          kitForErrors.clearErrors();
          replaceChildren(
            content,
            el('p', {class: 'loading'}, 'Loading the form…'),
          );
          void start();
        });
        replaceChildren(content, panel);
        panel.querySelector<HTMLElement>('#result-heading')?.focus();
      } finally {
        busy = false;
        submit.disabled = false;
        form.removeAttribute('aria-busy');
      }
    });
  }

  void start();
}

/** Load several things at once; the first failure wins. */
export async function loadAll<
  T extends Record<string, Promise<Result<unknown>>>,
>(
  parts: T,
): Promise<
  Result<{[K in keyof T]: T[K] extends Promise<Result<infer V>> ? V : never}>
> {
  const keys = Object.keys(parts);
  const results = await Promise.all(keys.map(k => parts[k]));
  const errors = results.flatMap(r => (r.ok ? [] : r.errors));
  if (errors.length) return {ok: false, errors};
  return {
    ok: true,
    value: Object.fromEntries(
      keys.map((k, i) => [k, (results[i] as {ok: true; value: unknown}).value]),
    ) as {[K in keyof T]: T[K] extends Promise<Result<infer V>> ? V : never},
  };
}
