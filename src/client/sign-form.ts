/**
 * Sign the funding agreement for an agency → signFundingAgreement({caseId,
 * agency}); due within 7 days of the panel (D7).
 */
import {
  agencyOptions,
  CaseSummary,
  caseOptions,
  FormContext,
  loadCases,
  loadContext,
} from './context';
import {el} from './dom';
import {loadAll, runPage} from './form-kit';
import {given} from './values';

runPage<{ctx: FormContext; cases: CaseSummary[]}>({
  title: 'Sign the funding agreement',
  intro: [
    el(
      'p',
      {class: 'intro'},
      'Sign for your agency the funding agreed at panel. Each agency signs within 7 days of the panel (D7).',
    ),
  ],
  serverFn: 'signFundingAgreement',
  submitLabel: 'Sign the agreement',
  load: () => loadAll({ctx: loadContext(), cases: loadCases()}),
  setup(kit, {ctx, cases}) {
    const open = cases.filter(c => c.status !== 'closed');
    return {
      body: [
        kit.select({
          id: 'caseId',
          label: 'Case',
          placeholder: open.length
            ? 'Choose the case'
            : 'No case is open to you',
          options: caseOptions(open),
          required: true,
        }).wrap,
        kit.select({
          id: 'agency',
          label: 'Signing for',
          options: agencyOptions(ctx.profile, {fundingOnly: true}),
          placeholder: 'Choose the agency',
          value: ctx.agency || '',
          required: true,
        }).wrap,
      ],
      payload() {
        const v = kit.values();
        return {
          data: {
            caseId: given(v.text('caseId')),
            agency: given(v.text('agency')),
          },
          errors: [],
        };
      },
      validate: data => [
        ...(data.caseId
          ? []
          : [{field: 'caseId', rule: '§3', message: 'Choose the case.'}]),
        ...(data.agency
          ? []
          : [
              {
                field: 'agency',
                rule: '§3',
                message: 'Choose the agency you sign for.',
              },
            ]),
      ],
      view(value) {
        const r = (value ?? {}) as {message?: string};
        return {
          heading: 'Funding agreement signed',
          message: r.message,
          whatNext: [
            'Once every agency has signed, the referral, the outcome note and the funding agreement go to the referrer as one PDF.',
          ],
          again: 'Sign another',
        };
      },
    };
  },
});
