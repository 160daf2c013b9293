/**
 * What most forms load first: the caller and the profile (getFormContext),
 * the caller's cases (getMyCases), and one case in full (getCase) — and the
 * pick-lists made from them.
 */
import type {CaseDetail, CaseSummary, FormContext} from '../app/queries';
import {formatLongDate} from '../domain/calendar';
import type {Agency, Profile} from '../domain/profiles';
import type {Option} from './form-kit';
import {CASE_STATUS_LABELS, labelOf} from './labels';
import {callResult} from './server';
import type {Result} from './wire';

export type {CaseDetail, CaseSummary, FormContext};

export function loadContext(): Promise<Result<FormContext>> {
  return callResult<FormContext>('getFormContext');
}

export function loadCases(): Promise<Result<CaseSummary[]>> {
  return callResult<CaseSummary[]>('getMyCases');
}

export function loadCase(caseId: string): Promise<Result<CaseDetail>> {
  return callResult<CaseDetail>('getCase', {caseId});
}

/** 'JRAP-2026-0007 — A.B. (ref 12345), being assessed' */
export function caseLabel(c: CaseSummary): string {
  const who = [c.initials, c.childRef ? `ref ${c.childRef}` : '']
    .filter(Boolean)
    .join(', ');
  return `${c.caseId}${who ? ` — ${who}` : ''} (${labelOf(CASE_STATUS_LABELS, c.status)})`;
}

export function caseOptions(
  cases: CaseSummary[],
  statuses?: string[],
): Option[] {
  return cases
    .filter(c => !statuses || statuses.includes(c.status))
    .map(c => [c.caseId, caseLabel(c)]);
}

/** The agencies that take a share (an adviser does not). */
export function fundingOf(profile: Profile): Agency[] {
  return profile.agencies.filter(a => a.funding);
}

export function agencyOptions(
  profile: Profile,
  opts: {fundingOnly?: boolean; except?: string[]} = {},
): Option[] {
  const list = opts.fundingOnly ? fundingOf(profile) : profile.agencies;
  return list
    .filter(a => !(opts.except ?? []).includes(a.code))
    .map(a => [a.code, `${a.code} — ${a.name}`]);
}

export function agencyName(profile: Profile, code: string): string {
  return profile.agencies.find(a => a.code === code)?.name ?? code;
}

/** 'Tuesday 3 March 2026' for an ISO date; '' for none. */
export function longDate(iso: string | null | undefined): string {
  return iso ? formatLongDate(iso) : '';
}

/** The validation context the domain's validateX take. */
export function ruleContext(ctx: FormContext): {
  profile: Profile;
  today: string;
} {
  return {profile: ctx.profile, today: ctx.today};
}
