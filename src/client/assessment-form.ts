/**
 * Assessment update (an agency's representative) → recordAssessment. Each
 * agency says what its own responsibility is: funding, resources, or
 * declining and not supporting the placement — with in-principle agreement
 * and its share before panel (F12); a late assessment gets a revised date
 * (D5).
 */
import type {AssessmentResult} from '../app/assessments';
import {validateAssessment} from '../domain/validation';
import {
  agencyOptions,
  CaseSummary,
  caseOptions,
  FormContext,
  loadCases,
  loadContext,
  ruleContext,
} from './context';
import {el} from './dom';
import {loadAll, runPage} from './form-kit';
import {ASSESSMENT_STATUS_LABELS} from './labels';
import {assessmentPayload} from './payloads';

const YES_NO: Array<[string, string]> = [
  ['yes', 'Yes'],
  ['no', 'No'],
  ['', 'Not decided yet'],
];

runPage<{ctx: FormContext; cases: CaseSummary[]}>({
  title: 'Assessment update',
  intro: [
    el(
      'p',
      {class: 'intro'},
      'For each agency’s representative: record your agency’s assessment and whether it will fund, provide resources, or decline. Do not state a likely panel outcome.',
    ),
  ],
  draft: 'assessment',
  serverFn: 'recordAssessment',
  submitLabel: 'Record the assessment',
  load: () => loadAll({ctx: loadContext(), cases: loadCases()}),
  setup(kit, {ctx, cases}) {
    const p = ctx.profile;
    const open = cases.filter(c => c.status !== 'closed');
    const body = [
      kit.select({
        id: 'caseId',
        label: 'Case',
        placeholder: open.length ? 'Choose the case' : 'No case is open to you',
        options: caseOptions(open),
        required: true,
      }).wrap,
      kit.select({
        id: 'agency',
        label: 'Your agency',
        options: agencyOptions(p),
        placeholder: 'Choose the agency',
        value: ctx.agency || '',
        required: true,
      }).wrap,
      kit.section(
        {id: 'assessment', legend: 'The assessment'},
        kit.radios({
          id: 'status',
          label: 'Status',
          options: Object.entries(ASSESSMENT_STATUS_LABELS),
          required: true,
        }).wrap,
        kit.text({id: 'completedDate', label: 'Date completed', type: 'date'})
          .wrap,
        kit.text({
          id: 'dueDate',
          label: 'Revised date for completion',
          hint: p.healthAssessmentDays
            ? `If the assessment will be late, give a reasonable revised date; the health assessment is due within ${p.healthAssessmentDays} days of the alert being shared (D5).`
            : 'If the assessment will be late, give a reasonable revised date.',
          type: 'date',
        }).wrap,
        kit.textarea({
          id: 'declineReason',
          label: 'Why your agency declines',
          hint: 'An agency that declines must say why (F12).',
          required: true,
        }).wrap,
      ),
      kit.section(
        {id: 'agreement', legend: 'Your agency’s view'},
        kit.radios({
          id: 'supportsPlacement',
          label: 'Does the assessment support the proposed placement?',
          options: YES_NO,
          value: '',
        }).wrap,
        kit.radios({
          id: 'inPrincipleAgreed',
          label: 'Does your agency agree in principle to fund its share?',
          hint: 'In-principle agreement from each funding agency must be in place before panel (F12).',
          options: YES_NO,
          value: '',
        }).wrap,
        kit.text({
          id: 'inPrincipleShareBp',
          label: 'Share agreed in principle (%)',
          hint: 'The percentage of the cost your agency agrees to fund, such as 33.33.',
          inputMode: 'decimal',
          suffix: '%',
        }).wrap,
      ),
    ];
    return {
      body,
      refresh() {
        const v = kit.values();
        const status = v.text('status');
        kit.show(
          'completedDate',
          status === 'completed' || status === 'declined',
        );
        kit.show('declineReason', status === 'declined');
        kit.show('inPrincipleShareBp', v.text('inPrincipleAgreed') === 'yes');
      },
      payload: () => {
        const v = kit.values();
        return assessmentPayload(v, {
          expectedVersion: open.find(c => c.caseId === v.text('caseId'))
            ?.rowVersion,
        });
      },
      validate(data) {
        const r = validateAssessment(data, ruleContext(ctx));
        return r.ok ? [] : r.errors;
      },
      view(value) {
        const r = value as AssessmentResult;
        return {
          heading: 'Assessment recorded',
          facts: [
            ['Case ID', r.caseId],
            ['Agency', r.agency],
            ['Status', ASSESSMENT_STATUS_LABELS[r.status] ?? r.status],
            ['Agreed in principle', r.inPrincipleAgreed ? 'Yes' : 'Not yet'],
          ],
          message: r.message,
          whatNext: [
            'Share the assessment with the referrer; it goes with the referral (part 2).',
            'The referral can go on a panel’s agenda once every funding agency has assessed and agreed in principle (F12).',
          ],
          again: 'Record another assessment',
        };
      },
    };
  },
});
