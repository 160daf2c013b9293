/**
 * Build a panel's agenda (P1): ratifications of emergency placements, new
 * referrals with complete papers by the deadline (D3, F12), changes, reviews
 * and contracts ending (D9, D10) and age-17 items (D11), each in its slot;
 * beyond the panel's maximum, cases move to the next panel.
 */
import {addDays, ageOn, formatLongDate, IsoDate} from '../domain/calendar';
import {AgendaCandidate, planAgenda} from '../domain/agenda';
import {
  age17Date,
  needsTransitionPlanning,
  nextPanelDates,
  papersOutDate,
  submissionDeadline,
  withinContractWindow,
} from '../domain/deadlines';
import {checkReadyForAgenda, fundingAgenciesOf} from '../domain/funding';
import {agencyCodes} from '../domain/profiles';
import {
  AgendaItem,
  AssessmentRecord,
  CaseRecord,
  ChangeRecord,
  changeFromRow,
  ReferralRecord,
} from '../domain/records';
import {fail, Result} from '../domain/result';
import {Deps, PlanBuilder, refuse, requireRole, writeUseCase} from './kit';
import {caseLines, ensurePanelRow, panelRows} from './panels';

export interface AgendaResult {
  panelDate: string;
  startTime: string;
  papersOutDate: string;
  items: AgendaItem[];
  /** Cases moved to the next panel because this one is full (P1). */
  overflow: Array<{caseId: string; kind: string; movedTo: string}>;
  /** Cases booked for this panel that cannot be heard, and why. */
  notReady: Array<{caseId: string; reasons: string[]}>;
  message: string;
}

export function buildAgenda(deps: Deps, input: unknown): Result<AgendaResult> {
  const requested = (input as {panelDate?: unknown} | undefined)?.panelDate;
  return writeUseCase(
    deps,
    [
      'Cases',
      'Assessments',
      'CostLines',
      'Referrals',
      'Changes',
      'Panels',
      'Agenda',
    ],
    (tables, env) => {
      const allowed = requireRole(env, ['admin', 'chair'], 'build an agenda');
      if (allowed.length) return fail(allowed);
      const panels = panelRows(tables);
      const upcoming = nextPanelDates(env.profile, panels, env.today, 2);
      let panelDate: IsoDate;
      if (typeof requested === 'string' && requested) {
        const listed = nextPanelDates(env.profile, panels, requested, 2);
        if (listed[0] !== requested) {
          return refuse(
            'panelDate',
            'D2',
            `There is no panel on ${requested}.${upcoming.length ? ` The next panel is on ${formatLongDate(upcoming[0])}.` : ''}`,
          );
        }
        panelDate = requested;
      } else if (upcoming.length) {
        panelDate = upcoming[0];
      } else {
        return refuse(
          'panelDate',
          'D2',
          'No panel dates are scheduled: add them on the Panels tab.',
        );
      }
      const [, nextPanel] = nextPanelDates(env.profile, panels, panelDate, 2);
      const panelRow = panels.find(p => p.panelDate === panelDate);
      const startTime = panelRow?.startTime || env.profile.panelStartTime;
      const deadline =
        panelRow?.submissionDeadline ??
        submissionDeadline(panelDate, env.profile, env.cal);
      const agencies = agencyCodes(env.profile);
      const cases = tables.rows<CaseRecord>('Cases');
      const assessments = tables.rows<AssessmentRecord>('Assessments');
      const referrals = tables.rows<ReferralRecord>('Referrals');
      const agenda = tables.rows<AgendaItem>('Agenda');
      const earlierItems = agenda.filter(i => i.panelDate < panelDate);
      const candidates: AgendaCandidate[] = [];
      const notReady: AgendaResult['notReady'] = [];

      const noteFor = (c: CaseRecord): string[] => {
        const notes: string[] = [];
        if (c.highCost)
          notes.push(
            env.profile.highCostQuarterlyReview
              ? 'high cost: quarterly review'
              : 'high cost',
          );
        if (c.formulaInForce) notes.push('default formula in force (F6)');
        if (
          c.dateOfBirth &&
          needsTransitionPlanning(c.dateOfBirth, c.placementEndDate, panelDate)
        ) {
          notes.push('placement runs past 18: transition planning (D11)');
        }
        return notes;
      };

      for (const c of cases) {
        const base = noteFor(c);
        // Ratification of an emergency placement (D8) and new referrals (D3, F12).
        if (
          c.currentPanelDate === panelDate &&
          (c.status === 'referred' || (c.emergency && c.status === 'active'))
        ) {
          if (c.emergency && c.placementStartDate) {
            candidates.push({
              caseId: c.caseId,
              kind: 'ratification',
              emergency: true,
              receivedOn: c.placementStartDate,
              notes: ['emergency placement: ratification', ...base].join('; '),
            });
            continue;
          }
          const reasons: string[] = [];
          const referral = [...referrals]
            .reverse()
            .find(r => r.caseId === c.caseId);
          if (!referral) {
            reasons.push('no referral (part 2) has been submitted');
          } else if (
            (c.referralDate ?? referral.submittedDate ?? '') > deadline &&
            !c.emergencyApprovedBy
          ) {
            reasons.push(
              `its referral arrived after the deadline of ${formatLongDate(deadline)} (D3)`,
            );
          }
          const lines = caseLines(
            tables,
            c.caseId,
            agencies,
            l => l.version === 1 && l.status === 'proposed',
          ).map(h => h.record);
          const inPrinciple = Object.fromEntries(
            (referral?.inPrincipleAgreements ?? '')
              .split(/[,\s]+/)
              .filter(Boolean)
              .map(a => [a, true]),
          );
          const f12 = checkReadyForAgenda({
            fundingAgencies: fundingAgenciesOf(lines),
            leadAgency: c.leadAgency,
            assessments: assessments.filter(a => a.caseId === c.caseId),
            inPrincipleOnReferral: inPrinciple,
          });
          reasons.push(...f12.map(e => e.message));
          if (reasons.length) {
            notReady.push({caseId: c.caseId, reasons});
            continue;
          }
          candidates.push({
            caseId: c.caseId,
            kind: 'new',
            emergency: c.emergency,
            receivedOn: c.referralDate,
            notes: base.join('; '),
          });
          continue;
        }
        if (c.status !== 'active') continue;
        // Reviews and contracts ending (D9, D10).
        const dueDates: Array<[IsoDate, string]> = [];
        if (c.reviewDate)
          dueDates.push([
            c.reviewDate,
            `review due ${formatLongDate(c.reviewDate)}`,
          ]);
        if (c.placementEndDate)
          dueDates.push([
            c.placementEndDate,
            `contract ends ${formatLongDate(c.placementEndDate)}`,
          ]);
        for (const [date, why] of dueDates) {
          const listed =
            env.profile.contractEndWeeks !== null
              ? withinContractWindow(date, panelDate, env.profile)
              : date >= panelDate && (!nextPanel || date < nextPanel);
          const alreadyHeard = earlierItems.some(
            i =>
              i.caseId === c.caseId &&
              i.kind === 'review' &&
              i.notes.includes(why),
          );
          if (listed && !alreadyHeard) {
            candidates.push({
              caseId: c.caseId,
              kind: 'review',
              emergency: false,
              receivedOn: date,
              notes: [why, ...base].join('; '),
            });
          }
        }
        // Age 17: commission the adult continuing care assessment (D11).
        if (c.dateOfBirth) {
          const seventeen = age17Date(c.dateOfBirth);
          const heard = agenda.some(
            i =>
              i.caseId === c.caseId &&
              i.kind === 'age17' &&
              i.panelDate !== panelDate,
          );
          if (
            seventeen <= panelDate &&
            ageOn(c.dateOfBirth, panelDate) === 17 &&
            !heard
          ) {
            candidates.push({
              caseId: c.caseId,
              kind: 'age17',
              emergency: false,
              receivedOn: seventeen,
              notes: [
                'turned 17: commission adult continuing care assessment',
                ...base,
              ].join('; '),
            });
          }
        }
      }
      // Changes booked for this panel.
      for (const row of tables.rows<Record<string, unknown>>('Changes')) {
        const ch: ChangeRecord = changeFromRow(row as never, agencies);
        if (ch.status === 'submitted' && ch.panelDate === panelDate) {
          candidates.push({
            caseId: ch.caseId,
            kind: 'change',
            emergency: false,
            receivedOn: ch.submittedDate,
            notes: `change ${ch.changeId}: ${ch.changeType} from ${formatLongDate(ch.effectiveDate ?? panelDate)}`,
          });
        }
      }

      const planned = planAgenda({
        panelDate,
        startTime,
        slotMinutes: env.profile.slotMinutes,
        maxCases: env.profile.maxCasesPerPanel,
        candidates,
      });
      const plan = new PlanBuilder(tables, env);
      // Replace this panel's agenda rows.
      plan.delete(
        'Agenda',
        tables
          .where<AgendaItem>('Agenda', i => i.panelDate === panelDate)
          .map(h => h.rowNumber),
      );
      if (planned.items.length)
        plan.append(
          'Agenda',
          ...(planned.items as unknown as Array<Record<string, string>>),
        );
      const overflow: AgendaResult['overflow'] = [];
      const movedTo = nextPanel ?? addDays(panelDate, 7);
      for (const o of planned.overflow) {
        overflow.push({caseId: o.caseId, kind: o.kind, movedTo});
        if (o.kind === 'change') {
          const ch = tables.first<ChangeRecord>(
            'Changes',
            x =>
              x.caseId === o.caseId &&
              x.panelDate === panelDate &&
              x.status === 'submitted',
          );
          if (ch) plan.update('Changes', ch.rowNumber, {panelDate: movedTo});
        } else if (o.kind === 'new' || o.kind === 'ratification') {
          const hit = tables.caseById(o.caseId)!;
          plan.touchCase(hit, {currentPanelDate: movedTo});
        }
      }
      if (overflow.length && nextPanel)
        ensurePanelRow(tables, plan, nextPanel, env.profile, env.cal);
      const papersOut =
        panelRow?.papersOutDate ??
        papersOutDate(panelDate, env.profile, env.cal);
      ensurePanelRow(tables, plan, panelDate, env.profile, env.cal, {
        agendaBuiltAt: env.nowIso,
      });
      plan.audit(
        'buildAgenda',
        `PANEL-${panelDate}`,
        `Agenda built: ${planned.items.length} item(s)${overflow.length ? `, ${overflow.length} moved to ${movedTo}` : ''}${notReady.length ? `, ${notReady.length} not ready` : ''}`,
      );
      const value: AgendaResult = {
        panelDate,
        startTime,
        papersOutDate: papersOut,
        items: planned.items,
        overflow,
        notReady,
        message:
          `Agenda for ${formatLongDate(panelDate)}: ${planned.items.length} case${planned.items.length === 1 ? '' : 's'} from ${startTime}.` +
          (overflow.length
            ? ` ${overflow.length} moved to ${formatLongDate(movedTo)} (panel full).`
            : '') +
          (notReady.length
            ? ` ${notReady.length} booked case${notReady.length === 1 ? ' is' : 's are'} not ready to be heard.`
            : ''),
      };
      return {ok: true, value: {plan, value}};
    },
  );
}
