/**
 * The tracker's records in domain units: ISO dates, integer pence, basis
 * points. A row read from a tab is an object keyed by the template's column
 * keys; empty text is '', an empty date or number is null, an empty
 * checkbox is false.
 */
import {IsoDate} from './calendar';
import {BasisPoints, Pence} from './money';
import {Provision} from './profiles';
import {endorsedColumn, shareColumn} from './template';

export type Scalar = string | number | boolean | null;
export type Row = Record<string, Scalar>;

export const CASE_STATUSES = [
  'alert',
  'assessing',
  'referred',
  'active',
  'notEndorsed',
  'escalated',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CaseRecord {
  caseId: string;
  status: CaseStatus;
  childRef: string;
  initials: string;
  dateOfBirth: IsoDate | null;
  legalStatus: string;
  hasEhcp: boolean;
  leadAgency: string;
  referrerEmail: string;
  referrerName: string;
  referrerAgency: string;
  referrerRole: string;
  agenciesToAssess: string;
  parentConsent: boolean;
  youngPersonConsent: boolean;
  mentalCapacity: '' | 'hasCapacity' | 'lacksCapacity';
  bestInterestDecisionDate: IsoDate | null;
  needsSummary: string;
  localOptionsExhausted: boolean;
  localOptionsEvidence: string;
  proposedProvision: Provision | '';
  knownWeeklyPence: Pence | null;
  emergency: boolean;
  emergencyApprovedBy: string;
  alertDate: IsoDate | null;
  alertSharedDate: IsoDate | null;
  costStartDate: IsoDate | null;
  referralDate: IsoDate | null;
  currentPanelDate: IsoDate | null;
  provider: string;
  placementStartDate: IsoDate | null;
  placementEndDate: IsoDate | null;
  paymentArrangement:
    '' | 'leadAgencyPaysAndRecharges' | 'eachAgencyPaysProvider';
  rechargeFrequency: '' | 'monthly' | 'quarterly' | 'termly';
  fundingVersion: number | null;
  weeklyTotalPence: Pence | null;
  highCost: boolean;
  formulaInForce: boolean;
  reviewDate: IsoDate | null;
  approvalEndDate: IsoDate | null;
  transitionFlag: boolean;
  folderId: string;
  closedDate: IsoDate | null;
  rowVersion: number | null;
  updatedAt: string | null;
}

export type AssessmentStatus =
  'requested' | 'inProgress' | 'completed' | 'declined';

export interface AssessmentRecord {
  caseId: string;
  agency: string;
  status: AssessmentStatus;
  requestedDate: IsoDate | null;
  dueDate: IsoDate | null;
  completedDate: IsoDate | null;
  supportsPlacement: boolean;
  inPrincipleAgreed: boolean;
  inPrincipleShareBp: BasisPoints | null;
  declineReason: string;
  updatedBy: string;
}

export interface ReferralRecord {
  caseId: string;
  submittedDate: IsoDate | null;
  submittedBy: string;
  managerName: string;
  managerEmail: string;
  approvalDate: IsoDate | null;
  leadOfficer: string;
  provider: string;
  setting: string;
  ofstedUrn: string;
  ofstedRegistered: boolean;
  cqcRequired: boolean;
  cqcRegistered: boolean;
  visited: boolean;
  termsAccepted: boolean;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  optionsConsidered: string;
  recommendedOption: string;
  rationale: string;
  paymentArrangement: string;
  rechargeFrequency: string;
  requestedPanelDate: IsoDate | null;
  bookedPanelDate: IsoDate | null;
  evidenceLinks: string;
  inPrincipleAgreements: string;
}

export const COST_KINDS = [
  'education',
  'care',
  'health',
  'additional',
] as const;
export type CostKind = (typeof COST_KINDS)[number];
export type CostLineStatus =
  'proposed' | 'endorsed' | 'superseded' | 'rejected';

export interface CostLine {
  lineId: string;
  caseId: string;
  version: number;
  status: CostLineStatus;
  kind: CostKind;
  description: string;
  weeklyPence: Pence;
  weeksPerYear: number;
  annualPence: Pence;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  effectiveDate: IsoDate | null;
  reason: string;
  stepDownDate: IsoDate | null;
  changeId: string;
  /** Agency code → share in basis points (columns share_<AGENCY>). */
  sharesBp: Record<string, BasisPoints>;
}

export type PanelStatus = 'scheduled' | 'cancelled' | 'held';

export interface PanelRecord {
  panelDate: IsoDate;
  startTime: string;
  submissionDeadline: IsoDate | null;
  papersOutDate: IsoDate | null;
  status: PanelStatus;
  chair: string;
  agendaBuiltAt: string | null;
}

export const AGENDA_KINDS = [
  'ratification',
  'new',
  'change',
  'review',
  'age17',
] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

export interface AgendaItem {
  panelDate: IsoDate;
  slot: number;
  slotStart: string;
  slotMinutes: number;
  caseId: string;
  kind: AgendaKind;
  notes: string;
}

export const OUTCOMES = [
  'endorsed',
  'endorsedWithConditions',
  'notEndorsed',
  'deferred',
  'escalated',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface DecisionRecord {
  decisionId: string;
  caseId: string;
  panelDate: IsoDate;
  changeId: string;
  outcome: Outcome;
  rationale: string;
  conditions: string;
  reviewDate: IsoDate | null;
  approvalEndDate: IsoDate | null;
  outcomeNoteDue: IsoDate | null;
  outcomeNoteIssued: IsoDate | null;
  signaturesDue: IsoDate | null;
  fundingVersion: number | null;
  attendees: string;
  pendingAgencies: string;
  responseDue: IsoDate | null;
  escalatedTo: string;
  pdfUrl: string;
  pdfFileId: string;
  noteVersion: number | null;
  decidedBy: string;
}

export interface ActionRecord {
  actionId: string;
  caseId: string;
  decisionId: string;
  description: string;
  ownerEmail: string;
  dueDate: IsoDate | null;
  doneDate: IsoDate | null;
}

export const CHANGE_TYPES = [
  'increase',
  'decrease',
  'additionalSupport',
  'removeSupport',
  'agencyWithdrawal',
  'settingChangeSameProvider',
  'venueChange',
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];
export type ChangeStatus =
  'submitted' | 'endorsed' | 'notEndorsed' | 'withdrawn';

export interface ChangeRecord {
  changeId: string;
  caseId: string;
  changeType: ChangeType;
  reason: string;
  effectiveDate: IsoDate | null;
  noticeDate: IsoDate | null;
  withdrawingAgency: string;
  status: ChangeStatus;
  submittedBy: string;
  submittedDate: IsoDate | null;
  panelDate: IsoDate | null;
  panelEndorsedDate: IsoDate | null;
  fundingVersion: number | null;
  /** Agency code → date it endorsed the change (columns endorsed_<AGENCY>). */
  endorsements: Record<string, IsoDate>;
}

export interface SignatureRecord {
  caseId: string;
  version: number;
  agency: string;
  dueDate: IsoDate | null;
  signedBy: string;
  signedDate: IsoDate | null;
}

export interface NotificationRecord {
  caseId: string;
  agency: string;
  placementStartDate: IsoDate | null;
  dueDate: IsoDate | null;
  notifiedDate: IsoDate | null;
  approvedBy: string;
}

export interface ReminderLogRecord {
  key: string;
  caseId: string;
  kind: string;
  dueDate: IsoDate | null;
  recipient: string;
  status: 'sent' | 'deferred';
  sentAt: string | null;
  runId: string;
}

export const ROLES = [
  'admin',
  'chair',
  'member',
  'finance',
  'referrer',
] as const;
export type Role = (typeof ROLES)[number];

export interface MemberRecord {
  email: string;
  name: string;
  role: Role;
  agency: string;
  active: boolean;
}

export interface HolidayRecord {
  date: IsoDate;
  name: string;
  status: 'holiday' | 'notHoliday';
}

// ---------------------------------------------------------------------------
// Rows with per-agency columns
// ---------------------------------------------------------------------------

export function costLineFromRow(
  row: Row,
  agencies: readonly string[],
): CostLine {
  const sharesBp: Record<string, BasisPoints> = {};
  for (const a of agencies) {
    const v = row[shareColumn(a)];
    if (typeof v === 'number' && v !== 0) sharesBp[a] = v;
  }
  return {...(row as unknown as CostLine), sharesBp};
}

export function costLineToRow(
  line: CostLine,
  agencies: readonly string[],
): Row {
  const {sharesBp, ...rest} = line;
  const row: Row = {...(rest as unknown as Row)};
  for (const a of agencies) row[shareColumn(a)] = sharesBp[a] ?? 0;
  return row;
}

export function changeFromRow(
  row: Row,
  agencies: readonly string[],
): ChangeRecord {
  const endorsements: Record<string, IsoDate> = {};
  for (const a of agencies) {
    const v = row[endorsedColumn(a)];
    if (typeof v === 'string' && v) endorsements[a] = v;
  }
  return {...(row as unknown as ChangeRecord), endorsements};
}

export function changeToRow(
  change: ChangeRecord,
  agencies: readonly string[],
): Row {
  const {endorsements, ...rest} = change;
  const row: Row = {...(rest as unknown as Row)};
  for (const a of agencies) row[endorsedColumn(a)] = endorsements[a] ?? null;
  return row;
}

/** 'EDU, HEALTH' → ['EDU', 'HEALTH'] */
export function splitCodes(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map(s => s.trim().toUpperCase())
    .filter(Boolean);
}
