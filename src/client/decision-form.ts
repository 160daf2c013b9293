/**
 * Panel decision (admin or chair, at panel) → recordDecision. Order of the
 * Kent outcome note: the case and panel, who attended for each agency
 * (quorum, D13), the decision and its rationale (P2), conditions or the
 * agencies in dispute, the funding agreed, the review date (D9) and the
 * approval period (D14), then the actions with owners and dates.
 */
import type {DecisionResult} from '../app/decisions';
import {addMonths, isIsoDate} from '../domain/calendar';
import {maxReviewMonths} from '../domain/deadlines';
import {Provision} from '../domain/profiles';
import {OUTCOMES} from '../domain/records';
import {validateDecision} from '../domain/validation';
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
import {Field, loadAll, note, repeatable, runPage} from './form-kit';
import {CHANGE_TYPE_LABELS, labelOf, OUTCOME_LABELS} from './labels';
import {decisionPayload} from './payloads';

runPage<{ctx: FormContext; cases: CaseSummary[]}>({
  title: 'Panel decision',
  intro: [
    el(
      'p',
      {class: 'intro'},
      'Record the panel’s decision on a case: it becomes the outcome note, with the funding agreed, the actions and the review date.',
    ),
  ],
  draft: 'decision',
  serverFn: 'recordDecision',
  submitLabel: 'Record the decision',
  load: () => loadAll({ctx: loadContext(), cases: loadCases()}),
  setup(kit, {ctx, cases}) {
    const p = ctx.profile;
    const open = cases.filter(c => c.status !== 'closed');
    let detail: CaseDetail | null = null;
    let token = 0;
    let linesFilledFor = '';
    const caseInfo = el('div', {id: 'caseId-info', 'aria-live': 'polite'});
    const reviewInfo = el('div', {id: 'reviewDate-info'});
    const changeHolder = el('div', {id: 'changeId-holder'});
    let changeField: Field | null = null;
    /** A restored draft's change, kept until the case's changes are read. */
    let wantedChange = '';

    const roleNote =
      ctx.roles.includes('admin') || ctx.roles.includes('chair')
        ? null
        : note(
            'warn',
            'Only admins and chairs on the Members tab record panel decisions; the tracker will refuse this for you (S5).',
          );

    const caseField = kit.select({
      id: 'caseId',
      label: 'Case',
      placeholder: open.length ? 'Choose the case' : 'No case is open to you',
      options: caseOptions(open),
      required: true,
    });
    caseField.wrap.appendChild(caseInfo);

    function renderChanges(): void {
      const kept =
        (changeField ? (changeField.get() as string) : '') || wantedChange;
      kit.drop(id => id === 'changeId');
      const submitted = (detail?.changes ?? []).filter(
        c => c.status === 'submitted',
      );
      changeField = kit.select({
        id: 'changeId',
        label: 'Change form decided',
        hint: 'Only when the panel decided a change form (part 4).',
        placeholder: submitted.length
          ? 'None: the referral or review itself'
          : 'No change form is waiting',
        options: submitted.map(c => [
          c.changeId,
          `${c.changeId} — ${labelOf(CHANGE_TYPE_LABELS, c.changeType)}${c.effectiveDate ? ` from ${longDate(c.effectiveDate)}` : ''}`,
        ]),
        value: kept,
      });
      replaceChildren(changeHolder, changeField.wrap);
    }
    renderChanges();

    const costs = costLinesEditor(kit, {
      legend: 'Final cost lines and shares',
      hint: 'As agreed at panel. They start from the lines on the case.',
      profile: p,
      min: 1,
    });

    function fillLines(): void {
      if (!detail || linesFilledFor === detail.caseId) return;
      linesFilledFor = detail.caseId;
      if (detail.currentLines.length) {
        costs.fill(detail.currentLines.map(l => rowFromLine(l, p)));
        kit.emit('*');
      }
    }

    async function pickCase(caseId: string, prefill: boolean): Promise<void> {
      const mine = ++token;
      detail = null;
      replaceChildren(caseInfo);
      if (!caseId) {
        renderChanges();
        return;
      }
      replaceChildren(caseInfo, el('p', {class: 'muted'}, 'Reading the case…'));
      const r = await loadCase(caseId);
      if (mine !== token) return;
      if (!r.ok) {
        replaceChildren(caseInfo);
        kit.showErrors(r.errors);
        return;
      }
      detail = r.value;
      const c = detail.case;
      replaceChildren(
        caseInfo,
        el(
          'p',
          {class: 'muted'},
          `Lead agency ${c.leadAgency}${c.currentPanelDate ? `; booked for the panel on ${longDate(c.currentPanelDate)}` : ''}${c.placementStartDate ? `; placement from ${longDate(c.placementStartDate)}` : ''}.`,
        ),
      );
      renderChanges();
      wantedChange = '';
      if (prefill) {
        const panel = kit.fields.get('panelDate');
        if (panel && !panel.get() && c.currentPanelDate)
          panel.set(c.currentPanelDate);
        linesFilledFor = '';
        if (kit.values().bool('recordLines')) fillLines();
      } else {
        linesFilledFor = caseId;
      }
      kit.emit('*');
    }
    caseField.focusEl.addEventListener(
      'change',
      () => void pickCase(caseField.get() as string, true),
    );

    const meeting = kit.section(
      {id: 'meeting', legend: 'The panel'},
      kit.text({
        id: 'panelDate',
        label: 'Panel date',
        hint: 'A decision is recorded at or after its panel.',
        type: 'date',
        value: ctx.today,
        required: true,
      }).wrap,
      changeHolder,
    );

    const attendance = kit.section(
      {
        id: 'attendees',
        legend: 'Who attended for each agency',
        hint: 'Names or emails, separated by commas. The panel is quorate with at least one member from each agency; a decision affecting an absent agency waits for its response (D13).',
      },
      ...p.agencies.map(
        a =>
          kit.text({
            id: `attendees.${a.code}`,
            label: `Attending for ${a.code}`,
            hint: a.name,
          }).wrap,
      ),
    );

    const decision = kit.section(
      {id: 'decision', legend: 'The decision'},
      kit.radios({
        id: 'outcome',
        label: 'Outcome',
        options: OUTCOMES.map(o => [o, OUTCOME_LABELS[o] ?? o]),
        required: true,
      }).wrap,
      kit.textarea({
        id: 'rationale',
        label: 'Rationale',
        hint: 'Why the panel decided this, including any decision not to endorse.',
        required: true,
      }).wrap,
      kit.textarea({
        id: 'conditions',
        label: 'Conditions',
        required: true,
        rows: 3,
      }).wrap,
      kit.checkboxes({
        id: 'disputingAgencies',
        label: 'Agencies in dispute',
        hint: 'The case is escalated to their escalation contacts (P2).',
        options: agencyOptions(p, {fundingOnly: true}),
      }).wrap,
    );

    const funding = kit.section(
      {id: 'funding', legend: 'Funding'},
      kit.checkbox({
        id: 'recordLines',
        label: 'Record the final cost lines and shares agreed at panel',
        hint: 'Leave this unticked to keep the cost lines the case already has.',
      }).wrap,
      costs.element,
    );

    const review = kit.section(
      {id: 'review', legend: 'Review and approval period'},
      kit.text({
        id: 'reviewDate',
        label: 'Review date',
        hint: 'Required on every endorsement (D9).',
        type: 'date',
      }).wrap,
      reviewInfo,
      kit.text({
        id: 'approvalEndDate',
        label: 'Approval ends on',
        hint: 'An approval is for a period: a new application is needed before it ends (D14).',
        type: 'date',
      }).wrap,
    );

    const actions = repeatable(kit, {
      id: 'actions',
      legend: 'Actions',
      hint: 'Each with a named person responsible and a date.',
      item: 'Action',
      addLabel: 'Add an action',
      row: prefix => [
        kit.textarea({
          id: `${prefix}.description`,
          label: 'What is to be done',
          required: true,
          rows: 2,
        }).wrap,
        kit.text({
          id: `${prefix}.ownerEmail`,
          label: 'Owner’s email',
          type: 'email',
          required: true,
        }).wrap,
        kit.text({
          id: `${prefix}.dueDate`,
          label: 'Due date',
          type: 'date',
          required: true,
        }).wrap,
      ],
    });

    function isFirstEndorsement(): boolean {
      return !(detail?.decisions ?? []).some(
        d =>
          (d.outcome === 'endorsed' ||
            d.outcome === 'endorsedWithConditions') &&
          !d.changeId,
      );
    }

    return {
      body: [
        roleNote,
        caseField.wrap,
        meeting,
        attendance,
        decision,
        funding,
        review,
        actions.element,
      ],
      refresh() {
        const v = kit.values();
        const outcome = v.text('outcome');
        const endorsed =
          outcome === 'endorsed' || outcome === 'endorsedWithConditions';
        kit.show('conditions', outcome === 'endorsedWithConditions');
        kit.show('disputingAgencies', outcome === 'escalated');
        const withLines = v.bool('recordLines');
        kit.show(costs.element, withLines);
        if (withLines) fillLines();
        costs.refresh();
        const reviewLabel = kit.fields
          .get('reviewDate')
          ?.wrap.querySelector('label');
        if (reviewLabel) {
          replaceChildren(
            reviewLabel,
            'Review date',
            endorsed ? el('span', {class: 'req'}, ' (required)') : null,
          );
        }
        const provision = (detail?.case.proposedProvision ?? '') as
          Provision | '';
        const months = maxReviewMonths(p, provision);
        const panelDate = v.text('panelDate');
        const base =
          isFirstEndorsement() && detail?.case.placementStartDate
            ? detail.case.placementStartDate
            : panelDate;
        replaceChildren(
          reviewInfo,
          months && isIsoDate(base)
            ? el(
                'p',
                {class: 'muted'},
                `At most ${months} months after ${base === panelDate ? 'this panel' : 'the placement start'}: by ${longDate(addMonths(base, months))} at the latest (D9).`,
              )
            : null,
        );
      },
      restored: draft => {
        const c = draft.fields.changeId;
        wantedChange = typeof c === 'string' ? c : '';
        return pickCase(caseField.get() as string, false);
      },
      payload: () => decisionPayload(kit.values(), p),
      validate(data) {
        const r = validateDecision(data, {
          ...ruleContext(ctx),
          provision: (detail?.case.proposedProvision ?? '') as Provision | '',
          placementStartDate: detail?.case.placementStartDate ?? null,
          isFirstEndorsement: isFirstEndorsement(),
        });
        return r.ok ? [] : r.errors;
      },
      view(value) {
        const r = value as DecisionResult;
        const facts: Array<[string, string]> = [
          ['Decision ID', r.decisionId],
          ['Case ID', r.caseId],
          ['Outcome', labelOf(OUTCOME_LABELS, r.outcome)],
        ];
        if (r.reviewDate) facts.push(['Review date', longDate(r.reviewDate)]);
        facts.push(['Outcome note due (D6)', longDate(r.outcomeNoteDue)]);
        if (r.signaturesDue)
          facts.push([
            'Funding agreement signed by (D7)',
            longDate(r.signaturesDue),
          ]);
        if (r.pendingAgencies.length)
          facts.push([
            'Waiting for absent agencies (D13)',
            `${r.pendingAgencies.join(', ')}${r.responseDue ? ` by ${longDate(r.responseDue)}` : ''}`,
          ]);
        if (!r.quorate) facts.push(['Quorate', 'No']);
        if (r.nextPanelDate)
          facts.push(['Next panel', longDate(r.nextPanelDate)]);
        return {
          heading: 'Decision recorded',
          facts,
          message: r.message,
          whatNext: [
            'The outcome note goes to the referrer, the assessing agencies and the panel members.',
            'The referrer shares the decision with the family and others involved.',
          ],
          again: 'Record another decision',
        };
      },
    };
  },
});
