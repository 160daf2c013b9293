/**
 * Each form's answers → the JSON its server function takes (SPEC §3), read
 * through Values so no DOM is needed. Money and percentages are converted
 * here (pence, basis points); what cannot be read ('12,5' as pounds) is an
 * error naming its field and rule. Blank answers are left out, as the server
 * treats them. The domain's validateX runs on exactly this data, on the
 * client and again on the server.
 */
import {fundingAgencies, Profile} from '../domain/profiles';
import type {FieldError} from '../domain/result';
import {
  costLineInputs,
  moneyField,
  percentField,
  readCostRows,
} from './cost-model';
import type {Aliases} from './paths';
import {given, Values} from './values';
import {compact} from './wire';

export interface Built {
  data: Record<string, unknown>;
  /** Problems found reading the answers (before validation). */
  errors: FieldError[];
  /** Payload paths → element ids where the order differs from the page. */
  aliases?: Aliases;
}

function built(
  data: Record<string, unknown>,
  errors: FieldError[] = [],
  aliases?: Aliases,
): Built {
  return {data: compact(data), errors, aliases};
}

/** A yes / no / not-said radio group → true, false or left out. */
export function yesNo(v: Values, id: string): boolean | undefined {
  const t = v.text(id);
  return t === 'yes' ? true : t === 'no' ? false : undefined;
}

function costLinesOf(v: Values, group: string, profile: Profile) {
  return costLineInputs(readCostRows(v, group, profile), group);
}

// ---------------------------------------------------------------------------

export function alertPayload(v: Values): Built {
  const cost = moneyField(
    v.text('knownWeeklyPence'),
    'knownWeeklyPence',
    'F4',
    'The known weekly cost',
  );
  return built(
    {
      child: {
        childRef: given(v.text('child.childRef')),
        initials: given(v.text('child.initials')),
        dateOfBirth: given(v.text('child.dateOfBirth')),
        legalStatus: given(v.text('child.legalStatus')),
        hasEhcp: v.bool('child.hasEhcp'),
      },
      consent: {
        parentConsent: v.bool('consent.parentConsent'),
        youngPersonConsent: v.has('consent.youngPersonConsent')
          ? v.bool('consent.youngPersonConsent')
          : undefined,
        mentalCapacity: given(v.text('consent.mentalCapacity')),
        bestInterestDecisionDate: given(
          v.text('consent.bestInterestDecisionDate'),
        ),
      },
      localOptionsExhausted: v.bool('localOptionsExhausted'),
      localOptionsEvidence: given(v.text('localOptionsEvidence')),
      referrer: {
        name: given(v.text('referrer.name')),
        email: given(v.text('referrer.email')),
        agency: given(v.text('referrer.agency')),
        role: given(v.text('referrer.role')),
      },
      leadAgency: given(v.text('leadAgency')),
      agenciesToAssess: v.has('agenciesToAssess')
        ? v.list('agenciesToAssess')
        : undefined,
      needsSummary: given(v.text('needsSummary')),
      proposedProvision: given(v.text('proposedProvision')),
      knownWeeklyPence: cost.pence,
      emergency: v.bool('emergency'),
    },
    cost.error ? [cost.error] : [],
  );
}

// ---------------------------------------------------------------------------

export function referralPayload(
  v: Values,
  profile: Profile,
  opts: {expectedVersion?: number} = {},
): Built {
  const lines = costLinesOf(v, 'costLines', profile);
  const options = [];
  for (let i = 0; i < v.count('optionsConsidered'); i++) {
    const p = `optionsConsidered.${i}`;
    options.push({
      description: given(v.text(`${p}.description`)),
      recommended: v.bool(`${p}.recommended`),
      rationale: given(v.text(`${p}.rationale`)),
    });
  }
  const evidence: Record<string, string> = {};
  for (const a of profile.agencies) {
    const link = given(v.text(`evidenceLinks.${a.code}`));
    if (link) evidence[a.code] = link;
  }
  const inPrinciple: Record<string, boolean> = {};
  for (const a of fundingAgencies(profile)) {
    const id = `inPrincipleAgreement.${a.code}`;
    if (v.has(id)) inPrinciple[a.code] = v.bool(id);
  }
  const emergency = v.bool('emergency');
  const chairName = given(v.text('chairApproval.name'));
  return built(
    {
      caseId: given(v.text('caseId')),
      expectedVersion: opts.expectedVersion,
      managementApproval: {
        name: given(v.text('managementApproval.name')),
        email: given(v.text('managementApproval.email')),
        date: given(v.text('managementApproval.date')),
      },
      leadOfficer: given(v.text('leadOfficer')),
      evidenceLinks: Object.keys(evidence).length ? evidence : undefined,
      inPrincipleAgreement: Object.keys(inPrinciple).length
        ? inPrinciple
        : undefined,
      placement: {
        provider: given(v.text('placement.provider')),
        setting: given(v.text('placement.setting')),
        ofstedUrn: given(v.text('placement.ofstedUrn')),
        ofstedRegistered: v.bool('placement.ofstedRegistered'),
        cqcRequired: v.bool('placement.cqcRequired'),
        cqcRegistered: v.has('placement.cqcRegistered')
          ? v.bool('placement.cqcRegistered')
          : undefined,
        visited: v.bool('placement.visited'),
        termsAccepted: v.bool('placement.termsAccepted'),
        startDate: given(v.text('placement.startDate')),
        endDate: given(v.text('placement.endDate')),
      },
      optionsConsidered: options.length ? options : undefined,
      costLines: lines.lines,
      paymentArrangement: given(v.text('paymentArrangement')),
      rechargeFrequency: v.has('rechargeFrequency')
        ? given(v.text('rechargeFrequency'))
        : undefined,
      requestedPanelDate: given(v.text('requestedPanelDate')),
      emergency,
      chairApproval:
        emergency && chairName
          ? {
              name: chairName,
              date: given(v.text('chairApproval.date')),
            }
          : undefined,
    },
    lines.errors,
  );
}

// ---------------------------------------------------------------------------

export function changePayload(
  v: Values,
  profile: Profile,
  opts: {expectedVersion?: number} = {},
): Built {
  const withLines = v.count('costLines') > 0;
  const lines = withLines
    ? costLinesOf(v, 'costLines', profile)
    : {lines: undefined, errors: []};
  const endorsements: Record<string, string> = {};
  for (const a of fundingAgencies(profile)) {
    const date = given(v.text(`endorsements.${a.code}`));
    if (date) endorsements[a.code] = date;
  }
  return built(
    {
      caseId: given(v.text('caseId')),
      expectedVersion: opts.expectedVersion,
      changeType: given(v.text('changeType')),
      reason: given(v.text('reason')),
      withdrawingAgency: v.has('withdrawingAgency')
        ? given(v.text('withdrawingAgency'))
        : undefined,
      noticeDate: v.has('noticeDate') ? given(v.text('noticeDate')) : undefined,
      effectiveDate: given(v.text('effectiveDate')),
      costLines: lines.lines,
      endorsements: Object.keys(endorsements).length ? endorsements : undefined,
    },
    lines.errors,
  );
}

// ---------------------------------------------------------------------------

/**
 * `agencies`: the agencies with a "notified" row on the page (every other
 * funding agency). Only ticked rows are sent; their position in the list
 * sent differs from the page, hence the aliases.
 */
export function emergencyPayload(v: Values, agencies: string[]): Built {
  const errors: FieldError[] = [];
  const aliases: Aliases = {};
  const notified: Array<{agency: string; date?: string}> = [];
  for (const agency of agencies) {
    const p = `notifiedAgencies.${agency}`;
    if (!v.bool(`${p}.notified`)) continue;
    const date = given(v.text(`${p}.date`));
    if (!date) {
      errors.push({
        field: `${p}.date`,
        rule: 'D8',
        message: `Give the date ${agency} was notified.`,
      });
    }
    aliases[`notifiedAgencies.${notified.length}`] = p;
    notified.push({agency, date});
  }
  const existing = v.text('childKnown') !== 'new';
  return built(
    {
      caseId: existing ? given(v.text('caseId')) : undefined,
      child: existing
        ? undefined
        : {
            childRef: given(v.text('child.childRef')),
            initials: given(v.text('child.initials')),
            dateOfBirth: given(v.text('child.dateOfBirth')),
            legalStatus: given(v.text('child.legalStatus')),
          },
      leadAgency: existing ? undefined : given(v.text('leadAgency')),
      proposedProvision: existing
        ? undefined
        : given(v.text('proposedProvision')),
      placementStartDate: given(v.text('placementStartDate')),
      provider: given(v.text('provider')),
      approvedBy: given(v.text('approvedBy')),
      notifiedAgencies: notified,
    },
    errors,
    aliases,
  );
}

// ---------------------------------------------------------------------------

export function assessmentPayload(
  v: Values,
  opts: {expectedVersion?: number} = {},
): Built {
  const share = percentField(
    v.text('inPrincipleShareBp'),
    'inPrincipleShareBp',
    'F12',
    'The in-principle share',
  );
  return built(
    {
      caseId: given(v.text('caseId')),
      expectedVersion: opts.expectedVersion,
      agency: given(v.text('agency')),
      status: given(v.text('status')),
      completedDate: v.has('completedDate')
        ? given(v.text('completedDate'))
        : undefined,
      dueDate: given(v.text('dueDate')),
      supportsPlacement: yesNo(v, 'supportsPlacement'),
      inPrincipleAgreed: yesNo(v, 'inPrincipleAgreed'),
      inPrincipleShareBp: v.has('inPrincipleShareBp') ? share.bp : undefined,
      declineReason: v.has('declineReason')
        ? given(v.text('declineReason'))
        : undefined,
    },
    share.error && v.has('inPrincipleShareBp') ? [share.error] : [],
  );
}

// ---------------------------------------------------------------------------

export function decisionPayload(v: Values, profile: Profile): Built {
  const withLines = v.count('costLines') > 0;
  const lines = withLines
    ? costLinesOf(v, 'costLines', profile)
    : {lines: undefined, errors: []};
  const actions = [];
  for (let i = 0; i < v.count('actions'); i++) {
    const p = `actions.${i}`;
    actions.push({
      description: given(v.text(`${p}.description`)),
      ownerEmail: given(v.text(`${p}.ownerEmail`)),
      dueDate: given(v.text(`${p}.dueDate`)),
    });
  }
  const attendees: Record<string, string> = {};
  for (const a of profile.agencies) {
    const who = given(v.text(`attendees.${a.code}`));
    if (who) attendees[a.code] = who;
  }
  return built(
    {
      caseId: given(v.text('caseId')),
      panelDate: given(v.text('panelDate')),
      changeId: given(v.text('changeId')),
      attendees: Object.keys(attendees).length ? attendees : undefined,
      outcome: given(v.text('outcome')),
      rationale: given(v.text('rationale')),
      conditions: v.has('conditions') ? given(v.text('conditions')) : undefined,
      disputingAgencies: v.has('disputingAgencies')
        ? v.list('disputingAgencies')
        : undefined,
      costLines: lines.lines,
      reviewDate: given(v.text('reviewDate')),
      approvalEndDate: given(v.text('approvalEndDate')),
      actions,
    },
    lines.errors,
  );
}
