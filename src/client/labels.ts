/** Readable names of the domain's codes, for selects, radios and results. */
import type {Provision} from '../domain/profiles';

export const PROVISION_LABELS: Record<Provision, string> = {
  residential: 'Residential placement',
  residentialSchool: 'Residential special school',
  residentialWithHealth:
    'Residential placement with health provision or therapy',
  residentialHealthEducationCare:
    'Residential placement with health, education and care provision',
  fostering: 'Fostering (independent or in-house)',
  supportPackage: 'Support package for the family (edge of care)',
  therapy: 'Specialist therapy or assessment',
  secure: 'Secure accommodation',
  respite: 'Respite care or short breaks',
  stayingPut: 'Staying put',
  careLeaverSupport: 'Care leaver support and accommodation',
};

export const COST_KIND_LABELS: Record<string, string> = {
  education: 'Education',
  care: 'Care',
  health: 'Health',
  additional: 'Additional cost (time-limited)',
};

export const CHANGE_TYPE_LABELS: Record<string, string> = {
  increase: 'Increase in funding (for example more weeks attending)',
  decrease: 'Decrease in funding',
  additionalSupport: 'Additional support',
  removeSupport: 'Support removed',
  agencyWithdrawal: 'An agency ceases its contribution',
  settingChangeSameProvider: 'Change of setting with the same provider',
  venueChange: 'Change of placement venue',
};

export const OUTCOME_LABELS: Record<string, string> = {
  endorsed: 'Endorsed',
  endorsedWithConditions: 'Endorsed with conditions',
  notEndorsed: 'Not endorsed',
  deferred: 'Deferred to the next panel',
  escalated: 'Escalated (agencies in dispute)',
};

export const ASSESSMENT_STATUS_LABELS: Record<string, string> = {
  requested: 'Requested (not started)',
  inProgress: 'In progress',
  completed: 'Completed',
  declined: 'Declined (not funding or supporting)',
};

export const CASE_STATUS_LABELS: Record<string, string> = {
  alert: 'alert raised',
  assessing: 'being assessed',
  referred: 'referred to panel',
  active: 'placement endorsed',
  notEndorsed: 'not endorsed',
  escalated: 'escalated',
  closed: 'closed',
};

export const AGENDA_KIND_LABELS: Record<string, string> = {
  ratification: 'Ratification (emergency)',
  new: 'New referral',
  change: 'Change',
  review: 'Review',
  age17: 'Age 17 (adult care assessment)',
};

export const PAYMENT_LABELS: Record<string, string> = {
  leadAgencyPaysAndRecharges:
    'The lead agency pays the provider and recharges the other agencies',
  eachAgencyPaysProvider: 'Each agency pays the provider its own share',
};

export const RECHARGE_LABELS: Record<string, string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  termly: 'Termly',
};

export function labelOf(map: Record<string, string>, code: string): string {
  return map[code] ?? code;
}
