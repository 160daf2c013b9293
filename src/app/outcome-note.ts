/**
 * P3: the referral and outcome note. After a panel an admin (or the chair)
 * issues one PDF holding the cover, part 1 (referral alert), part 2
 * (referral), part 3 (outcome note) and the funding agreement, composed in
 * Google Docs from the templates of sheets-template/doc-templates.json,
 * saved in the case's Drive folder and shared with the case's named people
 * only (S2). D7: each funding agency's representative signs the funding
 * agreement version.
 *
 * Design (see also src/gas/documents.ts and src/gas/drive.ts):
 * - Templates: setupTracker creates them ONCE in a 'Panel Tracker' folder
 *   and records their IDs in _System (template:<key>); they are then the
 *   admins' to edit. One that cannot be opened when a note is made
 *   (deleted, or not shared with the caller) is re-created from the data,
 *   and the note says so; the old one is never overwritten.
 * - The case folder is created once, named by the case ID, its ID kept in
 *   Cases.folderId. Under drive.file it is visible only to the admin whose
 *   Drive holds it: another admin's call is refused with that explanation,
 *   unless they ask for a new folder in their own Drive (`newFolder: true`).
 * - Versions: PDFs are named '<case> referral and outcome note v<n>.pdf',
 *   n counting per case. Regenerating a decision's note renames the
 *   previous PDF '… v<n> (superseded by v<n+1>).pdf' and removes its
 *   sharing: it stays in the case folder for the record, and recipients
 *   see one current version.
 * - The composed Google Doc is a working copy: deleted once the PDF is
 *   made (the PDF is the record; the Doc can be rebuilt from the tracker,
 *   and a copy of a child's details should not linger in Trash).
 * - Recipients: the referrer, the representatives (members and chairs) of
 *   the case's agencies and the finance members, from the tracker; type
 *   'user', role 'reader'; the notification email carries only the case ID
 *   and version (S1). Never a folder share, never a link or domain share.
 */
import templatesJson from '../../sheets-template/doc-templates.json';
import {ageOn, formatLongDate, formatUkDate, IsoDate} from '../domain/calendar';
import {
  fundingAgenciesOf,
  fundingTotals,
  ResolvedLine,
  resolveStoredLines,
} from '../domain/funding';
import {formatBasisPoints, formatPence} from '../domain/money';
import {agencyCodes} from '../domain/profiles';
import {
  ActionRecord,
  AssessmentRecord,
  CaseRecord,
  DecisionRecord,
  MemberRecord,
  ReferralRecord,
  SignatureRecord,
  splitCodes,
} from '../domain/records';
import {fail, Result} from '../domain/result';
import {DocBlock, DocTable, DocValues, DriveFiles} from '../ports';
import {
  canSeeCase,
  Deps,
  Env,
  isAdminOrChair,
  londonNow,
  PlanBuilder,
  previousSubmission,
  readUseCase,
  refuse,
  requireRole,
  requireSignedIn,
  submissionIdOf,
  Tables,
  writeUseCase,
} from './kit';
import {caseLines} from './panels';

// ---------------------------------------------------------------------------
// The templates as data
// ---------------------------------------------------------------------------

export interface DocTemplate {
  key: string;
  name: string;
  blocks: DocBlock[];
}

export const DOC_TEMPLATES = templatesJson.templates as DocTemplate[];
const LABELS = templatesJson.labels as Record<string, Record<string, string>>;

/** _System keys: each template's Doc ID, the Drive folder, who the templates are shared with. */
export const templateKey = (key: string) => `template:${key}`;
export const DRIVE_FOLDER_KEY = 'folder:panelTracker';
export const TEMPLATES_SHARED_KEY = 'templates:sharedWith';

function systemValue(tables: Tables, key: string): string {
  return tables.system(key)?.value ?? '';
}

function putSystem(
  tables: Tables,
  plan: PlanBuilder,
  key: string,
  value: string,
): void {
  const hit = tables.system(key);
  if (hit) plan.update('_System', hit.rowNumber, {value});
  else plan.append('_System', {key, value});
}

/** The Drive folder of the templates (and the case folders): the stored one, or a new one. */
function panelFolder(
  tables: Tables,
  plan: PlanBuilder,
  drive: DriveFiles,
): string {
  const stored = systemValue(tables, DRIVE_FOLDER_KEY);
  if (stored) return stored;
  const id = drive.createFolder(String(templatesJson.folderName), null);
  putSystem(tables, plan, DRIVE_FOLDER_KEY, id);
  return id;
}

export interface TemplatesReport {
  created: string[];
  sharedWith: string[];
  message: string;
}

/**
 * The set-up step: create each Docs template that the tracker has no ID for
 * (never one it has: that Doc is the admins' to edit), and share the
 * templates with admins who cannot open them yet (writer, type 'user').
 * IDs go into the caller's plan; a Drive failure is reported, not thrown,
 * so the rest of the set-up still happens.
 */
export function ensureTemplates(
  deps: Deps,
  tables: Tables,
  plan: PlanBuilder,
  admins: string[],
): TemplatesReport {
  const report: TemplatesReport = {created: [], sharedWith: [], message: ''};
  const {documents, drive} = deps;
  if (!documents || !drive) return report;
  const ids = new Map(
    DOC_TEMPLATES.map(t => [t.key, systemValue(tables, templateKey(t.key))]),
  );
  const missing = DOC_TEMPLATES.filter(t => !ids.get(t.key));
  const shared = new Set(
    splitEmails(systemValue(tables, TEMPLATES_SHARED_KEY)),
  );
  try {
    if (missing.length) {
      const folder = panelFolder(tables, plan, drive);
      for (const t of missing) {
        const id = documents.create(t.name, folder, t.blocks);
        ids.set(t.key, id);
        putSystem(tables, plan, templateKey(t.key), id);
        report.created.push(t.name);
      }
      if (!shared.size && deps.user) shared.add(deps.user);
    }
    const toShare = admins.filter(a => a && !shared.has(a) && a !== deps.user);
    if (toShare.length) {
      for (const id of ids.values())
        if (id) drive.shareWith(id, toShare, 'writer', null);
      for (const a of toShare) shared.add(a);
      report.sharedWith = toShare;
    }
    if (report.created.length || report.sharedWith.length) {
      if (deps.user) shared.add(deps.user);
      putSystem(tables, plan, TEMPLATES_SHARED_KEY, [...shared].join(', '));
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    report.message = `The outcome note templates could not all be made or shared now (${why}). Generating a note re-creates any that are missing; an admin whose Drive holds the templates can run Set up again to share them.`;
    return report;
  }
  const parts: string[] = [];
  if (report.created.length)
    parts.push(
      `Created the outcome note templates in the '${String(templatesJson.folderName)}' Drive folder: ${report.created.join(', ')}. Edit their wording in Google Docs; the next note uses it.`,
    );
  if (report.sharedWith.length)
    parts.push(
      `Shared the templates with ${report.sharedWith.join(', ')} (can edit).`,
    );
  report.message = parts.join(' ');
  return report;
}

function splitEmails(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map(e => e.trim().toLowerCase())
    .filter(e => e.includes('@'));
}

// ---------------------------------------------------------------------------
// Display values: never a raw number or an ISO string in a document
// ---------------------------------------------------------------------------

const NOT_RECORDED = 'Not recorded';

function label(group: string, value: string): string {
  return LABELS[group]?.[value] ?? (value || NOT_RECORDED);
}

/** One line of text: a person's line breaks become spaces. */
function line(text: unknown): string {
  return String(text ?? '')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim();
}

function textOr(text: unknown, fallback = NOT_RECORDED): string {
  return line(text) || fallback;
}

function date(iso: IsoDate | null | undefined, fallback = NOT_RECORDED) {
  return iso ? formatUkDate(iso) : fallback;
}

const yesNo = (b: unknown) => (b === true ? 'Yes' : 'No');

interface Recipient {
  email: string;
  name: string;
  role: string;
}

/** S2: the case's named people — referrer, its agencies' representatives, finance. */
export function recipientsOf(
  c: CaseRecord,
  members: MemberRecord[],
  funders: string[],
): Recipient[] {
  const out: Recipient[] = [];
  const add = (email: string, name: string, role: string) => {
    const e = email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) return;
    const known = out.find(r => r.email === e);
    if (known) {
      if (!known.role.includes(role)) known.role += `; ${role}`;
    } else out.push({email: e, name: line(name) || e, role});
  };
  add(c.referrerEmail, c.referrerName, 'Referrer');
  const agencies = [
    ...new Set([c.leadAgency, ...splitCodes(c.agenciesToAssess), ...funders]),
  ].filter(Boolean);
  const active = members.filter(m => m.active !== false && m.email);
  for (const agency of agencies) {
    for (const m of active) {
      if (m.agency !== agency) continue;
      if (m.role === 'member') add(m.email, m.name, `${agency} representative`);
      if (m.role === 'chair') add(m.email, m.name, `Panel chair (${agency})`);
    }
  }
  for (const m of active)
    if (m.role === 'finance') add(m.email, m.name, 'Finance');
  return out;
}

interface NoteInput {
  env: Env;
  c: CaseRecord;
  referral: ReferralRecord | undefined;
  assessments: AssessmentRecord[];
  decision: DecisionRecord;
  actions: ActionRecord[];
  signatures: SignatureRecord[];
  fundingVersion: number | null;
  lines: ResolvedLine[];
  recipients: Recipient[];
  version: number;
}

/** Everything that fills the templates, as display text and tables. */
export function noteValues(n: NoteInput): DocValues {
  const {env, c, referral: r, decision: d} = n;
  const profile = env.profile;
  const nameOf = (email: string) => {
    const e = email.trim().toLowerCase();
    return env.members.find(m => m.email === e && m.name)?.name ?? e;
  };
  const agencyName = (code: string) => {
    const a = profile.agencies.find(x => x.code === code);
    return a ? `${a.name} (${code})` : code;
  };
  const agencyList = (codes: string[], fallback = 'None') =>
    codes.length ? codes.map(agencyName).join(', ') : fallback;
  const totals = fundingTotals(n.lines);
  const endorsed =
    d.outcome === 'endorsed' || d.outcome === 'endorsedWithConditions';
  const order = profile.agencies.map(a => a.code);
  const funders = order.filter(a => a in totals.agencyWeeklyPence);
  for (const a of Object.keys(totals.agencyWeeklyPence).sort())
    if (!funders.includes(a)) funders.push(a);
  const start = r?.startDate ?? c.placementStartDate;
  const end = r?.endDate ?? c.placementEndDate;
  const kind = (k: string) => label('costKind', k);

  const costRows = n.lines.map((l, i) => {
    const extra =
      l.kind === 'additional'
        ? ` (reason: ${textOr(l.reason)}; ends ${date(l.endDate, 'not set')}; steps down ${date(l.stepDownDate, 'not set')})`
        : '';
    return [
      String(i + 1),
      kind(l.kind),
      `${textOr(l.description, kind(l.kind))}${extra}`,
      formatPence(l.weeklyPence),
      String(l.weeksPerYear),
      formatPence(l.annualPence),
    ];
  });
  const splitRows: string[][] = [];
  n.lines.forEach((l, i) => {
    for (const a of funders) {
      const bp = l.sharesBp[a] ?? 0;
      if (!bp) continue;
      splitRows.push([
        `${i + 1} ${kind(l.kind)}`,
        a,
        formatBasisPoints(bp),
        formatPence(l.agencyWeeklyPence[a] ?? 0),
        formatPence(l.agencyAnnualPence[a] ?? 0),
      ]);
    }
  });
  const attendance = parseAttendees(d.attendees);
  const pending = splitCodes(d.pendingAgencies);
  const options = String(r?.optionsConsidered ?? '')
    .split(/\r?\n/)
    .map(o => o.trim())
    .filter(Boolean)
    .map(o => {
      const recommended = o.startsWith('[recommended]');
      return [
        line(o.replace('[recommended]', '')),
        recommended ? 'Recommended' : '',
      ];
    });
  const sigs = [...n.signatures].sort(
    (a, b) => rank(order, a.agency) - rank(order, b.agency),
  );
  const payer =
    c.paymentArrangement === 'eachAgencyPaysProvider'
      ? 'Each agency, for its own share'
      : c.leadAgency
        ? agencyName(c.leadAgency)
        : NOT_RECORDED;

  const text: Record<string, string> = {
    panelName: profile.panelName,
    council: profile.council,
    caseId: c.caseId,
    panelDate: date(d.panelDate),
    outcome: label('outcome', d.outcome),
    noteVersion: `Version ${n.version}`,
    issuedDate: date(env.today),
    issuedBy: nameOf(env.user),
    // Part 1
    childRef: textOr(c.childRef),
    initials: textOr(c.initials),
    dateOfBirth: date(c.dateOfBirth),
    ageAtPanel: c.dateOfBirth
      ? String(ageOn(c.dateOfBirth, d.panelDate))
      : NOT_RECORDED,
    legalStatus: textOr(c.legalStatus),
    hasEhcp: yesNo(c.hasEhcp),
    referrerName: textOr(c.referrerName),
    referrerRole: textOr(c.referrerRole),
    referrerAgency: c.referrerAgency
      ? agencyName(c.referrerAgency)
      : NOT_RECORDED,
    referrerEmail: textOr(c.referrerEmail),
    leadAgency: c.leadAgency ? agencyName(c.leadAgency) : NOT_RECORDED,
    agenciesToAssess: agencyList(splitCodes(c.agenciesToAssess)),
    alertDate: date(c.alertDate),
    alertSharedDate: date(c.alertSharedDate, 'not yet shared'),
    parentConsent: yesNo(c.parentConsent),
    youngPersonConsent: yesNo(c.youngPersonConsent),
    mentalCapacity: c.mentalCapacity
      ? label('mentalCapacity', c.mentalCapacity)
      : NOT_RECORDED,
    bestInterestDecisionDate: date(c.bestInterestDecisionDate, 'None'),
    needsSummary: textOr(c.needsSummary),
    localOptionsExhausted: yesNo(c.localOptionsExhausted),
    localOptionsEvidence: textOr(c.localOptionsEvidence),
    proposedProvision: c.proposedProvision
      ? label('provision', c.proposedProvision)
      : NOT_RECORDED,
    knownWeeklyCost:
      c.knownWeeklyPence !== null && c.knownWeeklyPence !== undefined
        ? formatPence(c.knownWeeklyPence)
        : 'Not known at the alert',
    emergency: c.emergency
      ? `Yes${c.emergencyApprovedBy ? `, approved by ${line(c.emergencyApprovedBy)}` : ''}`
      : 'No',
    // Part 2
    referralDate: date(r?.submittedDate ?? c.referralDate),
    submittedBy: !r
      ? NOT_RECORDED
      : r.submittedBy.toLowerCase() === c.referrerEmail.toLowerCase()
        ? textOr(c.referrerName, r.submittedBy)
        : nameOf(r.submittedBy),
    bookedPanelDate: date(r?.bookedPanelDate ?? d.panelDate),
    managerName: textOr(r?.managerName),
    approvalDate: date(r?.approvalDate),
    leadOfficer: textOr(r?.leadOfficer),
    provider: textOr(r?.provider || c.provider),
    setting: textOr(r?.setting),
    ofstedUrn: textOr(r?.ofstedUrn, 'None'),
    ofstedRegistered: yesNo(r?.ofstedRegistered),
    cqcRequired: yesNo(r?.cqcRequired),
    cqcRegistered: yesNo(r?.cqcRegistered),
    visited: yesNo(r?.visited),
    termsAccepted: yesNo(r?.termsAccepted),
    placementStartDate: date(start),
    placementEndDate: date(end, 'No end date set'),
    costStartDate: date(c.costStartDate),
    recommendedOption: textOr(r?.recommendedOption),
    recommendationRationale: line(r?.rationale),
    evidenceLinks:
      String(r?.evidenceLinks ?? '')
        .split(/\r?\n/)
        .map(line)
        .filter(Boolean)
        .join('; ') || 'None given',
    // Part 3
    reviewDate: date(d.reviewDate, endorsed ? NOT_RECORDED : 'None'),
    approvalEndDate: date(d.approvalEndDate, 'No end date set'),
    outcomeNoteDue: date(d.outcomeNoteDue),
    rationale: textOr(d.rationale),
    conditions: textOr(d.conditions, 'None'),
    fundingSummary: n.lines.length
      ? `${endorsed ? 'Agreed' : 'Proposed, not agreed'}: ${formatPence(totals.weeklyPence)} a week, ${formatPence(totals.annualPence)} a year, shared by ${agencyList(funders)}, as set out in the funding agreement.`
      : 'No funding was requested at this panel.',
    pendingAgencies: agencyList(pending),
    responseDue: date(d.responseDue, 'None'),
    pendingResponses: pending.length
      ? `${agencyList(pending)}: response due by ${date(d.responseDue)}`
      : 'None',
    escalatedTo: agencyList(splitCodes(d.escalatedTo)),
    decidedBy: d.decidedBy ? nameOf(d.decidedBy) : NOT_RECORDED,
    // Funding agreement
    fundingVersion: String(n.fundingVersion ?? c.fundingVersion ?? 1),
    fundingStatus: endorsed
      ? `agreed by the panel on ${date(d.panelDate)}.`
      : `proposed; not agreed by the panel (${label('outcome', d.outcome).toLowerCase()}).`,
    anticipatedLength: start
      ? end
        ? `From ${date(start)} to ${date(end)}`
        : `From ${date(start)}, no end date set`
      : 'Start date not recorded',
    weeklyTotal: formatPence(totals.weeklyPence),
    annualTotal: formatPence(totals.annualPence),
    formulaNote: c.formulaInForce
      ? 'The default funding formula applies until the agencies agree a split (F6).'
      : '',
    paymentArrangement: c.paymentArrangement
      ? label('paymentArrangement', c.paymentArrangement)
      : NOT_RECORDED,
    payer,
    rechargeFrequency:
      c.paymentArrangement === 'eachAgencyPaysProvider'
        ? 'None: each agency pays the provider'
        : c.rechargeFrequency
          ? label('rechargeFrequency', c.rechargeFrequency)
          : NOT_RECORDED,
    signaturesDue: date(d.signaturesDue, 'the due date'),
  };

  const header = (rows: string[][], head: string[], total?: string[]) => {
    const all = [head, ...rows, ...(total ? [total] : [])];
    return {
      rows: all,
      boldRows: total ? [0, all.length - 1] : [0],
    } satisfies DocTable;
  };
  const none = (cols: number, what: string) => [
    [what, ...Array<string>(cols - 1).fill('')],
  ];
  const tables: Record<string, DocTable> = {
    recipientsTable: header(
      n.recipients.map(p => [p.name, p.role, p.email]),
      ['Name', 'Role', 'Email'],
    ),
    optionsTable: header(
      options.length ? options : none(2, 'No options recorded'),
      ['Option', 'Recommendation'],
    ),
    assessmentsTable: header(
      n.assessments.length
        ? n.assessments.map(a => [
            a.agency,
            label('assessmentStatus', a.status),
            date(a.completedDate, ''),
            yesNo(a.supportsPlacement),
            yesNo(a.inPrincipleAgreed),
          ])
        : none(5, 'No assessments recorded'),
      [
        'Agency',
        'Assessment',
        'Completed',
        'Supports placement',
        'Agreed in principle',
      ],
    ),
    actionsTable: header(
      n.actions.length
        ? n.actions.map(a => [
            textOr(a.description),
            nameOf(a.ownerEmail),
            a.doneDate
              ? `${date(a.dueDate, 'No date')} (done ${date(a.doneDate)})`
              : date(a.dueDate, 'No date'),
          ])
        : none(3, 'No actions'),
      ['Action', 'Owner', 'Due'],
    ),
    attendeesTable: header(
      agencyCodes(profile).map(a => [
        agencyName(a),
        attendance === null
          ? NOT_RECORDED
          : (attendance[a] ?? []).map(nameOf).join(', ') || 'Absent',
      ]),
      ['Agency', 'Attended'],
    ),
    costTable: header(
      costRows.length ? costRows : none(6, 'No cost lines'),
      ['Line', 'Kind', 'Description', 'Weekly', 'Weeks a year', 'Annual'],
      [
        'Total',
        '',
        '',
        formatPence(totals.weeklyPence),
        '',
        formatPence(totals.annualPence),
      ],
    ),
    splitTable: header(splitRows.length ? splitRows : none(5, 'No split'), [
      'Line',
      'Agency',
      'Share',
      'Weekly',
      'Annual',
    ]),
    agencyTotalsTable: header(
      funders.map(a => [
        a,
        formatPence(totals.agencyWeeklyPence[a] ?? 0),
        formatPence(totals.agencyAnnualPence[a] ?? 0),
      ]),
      ['Agency', 'Weekly', 'Annual'],
      [
        'Total',
        formatPence(totals.weeklyPence),
        formatPence(totals.annualPence),
      ],
    ),
    signaturesTable: header(
      sigs.length
        ? sigs.map(s => [
            s.agency,
            s.signedDate ? nameOf(s.signedBy) : 'Awaiting signature',
            date(s.signedDate, ''),
            date(s.dueDate, ''),
          ])
        : none(
            4,
            endorsed
              ? 'No signatures are due'
              : 'No signatures: the funding was not agreed',
          ),
      ['Agency', 'Signed by', 'Signed on', 'Due by'],
    ),
  };
  return {text, tables};
}

function rank(order: string[], code: string): number {
  const i = order.indexOf(code);
  return i < 0 ? order.length : i;
}

/** 'SCS: a@x, b@y; EDU: c@z' → {SCS: [a@x, b@y], EDU: [c@z]}; null when not recorded. */
function parseAttendees(text: string): Record<string, string[]> | null {
  if (!String(text ?? '').trim()) return null;
  const out: Record<string, string[]> = {};
  for (const part of text.split(';')) {
    const [agency, who] = part.split(':');
    if (!agency || who === undefined) continue;
    out[agency.trim().toUpperCase()] = who
      .split(',')
      .map(w => w.trim())
      .filter(Boolean);
  }
  return out;
}

// ---------------------------------------------------------------------------
// generateOutcomeNote
// ---------------------------------------------------------------------------

/**
 * The signatures a decision asked for: the rows of its version due on its
 * signatures date (a review can ask for the same version again); without
 * one, the latest row per agency.
 */
function roundOf(
  tables: Tables,
  caseId: string,
  version: number | null,
  due: IsoDate | null,
): SignatureRecord[] {
  const rows = tables
    .rows<SignatureRecord>('Signatures')
    .filter(s => s.caseId === caseId && s.version === version);
  const round = due ? rows.filter(s => s.dueDate === due) : [];
  if (round.length) return round;
  const latest = new Map<string, SignatureRecord>();
  for (const s of rows) {
    const known = latest.get(s.agency);
    if (!known || String(s.dueDate ?? '') >= String(known.dueDate ?? ''))
      latest.set(s.agency, s);
  }
  return [...latest.values()];
}

export interface NoteResult {
  decisionId: string;
  caseId: string;
  panelDate: string;
  version: number;
  pdfUrl: string;
  pdfFileId: string;
  folderId: string;
  fileName: string;
  sharedWith: string[];
  message: string;
}

export const noteFileName = (caseId: string, version: number) =>
  `${caseId} referral and outcome note v${version}.pdf`;

const supersededName = (caseId: string, version: number, by: number) =>
  `${caseId} referral and outcome note v${version} (superseded by v${by}).pdf`;

const NOTE_TABS = [
  'Cases',
  'Referrals',
  'Assessments',
  'CostLines',
  'Decisions',
  'Actions',
  'Signatures',
  '_Submissions',
];

interface PreparedNote {
  caseId: string;
  decisionId: string;
  panelDate: string;
  version: number;
  fundingVersion: number | null;
  /** Cases.folderId and the decision's PDF as read: the commit checks nobody changed them. */
  folderIdRead: string;
  /** The stored case folder is visible to the caller and not in Trash. */
  folderUsable: boolean;
  previousId: string;
  previousVersion: number;
  parentFolderId: string;
  values: DocValues;
  sharedWith: string[];
  outstanding: string[];
  signaturesDue: IsoDate | null;
  noteDue: IsoDate | null;
  templateIds: string[];
  otherAdmins: string[];
}

/** Phase 1: what the note holds, read once; refusals write and make nothing. */
function prepareNote(
  tables: Tables,
  env: Env,
  args: {caseId: string; panelDate: string; newFolder: boolean},
  drive: DriveFiles,
): Result<PreparedNote> {
  const allowed = requireRole(env, ['admin', 'chair'], 'issue an outcome note');
  if (allowed.length) return fail(allowed);
  const {caseId, panelDate} = args;
  const hit = tables.caseById(caseId);
  if (!hit)
    return refuse('caseId', '§3', `There is no case ${caseId || '(blank)'}.`);
  const c = hit.record;
  const decisions = tables
    .rows<DecisionRecord>('Decisions')
    .filter(
      d => d.caseId === caseId && (!panelDate || d.panelDate === panelDate),
    );
  const d = decisions[decisions.length - 1];
  if (!d) {
    return refuse(
      'panelDate',
      'P3',
      panelDate
        ? `There is no decision on ${caseId} at the panel of ${formatLongDate(panelDate)}: record the decision first.`
        : `There is no decision on ${caseId} yet: record the decision first.`,
    );
  }
  // The case folder: created once, kept in Cases.folderId; under drive.file
  // only the admin whose Drive holds it can reach it.
  const folder = c.folderId ? drive.find(c.folderId) : null;
  const folderUsable = folder !== null && !folder.trashed;
  if (c.folderId && !folderUsable && !args.newFolder) {
    return refuse(
      'newFolder',
      'S2',
      folder
        ? `The Drive folder of ${caseId} is in your Drive's Trash: restore it, or generate the note again asking for a new case folder.`
        : `The Drive folder of ${caseId} is in the Drive of the admin who first issued its outcome note (see the Audit tab): Panel Tracker can only use Drive files it created for you (drive.file). Ask that admin to issue the note, or generate it again asking for a new case folder in your Drive; earlier versions then stay in the old folder.`,
    );
  }

  const agencies = agencyCodes(env.profile);
  const all = caseLines(tables, caseId, agencies).map(h => h.record);
  const fundingVersion = d.fundingVersion ?? c.fundingVersion ?? null;
  let stored = all.filter(
    l =>
      l.version === fundingVersion &&
      l.status !== 'superseded' &&
      l.status !== 'rejected',
  );
  if (!stored.length)
    stored = all.filter(
      l => l.version === fundingVersion && l.status === 'rejected',
    );
  const lines = resolveStoredLines(stored, env.profile);
  const referrals = tables
    .rows<ReferralRecord>('Referrals')
    .filter(r => r.caseId === caseId);
  const recipients = recipientsOf(c, env.members, fundingAgenciesOf(lines));
  const version =
    Math.max(
      0,
      ...tables
        .rows<DecisionRecord>('Decisions')
        .filter(x => x.caseId === caseId)
        .map(x => Number(x.noteVersion) || 0),
    ) + 1;
  const signatures = roundOf(tables, caseId, fundingVersion, d.signaturesDue);
  return {
    ok: true,
    value: {
      caseId,
      decisionId: d.decisionId,
      panelDate: d.panelDate,
      version,
      fundingVersion,
      folderIdRead: c.folderId,
      folderUsable,
      previousId: d.pdfFileId,
      previousVersion: Number(d.noteVersion) || 0,
      parentFolderId: systemValue(tables, DRIVE_FOLDER_KEY),
      values: noteValues({
        env,
        c,
        referral: referrals[referrals.length - 1],
        assessments: tables
          .rows<AssessmentRecord>('Assessments')
          .filter(a => a.caseId === caseId),
        decision: d,
        actions: tables
          .rows<ActionRecord>('Actions')
          .filter(a => a.decisionId === d.decisionId),
        signatures,
        fundingVersion,
        lines,
        recipients,
        version,
      }),
      sharedWith: recipients.map(r => r.email).filter(e => e !== env.user),
      outstanding: signatures.filter(s => !s.signedDate).map(s => s.agency),
      signaturesDue: d.signaturesDue,
      noteDue: d.outcomeNoteDue,
      templateIds: DOC_TEMPLATES.map(t =>
        systemValue(tables, templateKey(t.key)),
      ),
      otherAdmins: [
        ...new Set(
          env.members
            .filter(m => m.role === 'admin' && m.active !== false)
            .map(m => m.email),
        ),
      ].filter(e => e !== env.user),
    },
  };
}

/**
 * P3: issue the referral and outcome note of a case's decision (the latest
 * at `panelDate`). Three phases, so that the tracker's lock is never held
 * through the tens of seconds Docs and Drive take: (1) read once and
 * decide, (2) compose, export, share — nothing in the tracker yet, (3) under
 * the lock, check that no other note of the decision was issued meanwhile
 * and commit in one batch; a conflict removes what (2) made. The previous
 * version is superseded only after the commit.
 */
export function generateOutcomeNote(
  deps: Deps,
  input: unknown,
): Result<NoteResult> {
  const raw = (input ?? {}) as {
    caseId?: unknown;
    panelDate?: unknown;
    newFolder?: unknown;
  };
  const args = {
    caseId: String(raw.caseId ?? '').trim(),
    panelDate: String(raw.panelDate ?? '').trim(),
    newFolder: raw.newFolder === true,
  };
  const submissionId = submissionIdOf(input);
  const {documents, drive} = deps;
  if (!documents || !drive)
    throw new Error(
      'generateOutcomeNote needs the Documents and Drive adapters',
    );

  // (1) Read and decide.
  const prepared = readUseCase<{seen?: NoteResult; note?: PreparedNote}>(
    deps,
    NOTE_TABS,
    (tables, env) => {
      const before = previousSubmission<NoteResult>(
        tables,
        submissionId,
        'generateOutcomeNote',
      );
      if (before?.ok) return {ok: true, value: {seen: before.value}};
      const note = prepareNote(tables, env, args, drive);
      return note.ok ? {ok: true, value: {note: note.value}} : note;
    },
  );
  if (!prepared.ok) return prepared;
  if (prepared.value.seen) return {ok: true, value: prepared.value.seen};
  const p = prepared.value.note!;

  // (2) Docs and Drive.
  const made: string[] = [];
  const system: Array<[string, string]> = [];
  const notes: string[] = [];
  let folderId = p.folderIdRead;
  let pdf: {fileId: string; url: string} | undefined;
  const fileName = noteFileName(p.caseId, p.version);
  try {
    if (!folderId || drive.find(folderId)?.trashed !== false) {
      if (folderId)
        notes.push(
          'A new case folder was made in your Drive; earlier versions stay in the old folder.',
        );
      folderId = drive.createFolder(p.caseId, p.parentFolderId || null);
      made.push(folderId);
    }
    const doc = documents.compose(
      fileName.replace(/\.pdf$/, ''),
      DOC_TEMPLATES.map((t, i) => ({
        templateId: p.templateIds[i],
        fallback: t.blocks,
      })),
      p.values,
    );
    try {
      pdf = documents.exportPdf(doc.docId, fileName, folderId);
      made.unshift(pdf.fileId);
      drive.shareWith(
        pdf.fileId,
        p.sharedWith,
        'reader',
        `${p.caseId}: version ${p.version} of the referral and outcome note is shared with you by Panel Tracker.`,
      );
    } finally {
      try {
        drive.remove(doc.docId);
      } catch {
        notes.push(
          'The working copy of the note could not be deleted from your Drive: delete it by hand.',
        );
      }
    }
    // Templates that could not be opened: re-created from the data.
    if (doc.missing.length) {
      let parent = p.parentFolderId;
      if (!parent) {
        parent = drive.createFolder(String(templatesJson.folderName), null);
        system.push([DRIVE_FOLDER_KEY, parent]);
      }
      const names: string[] = [];
      for (const i of doc.missing) {
        const t = DOC_TEMPLATES[i];
        const id = documents.create(t.name, parent, t.blocks);
        // The other admins can open and edit it too (S2: named people).
        if (p.otherAdmins.length)
          drive.shareWith(id, p.otherAdmins, 'writer', null);
        system.push([templateKey(t.key), id]);
        names.push(`'${t.name}'`);
      }
      notes.push(
        `The template${names.length > 1 ? 's' : ''} ${names.join(', ')} could not be opened (deleted, or not shared with you): the standard wording was used and re-created in your Drive, shared with the other admins. If another admin holds an edited version, copy its wording across (the admin who created the templates shares them with every admin by running Set up / upgrade).`,
      );
    }
    if (doc.unknownPlaceholders.length)
      notes.push(
        `The templates hold placeholders Panel Tracker does not fill, left as typed: ${doc.unknownPlaceholders.map(x => `{{${x}}}`).join(', ')}.`,
      );
  } catch (e) {
    undo(drive, made);
    throw e;
  }
  if (!pdf) throw new Error('The outcome note PDF was not made.');

  // The previous version of this decision's note: found now, superseded after the commit.
  const previous = p.previousId ? drive.find(p.previousId) : null;
  const supersede = previous !== null && !previous.trashed;
  const oldName = supersededName(p.caseId, p.previousVersion, p.version);
  if (p.previousId)
    notes.push(
      supersede
        ? `Version ${p.previousVersion} is kept in the case folder as '${oldName}' and is no longer shared.`
        : `Version ${p.previousVersion} is not in your Drive (it is in another admin's Drive, or was deleted): it was left as it was.`,
    );
  const late =
    p.noteDue && londonNow(deps.clock).today > p.noteDue
      ? ` It was due by ${formatLongDate(p.noteDue)} (D6).`
      : '';
  const value: NoteResult = {
    decisionId: p.decisionId,
    caseId: p.caseId,
    panelDate: p.panelDate,
    version: p.version,
    pdfUrl: pdf.url,
    pdfFileId: pdf.fileId,
    folderId,
    fileName,
    sharedWith: p.sharedWith,
    message: [
      `Outcome note version ${p.version} of ${p.caseId} issued: '${fileName}' is in the case folder, shared with ${p.sharedWith.length} named ${p.sharedWith.length === 1 ? 'person' : 'people'} only.${late}`,
      ...notes,
      p.outstanding.length
        ? `Funding agreement signatures outstanding: ${p.outstanding.join(', ')}${p.signaturesDue ? `, due by ${formatLongDate(p.signaturesDue)}` : ''}.`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
  };

  // (3) Commit, if nobody issued a note of this decision meanwhile.
  const committed = writeUseCase(
    deps,
    ['Cases', 'Decisions', '_Submissions'],
    (tables, env) => {
      const allowed = requireRole(
        env,
        ['admin', 'chair'],
        'issue an outcome note',
      );
      if (allowed.length) return fail(allowed);
      const c = tables.caseById(p.caseId);
      const d = tables.first<DecisionRecord>(
        'Decisions',
        x => x.decisionId === p.decisionId,
      );
      if (
        !c ||
        !d ||
        c.record.folderId !== p.folderIdRead ||
        d.record.pdfFileId !== p.previousId ||
        previousSubmission(tables, submissionId, 'generateOutcomeNote')
      ) {
        return refuse(
          'caseId',
          'S6',
          `Another outcome note of ${p.caseId} was issued while this one was being made: open the Decisions tab for its link, and generate again only if it needs replacing.`,
        );
      }
      const plan = new PlanBuilder(tables, env);
      if (folderId !== p.folderIdRead)
        plan.update('Cases', c.rowNumber, {folderId});
      for (const [key, v] of system) putSystem(tables, plan, key, v);
      plan.update('Decisions', d.rowNumber, {
        outcomeNoteIssued: env.today,
        pdfUrl: pdf.url,
        pdfFileId: pdf.fileId,
        noteVersion: p.version,
      });
      plan
        .audit(
          'generateOutcomeNote',
          p.decisionId,
          `Outcome note v${p.version} (file ${pdf.fileId}, folder ${folderId}) shared with ${p.sharedWith.length} recipient(s)${p.previousId ? `; v${p.previousVersion} superseded` : ''}${system.length ? `; ${system.length} template record(s) re-created` : ''}`,
        )
        .recordSubmission(
          submissionId,
          'generateOutcomeNote',
          p.decisionId,
          value,
        );
      return {ok: true, value: {plan, value}};
    },
  );
  if (!committed.ok) {
    undo(drive, made);
    return committed;
  }

  // (4) The previous version stays, renamed and no longer shared.
  if (supersede) {
    try {
      drive.rename(p.previousId, oldName);
      drive.unshare(p.previousId);
    } catch (e) {
      value.message += ` Version ${p.previousVersion} could not be renamed or unshared (${e instanceof Error ? e.message : String(e)}): do it by hand in the case folder.`;
    }
  }
  return {ok: true, value};
}

/** Remove what a failed or refused note made (the PDF first, then its new folder). */
function undo(drive: DriveFiles, ids: string[]): void {
  for (const id of ids) {
    try {
      drive.remove(id);
    } catch {
      // Already gone, or never visible: nothing more to do.
    }
  }
}

// ---------------------------------------------------------------------------
// D7: signing the funding agreement
// ---------------------------------------------------------------------------

export interface SignResult {
  caseId: string;
  version: number;
  agency: string;
  signedBy: string;
  signedDate: string;
  outstanding: string[];
  message: string;
}

/** S5: a representative (member or chair) of the agency, per Members. */
function representsAgency(env: Env, agency: string): boolean {
  return env.members.some(
    m =>
      m.email === env.user &&
      m.active !== false &&
      (m.role === 'member' || m.role === 'chair') &&
      m.agency === agency,
  );
}

export function signFundingAgreement(
  deps: Deps,
  input: unknown,
): Result<SignResult> {
  const args = (input ?? {}) as {
    caseId?: unknown;
    agency?: unknown;
    version?: unknown;
  };
  const caseId = String(args.caseId ?? '').trim();
  const agency = String(args.agency ?? '')
    .trim()
    .toUpperCase();
  const asked =
    args.version === undefined || args.version === null || args.version === ''
      ? null
      : Number(args.version);
  return writeUseCase(deps, ['Cases', 'Signatures'], (tables, env) => {
    const signedIn = requireSignedIn(env);
    if (signedIn.length) return fail(signedIn);
    if (!representsAgency(env, agency)) {
      return refuse(
        'agency',
        'S5',
        `Only a representative of ${agency || 'the agency'} (a member or chair of ${agency || 'that agency'} on the Members tab) can sign its funding agreement; an admin cannot sign for an agency.`,
      );
    }
    const hit = tables.caseById(caseId);
    if (!hit || !canSeeCase(env, hit.record))
      return refuse(
        'caseId',
        '§3',
        `There is no case ${caseId || '(blank)'} that you can open.`,
      );
    const rows = tables.where<SignatureRecord>(
      'Signatures',
      s => s.caseId === caseId && s.agency === agency,
    );
    const version =
      asked ??
      hit.record.fundingVersion ??
      Math.max(0, ...rows.map(r => Number(r.record.version) || 0));
    // A review can ask for the same version to be signed again: the round
    // still open (unsigned, latest due) is the one to sign.
    const ofVersion = rows
      .filter(r => r.record.version === version)
      .sort((a, b) =>
        String(b.record.dueDate ?? '').localeCompare(
          String(a.record.dueDate ?? ''),
        ),
      );
    const row = ofVersion.find(r => !r.record.signedDate) ?? ofVersion[0];
    if (!row) {
      return refuse(
        'agency',
        'D7',
        `No signature from ${agency} is due on version ${version} of the funding agreement of ${caseId}.`,
      );
    }
    const plan = new PlanBuilder(tables, env);
    const others = [
      ...new Set(
        tables
          .rows<SignatureRecord>('Signatures')
          .filter(
            s =>
              s.caseId === caseId &&
              s.version === version &&
              s.agency !== agency &&
              !s.signedDate,
          )
          .map(s => s.agency),
      ),
    ];
    const after = others.length
      ? `Still to sign: ${others.join(', ')}.`
      : 'Every funding agency has signed: an admin can now issue the final outcome note.';
    if (row.record.signedDate) {
      return {
        ok: true,
        value: {
          plan,
          value: {
            caseId,
            version,
            agency,
            signedBy: row.record.signedBy,
            signedDate: row.record.signedDate,
            outstanding: others,
            message: `${agency} already signed version ${version} of the funding agreement of ${caseId} (${row.record.signedBy}, ${formatUkDate(row.record.signedDate)}). ${after}`,
          },
        },
      };
    }
    plan.update('Signatures', row.rowNumber, {
      signedBy: env.user,
      signedDate: env.today,
    });
    plan.audit(
      'signFundingAgreement',
      caseId,
      `Funding agreement v${version} signed for ${agency}${others.length ? `; outstanding ${others.join(', ')}` : '; all signed'}`,
    );
    return {
      ok: true,
      value: {
        plan,
        value: {
          caseId,
          version,
          agency,
          signedBy: env.user,
          signedDate: env.today,
          outstanding: others,
          message: `${agency} signed version ${version} of the funding agreement of ${caseId} on ${formatLongDate(env.today)}. ${after}`,
        },
      },
    };
  });
}

// ---------------------------------------------------------------------------
// Reads for the sidebars
// ---------------------------------------------------------------------------

export interface PendingSignature {
  caseId: string;
  version: number;
  agency: string;
  dueDate: string | null;
  overdue: boolean;
}

/** The funding agreements the caller can sign and has not (SignForm). */
export function getMySignatures(deps: Deps): Result<PendingSignature[]> {
  return readUseCase(deps, ['Cases', 'Signatures'], (tables, env) => {
    const signedIn = requireSignedIn(env);
    if (signedIn.length) return fail(signedIn);
    return {
      ok: true,
      value: tables
        .rows<SignatureRecord>('Signatures')
        .filter(s => !s.signedDate && representsAgency(env, s.agency))
        .filter(s => {
          const c = tables.caseById(s.caseId)?.record;
          return c !== undefined && canSeeCase(env, c) && c.status !== 'closed';
        })
        .map(s => ({
          caseId: s.caseId,
          version: s.version,
          agency: s.agency,
          dueDate: s.dueDate,
          overdue: s.dueDate !== null && s.dueDate < env.today,
        })),
    };
  });
}

export interface NoteSummary {
  decisionId: string;
  caseId: string;
  panelDate: string;
  outcome: string;
  outcomeNoteDue: string | null;
  outcomeNoteIssued: string | null;
  noteVersion: number | null;
  pdfUrl: string;
}

/** Decisions and their notes, newest panel first (OutcomeForm; admins and chairs). */
export function getOutcomeNotes(deps: Deps): Result<NoteSummary[]> {
  return readUseCase(deps, ['Decisions'], (tables, env) => {
    const allowed = requireRole(env, ['admin', 'chair'], 'issue outcome notes');
    if (allowed.length || !isAdminOrChair(env)) return fail(allowed);
    return {
      ok: true,
      value: tables
        .rows<DecisionRecord>('Decisions')
        .filter(d => d.decisionId)
        .map(d => ({
          decisionId: d.decisionId,
          caseId: d.caseId,
          panelDate: d.panelDate,
          outcome: d.outcome,
          outcomeNoteDue: d.outcomeNoteDue,
          outcomeNoteIssued: d.outcomeNoteIssued,
          noteVersion: d.noteVersion,
          pdfUrl: d.pdfUrl,
        }))
        .reverse()
        .sort((a, b) => b.panelDate.localeCompare(a.panelDate))
        .slice(0, 100),
    };
  });
}
