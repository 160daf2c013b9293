/**
 * Referral (part 2) → submitReferral. Order after the Kent JRAP referral:
 * the case (its alert goes with it), management approval and lead officer,
 * each agency's assessment and in-principle agreement, the placement and
 * its checks, the options considered, the costs by agency, payment
 * arrangements, then the panel.
 */
import type {ReferralResult} from '../app/referral';
import {formatPence} from '../domain/money';
import {fundingAgencies, Provision} from '../domain/profiles';
import {validateReferral} from '../domain/validation';
import {
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
import {el, replaceChildren} from './dom';
import {loadAll, repeatable, runPage} from './form-kit';
import {
  ASSESSMENT_STATUS_LABELS,
  labelOf,
  PAYMENT_LABELS,
  PROVISION_LABELS,
  RECHARGE_LABELS,
} from './labels';
import {panelChoice} from './panel-choice';
import {referralPayload} from './payloads';

const STATUSES = ['alert', 'assessing', 'referred'];

runPage<{ctx: FormContext; cases: CaseSummary[]}>({
  title: 'Referral (part 2)',
  intro: [
    el(
      'p',
      {class: 'intro'},
      'Complete the referral once each agency has assessed, agreed its funding in principle, and a placement has been found. It must reach the panel administrator by the panel’s deadline.',
    ),
  ],
  draft: 'referral',
  serverFn: 'submitReferral',
  submitLabel: 'Submit the referral',
  load: () => loadAll({ctx: loadContext(), cases: loadCases()}),
  setup(kit, {ctx, cases}) {
    const p = ctx.profile;
    let detail: CaseDetail | null = null;
    let token = 0;
    const caseInfo = el('div', {id: 'caseId-info', 'aria-live': 'polite'});
    const assessmentInfo = el('div', {id: 'assessments-info'});

    const caseField = kit.select({
      id: 'caseId',
      label: 'Case',
      hint: 'Cases you raised an alert for. Its alert (part 1) goes with this referral.',
      placeholder: cases.length
        ? 'Choose the case'
        : 'You have no case waiting for a referral',
      options: caseOptions(cases, STATUSES),
      required: true,
    });
    caseField.wrap.appendChild(caseInfo);

    async function pickCase(caseId: string, prefill: boolean): Promise<void> {
      const mine = ++token;
      detail = null;
      replaceChildren(caseInfo);
      replaceChildren(assessmentInfo);
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
      const c = detail.case;
      replaceChildren(
        caseInfo,
        el(
          'p',
          {class: 'muted'},
          `Lead agency ${c.leadAgency}; proposed provision: ${c.proposedProvision ? PROVISION_LABELS[c.proposedProvision as Provision] : 'not given'}${c.emergency ? '; raised as an emergency' : ''}.`,
        ),
      );
      replaceChildren(
        assessmentInfo,
        detail.assessments.length
          ? el(
              'ul',
              {class: 'muted'},
              ...detail.assessments.map(a =>
                el(
                  'li',
                  {},
                  `${a.agency}: assessment ${labelOf(ASSESSMENT_STATUS_LABELS, a.status).toLowerCase()}${a.inPrincipleAgreed ? ', agreed in principle' : ''}.`,
                ),
              ),
            )
          : el(
              'p',
              {class: 'muted'},
              'No assessment is recorded for this case yet.',
            ),
      );
      if (prefill) {
        if (c.emergency) kit.fields.get('emergency')?.set(true);
        for (const a of detail.assessments) {
          if (a.inPrincipleAgreed)
            kit.fields.get(`inPrincipleAgreement.${a.agency}`)?.set(true);
        }
        kit.emit('*');
      }
    }
    caseField.focusEl.addEventListener(
      'change',
      () => void pickCase(caseField.get() as string, true),
    );

    const people = kit.section(
      {
        id: 'managementApproval',
        legend: 'Management approval',
        hint: 'Each referral needs management approval before it is submitted: the line manager checks the quality of the referral and its evidence.',
      },
      kit.text({
        id: 'managementApproval.name',
        label: 'Approving manager’s name',
        required: true,
      }).wrap,
      kit.text({
        id: 'managementApproval.email',
        label: 'Approving manager’s email',
        type: 'email',
      }).wrap,
      kit.text({
        id: 'managementApproval.date',
        label: 'Date approved',
        type: 'date',
        required: true,
      }).wrap,
      kit.text({
        id: 'leadOfficer',
        label: 'Lead officer',
        hint: 'Shows the liaison between the agencies; usually the person who raised the alert.',
        value: ctx.name !== ctx.user ? ctx.name : '',
      }).wrap,
    );

    const evidence = kit.section(
      {
        id: 'evidence',
        legend: 'Assessments and in-principle agreement',
        hint: 'Each relevant agency’s completed assessment, and each funding agency’s agreement in principle, must be in place before panel (F12).',
      },
      assessmentInfo,
      ...p.agencies.map(
        a =>
          kit.text({
            id: `evidenceLinks.${a.code}`,
            label: `Link to ${a.code}’s assessment`,
            hint: a.name,
            inputMode: 'url',
          }).wrap,
      ),
      ...fundingAgencies(p).map(
        a =>
          kit.checkbox({
            id: `inPrincipleAgreement.${a.code}`,
            label: `${a.code} has agreed in principle to fund its share`,
          }).wrap,
      ),
    );

    const placement = kit.section(
      {id: 'placement', legend: 'Placement and checks'},
      kit.text({id: 'placement.provider', label: 'Provider', required: true})
        .wrap,
      kit.text({
        id: 'placement.setting',
        label: 'Setting',
        hint: 'The home, school or service.',
      }).wrap,
      kit.text({
        id: 'placement.ofstedUrn',
        label: 'Ofsted URN',
        inputMode: 'numeric',
      }).wrap,
      kit.checkbox({
        id: 'placement.ofstedRegistered',
        label:
          'The setting is registered with Ofsted and its latest report has been checked',
        hint: 'Needed for residential, fostering, secure and respite placements.',
      }).wrap,
      kit.checkbox({
        id: 'placement.cqcRequired',
        label: 'The setting needs Care Quality Commission (CQC) registration',
      }).wrap,
      kit.checkbox({
        id: 'placement.cqcRegistered',
        label: 'The setting is registered with the CQC',
        required: true,
      }).wrap,
      kit.checkbox({
        id: 'placement.visited',
        label: 'The setting has been visited by the appropriate practitioner',
      }).wrap,
      kit.checkbox({
        id: 'placement.termsAccepted',
        label: 'The provider accepts the council’s terms and conditions',
        required: p.requireTermsAccepted,
      }).wrap,
      kit.text({
        id: 'placement.startDate',
        label: 'Placement start date',
        type: 'date',
      }).wrap,
      kit.text({
        id: 'placement.endDate',
        label: 'Placement end date',
        hint: 'The recommended duration of the placement.',
        type: 'date',
      }).wrap,
    );

    const options = repeatable(kit, {
      id: 'optionsConsidered',
      legend: 'Options considered',
      hint: 'Where more than one placement can meet the needs, the panel decides on the most efficient use of public money. Mark the option you recommend and say why.',
      item: 'Option',
      addLabel: 'Add an option',
      row: prefix => [
        kit.text({
          id: `${prefix}.description`,
          label: 'Option',
          hint: 'Provider and what it offers.',
          required: true,
        }).wrap,
        kit.choice({
          id: `${prefix}.recommended`,
          name: 'optionsConsidered-recommended',
          label: 'This is the recommended option',
        }).wrap,
        kit.textarea({
          id: `${prefix}.rationale`,
          label: 'Rationale',
          hint: 'For the recommended option: why it is preferred.',
          rows: 3,
        }).wrap,
      ],
    });

    const costs = costLinesEditor(kit, {
      legend: 'Costs by agency',
      hint: 'A breakdown of the costs each agency pays, core and additional, as a percentage and in pounds. Say how the provider calculated the weeks.',
      profile: p,
      min: 1,
    });

    const payment = kit.section(
      {id: 'payment', legend: 'Payment arrangements'},
      kit.radios({
        id: 'paymentArrangement',
        label: 'Who pays the provider',
        options: Object.entries(PAYMENT_LABELS),
        value: 'leadAgencyPaysAndRecharges',
        required: true,
      }).wrap,
      kit.radios({
        id: 'rechargeFrequency',
        label: 'Recharges between agencies',
        options: Object.entries(RECHARGE_LABELS),
        value: 'quarterly',
      }).wrap,
    );

    const panel = panelChoice(kit, ctx.panels);
    const panelSection = kit.section(
      {id: 'panel', legend: 'Panel'},
      panel.field.wrap,
      kit.checkbox({
        id: 'emergency',
        label: 'This is an emergency that cannot wait for a later panel',
      }).wrap,
      kit.text({
        id: 'chairApproval.name',
        label: 'Chair who approved it as an emergency',
        hint: 'A referral that misses the deadline keeps its panel only as an emergency approved by the chair (D3).',
      }).wrap,
      kit.text({
        id: 'chairApproval.date',
        label: 'Date the chair approved it',
        type: 'date',
      }).wrap,
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
        people,
        evidence,
        placement,
        options.element,
        costs.element,
        payment,
        panelSection,
      ],
      refresh() {
        const v = kit.values();
        kit.show('placement.cqcRegistered', v.bool('placement.cqcRequired'));
        kit.show(
          'rechargeFrequency',
          v.text('paymentArrangement') === 'leadAgencyPaysAndRecharges',
        );
        const emergency = v.bool('emergency');
        kit.show('chairApproval.name', emergency);
        kit.show('chairApproval.date', emergency);
        panel.refresh(emergency);
        costs.refresh();
      },
      restored: () => pickCase(caseField.get() as string, false),
      payload: () =>
        referralPayload(kit.values(), p, {expectedVersion: expectedVersion()}),
      validate(data) {
        const r = validateReferral(data, {
          ...ruleContext(ctx),
          provision: (detail?.case.proposedProvision ?? '') as Provision | '',
        });
        return r.ok ? [] : r.errors;
      },
      view(value) {
        const r = value as ReferralResult;
        return {
          heading: 'Referral received',
          facts: [
            ['Case ID', r.caseId],
            ['Booked for the panel on', longDate(r.panelDate)],
            r.reason
              ? ['Why not an earlier panel', r.reason]
              : ['Deadline it met', longDate(r.deadline)],
            ['Papers go out on', longDate(r.papersOut)],
            ['Weekly total', formatPence(r.weeklyTotalPence)],
            ['Annual total', formatPence(r.annualTotalPence)],
            ...(r.costStartDate
              ? ([
                  ['Costs start from (F7)', longDate(r.costStartDate)],
                ] as Array<[string, string]>)
              : []),
            ...(r.formulaInForce
              ? ([['Funding split', 'Default formula in force (F6)']] as Array<
                  [string, string]
                >)
              : []),
            ...(r.highCost
              ? ([['High cost (F11)', 'Yes']] as Array<[string, string]>)
              : []),
          ],
          message: r.message,
          nextSteps: r.nextSteps,
          whatNext: [
            'The panel administrator puts the case on the agenda once its papers are complete.',
            `The outcome note follows within ${p.outcomeNoteWorkingDays} working days of the panel (D6); share the decision with the family only after that.`,
            `Each agency signs the funding agreement within ${p.signatureDays} days of the panel (D7).`,
          ],
          again: 'Start another referral',
        };
      },
    };
  },
});
