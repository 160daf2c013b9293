/**
 * Emergency placement notice → notifyEmergencyPlacement. A placement made in
 * an emergency between panels: the child (a case the panel has, or a child
 * new to it), when the placement began, who approved it, and when each
 * other agency was told — within 5 working days of the start (D8). The
 * placement then goes to the next panel for ratification.
 */
import type {EmergencyResult} from '../app/emergency';
import {isIsoDate} from '../domain/calendar';
import {fundingAgencies, PROVISIONS} from '../domain/profiles';
import {validateEmergency} from '../domain/validation';
import {
  agencyOptions,
  CaseSummary,
  caseOptions,
  FormContext,
  loadCases,
  loadContext,
  longDate,
  ruleContext,
} from './context';
import {childFields} from './child-fields';
import {el, replaceChildren} from './dom';
import {loadAll, runPage} from './form-kit';
import {PROVISION_LABELS} from './labels';
import {emergencyPayload} from './payloads';

runPage<{ctx: FormContext; cases: CaseSummary[]}>({
  title: 'Emergency placement notice',
  intro: [
    el(
      'p',
      {class: 'intro'},
      'For a placement that had to be made before the next panel. The approval lasts only until that panel, which ratifies it.',
    ),
  ],
  draft: 'emergency',
  serverFn: 'notifyEmergencyPlacement',
  submitLabel: 'Send the notice',
  load: () => loadAll({ctx: loadContext(), cases: loadCases()}),
  setup(kit, {ctx, cases}) {
    const p = ctx.profile;
    const open = cases.filter(c => c.status !== 'closed');
    const others = fundingAgencies(p).map(a => a.code);
    const d8 = el('p', {class: 'note', id: 'notifiedAgencies-deadline'});
    const none = el(
      'p',
      {class: 'muted', hidden: true},
      'No other agency funds placements on this panel: nobody else needs notifying.',
    );

    const who = kit.radios({
      id: 'childKnown',
      label: 'Is the child already known to the panel?',
      options: [
        ['existing', 'Yes: a case the panel already has'],
        ['new', 'No: a child new to the panel'],
      ],
      value: open.length ? 'existing' : 'new',
      required: true,
    });

    const existing = el(
      'div',
      {id: 'existing-case'},
      kit.select({
        id: 'caseId',
        label: 'Case',
        placeholder: open.length ? 'Choose the case' : 'You have no open case',
        options: caseOptions(open),
        required: true,
      }).wrap,
    );

    const fresh = el(
      'div',
      {id: 'new-child'},
      ...childFields(
        kit,
        'For example: section 20, police protection, emergency protection order.',
      ),
      kit.select({
        id: 'leadAgency',
        label: 'Lead agency',
        options: agencyOptions(p),
        placeholder: 'Choose the lead agency',
        value:
          ctx.agency || (p.agencies.length === 1 ? p.agencies[0].code : ''),
        required: true,
      }).wrap,
      kit.select({
        id: 'proposedProvision',
        label: 'Provision',
        options: PROVISIONS.map(x => [x, PROVISION_LABELS[x]]),
        placeholder: 'Choose the provision',
      }).wrap,
    );

    const child = kit.section(
      {id: 'childSection', legend: 'The child'},
      who.wrap,
      existing,
      fresh,
    );

    const placement = kit.section(
      {id: 'placementSection', legend: 'The placement'},
      kit.text({
        id: 'placementStartDate',
        label: 'Date the placement began',
        hint: 'An emergency notice is for a placement already made.',
        type: 'date',
        required: true,
      }).wrap,
      kit.text({id: 'provider', label: 'Provider'}).wrap,
      kit.text({
        id: 'approvedBy',
        label: 'Approved by',
        hint: 'The Head of Service, Assistant Director or panel chair who approved the emergency placement.',
        required: true,
      }).wrap,
    );

    const rows = others.map(a => {
      const box = kit.checkbox({
        id: `notifiedAgencies.${a}.notified`,
        label: `${a} has been notified`,
      });
      const date = kit.text({
        id: `notifiedAgencies.${a}.date`,
        label: `Date ${a} was notified`,
        type: 'date',
        required: true,
      });
      const row = el(
        'div',
        {
          class: 'row',
          id: `notifiedAgencies.${a}`,
          role: 'group',
          'aria-label': `Notification of ${a}`,
        },
        box.wrap,
        date.wrap,
      );
      kit.group(`notifiedAgencies.${a}`, row);
      return {agency: a, row};
    });

    const notified = kit.section(
      {
        id: 'notifiedAgencies',
        legend: 'Agencies notified',
        hint: 'The lead agency notifies each relevant agency, so that they can assess the child’s needs and the placement and agree the funding.',
      },
      d8,
      none,
      ...rows.map(r => r.row),
    );

    function lead(): string {
      const v = kit.values();
      if (v.text('childKnown') === 'new') return v.text('leadAgency');
      return open.find(c => c.caseId === v.text('caseId'))?.leadAgency ?? '';
    }

    function shownAgencies(): string[] {
      const l = lead();
      return others.filter(a => a !== l);
    }

    return {
      body: [child, placement, notified],
      refresh() {
        const v = kit.values();
        const isNew = v.text('childKnown') === 'new';
        kit.show(existing, !isNew);
        kit.show(fresh, isNew);
        const shown = shownAgencies();
        for (const r of rows) {
          kit.show(r.row, shown.includes(r.agency));
          kit.show(
            `notifiedAgencies.${r.agency}.date`,
            kit.values().bool(`notifiedAgencies.${r.agency}.notified`),
          );
        }
        none.hidden = shown.length > 0;
        const start = v.text('placementStartDate');
        replaceChildren(
          d8,
          isIsoDate(start)
            ? `Notify them within 5 working days of ${longDate(start)} (D8). The exact date, counting bank holidays, is shown once you send the notice.`
            : 'Notify them within 5 working days of the placement starting (D8).',
        );
      },
      payload: () => emergencyPayload(kit.values(), shownAgencies()),
      validate(data) {
        const r = validateEmergency(data, ruleContext(ctx));
        return r.ok ? [] : r.errors;
      },
      view(value) {
        const r = value as EmergencyResult;
        return {
          heading: 'Emergency placement recorded',
          facts: [
            ['Case ID', r.caseId],
            ['Ratification at the panel on', longDate(r.panelDate)],
            ['Agencies to be notified by (D8)', longDate(r.noticeDueDate)],
            ['Notified', r.notified.join(', ') || 'None yet'],
            ['Still to notify', r.stillToNotify.join(', ') || 'Nobody'],
            ...(r.notifiedLate.length
              ? ([
                  ['Notified after the deadline', r.notifiedLate.join(', ')],
                ] as Array<[string, string]>)
              : []),
          ],
          message: r.message,
          whatNext: [
            ...(r.stillToNotify.length
              ? [
                  `Notify ${r.stillToNotify.join(', ')} by ${longDate(r.noticeDueDate)}, then send this notice again with the dates.`,
                ]
              : []),
            'The placement is temporary until the panel ratifies it; it may be changed and given a review date there.',
            'Complete the referral (part 2) with the placement’s costs for the panel.',
          ],
          again: 'Send another notice',
        };
      },
    };
  },
});
