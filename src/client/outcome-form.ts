/**
 * Generate the outcome note (admin or chair) → generateOutcomeNote({caseId,
 * panelDate}): parts 1–3 and the funding agreement as one PDF in the case's
 * folder, shared with the named recipients only (P3, S2).
 */
import {
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
  title: 'Outcome note',
  intro: [
    el(
      'p',
      {class: 'intro'},
      'Makes the outcome note of a panel decision: the referral (parts 1 and 2), the outcome note and the funding agreement in one PDF, shared only with the people named on the case.',
    ),
  ],
  serverFn: 'generateOutcomeNote',
  submitLabel: 'Make the outcome note',
  load: () => loadAll({ctx: loadContext(), cases: loadCases()}),
  setup(kit, {ctx, cases}) {
    const caseField = kit.select({
      id: 'caseId',
      label: 'Case',
      placeholder: cases.length ? 'Choose the case' : 'No case is open to you',
      options: caseOptions(cases),
      required: true,
    });
    const panelDate = kit.text({
      id: 'panelDate',
      label: 'Panel date',
      hint: `The panel whose decision the note records. It is due within ${ctx.profile.outcomeNoteWorkingDays} working days of the panel (D6).`,
      type: 'date',
      required: true,
    });
    caseField.focusEl.addEventListener('change', () => {
      const c = cases.find(x => x.caseId === caseField.get());
      if (c?.currentPanelDate) panelDate.set(c.currentPanelDate);
    });
    return {
      body: [caseField.wrap, panelDate.wrap],
      payload() {
        const v = kit.values();
        return {
          data: {
            caseId: given(v.text('caseId')),
            panelDate: given(v.text('panelDate')),
          },
          errors: [],
        };
      },
      validate: data => [
        ...(data.caseId
          ? []
          : [{field: 'caseId', rule: '§3', message: 'Choose the case.'}]),
        ...(data.panelDate
          ? []
          : [
              {field: 'panelDate', rule: '§3', message: 'Give the panel date.'},
            ]),
      ],
      view(value) {
        const r = (value ?? {}) as {message?: string; pdfUrl?: string};
        return {
          heading: 'Outcome note made',
          message: r.message,
          links: r.pdfUrl
            ? [{href: r.pdfUrl, text: 'Open the outcome note (PDF)'}]
            : [],
          whatNext: [
            'The referrer shares the decision with the family and others involved; the note is not formal minutes.',
          ],
          again: 'Make another',
        };
      },
    };
  },
});
