/**
 * Quarterly finance (F13): freeze a closed quarter → freezeQuarter({quarter:
 * '2026-27 Q1'}), so it is never recomputed; or rebuild the Quarterly tab now
 * → rebuildQuarterly().
 */
import {FormContext, loadContext, longDate} from './context';
import {el, replaceChildren} from './dom';
import {note, runPage} from './form-kit';
import {closedQuarters} from './quarters';
import {callResult} from './server';

runPage<FormContext>({
  title: 'Quarterly finance',
  intro: [
    el(
      'p',
      {class: 'intro'},
      'The Quarterly tab shows what each agency owes per placement in each financial quarter. Freeze a quarter once it is closed: it is then never recomputed.',
    ),
  ],
  serverFn: 'freezeQuarter',
  submitLabel: 'Freeze the quarter',
  load: loadContext,
  setup(kit, ctx, page) {
    const quarters = closedQuarters(ctx.today);
    const rebuildStatus = el('div', {id: 'rebuild-status', role: 'status'});
    const rebuild = el(
      'button',
      {type: 'button', id: 'rebuild'},
      'Rebuild now',
    );
    rebuild.addEventListener('click', async () => {
      rebuild.disabled = true;
      replaceChildren(
        rebuildStatus,
        el('p', {class: 'muted'}, 'Rebuilding the Quarterly tab…'),
      );
      const r = await callResult<{message?: string}>('rebuildQuarterly', {
        submissionId: page.submissionId(),
      });
      rebuild.disabled = false;
      if (r.ok) {
        replaceChildren(
          rebuildStatus,
          note('note', r.value?.message ?? 'The Quarterly tab was rebuilt.'),
        );
      } else {
        replaceChildren(rebuildStatus);
        page.showErrors(r.errors);
      }
    });
    return {
      body: [
        kit.select({
          id: 'quarter',
          label: 'Closed quarter',
          hint: 'UK financial quarters: Q1 April–June, Q2 July–September, Q3 October–December, Q4 January–March.',
          options: quarters.map(q => [
            q.label,
            `${q.label} (${longDate(q.start)} to ${longDate(q.end)})`,
          ]),
          value: quarters[0]?.label,
          required: true,
        }).wrap,
        el(
          'fieldset',
          {class: 'section'},
          el('legend', {}, 'Rebuild'),
          el(
            'p',
            {class: 'hint'},
            'Recompute the open quarters from the cost lines now, rather than waiting for the daily run. Frozen quarters are kept as they are.',
          ),
          rebuild,
          rebuildStatus,
        ),
      ],
      payload: () => ({
        data: {quarter: kit.values().text('quarter') || undefined},
        errors: [],
      }),
      validate: data =>
        typeof data.quarter === 'string' &&
        /^\d{4}-\d{2} Q[1-4]$/.test(data.quarter)
          ? []
          : [
              {
                field: 'quarter',
                rule: 'F13',
                message: "Choose a closed quarter such as '2026-27 Q1'.",
              },
            ],
      view(value) {
        const r = (value ?? {}) as {message?: string};
        return {
          heading: 'Quarter frozen',
          message: r.message,
          whatNext: [
            'Finance reads the frozen figures on the Quarterly tab; they are not recomputed when cost lines change later.',
          ],
          again: 'Back',
        };
      },
    };
  },
});
