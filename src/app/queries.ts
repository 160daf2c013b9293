/**
 * What the sidebar forms read: the caller and the profile (so the form runs
 * the same validation as the server), the caller's own cases (S5), one case
 * in full, and the next panel dates with their deadlines.
 */
import {formatLongDate, IsoDate} from '../domain/calendar';
import {
  nextPanelDates,
  papersOutDate,
  submissionDeadline,
} from '../domain/deadlines';
import {resolveStoredLines} from '../domain/funding';
import {agencyCodes, Profile} from '../domain/profiles';
import {
  AssessmentRecord,
  CaseRecord,
  ChangeRecord,
  changeFromRow,
  DecisionRecord,
  Role,
  SignatureRecord,
} from '../domain/records';
import {Result} from '../domain/result';
import {currentLines} from './changes';
import {canSeeCase, Deps, Env, readUseCase, refuse} from './kit';
import {caseLines, panelRows} from './panels';

export interface PanelDateInfo {
  panelDate: IsoDate;
  label: string;
  submissionDeadline: IsoDate;
  papersOutDate: IsoDate;
  deadlinePassed: boolean;
}

export interface FormContext {
  user: string;
  name: string;
  roles: Role[];
  agency: string;
  today: IsoDate;
  profile: Profile;
  panels: PanelDateInfo[];
  trackerUrl: string;
}

function panelInfo(env: Env, dates: IsoDate[]): PanelDateInfo[] {
  return dates.map(panelDate => {
    const deadline = submissionDeadline(panelDate, env.profile, env.cal);
    return {
      panelDate,
      label: formatLongDate(panelDate),
      submissionDeadline: deadline,
      papersOutDate: papersOutDate(panelDate, env.profile, env.cal),
      deadlinePassed: env.today > deadline,
    };
  });
}

export function getFormContext(deps: Deps): Result<FormContext> {
  return readUseCase(deps, ['Panels'], (tables, env) => ({
    ok: true,
    value: {
      user: env.user,
      name: env.members.find(m => m.email === env.user)?.name ?? env.user,
      roles: [...env.roles],
      agency: env.agency,
      today: env.today,
      profile: env.profile,
      panels: panelInfo(
        env,
        nextPanelDates(env.profile, panelRows(tables), env.today, 8),
      ),
      trackerUrl: deps.tracker.url,
    },
  }));
}

export interface CaseSummary {
  caseId: string;
  status: string;
  childRef: string;
  initials: string;
  leadAgency: string;
  referrerEmail: string;
  currentPanelDate: IsoDate | null;
  reviewDate: IsoDate | null;
  rowVersion: number;
}

function summary(c: CaseRecord): CaseSummary {
  return {
    caseId: c.caseId,
    status: c.status,
    childRef: c.childRef,
    initials: c.initials,
    leadAgency: c.leadAgency,
    referrerEmail: c.referrerEmail,
    currentPanelDate: c.currentPanelDate,
    reviewDate: c.reviewDate,
    rowVersion: c.rowVersion ?? 0,
  };
}

/** S5: the cases the caller may see — referrers only their own. */
export function getMyCases(deps: Deps): Result<CaseSummary[]> {
  return readUseCase(deps, ['Cases'], (tables, env) => ({
    ok: true,
    value: tables
      .rows<CaseRecord>('Cases')
      .filter(c => c.caseId && canSeeCase(env, c))
      .map(summary),
  }));
}

export interface CaseDetail extends CaseSummary {
  case: CaseRecord;
  assessments: AssessmentRecord[];
  currentLines: ReturnType<typeof resolveStoredLines>;
  changes: ChangeRecord[];
  decisions: DecisionRecord[];
  signatures: SignatureRecord[];
}

export function getCase(deps: Deps, input: unknown): Result<CaseDetail> {
  const caseId = String(
    (input as {caseId?: unknown})?.caseId ?? input ?? '',
  ).trim();
  return readUseCase(
    deps,
    ['Cases', 'Assessments', 'CostLines', 'Changes', 'Decisions', 'Signatures'],
    (tables, env) => {
      const hit = tables.caseById(caseId);
      // The same answer for a case that does not exist and one the caller may not see (S5).
      if (!hit || !canSeeCase(env, hit.record)) {
        return refuse(
          'caseId',
          'S5',
          `There is no case ${caseId || '(blank)'} that you can open.`,
        );
      }
      const c = hit.record;
      const agencies = agencyCodes(env.profile);
      const lines = caseLines(tables, caseId, agencies).map(h => h.record);
      return {
        ok: true,
        value: {
          ...summary(c),
          case: c,
          assessments: tables
            .rows<AssessmentRecord>('Assessments')
            .filter(a => a.caseId === caseId),
          currentLines: resolveStoredLines(
            currentLines(lines, c.fundingVersion),
            env.profile,
          ),
          changes: tables
            .rows<Record<string, unknown>>('Changes')
            .filter(r => r.caseId === caseId)
            .map(r => changeFromRow(r as never, agencies)),
          decisions: tables
            .rows<DecisionRecord>('Decisions')
            .filter(d => d.caseId === caseId),
          signatures: tables
            .rows<SignatureRecord>('Signatures')
            .filter(s => s.caseId === caseId),
        },
      };
    },
  );
}

export function getPanelDates(
  deps: Deps,
  input?: unknown,
): Result<PanelDateInfo[]> {
  const count = Number((input as {count?: unknown})?.count ?? 8);
  return readUseCase(deps, ['Panels'], (tables, env) => ({
    ok: true,
    value: panelInfo(
      env,
      nextPanelDates(
        env.profile,
        panelRows(tables),
        env.today,
        Math.min(Math.max(1, count), 52),
      ),
    ),
  }));
}
