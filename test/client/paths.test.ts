import {applyAliases, errorIdOf, targetFor} from '../../src/client/paths';

/** Element ids as a referral page has them. */
const PAGE = new Set([
  'caseId',
  'child.dateOfBirth',
  'consent',
  'consent.parentConsent',
  'agenciesToAssess',
  'costLines',
  'costLines.0',
  'costLines.0.weeklyPence',
  'costLines.0.sharesBp',
  'costLines.0.sharesBp.SCS',
  'costLines.0.sharesBp.EDU',
  'costLines.1',
  'costLines.1.sharesBp',
  'costLines.1.sharesBp.EDU',
  'notifiedAgencies',
  'notifiedAgencies.EDU',
  'notifiedAgencies.EDU.date',
  'notifiedAgencies.HEALTH.date',
]);
const exists = (id: string) => PAGE.has(id);

describe('error field paths → the inputs that show them', () => {
  it('a path names its own input', () => {
    expect(targetFor('child.dateOfBirth', exists)).toBe('child.dateOfBirth');
    expect(targetFor('costLines.1.sharesBp.EDU', exists)).toBe(
      'costLines.1.sharesBp.EDU',
    );
  });

  it('F2 on a line’s shares as a whole goes to that line’s shares group', () => {
    expect(targetFor('costLines.1.sharesBp', exists)).toBe(
      'costLines.1.sharesBp',
    );
  });

  it('a finer path falls back to its nearest shown parent', () => {
    expect(targetFor('agenciesToAssess.1', exists)).toBe('agenciesToAssess');
    expect(targetFor('costLines.1.stepDownDate', exists)).toBe('costLines.1');
    expect(targetFor('costLines.7.kind', exists)).toBe('costLines');
  });

  it('a hidden input is skipped for its section (D12 consent of an under-16 shown as 16+ by the server)', () => {
    expect(targetFor('consent.youngPersonConsent', exists)).toBe('consent');
  });

  it('errors about no input (S5 user, the form) have no target: summary only', () => {
    expect(targetFor('user', exists)).toBeNull();
    expect(targetFor('form', exists)).toBeNull();
    expect(targetFor('', exists)).toBeNull();
  });

  it('aliases map payload order to page ids (only ticked agencies are sent)', () => {
    const aliases = {
      'notifiedAgencies.0': 'notifiedAgencies.HEALTH',
      'notifiedAgencies.1': 'notifiedAgencies.EDU',
      expectedVersion: 'caseId',
    };
    expect(targetFor('notifiedAgencies.0.date', exists, aliases)).toBe(
      'notifiedAgencies.HEALTH.date',
    );
    expect(targetFor('notifiedAgencies.1.agency', exists, aliases)).toBe(
      'notifiedAgencies.EDU',
    );
    expect(targetFor('expectedVersion', exists, aliases)).toBe('caseId');
  });

  it('aliases replace whole segments only, the longest first', () => {
    const aliases = {a: 'x', 'a.1': 'y', ab: 'z'};
    expect(applyAliases('a.1.c', aliases)).toBe('y.c');
    expect(applyAliases('a.2', aliases)).toBe('x.2');
    expect(applyAliases('abc', aliases)).toBe('abc');
    expect(applyAliases('ab', aliases)).toBe('z');
  });

  it('an error’s text has an id derived from its input', () => {
    expect(errorIdOf('costLines.0.weeklyPence')).toBe(
      'costLines.0.weeklyPence-error',
    );
  });
});
