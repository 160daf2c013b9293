/**
 * Dates and deadlines D2–D14: when panels meet, when referrals and papers
 * are due, which panel a referral can still reach, and every due date the
 * reminders are built from. "Today" is always an argument.
 */
import {
  addDays,
  addMonths,
  addWorkingDays,
  ageOn,
  birthdayAt,
  dayOfWeek,
  formatLongDate,
  HolidayCalendar,
  IsoDate,
  parts,
  nthWeekdayOfMonth,
  isoDate,
  isWorkingDay,
} from './calendar';
import {DayOffset, Profile, Provision} from './profiles';
import {PanelRecord} from './records';
import {FieldError, fieldError} from './result';

// ---------------------------------------------------------------------------
// D2: panel dates
// ---------------------------------------------------------------------------

/** Dates the cadence gives from `from` to `to` inclusive. */
export function cadenceDates(
  profile: Profile,
  from: IsoDate,
  to: IsoDate,
): IsoDate[] {
  const c = profile.cadence;
  const out: IsoDate[] = [];
  if (c.kind === 'weekly') {
    let d = addDays(from, (c.weekday - dayOfWeek(from) + 7) % 7);
    for (; d <= to; d = addDays(d, 7)) out.push(d);
  } else if (c.kind === 'monthly') {
    let {year, month} = parts(from);
    for (;;) {
      const d = nthWeekdayOfMonth(year, month, c.weekday, c.nth);
      if (d && d > to) break;
      if (d && d >= from) out.push(d);
      if (isoDate(year, month, 1) > to) break;
      month++;
      if (month > 12) {
        month = 1;
        year++;
      }
    }
  }
  return out;
}

/**
 * D2: the panel dates from `from` to `to`: the cadence's dates, dates listed
 * in the profile and on the Panels tab, minus dates marked cancelled.
 */
export function panelDates(
  profile: Profile,
  panels: ReadonlyArray<Pick<PanelRecord, 'panelDate' | 'status'>>,
  from: IsoDate,
  to: IsoDate,
): IsoDate[] {
  const cancelled = new Set(
    panels.filter(p => p.status === 'cancelled').map(p => p.panelDate),
  );
  const listed = [
    ...profile.panelDates,
    ...panels.filter(p => p.status !== 'cancelled').map(p => p.panelDate),
  ];
  const all = new Set([
    ...cadenceDates(profile, from, to),
    ...listed.filter(d => d >= from && d <= to),
  ]);
  return [...all].filter(d => !cancelled.has(d)).sort();
}

/** The next `count` panel dates on or after `from` (looking up to two years ahead). */
export function nextPanelDates(
  profile: Profile,
  panels: ReadonlyArray<Pick<PanelRecord, 'panelDate' | 'status'>>,
  from: IsoDate,
  count: number,
): IsoDate[] {
  return panelDates(profile, panels, from, addDays(from, 730)).slice(0, count);
}

export function isPanelDate(
  date: IsoDate,
  profile: Profile,
  panels: ReadonlyArray<Pick<PanelRecord, 'panelDate' | 'status'>>,
): boolean {
  return panelDates(profile, panels, date, date).length === 1;
}

// ---------------------------------------------------------------------------
// D3, D4: submission deadline and papers out
// ---------------------------------------------------------------------------

/** A date a given offset before a panel. */
export function dateBefore(
  panelDate: IsoDate,
  offset: DayOffset,
  cal: HolidayCalendar,
): IsoDate {
  switch (offset.kind) {
    case 'calendarDays':
      return addDays(panelDate, -offset.days);
    case 'workingDays':
      return addWorkingDays(panelDate, -offset.days, cal);
    case 'weekdayBefore': {
      // "The Friday before": if that day is a bank holiday, the working day before it.
      const back = (dayOfWeek(panelDate) - offset.weekday + 7) % 7 || 7;
      let date = addDays(panelDate, -back);
      while (!isWorkingDay(date, cal)) date = addDays(date, -1);
      return date;
    }
  }
}

/** D3: the last date a referral can be received for a panel. */
export function submissionDeadline(
  panelDate: IsoDate,
  profile: Profile,
  cal: HolidayCalendar,
): IsoDate {
  return dateBefore(panelDate, profile.submissionDeadline, cal);
}

/** D4: the date papers go out to panel members. */
export function papersOutDate(
  panelDate: IsoDate,
  profile: Profile,
  cal: HolidayCalendar,
): IsoDate {
  return dateBefore(panelDate, profile.papersOut, cal);
}

export interface Booking {
  panelDate: IsoDate;
  deadline: IsoDate;
  papersOut: IsoDate;
  /** Why the case goes to a later panel than asked for, if it does. */
  reason: string | null;
  /** The deadline was missed but the chair approved an emergency booking. */
  emergencyOverride: boolean;
}

/**
 * D3: book a referral for the requested panel (or the next one) if it can
 * still meet that panel's deadline; otherwise for the next panel it can
 * meet, saying why — unless it is an emergency approved by the chair, which
 * keeps the requested (or next) panel. `isFull` (P1) moves a booking on to
 * the next panel with room.
 */
export function bookPanel(input: {
  today: IsoDate;
  requestedPanelDate?: IsoDate;
  profile: Profile;
  panels: ReadonlyArray<Pick<PanelRecord, 'panelDate' | 'status'>>;
  cal: HolidayCalendar;
  emergencyApproved?: boolean;
  isFull?: (panelDate: IsoDate) => boolean;
}): {ok: true; booking: Booking} | {ok: false; errors: FieldError[]} {
  const {today, profile, panels, cal} = input;
  const from =
    input.requestedPanelDate && input.requestedPanelDate > today
      ? input.requestedPanelDate
      : today;
  if (input.requestedPanelDate) {
    if (input.requestedPanelDate < today) {
      return {
        ok: false,
        errors: [
          fieldError(
            'requestedPanelDate',
            'D3',
            `The requested panel (${formatLongDate(input.requestedPanelDate)}) has already taken place.`,
          ),
        ],
      };
    }
    if (!isPanelDate(input.requestedPanelDate, profile, panels)) {
      const next = nextPanelDates(profile, panels, today, 3);
      return {
        ok: false,
        errors: [
          fieldError(
            'requestedPanelDate',
            'D2',
            `There is no panel on ${formatLongDate(input.requestedPanelDate)}.` +
              (next.length
                ? ` The next panels are on ${next.map(formatLongDate).join(', ')}.`
                : ' No panel dates are scheduled: ask the panel administrator to add them on the Panels tab.'),
          ),
        ],
      };
    }
  }
  const candidates = nextPanelDates(profile, panels, from, 60);
  if (candidates.length === 0) {
    return {
      ok: false,
      errors: [
        fieldError(
          'requestedPanelDate',
          'D2',
          'No panel dates are scheduled: ask the panel administrator to add them on the Panels tab.',
        ),
      ],
    };
  }
  const first = candidates[0];
  const reasons: string[] = [];
  for (const panelDate of candidates) {
    const deadline = submissionDeadline(panelDate, profile, cal);
    const meets = today <= deadline;
    const override =
      !meets && input.emergencyApproved === true && panelDate === first;
    if (!meets && !override) {
      reasons.push(
        `the deadline for the panel on ${formatLongDate(panelDate)} was ${formatLongDate(deadline)}`,
      );
      continue;
    }
    if (input.isFull?.(panelDate)) {
      reasons.push(
        `the panel on ${formatLongDate(panelDate)} is full (${profile.maxCasesPerPanel} cases)`,
      );
      continue;
    }
    return {
      ok: true,
      booking: {
        panelDate,
        deadline,
        papersOut: papersOutDate(panelDate, profile, cal),
        reason:
          reasons.length > 0
            ? `Booked for a later panel because ${reasons.join(' and ')}.`
            : null,
        emergencyOverride: override,
      },
    };
  }
  return {
    ok: false,
    errors: [
      fieldError(
        'requestedPanelDate',
        'D3',
        'No scheduled panel can take this referral yet: ask the panel administrator to add panel dates.',
      ),
    ],
  };
}

// ---------------------------------------------------------------------------
// D5–D8: assessment, outcome note, signatures, emergency notices
// ---------------------------------------------------------------------------

/** D5: the health assessment is due healthAssessmentDays after the alert is shared. */
export function healthAssessmentDue(
  alertSharedDate: IsoDate,
  profile: Profile,
): IsoDate | null {
  return profile.healthAssessmentDays === null
    ? null
    : addDays(alertSharedDate, profile.healthAssessmentDays);
}

/** D5: an assessment still overdue escalationDays after its due date is escalated. */
export function escalationDate(dueDate: IsoDate, profile: Profile): IsoDate {
  return addDays(dueDate, profile.escalationDays);
}

/** D6: the outcome note is due outcomeNoteWorkingDays working days after the panel. */
export function outcomeNoteDue(
  panelDate: IsoDate,
  profile: Profile,
  cal: HolidayCalendar,
): IsoDate {
  return addWorkingDays(panelDate, profile.outcomeNoteWorkingDays, cal);
}

/** D7: funding agreement signatures are due signatureDays (7) calendar days after the panel. */
export function signaturesDue(panelDate: IsoDate, profile: Profile): IsoDate {
  return addDays(panelDate, profile.signatureDays);
}

/** D8: every relevant agency is notified within 5 working days of an emergency placement. */
export function emergencyNoticeDue(
  placementStartDate: IsoDate,
  cal: HolidayCalendar,
): IsoDate {
  return addWorkingDays(placementStartDate, 5, cal);
}

// ---------------------------------------------------------------------------
// D9: review dates
// ---------------------------------------------------------------------------

/** The review interval in months for a provision (shortest that applies). */
export function maxReviewMonths(
  profile: Profile,
  provision: Provision | '' | undefined,
): number | null {
  const byProvision = provision
    ? profile.reviewMonthsByProvision[provision]
    : undefined;
  const limits = [profile.maxReviewMonths, byProvision ?? null].filter(
    (n): n is number => n !== null,
  );
  return limits.length ? Math.min(...limits) : null;
}

/**
 * D9: every endorsement carries a review date, after the panel and at most
 * the profile's interval after the placement start (first endorsement) or
 * the last review (this panel).
 */
export function checkReviewDate(input: {
  reviewDate?: IsoDate;
  panelDate: IsoDate;
  provision: Provision | '' | undefined;
  placementStartDate: IsoDate | null;
  isFirstEndorsement: boolean;
  profile: Profile;
}): FieldError[] {
  if (!input.reviewDate) {
    return [
      fieldError(
        'reviewDate',
        'D9',
        'A review date is required on every endorsement.',
      ),
    ];
  }
  if (input.reviewDate <= input.panelDate) {
    return [
      fieldError(
        'reviewDate',
        'D9',
        'The review date must be after the panel date.',
      ),
    ];
  }
  const months = maxReviewMonths(input.profile, input.provision);
  if (months === null) return [];
  const base =
    input.isFirstEndorsement && input.placementStartDate
      ? input.placementStartDate
      : input.panelDate;
  const latest = addMonths(base, months);
  if (input.reviewDate > latest) {
    const from =
      base === input.panelDate ? 'this review' : 'the placement start';
    return [
      fieldError(
        'reviewDate',
        'D9',
        `The review must be at most ${months} months after ${from} (${formatLongDate(base)}): ${formatLongDate(latest)} at the latest.`,
      ),
    ];
  }
  return [];
}

/** D9: the dates review reminders go out, earliest first (lead weeks before). */
export function leadTimeDates(
  date: IsoDate,
  leadWeeks: number[],
): Array<{weeks: number; sendOn: IsoDate}> {
  return [...new Set(leadWeeks)]
    .sort((a, b) => b - a)
    .map(weeks => ({weeks, sendOn: addDays(date, -7 * weeks)}));
}

// ---------------------------------------------------------------------------
// D10: contract ends near a panel
// ---------------------------------------------------------------------------

/** D10: a date within contractEndWeeks of a panel (on or after it). */
export function withinContractWindow(
  date: IsoDate,
  panelDate: IsoDate,
  profile: Profile,
): boolean {
  if (profile.contractEndWeeks === null) return false;
  return (
    date >= panelDate &&
    date <= addDays(panelDate, profile.contractEndWeeks * 7)
  );
}

// ---------------------------------------------------------------------------
// D11, D12: ages and consent
// ---------------------------------------------------------------------------

/** D11: the day a young person turns 17 (adult continuing care is commissioned). */
export function age17Date(dateOfBirth: IsoDate): IsoDate {
  return birthdayAt(dateOfBirth, 17);
}

export function age18Date(dateOfBirth: IsoDate): IsoDate {
  return birthdayAt(dateOfBirth, 18);
}

/**
 * D11: a placement that runs past the 18th birthday needs transition
 * planning. An open-ended placement is flagged once the young person is 17.
 */
export function needsTransitionPlanning(
  dateOfBirth: IsoDate,
  placementEndDate: IsoDate | null,
  today: IsoDate,
): boolean {
  const eighteen = age18Date(dateOfBirth);
  if (placementEndDate) return placementEndDate >= eighteen && today < eighteen;
  return ageOn(dateOfBirth, today) === 17;
}

export interface ConsentInput {
  parentConsent?: boolean;
  youngPersonConsent?: boolean;
  mentalCapacity?: 'hasCapacity' | 'lacksCapacity';
  bestInterestDecisionDate?: IsoDate;
}

/**
 * D12: a young person of 16 or over must consent, unless a mental capacity
 * assessment found they lack capacity and a best-interest decision was made
 * (with its date). Under 16, a parent's consent is needed where the profile
 * requires it (a health assessment cannot start without it).
 */
export function checkConsent(
  consent: ConsentInput,
  dateOfBirth: IsoDate,
  today: IsoDate,
  profile: Profile,
): FieldError[] {
  const age = ageOn(dateOfBirth, today);
  if (age >= 16) {
    if (consent.youngPersonConsent === true) return [];
    if (consent.mentalCapacity === 'lacksCapacity') {
      if (!consent.bestInterestDecisionDate) {
        return [
          fieldError(
            'consent.bestInterestDecisionDate',
            'D12',
            'The young person lacks capacity: give the date of the best-interest decision.',
          ),
        ];
      }
      if (consent.bestInterestDecisionDate > today) {
        return [
          fieldError(
            'consent.bestInterestDecisionDate',
            'D12',
            'The best-interest decision date cannot be in the future.',
          ),
        ];
      }
      return [];
    }
    return [
      fieldError(
        'consent.youngPersonConsent',
        'D12',
        `The young person is ${age}: they must consent themselves, unless a mental capacity assessment found they lack capacity and a best-interest decision was made.`,
      ),
    ];
  }
  if (profile.requireParentConsent && consent.parentConsent !== true) {
    return [
      fieldError(
        'consent.parentConsent',
        'D12',
        "A parent's consent is needed before agencies can assess; the referral cannot proceed without it.",
      ),
    ];
  }
  return [];
}

// ---------------------------------------------------------------------------
// D13: absent agencies
// ---------------------------------------------------------------------------

/** D13: an absent agency's response to a decision is due in absentResponseWorkingDays working days. */
export function absentResponseDue(
  panelDate: IsoDate,
  profile: Profile,
  cal: HolidayCalendar,
): IsoDate {
  return addWorkingDays(panelDate, profile.absentResponseWorkingDays, cal);
}

/** D13: quorum is at least one member per agency of the profile. */
export function absentAgencies(
  profile: Profile,
  attendees: Record<string, string[]>,
): string[] {
  return profile.agencies
    .map(a => a.code)
    .filter(code => (attendees[code] ?? []).length === 0);
}
