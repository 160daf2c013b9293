/**
 * Referral alert (part 1) → submitAlert. Order after the Kent JRAP alert:
 * the child, then consent and whether local options are exhausted (asked up
 * front: without them the referral cannot proceed), the referrer, the
 * agencies, needs, proposed provision, known cost, emergency.
 */
import type {AlertResult} from '../app/alerts';
import {ageOn, isIsoDate} from '../domain/calendar';
import {fundingAgencies, PROVISIONS} from '../domain/profiles';
import {validateAlert} from '../domain/validation';
import {agencyOptions, FormContext, loadContext, ruleContext} from './context';
import {childFields} from './child-fields';
import {el, replaceChildren} from './dom';
import {Field, runPage} from './form-kit';
import {PROVISION_LABELS} from './labels';
import {alertPayload} from './payloads';

runPage<FormContext>({
  title: 'Referral alert (part 1)',
  intro: [
    el(
      'p',
      {class: 'intro'},
      "The alert starts each agency's assessment. Give only what the panel needs: the child's reference and initials, never their name. Do not suggest a likely outcome before the assessments and the panel.",
    ),
  ],
  draft: 'alert',
  serverFn: 'submitAlert',
  submitLabel: 'Submit the alert',
  load: loadContext,
  setup(kit, ctx) {
    const p = ctx.profile;
    const joint = p.minFundingAgencies > 1;
    const ageNote = el('p', {class: 'note', id: 'consent-age', hidden: true});

    const child = kit.section(
      {id: 'child', legend: 'The child'},
      ...childFields(
        kit,
        'For example: section 20, care order, interim care order, child in need.',
      ),
      kit.checkbox({
        id: 'child.hasEhcp',
        label: 'The child has an education, health and care plan (EHCP)',
      }).wrap,
    );

    const consent = kit.section(
      {
        id: 'consent',
        legend: 'Consent',
        hint: 'The referral cannot proceed without consent: health cannot assess without it.',
      },
      kit.checkbox({
        id: 'consent.parentConsent',
        label: 'A parent or carer consents to the agencies assessing the child',
        required: p.requireParentConsent,
        hint: p.requireParentConsent
          ? 'Required for a child under 16.'
          : undefined,
      }).wrap,
      ageNote,
      kit.checkbox({
        id: 'consent.youngPersonConsent',
        label: 'The young person consents to the referral and the assessments',
      }).wrap,
      kit.select({
        id: 'consent.mentalCapacity',
        label: 'If the young person has not consented: mental capacity',
        hint: 'A young person of 16 or over must consent unless a mental capacity assessment found they lack capacity and a best-interest decision was made (D12).',
        placeholder: 'Not assessed',
        options: [
          ['hasCapacity', 'Assessed: has capacity'],
          [
            'lacksCapacity',
            'Assessed: lacks capacity (best-interest decision made)',
          ],
        ],
      }).wrap,
      kit.text({
        id: 'consent.bestInterestDecisionDate',
        label: 'Date of the best-interest decision',
        type: 'date',
        required: true,
      }).wrap,
    );

    const local = kit.section(
      {
        id: 'localOptions',
        legend: 'Local options',
        hint: 'An external placement is only agreed where flexible local packages have been exhausted, there are no appropriate local facilities, and the needs are so complex that specialist provision is required.',
      },
      kit.checkbox({
        id: 'localOptionsExhausted',
        label:
          'Flexible local packages have been exhausted and there are no appropriate local facilities',
        required: p.requireLocalOptionsExhausted,
      }).wrap,
      kit.textarea({
        id: 'localOptionsEvidence',
        label: 'Evidence that local options are exhausted',
        hint: 'What was tried or considered locally, and why it cannot meet the needs.',
        required: p.requireLocalOptionsExhausted,
      }).wrap,
    );

    const referrer = kit.section(
      {id: 'referrer', legend: 'About you (the referrer)'},
      kit.text({
        id: 'referrer.name',
        label: 'Your name',
        value: ctx.name !== ctx.user ? ctx.name : '',
        autocomplete: 'name',
      }).wrap,
      kit.text({
        id: 'referrer.email',
        label: 'Your email',
        type: 'email',
        value: ctx.user,
        hint: 'The alert is recorded as yours; an admin may submit one for a colleague.',
        autocomplete: 'email',
      }).wrap,
      kit.select({
        id: 'referrer.agency',
        label: 'Your agency',
        options: agencyOptions(p),
        placeholder: 'Choose your agency',
        value: ctx.agency || '',
      }).wrap,
      kit.text({
        id: 'referrer.role',
        label: 'Your role',
        hint: 'For example: social worker, SEN officer, health lead.',
        autocomplete: 'organization-title',
      }).wrap,
    );

    const assessHolder = el('div', {id: 'agenciesToAssess-holder'});
    let assessLead: string | null = null;
    let assessField: Field | null = null;
    const agencies = kit.section(
      {id: 'agencies', legend: 'Agencies'},
      kit.select({
        id: 'leadAgency',
        label: 'Lead agency',
        hint: 'The agency leading the referral; it presents the case at panel.',
        options: agencyOptions(p),
        placeholder: 'Choose the lead agency',
        value:
          ctx.agency || (p.agencies.length === 1 ? p.agencies[0].code : ''),
        required: true,
      }).wrap,
      assessHolder,
    );

    /** The checkboxes follow the lead agency (every other agency of the panel). */
    function renderAssess(lead: string): void {
      if (lead === assessLead) return;
      const kept = assessField ? (assessField.get() as string[]) : null;
      assessLead = lead;
      const options = agencyOptions(p, {except: [lead]});
      kit.drop(id => id === 'agenciesToAssess');
      if (options.length === 0) {
        assessField = null;
        replaceChildren(
          assessHolder,
          el(
            'p',
            {class: 'muted'},
            'No other agency is on this panel: nobody else is asked to assess.',
          ),
        );
        return;
      }
      const defaults = joint
        ? fundingAgencies(p)
            .map(a => a.code)
            .filter(c => c !== lead)
        : [];
      assessField = kit.checkboxes({
        id: 'agenciesToAssess',
        label: 'Agencies asked to assess',
        hint: 'The panel administrator shares the alert with them to start their assessments.',
        options,
        value: kept ? kept.filter(c => c !== lead) : defaults,
      });
      replaceChildren(assessHolder, assessField.wrap);
    }
    renderAssess(kit.values().text('leadAgency'));

    const needs = kit.section(
      {id: 'needs', legend: 'Needs and proposal'},
      kit.textarea({
        id: 'needsSummary',
        label: "Summary of the child's needs",
        hint: 'The holistic needs of the child and family, and why specialist provision may be needed.',
        required: true,
        rows: 6,
      }).wrap,
      kit.select({
        id: 'proposedProvision',
        label: 'Proposed provision',
        options: PROVISIONS.map(x => [x, PROVISION_LABELS[x]]),
        placeholder: 'Choose the provision',
        required: true,
      }).wrap,
      kit.text({
        id: 'knownWeeklyPence',
        label: 'Known weekly cost (£)',
        hint: 'If you already know the placement cost, give it here.',
        inputMode: 'decimal',
        prefix: '£',
      }).wrap,
    );

    const emergency = kit.section(
      {id: 'emergencySection', legend: 'Emergency'},
      kit.checkbox({
        id: 'emergency',
        label:
          'This is an emergency: the placement cannot wait for the next panel',
        hint: "Seek guidance from your agency's joint funding representative first. An emergency placement goes to the next panel for endorsement.",
      }).wrap,
    );

    return {
      body: [child, consent, local, referrer, agencies, needs, emergency],
      refresh() {
        const v = kit.values();
        renderAssess(v.text('leadAgency'));
        const dob = v.text('child.dateOfBirth');
        const age =
          isIsoDate(dob) && dob <= ctx.today ? ageOn(dob, ctx.today) : null;
        const over16 = age !== null && age >= 16;
        ageNote.hidden = !over16;
        ageNote.textContent = over16
          ? `The young person is ${age} today, so they must consent themselves, unless they lack capacity (D12).`
          : '';
        kit.show('consent.youngPersonConsent', over16);
        kit.show('consent.mentalCapacity', over16);
        kit.show(
          'consent.bestInterestDecisionDate',
          over16 &&
            kit.values().text('consent.mentalCapacity') === 'lacksCapacity',
        );
      },
      payload: () => alertPayload(kit.values()),
      validate(data) {
        const r = validateAlert(data, ruleContext(ctx));
        return r.ok ? [] : r.errors;
      },
      view(value) {
        const r = value as AlertResult;
        return {
          heading: 'Referral alert received',
          facts: [
            ['Case ID', r.caseId],
            [
              'Agencies asked to assess',
              r.agenciesToAssess.join(', ') || 'None',
            ],
          ],
          message: r.message,
          nextSteps: r.nextSteps,
          whatNext: [
            `Keep the case ID ${r.caseId}: the referral (part 2) is made for it.`,
            ...(p.healthAssessmentDays
              ? [
                  `The ${p.healthAgency} assessment is due within ${p.healthAssessmentDays} days of the alert being shared; everyone is told if it is late (D5).`,
                ]
              : []),
            'Costs agreed later are backdated to the day the alert is shared, or to the placement start if that is earlier (F7).',
            'Do not share a likely outcome with the family before the panel has decided.',
          ],
          again: 'Start another alert',
        };
      },
    };
  },
});
