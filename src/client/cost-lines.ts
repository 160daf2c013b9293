/**
 * The cost line editor (referral, change form, decision): repeatable lines
 * — kind, description, weekly cost in £, weeks per year, dates, the reason
 * and step-down date of an additional cost (F5), and one share in % per
 * funding agency — with each agency's weekly and annual pence shown per line
 * and in total as the person types (F3, F4), the default formula when no
 * share is typed (F6), the high-cost flag (F11) and the F1 minimum. The
 * figures come from cost-model.ts, i.e. from the domain.
 */
import {formatBasisPoints, formatPence} from '../domain/money';
import {fundingAgencies, Profile} from '../domain/profiles';
import {COST_KINDS} from '../domain/records';
import {
  CostRowRaw,
  emptyRow,
  LineFigures,
  liveFigures,
  LiveFigures,
  readCostRows,
  WEEK_OPTIONS,
} from './cost-model';
import {Child, el, replaceChildren} from './dom';
import {Kit, repeatable, Repeat} from './form-kit';
import {COST_KIND_LABELS} from './labels';
import {FieldValue} from './values';
import {errorText} from './wire';

export interface CostEditorOptions {
  id?: string;
  legend: string;
  hint?: string;
  profile: Profile;
  /** Lines that must stay (1 on a referral). */
  min?: number;
}

export interface CostEditor {
  element: HTMLElement;
  repeat: Repeat;
  /** Recompute shown parts and figures (call on every input). */
  refresh(): LiveFigures;
  fill(rows: CostRowRaw[]): void;
}

function rowMap(row: CostRowRaw): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {
    kind: row.kind,
    description: row.description,
    weeklyPence: row.weekly,
    weeksPerYear: row.weeks,
    startDate: row.startDate,
    endDate: row.endDate,
    reason: row.reason,
    stepDownDate: row.stepDownDate,
  };
  for (const [a, s] of Object.entries(row.shares)) out[`sharesBp.${a}`] = s;
  return out;
}

function agencyTable(
  caption: string,
  agencies: string[],
  weekly: Record<string, number>,
  annual: Record<string, number>,
  shares?: Record<string, number>,
  total?: {weekly: number; annual: number},
): HTMLElement {
  const head = ['Agency', ...(shares ? ['Share'] : []), 'Weekly', 'Annual'];
  return el(
    'table',
    {class: 'money-table'},
    el('caption', {}, caption),
    el(
      'thead',
      {},
      el('tr', {}, ...head.map(h => el('th', {scope: 'col'}, h))),
    ),
    el(
      'tbody',
      {},
      ...agencies.map(a =>
        el(
          'tr',
          {},
          el('th', {scope: 'row'}, a),
          shares ? el('td', {}, formatBasisPoints(shares[a] ?? 0)) : null,
          el('td', {}, formatPence(weekly[a] ?? 0)),
          el('td', {}, formatPence(annual[a] ?? 0)),
        ),
      ),
      total
        ? el(
            'tr',
            {class: 'total'},
            el('th', {scope: 'row'}, 'Total'),
            shares ? el('td', {}, '100%') : null,
            el('td', {}, formatPence(total.weekly)),
            el('td', {}, formatPence(total.annual)),
          )
        : null,
    ),
  );
}

function lineView(
  f: LineFigures,
  n: number,
  agencies: string[],
  formulaText: string,
): Child[] {
  if (f.state === 'incomplete') {
    return [
      el(
        'p',
        {class: 'muted'},
        `Type the weekly cost to see what each agency pays for line ${n}.`,
      ),
    ];
  }
  if (f.state === 'invalid') {
    return [
      el(
        'div',
        {class: 'warn'},
        el('p', {}, `Line ${n} cannot be split yet:`),
        el('ul', {}, ...f.problems.map(p => el('li', {}, errorText(p)))),
      ),
    ];
  }
  return [
    el(
      'p',
      {},
      `${formatPence(f.weeklyPence)} a week × ${f.weeksPerYear} weeks = ${formatPence(f.annualPence)} a year.`,
    ),
    agencyTable(
      `Line ${n} by agency`,
      agencies,
      f.agencyWeeklyPence,
      f.agencyAnnualPence,
      f.sharesBp,
      {
        weekly: f.weeklyPence,
        annual: f.annualPence,
      },
    ),
    f.formulaApplied
      ? el(
          'p',
          {class: 'note'},
          `Default formula in force: ${formulaText} (F6).`,
        )
      : null,
  ];
}

export function costLinesEditor(kit: Kit, o: CostEditorOptions): CostEditor {
  const id = o.id ?? 'costLines';
  const profile = o.profile;
  const agencies = fundingAgencies(profile);
  const codes = agencies.map(a => a.code);
  const formula = profile.defaultFormula
    .map(([a, bp]) => `${a} ${formatBasisPoints(bp)}`)
    .join(', ');
  const figureBoxes = new Map<number, HTMLElement>();

  const repeat = repeatable(kit, {
    id,
    legend: o.legend,
    hint: o.hint,
    item: 'Cost line',
    addLabel: 'Add a cost line',
    min: o.min ?? 0,
    row: (p, i) => {
      const d = emptyRow(profile);
      const weeks = profile.allowCustomWeeks
        ? kit.text({
            id: `${p}.weeksPerYear`,
            label: 'Weeks per year',
            hint: 'From 1 to 52 on this panel.',
            type: 'number',
            min: '1',
            max: '52',
            inputMode: 'numeric',
            value: d.weeks,
            required: true,
          })
        : kit.select({
            id: `${p}.weeksPerYear`,
            label: 'Weeks per year',
            hint: 'How the provider calculated it: education is usually paid over 38 or 39 weeks, care over 52.',
            options: WEEK_OPTIONS.map(w => [w, `${w} weeks`]),
            value: d.weeks,
            required: true,
          });
      const shares = el(
        'fieldset',
        {class: 'shares'},
        el('legend', {}, 'Share of this line for each agency'),
        el(
          'p',
          {class: 'hint'},
          `Percentages adding up to 100. Leave them all blank to apply the default formula (${formula}) until the agencies agree a split.`,
        ),
        ...agencies.map(
          a =>
            kit.text({
              id: `${p}.sharesBp.${a.code}`,
              label: `${a.code} share (%) — ${a.name}`,
              inputMode: 'decimal',
              suffix: '%',
            }).wrap,
        ),
      );
      kit.group(`${p}.sharesBp`, shares);
      const box = el('div', {class: 'figures', id: `${p}.figures`});
      figureBoxes.set(i, box);
      return [
        kit.select({
          id: `${p}.kind`,
          label: 'Kind of cost',
          options: COST_KINDS.map(k => [k, COST_KIND_LABELS[k] ?? k]),
          value: d.kind,
          required: true,
        }).wrap,
        kit.text({
          id: `${p}.description`,
          label: 'Description',
          hint: 'For example: school fees, residential care, 1:1 support.',
        }).wrap,
        kit.text({
          id: `${p}.weeklyPence`,
          label: 'Weekly cost (£)',
          inputMode: 'decimal',
          prefix: '£',
          required: true,
        }).wrap,
        weeks.wrap,
        kit.text({id: `${p}.startDate`, label: 'Start date', type: 'date'})
          .wrap,
        kit.text({
          id: `${p}.endDate`,
          label: 'End date',
          hint: 'Needed for an additional cost: how long it is paid for.',
          type: 'date',
        }).wrap,
        kit.textarea({
          id: `${p}.reason`,
          label: 'Why the additional cost is essential',
          hint: 'Its purpose, how its impact will be monitored against clear outcomes, and why it is time-limited.',
          required: true,
          rows: 3,
        }).wrap,
        kit.text({
          id: `${p}.stepDownDate`,
          label: 'Step-down date',
          hint: 'When the additional cost starts to reduce.',
          type: 'date',
          required: true,
        }).wrap,
        shares,
        box,
      ];
    },
  });

  const totalsBox = el('div', {
    class: 'totals',
    id: `${id}-totals`,
    'aria-labelledby': `${id}-totals-title`,
  });
  const element = el('div', {class: 'cost-editor'}, repeat.element, totalsBox);

  function refresh(): LiveFigures {
    const v = kit.values();
    for (let i = 0; i < repeat.count(); i++) {
      const additional = v.text(`${id}.${i}.kind`) === 'additional';
      kit.show(`${id}.${i}.reason`, additional);
      kit.show(`${id}.${i}.stepDownDate`, additional);
    }
    const rows = readCostRows(kit.values(), id, profile);
    const live = liveFigures(rows, profile, id);
    live.lines.forEach((f, i) => {
      const box = figureBoxes.get(i);
      if (box) replaceChildren(box, ...lineView(f, i + 1, codes, formula));
    });
    const incomplete = live.lines
      .map((l, i) => (l.state === 'ok' ? 0 : i + 1))
      .filter(n => n > 0);
    const threshold = live.highCostWeeklyPence;
    replaceChildren(
      totalsBox,
      el('h3', {id: `${id}-totals-title`}, 'Totals'),
      rows.length === 0
        ? el('p', {class: 'muted'}, 'No cost lines.')
        : agencyTable(
            'All lines by agency',
            codes,
            live.totals.agencyWeeklyPence,
            live.totals.agencyAnnualPence,
            undefined,
            {weekly: live.totals.weeklyPence, annual: live.totals.annualPence},
          ),
      incomplete.length && rows.length
        ? el(
            'p',
            {class: 'muted'},
            `Line${incomplete.length > 1 ? 's' : ''} ${incomplete.join(', ')} ${incomplete.length > 1 ? 'are' : 'is'} not complete and not in these totals.`,
          )
        : null,
      live.formulaLines.length
        ? el(
            'p',
            {class: 'note', id: `${id}-formula`},
            `Default formula in force: ${formula} (F6)` +
              (live.formulaLines.length < rows.length
                ? ` — on line${live.formulaLines.length > 1 ? 's' : ''} ${live.formulaLines.join(', ')}.`
                : '.') +
              ' It applies until the agencies agree a split.',
          )
        : null,
      threshold === null
        ? null
        : live.highCost
          ? el(
              'p',
              {class: 'warn', id: `${id}-high-cost`},
              `High cost: the weekly total of ${formatPence(live.totals.weeklyPence)} is above this panel's threshold of ${formatPence(threshold)} (F11). The case will be flagged as high cost.`,
            )
          : el(
              'p',
              {class: 'muted'},
              `High-cost threshold: ${formatPence(threshold)} a week (F11).`,
            ),
      ...live.fundingProblems.map(p => el('p', {class: 'warn'}, errorText(p))),
    );
    return live;
  }

  return {
    element,
    repeat,
    refresh,
    fill: rows => repeat.fill(rows.map(rowMap)),
  };
}
