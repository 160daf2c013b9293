/**
 * Shared by the forms that put a case before a panel: booking (D3, P1
 * capacity), the Panels row of a booked date, and cost-line rows.
 */
import {HolidayCalendar, IsoDate} from '../domain/calendar';
import {
  bookPanel,
  Booking,
  papersOutDate,
  submissionDeadline,
} from '../domain/deadlines';
import {ResolvedLine} from '../domain/funding';
import {Profile} from '../domain/profiles';
import {
  CaseRecord,
  ChangeRecord,
  CostLine,
  costLineFromRow,
  costLineToRow,
  PanelRecord,
  Row,
} from '../domain/records';
import {FieldError} from '../domain/result';
import {Env, PlanBuilder, Tables} from './kit';

export const PANEL_TABS = ['Panels'];

export function panelRows(tables: Tables): PanelRecord[] {
  return tables.rows<PanelRecord>('Panels').filter(p => p.panelDate);
}

/** How many cases are already booked for a panel (P1 capacity). */
export function bookedCount(
  tables: Tables,
  panelDate: IsoDate,
  exceptCaseId?: string,
): number {
  const cases = tables
    .rows<CaseRecord>('Cases')
    .filter(
      c =>
        c.currentPanelDate === panelDate &&
        c.caseId !== exceptCaseId &&
        (c.status === 'referred' || c.emergency),
    );
  const changes =
    tables.snapshot.tables.Changes?.rows.filter(
      r =>
        (r as unknown as ChangeRecord).panelDate === panelDate &&
        (r as unknown as ChangeRecord).status === 'submitted',
    ) ?? [];
  return new Set([
    ...cases.map(c => c.caseId),
    ...changes.map(c => String(c.caseId)),
  ]).size;
}

export function book(
  tables: Tables,
  env: Env,
  opts: {
    requestedPanelDate?: IsoDate;
    emergencyApproved?: boolean;
    caseId?: string;
  },
): {ok: true; booking: Booking} | {ok: false; errors: FieldError[]} {
  const max = env.profile.maxCasesPerPanel;
  return bookPanel({
    today: env.today,
    requestedPanelDate: opts.requestedPanelDate,
    profile: env.profile,
    panels: panelRows(tables),
    cal: env.cal,
    emergencyApproved: opts.emergencyApproved,
    isFull:
      max === null
        ? undefined
        : d => bookedCount(tables, d, opts.caseId) >= max,
  });
}

/** A Panels row for the panel date, with its deadlines (created once). */
export function ensurePanelRow(
  tables: Tables,
  plan: PlanBuilder,
  panelDate: IsoDate,
  profile: Profile,
  cal: HolidayCalendar,
  extra: Partial<PanelRecord> = {},
): void {
  const hit = tables.first<PanelRecord>(
    'Panels',
    p => p.panelDate === panelDate,
  );
  const planned = plan.plan.appends
    .find(a => a.tab === 'Panels')
    ?.rows.some(r => r.panelDate === panelDate);
  if (hit) {
    if (Object.keys(extra).length)
      plan.update('Panels', hit.rowNumber, extra as Record<string, string>);
    return;
  }
  if (planned) return;
  plan.append('Panels', {
    panelDate,
    startTime: profile.panelStartTime,
    submissionDeadline: submissionDeadline(panelDate, profile, cal),
    papersOutDate: papersOutDate(panelDate, profile, cal),
    status: 'scheduled',
    chair: '',
    agendaBuiltAt: null,
    ...(extra as Record<string, string>),
  });
}

/** Rows of a funding agreement version's cost lines. */
export function costLineRows(
  caseId: string,
  version: number,
  lines: ResolvedLine[],
  opts: {
    status: CostLine['status'];
    effectiveDate: IsoDate | null;
    changeId?: string;
    agencies: string[];
  },
): ReturnType<typeof costLineToRow>[] {
  return lines.map((l, i) =>
    costLineToRow(
      {
        lineId: `${caseId}-V${version}-L${i + 1}`,
        caseId,
        version,
        status: opts.status,
        kind: l.kind,
        description: l.description,
        weeklyPence: l.weeklyPence,
        weeksPerYear: l.weeksPerYear,
        annualPence: l.annualPence,
        startDate: l.startDate,
        endDate: l.endDate,
        effectiveDate: opts.effectiveDate,
        reason: l.reason,
        stepDownDate: l.stepDownDate,
        changeId: opts.changeId ?? '',
        sharesBp: l.sharesBp,
      },
      opts.agencies,
    ),
  );
}

/** A case's cost lines as records, optionally of one version or status. */
export function caseLines(
  tables: Tables,
  caseId: string,
  agencies: string[],
  filter: (l: CostLine) => boolean = () => true,
): Array<{record: CostLine; rowNumber: number}> {
  return tables
    .where<Record<string, unknown>>('CostLines', r => r.caseId === caseId)
    .map(h => ({
      record: costLineFromRow(h.record as Row, agencies),
      rowNumber: h.rowNumber,
    }))
    .filter(h => filter(h.record));
}
