/**
 * Change form (part 4) → submitChange. Order after the Kent JRAP change
 * form: the placement, the change and its reason, notice for an agency
 * ceasing its contribution (F8), the date it takes effect, the funding
 * arrangement afterwards (percentage and pounds), each agency's
 * endorsement (F9). A change of venue is offered so that choosing it says
 * plainly that a new alert is needed (F10).
 */
import type {ChangeResult} from '../app/changes';
import {addMonths, isIsoDate} from '../domain/calendar';
import {checkNotVenueChange, fundingTotals} from '../domain/funding';
import {formatPence} from '../domain/money';
import {fundingAgencies} from '../domain/profiles';
import {CHANGE_TYPES} from '../domain/records';
import {validateChange} from '../domain/validation';
import {
  agencyOptions,
  CaseDetail,
  CaseSummary,
  caseOptions,
  FormContext,
  loadCase,
  loadCases,
  loadContext,
  longDate,
  ruleContext,
} from './context';
import {costLinesEditor} from './cost-lines';
import {rowFromLine} from './cost-model';
import {el, replaceChildren} from './dom';
import {loadAll, note, runPage} from './form-kit';
import {CHANGE_TYPE_LABELS} from './labels';
import {changePayload} from './payloads';
import {call} from './server';
import {errorText} from './wire';

runPage<{ctx: FormContext; cases: CaseSummary[]}>({
  title: 'Change form (part 4)',
  intro: [
    el(
      'p',
      {class: 'intro'},
      'For a change of cost to an endorsed placement: more or fewer weeks, support added or removed, a change of setting with the same provider, or an agency ceasing its contribution. The change goes to panel for endorsement.',
    ),
  ],
  draft: 'change',
  serverFn: 'submitChange',
  submitLabel: 'Submit the change',
  load: () => loadAll({ctx: loadContext(), cases: loadCases()}),
  setup(kit, {ctx, cases}) {
    const p = ctx.profile;
    let detail: CaseDetail | null = null;
    let token = 0;
    const caseInfo = el('div', {id: 'caseId-info', 'aria-live': 'polite'});
    const venueBox = el('div', {id: 'changeType-venue', 'aria-live': 'polite'});
    const noticeInfo = el('div', {
      id: 'effectiveDate-info',
      'aria-live': 'polite',
    });
    const linesNote = el('div', {id: 'costLines-note'});

    const caseField = kit.select({
      id: 'caseId',
      label: 'Placement (case)',
      hint: 'Cases with an endorsed placement.',
      placeholder: 'Choose the case',
      options: caseOptions(cases, ['active']),
      required: true,
    });
    caseField.wrap.appendChild(caseInfo);

    const costs = costLinesEditor(kit, {
      legend: 'Cost lines after the change',
      hint: 'The funding arrangement after the change, in percentage and pounds. It starts from the lines in force now.',
      profile: p,
      min: 1,
    });

    async function pickCase(caseId: string, prefill: boolean): Promise<void> {
      const mine = ++token;
      detail = null;
      replaceChildren(caseInfo);
      if (!caseId) return;
      replaceChildren(caseInfo, el('p', {class: 'muted'}, 'Reading the case…'));
      const r = await loadCase(caseId);
      if (mine !== token) return;
      if (!r.ok) {
        replaceChildren(caseInfo);
        kit.showErrors(r.errors);
        return;
      }
      detail = r.value;
      const t = fundingTotals(detail.currentLines);
      replaceChildren(
        caseInfo,
        el(
          'p',
          {class: 'muted'},
          detail.currentLines.length
            ? `In force now: ${formatPence(t.weeklyPence)} a week, ${formatPence(t.annualPence)} a year, on ${detail.currentLines.length} cost line${detail.currentLines.length > 1 ? 's' : ''}.`
            : 'No cost lines are in force for this case.',
        ),
      );
      if (prefill && detail.currentLines.length) {
        costs.fill(detail.currentLines.map(l => rowFromLine(l, p)));
        kit.emit('*');
      }
    }
    caseField.focusEl.addEventListener(
      'change',
      () => void pickCase(caseField.get() as string, true),
    );

    const changeType = kit.radios({
      id: 'changeType',
      label: 'Type of change',
      options: CHANGE_TYPES.map(c => [c, CHANGE_TYPE_LABELS[c] ?? c]),
      required: true,
    });
    changeType.wrap.appendChild(venueBox);

    const openAlert = el(
      'button',
      {type: 'button', id: 'open-alert'},
      'Open the referral alert form',
    );
    openAlert.addEventListener('click', () => {
      call('openAlertForm').catch(() => {
        openAlert.disabled = true;
        openAlert.textContent =
          'Open it from the add-on menu: Referral alert (part 1)';
      });
    });

    const change = kit.section(
      {id: 'change', legend: 'The change'},
      changeType.wrap,
      kit.textarea({
        id: 'reason',
        label: 'Reason for the change',
        hint: 'What has changed in the assessed needs, and what the change means for the cost.',
        required: true,
      }).wrap,
    );

    const withdrawal = kit.section(
      {id: 'withdrawal', legend: 'Notice of withdrawal'},
      kit.select({
        id: 'withdrawingAgency',
        label: 'Agency ceasing its contribution',
        options: agencyOptions(p, {fundingOnly: true}),
        placeholder: 'Choose the agency',
        required: true,
      }).wrap,
      kit.text({
        id: 'noticeDate',
        label: 'Date notice was given',
        hint: p.noticeMonths
          ? `An agency gives ${p.noticeMonths} months’ notice before it stops contributing (F8).`
          : 'This panel sets no notice period.',
        type: 'date',
        required: p.noticeMonths !== null,
      }).wrap,
      kit.checkbox({
        id: 'giveLines',
        label: 'I will give the cost lines after the withdrawal',
        hint: 'Otherwise the tracker shares the withdrawing agency’s part among the others in proportion to their shares.',
      }).wrap,
    );

    const effective = kit.text({
      id: 'effectiveDate',
      label: 'Date the change takes effect',
      type: 'date',
      required: true,
    });
    effective.wrap.appendChild(noticeInfo);

    const endorsements = kit.section(
      {
        id: 'endorsements',
        legend: 'Endorsement by each agency',
        hint: 'The date each agency’s representative endorsed the change. It takes effect in finance only once every affected agency and the panel have endorsed it (F9).',
      },
      ...fundingAgencies(p).map(
        a =>
          kit.text({
            id: `endorsements.${a.code}`,
            label: `Date ${a.code} endorsed it`,
            hint: a.name,
            type: 'date',
          }).wrap,
      ),
    );

    const costsBlock = el(
      'div',
      {id: 'costLines-block'},
      linesNote,
      costs.element,
    );

    function expectedVersion(): number | undefined {
      const id = caseField.get() as string;
      return detail?.caseId === id
        ? detail.rowVersion
        : cases.find(c => c.caseId === id)?.rowVersion;
    }

    return {
      body: [
        caseField.wrap,
        change,
        withdrawal,
        effective.wrap,
        costsBlock,
        endorsements,
      ],
      refresh() {
        const v = kit.values();
        const type = v.text('changeType');
        const venue = checkNotVenueChange(type);
        replaceChildren(
          venueBox,
          venue.length
            ? note(
                'warn',
                el('p', {}, errorText(venue[0])),
                el('p', {}, openAlert),
              )
            : null,
        );
        const isWithdrawal = type === 'agencyWithdrawal';
        kit.show(withdrawal, isWithdrawal);
        const ownLines = !isWithdrawal || kit.values().bool('giveLines');
        kit.show(costs.element, ownLines);
        replaceChildren(
          linesNote,
          isWithdrawal && !ownLines
            ? el(
                'p',
                {class: 'note'},
                'No new cost lines: the tracker shares the withdrawing agency’s part among the others in proportion to their shares.',
              )
            : null,
        );
        const notice = v.text('noticeDate');
        const eff = v.text('effectiveDate');
        if (isWithdrawal && p.noticeMonths && isIsoDate(notice)) {
          const earliest = addMonths(notice, p.noticeMonths);
          replaceChildren(
            noticeInfo,
            isIsoDate(eff) && eff < earliest
              ? note(
                  'warn',
                  `With notice given on ${longDate(notice)}, the change can take effect on ${longDate(earliest)} at the earliest (F8).`,
                )
              : el(
                  'p',
                  {class: 'muted'},
                  `Earliest date it can take effect: ${longDate(earliest)} (${p.noticeMonths} months after notice, F8).`,
                ),
          );
        } else {
          replaceChildren(noticeInfo);
        }
        costs.refresh();
      },
      restored: () => pickCase(caseField.get() as string, false),
      payload: () =>
        changePayload(kit.values(), p, {expectedVersion: expectedVersion()}),
      validate(data) {
        const r = validateChange(data, ruleContext(ctx));
        return r.ok ? [] : r.errors;
      },
      view(value) {
        const r = value as ChangeResult;
        return {
          heading: 'Change form received',
          facts: [
            ['Change ID', r.changeId],
            ['Case ID', r.caseId],
            ['Booked for the panel on', longDate(r.panelDate)],
            ['Agencies affected', r.affectedAgencies.join(', ') || 'None'],
            [
              'Still to endorse it',
              r.awaitingEndorsement.join(', ') || 'Nobody',
            ],
          ],
          message: r.message,
          whatNext: [
            'The panel administrator shares the change with the agencies; each affected agency’s representative endorses it.',
            'The panel then endorses it; only then does finance use the new costs (F9).',
            'The panel advises who tells the provider.',
          ],
          again: 'Start another change',
        };
      },
    };
  },
});
