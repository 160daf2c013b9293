import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addWorkingDays,
  ageOn,
  birthdayAt,
  dayOfWeek,
  daysBetween,
  easterSunday,
  englandWalesBankHolidays,
  formatLongDate,
  formatUkDate,
  fromDayNumber,
  dayNumber,
  holidayCalendar,
  isIsoDate,
  isWorkingDay,
  londonDateTime,
  londonInstant,
  nextWorkingDayOnOrAfter,
  nthWeekdayOfMonth,
  parseWeekday,
} from '../../src/domain/calendar';
import {cal} from './fixtures';

/** The published gov.uk England & Wales lists. */
const GOV_UK: Record<number, string[]> = {
  2025: [
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
  ],
  2026: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
  ],
  2027: [
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ],
  // Proclaimed year: spring bank holiday moved to 2 June, Platinum Jubilee
  // 3 June, State Funeral 19 September; New Year and Christmas substitutes.
  2022: [
    '2022-01-03',
    '2022-04-15',
    '2022-04-18',
    '2022-05-02',
    '2022-06-02',
    '2022-06-03',
    '2022-08-29',
    '2022-09-19',
    '2022-12-26',
    '2022-12-27',
  ],
  2023: [
    '2023-01-02',
    '2023-04-07',
    '2023-04-10',
    '2023-05-01',
    '2023-05-08',
    '2023-05-29',
    '2023-08-28',
    '2023-12-25',
    '2023-12-26',
  ],
  2024: [
    '2024-01-01',
    '2024-03-29',
    '2024-04-01',
    '2024-05-06',
    '2024-05-27',
    '2024-08-26',
    '2024-12-25',
    '2024-12-26',
  ],
  2020: [
    '2020-01-01',
    '2020-04-10',
    '2020-04-13',
    '2020-05-08',
    '2020-05-25',
    '2020-08-31',
    '2020-12-25',
    '2020-12-28',
  ],
};

describe('ISO dates', () => {
  it('accepts real dates and refuses impossible ones (2026-02-30)', () => {
    expect(isIsoDate('2026-01-05')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-5')).toBe(false);
    expect(isIsoDate('05/01/2026')).toBe(false);
    expect(isIsoDate(20260105)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });

  it('day numbers round-trip and agree with UTC dates', () => {
    fc.assert(
      fc.property(fc.integer({min: -50_000, max: 100_000}), n => {
        const iso = fromDayNumber(n);
        expect(dayNumber(iso)).toBe(n);
        expect(iso).toBe(new Date(n * 86_400_000).toISOString().slice(0, 10));
        expect(dayOfWeek(iso)).toBe(new Date(n * 86_400_000).getUTCDay());
      }),
    );
  });

  it('adds days and months (clamped to the month end)', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2026-01-05', '2026-02-03')).toBe(29);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
  });

  it('finds the nth and last weekday of a month', () => {
    expect(nthWeekdayOfMonth(2026, 9, 2, 1)).toBe('2026-09-01');
    expect(nthWeekdayOfMonth(2026, 1, 2, 1)).toBe('2026-01-06');
    expect(nthWeekdayOfMonth(2026, 5, 1, -1)).toBe('2026-05-25');
    expect(nthWeekdayOfMonth(2026, 2, 1, 5)).toBeUndefined();
  });

  it('parses weekdays by name, abbreviation or number', () => {
    expect(parseWeekday('Tuesday')).toBe(2);
    expect(parseWeekday('wed')).toBe(3);
    expect(parseWeekday('5')).toBe(5);
    expect(parseWeekday(0)).toBe(0);
    expect(parseWeekday('tu')).toBeUndefined();
    expect(parseWeekday('someday')).toBeUndefined();
    expect(parseWeekday(7)).toBeUndefined();
  });

  it('formats dates the UK way', () => {
    expect(formatUkDate('2026-01-05')).toBe('05/01/2026');
    expect(formatLongDate('2026-02-03')).toBe('Tuesday 3 February 2026');
  });
});

describe('D1: England & Wales bank holidays', () => {
  it('D1: computes Easter Sunday', () => {
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  for (const year of [2025, 2026, 2027]) {
    it(`D1: the ${year} bank holidays match the published gov.uk list`, () => {
      expect(englandWalesBankHolidays(year).map(h => h.date)).toEqual(
        GOV_UK[year],
      );
    });
  }

  it('D1: 2026 Boxing Day (a Saturday) has its substitute on Monday 28 December', () => {
    const h = englandWalesBankHolidays(2026);
    expect(h.find(x => x.date === '2026-12-28')?.name).toMatch(/Boxing/);
    expect(cal.isHoliday('2026-12-26')).toBe(false);
  });

  it('D1: 2027 Christmas and Boxing Day (weekend) have substitutes on 27 and 28 December', () => {
    expect(cal.isHoliday('2027-12-27')).toBe(true);
    expect(cal.isHoliday('2027-12-28')).toBe(true);
    expect(isWorkingDay('2027-12-25', cal)).toBe(false);
    expect(isWorkingDay('2027-12-29', cal)).toBe(true);
  });

  it('D1: a proclaimed year (2022: 2 and 3 June, 19 September) follows the proclamations', () => {
    const dates = englandWalesBankHolidays(2022).map(h => h.date);
    expect(dates).toEqual(GOV_UK[2022]);
    expect(dates).not.toContain('2022-05-30');
    expect(cal.isHoliday('2022-06-02')).toBe(true);
    expect(cal.isHoliday('2022-06-03')).toBe(true);
    expect(cal.isHoliday('2022-09-19')).toBe(true);
    expect(cal.isHoliday('2022-05-30')).toBe(false);
  });

  for (const year of [2020, 2023, 2024]) {
    it(`D1: the ${year} list (incl. moved or added days) matches gov.uk`, () => {
      expect(englandWalesBankHolidays(year).map(h => h.date)).toEqual(
        GOV_UK[year],
      );
    });
  }

  it('D1: every generated holiday is a weekday, eight per ordinary year', () => {
    for (let year = 2000; year <= 2060; year++) {
      const list = englandWalesBankHolidays(year);
      for (const h of list) expect([0, 6]).not.toContain(dayOfWeek(h.date));
      expect(new Set(list.map(h => h.date)).size).toBe(list.length);
      if (![2002, 2011, 2012, 2022, 2023].includes(year)) {
        expect(list).toHaveLength(8);
      }
    }
  });

  it('D1: weekends and holidays are not working days', () => {
    expect(isWorkingDay('2026-01-05', cal)).toBe(true);
    expect(isWorkingDay('2026-01-03', cal)).toBe(false);
    expect(isWorkingDay('2026-01-04', cal)).toBe(false);
    expect(isWorkingDay('2026-01-01', cal)).toBe(false);
    expect(isWorkingDay('2026-04-03', cal)).toBe(false);
  });
});

describe('D1: working-day arithmetic', () => {
  it('D1: counts across Christmas 2025 (25, 26 Dec, weekend, New Year)', () => {
    expect(addWorkingDays('2025-12-24', 1, cal)).toBe('2025-12-29');
    expect(addWorkingDays('2025-12-24', 4, cal)).toBe('2026-01-02');
    expect(addWorkingDays('2026-01-02', -2, cal)).toBe('2025-12-30');
  });

  it('D1: counts across Christmas 2026 (substitute Monday 28 December)', () => {
    expect(addWorkingDays('2026-12-24', 1, cal)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-29', -1, cal)).toBe('2026-12-24');
  });

  it('D1: counts across Easter 2026 (Good Friday and Easter Monday)', () => {
    expect(addWorkingDays('2026-04-02', 1, cal)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-01', 5, cal)).toBe('2026-04-10');
    expect(addWorkingDays('2026-04-08', -3, cal)).toBe('2026-04-01');
  });

  it('D1: Friday plus one working day is Monday; zero leaves the date alone', () => {
    expect(addWorkingDays('2026-01-09', 1, cal)).toBe('2026-01-12');
    expect(addWorkingDays('2026-01-10', 0, cal)).toBe('2026-01-10');
    expect(nextWorkingDayOnOrAfter('2026-01-10', cal)).toBe('2026-01-12');
    expect(nextWorkingDayOnOrAfter('2026-12-25', cal)).toBe('2026-12-29');
    expect(nextWorkingDayOnOrAfter('2026-01-12', cal)).toBe('2026-01-12');
  });

  it('D1: a day the admin adds on the Holidays tab is not a working day', () => {
    const withExtra = holidayCalendar({added: ['2026-12-29']});
    expect(withExtra.isHoliday('2026-12-29')).toBe(true);
    expect(addWorkingDays('2026-12-24', 1, withExtra)).toBe('2026-12-30');
    expect(addWorkingDays('2026-12-24', 1, cal)).toBe('2026-12-29');
  });

  it('D1: a bank holiday the admin removes becomes a working day', () => {
    const removed = holidayCalendar({removed: ['2026-12-28']});
    expect(removed.isHoliday('2026-12-28')).toBe(false);
    expect(isWorkingDay('2026-12-28', removed)).toBe(true);
    expect(addWorkingDays('2026-12-24', 1, removed)).toBe('2026-12-28');
    // Other rule days stay.
    expect(removed.isHoliday('2026-12-25')).toBe(true);
  });

  it('D1: working days forwards then backwards return to a working day', () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: dayNumber('2024-01-01'),
          max: dayNumber('2028-12-31'),
        }),
        fc.integer({min: 1, max: 40}),
        (n, k) => {
          const start = nextWorkingDayOnOrAfter(fromDayNumber(n), cal);
          const later = addWorkingDays(start, k, cal);
          expect(isWorkingDay(later, cal)).toBe(true);
          expect(later > start).toBe(true);
          expect(addWorkingDays(later, -k, cal)).toBe(start);
        },
      ),
    );
  });
});

describe('Europe/London instants', () => {
  const utc = (s: string) => Date.parse(s);

  it('is GMT in winter and BST in summer', () => {
    expect(londonDateTime(utc('2026-01-05T09:00:00Z'))).toEqual({
      date: '2026-01-05',
      time: '09:00',
      hour: 9,
      minute: 0,
    });
    expect(londonDateTime(utc('2026-07-01T09:00:00Z')).time).toBe('10:00');
    expect(londonDateTime(utc('2026-06-30T23:30:00Z')).date).toBe('2026-07-01');
    expect(londonDateTime(utc('2026-12-31T23:30:00Z')).date).toBe('2026-12-31');
  });

  it('changes to BST at 01:00 UTC on the last Sunday of March (29 March 2026)', () => {
    expect(londonDateTime(utc('2026-03-29T00:59:00Z')).time).toBe('00:59');
    expect(londonDateTime(utc('2026-03-29T01:00:00Z')).time).toBe('02:00');
    expect(londonInstant('2026-03-29', '00:30')).toBe(
      utc('2026-03-29T00:30:00Z'),
    );
    expect(londonInstant('2026-03-29', '02:00')).toBe(
      utc('2026-03-29T01:00:00Z'),
    );
    expect(londonInstant('2026-03-29', '09:00')).toBe(
      utc('2026-03-29T08:00:00Z'),
    );
    // 01:30 does not exist that day: taken as GMT (02:30 BST on the clock).
    expect(londonInstant('2026-03-29', '01:30')).toBe(
      utc('2026-03-29T01:30:00Z'),
    );
  });

  it('changes back to GMT at 01:00 UTC on the last Sunday of October (25 October 2026)', () => {
    expect(londonDateTime(utc('2026-10-25T00:59:00Z')).time).toBe('01:59');
    expect(londonDateTime(utc('2026-10-25T01:00:00Z')).time).toBe('01:00');
    // 01:30 happens twice: the earlier (BST) instant is chosen.
    expect(londonInstant('2026-10-25', '01:30')).toBe(
      utc('2026-10-25T00:30:00Z'),
    );
    expect(londonInstant('2026-10-25', '02:00')).toBe(
      utc('2026-10-25T02:00:00Z'),
    );
    expect(londonInstant('2026-10-24', '09:00')).toBe(
      utc('2026-10-24T08:00:00Z'),
    );
    expect(londonInstant('2026-10-26', '09:00')).toBe(
      utc('2026-10-26T09:00:00Z'),
    );
  });

  it('agrees with the IANA Europe/London zone for any instant 2020–2030', () => {
    const fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    fc.assert(
      fc.property(
        fc.integer({
          min: utc('2020-01-01T00:00:00Z'),
          max: utc('2030-12-31T00:00:00Z'),
        }),
        ms => {
          const p = Object.fromEntries(
            fmt.formatToParts(new Date(ms)).map(x => [x.type, x.value]),
          );
          const got = londonDateTime(ms);
          expect(got.date).toBe(`${p.year}-${p.month}-${p.day}`);
          expect(got.time).toBe(`${p.hour}:${p.minute}`);
          // And the wall-clock time maps back to an instant in that minute
          // (outside the repeated autumn hour).
          const back = londonInstant(got.date, got.time);
          const again = londonDateTime(back);
          expect(again.date).toBe(got.date);
          expect(again.time).toBe(got.time);
        },
      ),
      {numRuns: 2000},
    );
  });
});

describe('D11/D12: ages', () => {
  it('D11: a 29 February birthday falls on 1 March in a common year', () => {
    expect(birthdayAt('2008-02-29', 17)).toBe('2025-03-01');
    expect(birthdayAt('2008-02-29', 16)).toBe('2024-02-29');
    expect(ageOn('2008-02-29', '2025-02-28')).toBe(16);
    expect(ageOn('2008-02-29', '2025-03-01')).toBe(17);
  });

  it('D12: age in whole years changes on the birthday', () => {
    expect(ageOn('2010-01-06', '2026-01-05')).toBe(15);
    expect(ageOn('2010-01-06', '2026-01-06')).toBe(16);
    expect(ageOn('2010-01-06', '2026-12-31')).toBe(16);
  });
});
