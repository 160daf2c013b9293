/**
 * Build agenda (admin or chair) → getPanelDates, then buildAgenda({panelDate}):
 * the agenda in slots (P1), the cases moved to the next panel because this
 * one is full, and those booked but not ready (F12).
 */
import type {AgendaResult} from '../app/build-agenda';
import type {PanelDateInfo} from '../app/queries';
import {formatLongDate} from '../domain/calendar';
import {longDate} from './context';
import {el} from './dom';
import {list, runPage} from './form-kit';
import {AGENDA_KIND_LABELS, labelOf} from './labels';
import {given} from './values';
import {callResult} from './server';

runPage<PanelDateInfo[]>({
  title: 'Build agenda',
  intro: [
    el(
      'p',
      {class: 'intro'},
      'Puts the cases with complete papers on a panel’s agenda, in slots: ratifications and emergencies first, then new referrals, changes, reviews and age-17 items. Building again replaces the agenda.',
    ),
  ],
  serverFn: 'buildAgenda',
  submitLabel: 'Build the agenda',
  load: () => callResult<PanelDateInfo[]>('getPanelDates', {count: 8}),
  setup(kit, dates) {
    return {
      body: [
        kit.select({
          id: 'panelDate',
          label: 'Panel',
          options: dates.map(d => [
            d.panelDate,
            `${d.label} — papers out ${formatLongDate(d.papersOutDate)}`,
          ]),
          placeholder: dates.length
            ? undefined
            : 'No panel dates are scheduled',
          value: dates[0]?.panelDate ?? '',
          required: true,
        }).wrap,
      ],
      payload: () => ({
        data: {panelDate: given(kit.values().text('panelDate'))},
        errors: [],
      }),
      validate: data =>
        data.panelDate
          ? []
          : [
              {
                field: 'panelDate',
                rule: 'D2',
                message: 'Choose the panel to build the agenda for.',
              },
            ],
      view(value) {
        const r = value as AgendaResult;
        const table = el(
          'div',
          {
            class: 'scroll',
            tabindex: '0',
            role: 'region',
            'aria-label': 'Agenda',
          },
          el(
            'table',
            {class: 'agenda', id: 'agenda-table'},
            el('caption', {}, `Agenda for ${longDate(r.panelDate)}`),
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ...['Slot', 'Time', 'Case', 'Kind', 'Notes'].map(h =>
                  el('th', {scope: 'col'}, h),
                ),
              ),
            ),
            el(
              'tbody',
              {},
              ...r.items.map(i =>
                el(
                  'tr',
                  {},
                  el('td', {}, String(i.slot)),
                  el('td', {}, i.slotStart),
                  el('th', {scope: 'row'}, i.caseId),
                  el('td', {}, labelOf(AGENDA_KIND_LABELS, i.kind)),
                  el('td', {}, i.notes),
                ),
              ),
            ),
          ),
        );
        return {
          heading: `Agenda built: ${r.items.length} case${r.items.length === 1 ? '' : 's'}`,
          facts: [
            ['Panel', longDate(r.panelDate)],
            ['Starts at', r.startTime],
            ['Papers go out on', longDate(r.papersOutDate)],
          ],
          message: r.message,
          extra: [
            r.items.length
              ? table
              : el('p', {}, 'No case is ready for this panel.'),
            r.overflow.length
              ? el('h3', {}, 'Moved to the next panel (this one is full)')
              : null,
            list(
              r.overflow.map(
                o =>
                  `${o.caseId} (${labelOf(AGENDA_KIND_LABELS, o.kind)}) → ${longDate(o.movedTo)}`,
              ),
            ),
            r.notReady.length ? el('h3', {}, 'Booked but not ready') : null,
            list(r.notReady.map(n => `${n.caseId}: ${n.reasons.join(' ')}`)),
          ],
          again: 'Build another agenda',
        };
      },
    };
  },
});
