/**
 * P3, D6, D7, S2: the referral and outcome note on the BUILT bundle. A Kent
 * case goes to an endorsed decision; generateOutcomeNote composes the Docs
 * templates into ONE PDF in the case's Drive folder, which the test reads
 * back with pdftotext (poppler-utils) and keeps as page images (pdftoppm)
 * under test-output/notes/. People are fictional.
 */
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {documentBytes, loadDocumentJson} from '../../local/docs/document-app';
import {DocumentJson} from '../../local/docs/document-model';
import {
  DriveStore,
  listDriveFiles,
  readSharingLog,
} from '../../local/docs/drive-store';
import {readSentMail} from '../../local/services/mail-app';
import {formatUkDate} from '../../src/domain/calendar';
import {fundingTotals, resolveStoredLines} from '../../src/domain/funding';
import {formatBasisPoints, formatPence} from '../../src/domain/money';
import {resolveProfile} from '../../src/domain/profiles';
import {CostLine} from '../../src/domain/records';
import {
  alertArgs,
  build,
  kentCaseToReferral,
  MEMBERS,
  referralArgs,
  ROOT,
  Tracker,
  tracker,
} from './helpers';

const ADMIN = 'admin@example.org';
const ADMIN2 = 'admin2@example.org';
const CHAIR = 'chair@example.org';
const SW = 'sw1@example.org';
const PEOPLE = [
  ...MEMBERS,
  {email: ADMIN2, name: 'Abe Admin', role: 'admin', agency: 'SCS'},
];
const OUT = path.join(ROOT, 'test-output', 'notes');
/** The page image shown in the README, rewritten only with UPDATE_DOC_IMAGES=1. */
const DOC_IMAGE = path.join(ROOT, 'docs', 'images', 'outcome-note-page-1.png');

/** A provider name and a rationale that would break a naive replaceText. */
const TRICKY_PROVIDER = 'Oak $1 Trust \\ {{caseId}} .*( School';
const TRICKY_RATIONALE = 'Costs $0.50 \\n {{x}} $$ \\1 .*( hold; needs met.';

const COST_LINES = [
  {
    kind: 'education',
    description: 'School fees',
    weeklyPence: 300000,
    weeksPerYear: 38,
    sharesBp: {EDU: 10000},
  },
  {
    kind: 'care',
    description: 'Residential care',
    weeklyPence: 250001,
    weeksPerYear: 52,
    sharesBp: {SCS: 3333, HEALTH: 6667},
  },
  {
    kind: 'health',
    description: 'Therapy',
    weeklyPence: 45055,
    weeksPerYear: 39,
    sharesBp: {SCS: 3334, EDU: 3333, HEALTH: 3333},
  },
];

beforeAll(() => {
  try {
    execFileSync('pdftotext', ['-v'], {stdio: 'ignore'});
    execFileSync('pdftoppm', ['-v'], {stdio: 'ignore'});
  } catch {
    throw new Error(
      'pdftotext/pdftoppm are missing: .ci/run installs poppler-utils (or run apt-get install -y poppler-utils).',
    );
  }
  build();
  fs.mkdirSync(OUT, {recursive: true});
});

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], {encoding: 'utf8'});
}

interface Note {
  decisionId: string;
  version: number;
  pdfUrl: string;
  pdfFileId: string;
  folderId: string;
  fileName: string;
  sharedWith: string[];
  message: string;
}

/** Alert → shared → assessed → referred → agenda → endorsed at the panel of 3 March 2026. */
function endorsedCase(t: Tracker): string {
  const a = t.ok<{caseId: string}>(
    'submitAlert',
    alertArgs(),
    SW,
    '2026-01-05T09:00',
  );
  t.ok('shareAlert', {caseId: a.caseId}, ADMIN, '2026-01-06T09:00');
  t.ok(
    'recordAssessment',
    {
      caseId: a.caseId,
      agency: 'EDU',
      status: 'completed',
      supportsPlacement: true,
      inPrincipleAgreed: true,
    },
    'edu.rep@example.org',
    '2026-01-20T09:00',
  );
  t.ok(
    'recordAssessment',
    {
      caseId: a.caseId,
      agency: 'HEALTH',
      status: 'completed',
      supportsPlacement: true,
      inPrincipleAgreed: true,
    },
    'health.rep@example.org',
    '2026-01-21T09:00',
  );
  t.ok(
    'submitReferral',
    referralArgs(a.caseId, {
      placement: {
        provider: TRICKY_PROVIDER,
        setting: 'Residential special school',
        ofstedUrn: '123456',
        ofstedRegistered: true,
        termsAccepted: true,
        visited: true,
        startDate: '2026-03-02',
      },
      optionsConsidered: [
        {
          description: 'Oakfield School',
          recommended: true,
          rationale: 'Meets needs',
        },
        {description: 'Local day school', recommended: false},
      ],
      costLines: COST_LINES,
      paymentArrangement: 'leadAgencyPaysAndRecharges',
      rechargeFrequency: 'quarterly',
    }),
    SW,
    '2026-01-28T09:00',
  );
  t.ok('buildAgenda', {panelDate: '2026-03-03'}, ADMIN, '2026-02-18T09:00');
  t.ok(
    'recordDecision',
    {
      caseId: a.caseId,
      panelDate: '2026-03-03',
      outcome: 'endorsedWithConditions',
      rationale: TRICKY_RATIONALE,
      conditions: 'Review the therapy hours after one term.',
      reviewDate: '2027-02-28',
      actions: [
        {
          description: 'Send the contract to the provider',
          ownerEmail: ADMIN,
          dueDate: '2026-03-10',
        },
        {
          description: 'Arrange the first therapy session',
          ownerEmail: 'health.rep@example.org',
          dueDate: '2026-03-20',
        },
      ],
      attendees: {
        SCS: [CHAIR],
        EDU: ['edu.rep@example.org'],
        HEALTH: ['health.rep@example.org'],
      },
    },
    CHAIR,
    '2026-03-03T12:00',
  );
  return a.caseId;
}

function files(t: Tracker) {
  return listDriveFiles(t.session.workspace);
}

function pdfOf(t: Tracker, fileId: string) {
  const f = files(t).find(x => x.id === fileId);
  if (!f?.localFile) throw new Error(`no PDF ${fileId}`);
  return f;
}

/** The case's named people: referrer, representatives of its agencies, finance. */
const NAMED = [
  SW,
  CHAIR,
  'edu.rep@example.org',
  'health.rep@example.org',
  'finance@example.org',
];

/** Everyone a file of these tests may be shared with: the tracker's people and the referrer. */
const PEOPLE_EMAILS = [...PEOPLE.map(p => p.email), SW];

/**
 * S2, checked on every sharing call: the local Drive logs each
 * Drive.Permissions.create request as the script made it (refused ones too,
 * so one shared and then removed is still seen). Every one must name one of
 * the tracker's people as a user — never 'anyone' (with the link), never a
 * 'domain', never discoverable.
 */
function expectEverySharingCallToAPerson(t: Tracker): void {
  for (const r of readSharingLog(t.session.workspace)) {
    expect({
      fileId: r.fileId,
      type: r.type,
      domain: r.domain,
      allowFileDiscovery: r.allowFileDiscovery,
    }).toEqual({
      fileId: r.fileId,
      type: 'user',
      domain: null,
      allowFileDiscovery: null,
    });
    expect(['reader', 'writer']).toContain(r.role);
    expect(PEOPLE_EMAILS).toContain(r.emailAddress);
  }
}

/** S2: every permission on every file in the workspace's Drive is a person's. */
function expectOnlyUserPermissions(t: Tracker): void {
  for (const f of files(t)) {
    for (const p of f.permissions) {
      expect({file: f.name, type: p.type}).toEqual({
        file: f.name,
        type: 'user',
      });
      expect(p.emailAddress).toMatch(/@example\.org$/);
    }
  }
}

function expectedFunding() {
  const profile = resolveProfile({presetId: 'kent-jrap', settings: {}});
  if (!profile.ok) throw new Error('profile');
  const stored = COST_LINES.map(
    l =>
      ({
        ...l,
        startDate: null,
        endDate: null,
        reason: '',
        stepDownDate: null,
      }) as unknown as CostLine,
  );
  const lines = resolveStoredLines(stored, profile.value);
  return {lines, totals: fundingTotals(lines)};
}

describe('generateOutcomeNote', () => {
  let t: Tracker;
  let caseId: string;
  let note: Note;
  let text: string;
  /** Drive.Permissions.create calls counted by the service-call counter during the note. */
  let shareCalls: number;
  /** Entries of the sharing log before the note was made. */
  let logBefore: number;

  afterEach(() => expectEverySharingCallToAPerson(t));

  beforeAll(() => {
    t = tracker({profile: 'kent-jrap', members: PEOPLE});
    caseId = endorsedCase(t);
    logBefore = readSharingLog(t.session.workspace).length;
    const outcome = t.call(
      'generateOutcomeNote',
      {caseId, panelDate: '2026-03-03'},
      ADMIN,
      '2026-03-05T10:00',
    );
    if (!outcome.ok)
      throw new Error(JSON.stringify(outcome.errors ?? outcome.exception));
    note = outcome.result as Note;
    shareCalls = outcome.callsByMethod['Drive.Permissions.create'] ?? 0;
    fs.writeFileSync(
      path.join(OUT, 'bench.json'),
      JSON.stringify(
        {
          call: 'generateOutcomeNote',
          serviceCalls: outcome.serviceCalls,
          modelledMs: outcome.modelledMs,
          callsByMethod: outcome.callsByMethod,
        },
        null,
        2,
      ),
    );
    const pdf = pdfOf(t, note.pdfFileId);
    text = pdfText(pdf.localFile!);
    fs.writeFileSync(path.join(OUT, 'note.txt'), text);
    fs.copyFileSync(pdf.localFile!, path.join(OUT, 'note.pdf'));
    for (const old of fs.readdirSync(OUT).filter(f => f.startsWith('page-')))
      fs.rmSync(path.join(OUT, old));
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      pdf.localFile!,
      path.join(OUT, 'page'),
    ]);
    // The README shows the first page; refresh it on purpose only.
    if (process.env.UPDATE_DOC_IMAGES === '1') {
      fs.mkdirSync(path.dirname(DOC_IMAGE), {recursive: true});
      fs.copyFileSync(path.join(OUT, firstPageImage()), DOC_IMAGE);
    }
  });

  it('P3: one PDF named by case and version, in the case folder named by case ID, linked from Decisions', () => {
    expect(note).toMatchObject({
      version: 1,
      fileName: `${caseId} referral and outcome note v1.pdf`,
    });
    const pdf = pdfOf(t, note.pdfFileId);
    expect(pdf.mimeType).toBe('application/pdf');
    expect(pdf.path).toBe(
      `Panel Tracker/${caseId}/${caseId} referral and outcome note v1.pdf`,
    );
    expect(pdf.pages).toBeGreaterThanOrEqual(5);
    const folder = files(t).find(f => f.id === note.folderId)!;
    expect(folder.name).toBe(caseId);
    expect(t.tab('Cases').find(c => c.caseId === caseId)?.folderId).toBe(
      note.folderId,
    );
    const d = t.tab('Decisions').find(r => r.caseId === caseId)!;
    expect(d).toMatchObject({
      pdfUrl: note.pdfUrl,
      pdfFileId: note.pdfFileId,
      noteVersion: 1,
      outcomeNoteIssued: '2026-03-05',
    });
    expect(note.pdfUrl).toContain(note.pdfFileId);
    // The working Doc is gone: the PDF is the record.
    expect(
      files(t).filter(
        f =>
          f.mimeType === 'application/vnd.google-apps.document' &&
          f.name.startsWith(caseId),
      ),
    ).toEqual([]);
    const audit = t
      .tab('Audit')
      .filter(a => a.action === 'generateOutcomeNote');
    expect(audit).toHaveLength(1);
    // Whole words: the random file and folder IDs may contain "AB".
    expect(String(audit[0].summary)).not.toMatch(/\bAB\b|\b2013\b/);
  });

  it('P3: the PDF holds the case ID and each part, in order, each from a new page', () => {
    const pages = text.split('\f');
    const firstLine = (p: string) =>
      p
        .split('\n')
        .map(l => l.trim())
        .find(Boolean) ?? '';
    expect(pages[0]).toContain(caseId);
    expect(pages[0]).toContain('Referral and outcome note');
    const headings = [
      'Part 1: Referral alert',
      'Part 2: Referral',
      'Part 3: Outcome note',
      'Funding agreement',
    ];
    const starts = headings.map(h =>
      pages.findIndex((p, i) => i > 0 && firstLine(p) === h),
    );
    for (const s of starts) expect(s).toBeGreaterThan(0);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    // Part 1 is the case file: the child's reference, initials and date of birth are in it.
    expect(pages[starts[0]]).toContain('SCS-20001');
    expect(pages[starts[0]]).toContain('20/05/2013');
  });

  it('P3: display values only — the decision, dates as dd/mm/yyyy, labels, never ISO dates or enum names', () => {
    expect(text).toContain('Endorsed with conditions');
    expect(text).toMatch(/Review date\s+28\/02\/2027/);
    expect(text).toMatch(/Panel date\s+03\/03\/2026/);
    expect(text).toContain('Review the therapy hours after one term.');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toMatch(
      /Action Owner Due Send the contract to the (provider )?Ada Admin 10\/03\/2026/,
    );
    expect(flat).toMatch(
      /Arrange the first (therapy session )?.*Hana Health 20\/03\/2026/,
    );
    expect(text).toContain('Residential school');
    expect(text).toContain('Quarterly');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).not.toMatch(
      /endorsedWithConditions|residentialSchool|leadAgencyPaysAndRecharges/,
    );
    expect(text).not.toMatch(/\{\{(?!caseId\}\} \.\*\(|x\}\})\w+\}\}/);
  });

  it('F3/F4: the cost tables show each line, its weeks basis, the split per agency and totals that match the domain', () => {
    const {lines, totals} = expectedFunding();
    const fa = text.slice(text.lastIndexOf('Funding agreement'));
    const costs = fa.slice(
      fa.indexOf('Cost lines'),
      fa.indexOf('Split between the agencies'),
    );
    lines.forEach((l, i) => {
      expect(costs).toMatch(
        new RegExp(
          `${i + 1}\\s+\\w+\\s+.*${esc(formatPence(l.weeklyPence))}\\s+${l.weeksPerYear}\\s+${esc(formatPence(l.annualPence))}`,
        ),
      );
    });
    expect(costs).toMatch(
      new RegExp(
        `Total\\s+${esc(formatPence(totals.weeklyPence))}\\s+${esc(formatPence(totals.annualPence))}`,
      ),
    );
    const split = fa.slice(
      fa.indexOf('Split between the agencies'),
      fa.indexOf('Totals per agency'),
    );
    lines.forEach((l, i) => {
      for (const [agency, bp] of Object.entries(l.sharesBp)) {
        expect(split).toMatch(
          new RegExp(
            `${i + 1} \\w+\\s+${agency}\\s+${esc(formatBasisPoints(bp))}\\s+${esc(formatPence(l.agencyWeeklyPence[agency]))}\\s+${esc(formatPence(l.agencyAnnualPence[agency]))}`,
          ),
        );
      }
    });
    const perAgency = fa.slice(
      fa.indexOf('Totals per agency'),
      fa.indexOf('Payment arrangements'),
    );
    for (const agency of ['SCS', 'EDU', 'HEALTH']) {
      expect(perAgency).toMatch(
        new RegExp(
          `^\\s*${agency}\\s+${esc(formatPence(totals.agencyWeeklyPence[agency]))}\\s+${esc(formatPence(totals.agencyAnnualPence[agency]))}\\s*$`,
          'm',
        ),
      );
    }
    expect(perAgency).toMatch(
      new RegExp(
        `Total\\s+${esc(formatPence(totals.weeklyPence))}\\s+${esc(formatPence(totals.annualPence))}`,
      ),
    );
    // F3: the per-agency pence add up to the line, to the penny.
    const sum = (r: Record<string, number>) =>
      Object.values(r).reduce((s, p) => s + p, 0);
    expect(sum(totals.agencyWeeklyPence)).toBe(totals.weeklyPence);
    expect(sum(totals.agencyAnnualPence)).toBe(totals.annualPence);
  });

  it('P3: a value holding $1, a backslash, {{…}} or regex characters is inserted literally', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(TRICKY_PROVIDER);
    expect(flat).toContain(TRICKY_RATIONALE);
  });

  it('S2: the PDF is shared with the case’s named people only, as users, and nothing is shared by link or domain', () => {
    expectOnlyUserPermissions(t);
    // Every sharing call of the note: one per named person, on the PDF, as a
    // reader, and the log holds exactly the calls the counter saw.
    const calls = readSharingLog(t.session.workspace).slice(logBefore);
    expect(calls).toHaveLength(shareCalls);
    expect(calls.map(c => [c.fileId, c.type, c.role])).toEqual(
      NAMED.map(() => [note.pdfFileId, 'user', 'reader']),
    );
    expect(calls.map(c => c.emailAddress).sort()).toEqual([...NAMED].sort());
    // Set-up's sharing calls: the templates, with the other admin, to edit.
    const setup = readSharingLog(t.session.workspace).slice(0, logBefore);
    expect(setup.length).toBeGreaterThan(0);
    expect(new Set(setup.map(c => `${c.emailAddress} ${c.role}`))).toEqual(
      new Set([`${ADMIN2} writer`]),
    );
    const pdf = pdfOf(t, note.pdfFileId);
    expect([...pdf.sharedWith].sort()).toEqual([...NAMED].sort());
    expect(
      pdf.permissions
        .filter(p => p.role !== 'owner')
        .every(p => p.role === 'reader' && !p.inheritedFrom),
    ).toBe(true);
    expect([...note.sharedWith].sort()).toEqual([...NAMED].sort());
    // Folders are never shared (their permissions would reach every PDF inside).
    for (const f of files(t).filter(
      x => x.mimeType === 'application/vnd.google-apps.folder',
    ))
      expect(f.sharedWith).toEqual([]);
    // Templates: shared with the other admin only (to edit the wording).
    for (const f of files(t).filter(x =>
      x.name.startsWith('Panel Tracker template'),
    ))
      expect(f.sharedWith).toEqual([ADMIN2]);
  });

  it('S1: Drive’s notification carries the case ID and version, nothing about the child', () => {
    const pdf = pdfOf(t, note.pdfFileId);
    expect(
      pdf.permissions
        .filter(p => p.role === 'reader')
        .every(p => p.notified === true),
    ).toBe(true);
    const store = new DriveStore(t.session.workspace);
    expect(store.get(note.pdfFileId)?.name).not.toMatch(/AB|SCS-20001/);
  });

  it('keeps page images of the note under test-output/notes/; the README image exists', () => {
    const pages = fs.readdirSync(OUT).filter(f => /^page-\d+\.png$/.test(f));
    expect(pages.length).toBe(pdfOf(t, note.pdfFileId).pages);
    for (const f of pages)
      expect(fs.readFileSync(path.join(OUT, f)).subarray(1, 4).toString()).toBe(
        'PNG',
      );
    expect(fs.existsSync(DOC_IMAGE)).toBe(true);
  });
});

/** pdftoppm pads page numbers to the page count's width: page-1.png, or page-01.png past 9 pages. */
function firstPageImage(): string {
  const first = fs
    .readdirSync(OUT)
    .filter(f => /^page-0*1\.png$/.test(f))
    .sort()[0];
  if (!first) throw new Error(`no first page image in ${OUT}`);
  return first;
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Change a template's stored Doc, as an admin editing it in Google Docs would. */
function editTemplate(
  t: Tracker,
  key: string,
  edit: (doc: DocumentJson) => void,
): string {
  const id = String(
    t.tab('_System').find(r => r.key === `template:${key}`)?.value ?? '',
  );
  const store = new DriveStore(t.session.workspace);
  const record = store.get(id)!;
  const doc = loadDocumentJson(store, record);
  edit(doc);
  store.attachContent(record, documentBytes(doc));
  store.update(index => {
    Object.assign(index.files[id], {
      localFile: record.localFile,
      size: record.size,
    });
  });
  return id;
}

function noteText(t: Tracker, fileId: string): string {
  return pdfText(pdfOf(t, fileId).localFile!);
}

describe('regenerating, templates and Drive visibility', () => {
  let t: Tracker;
  let caseId: string;
  let v1: Note;
  let v2: Note;

  afterEach(() => expectEverySharingCallToAPerson(t));

  beforeAll(() => {
    t = tracker({profile: 'kent-jrap', members: PEOPLE});
    caseId = endorsedCase(t);
    v1 = t.ok<Note>(
      'generateOutcomeNote',
      {caseId, panelDate: '2026-03-03'},
      ADMIN,
      '2026-03-05T10:00',
    );
  });

  it('setup created each template once, in the Panel Tracker folder, with its ID in _System; a second set-up keeps them', () => {
    const keys = [
      'cover',
      'referralAlert',
      'referral',
      'outcomeNote',
      'fundingAgreement',
    ];
    const ids = keys.map(k =>
      String(
        t.tab('_System').find(r => r.key === `template:${k}`)?.value ?? '',
      ),
    );
    for (const id of ids)
      expect(files(t).find(f => f.id === id)?.path).toMatch(
        /^Panel Tracker\/Panel Tracker template - /,
      );
    const again = t.call('setupTracker', {}, ADMIN, '2026-03-05T11:00');
    expect(again.ok).toBe(true);
    expect(again.result).toMatchObject({templatesCreated: []});
    expect(
      keys.map(k =>
        String(t.tab('_System').find(r => r.key === `template:${k}`)?.value),
      ),
    ).toEqual(ids);
    expect(
      files(t).filter(f => f.name.startsWith('Panel Tracker template')),
    ).toHaveLength(5);
  });

  it('P3: an admin’s edit of a template’s wording is used by the next note; regenerating gives v2 and keeps v1, renamed and unshared', () => {
    editTemplate(t, 'outcomeNote', doc => {
      const p = doc.body.find(
        b =>
          b.type === 'PARAGRAPH' &&
          b.text.startsWith('Confidential outcome note'),
      );
      if (!p || p.type !== 'PARAGRAPH') throw new Error('no paragraph to edit');
      p.text =
        'Outcome of the panel for {{caseId}}, worded by the panel administrator. Review on {{reviewDate}}.';
    });
    v2 = t.ok<Note>(
      'generateOutcomeNote',
      {caseId, panelDate: '2026-03-03'},
      ADMIN,
      '2026-03-06T10:00',
    );
    expect(v2).toMatchObject({
      version: 2,
      folderId: v1.folderId,
      fileName: `${caseId} referral and outcome note v2.pdf`,
    });
    expect(v2.message).toContain('Version 1 is kept');
    const text = noteText(t, v2.pdfFileId).replace(/\s+/g, ' ');
    expect(text).toContain(
      `Outcome of the panel for ${caseId}, worded by the panel administrator. Review on 28/02/2027.`,
    );
    expect(text).not.toContain('Confidential outcome note');
    // v1 is still in the case folder, named as superseded, shared with no one.
    const old = pdfOf(t, v1.pdfFileId);
    expect(old.path).toBe(
      `Panel Tracker/${caseId}/${caseId} referral and outcome note v1 (superseded by v2).pdf`,
    );
    expect(old.trashed).toBe(false);
    expect(old.sharedWith).toEqual([]);
    expect([...pdfOf(t, v2.pdfFileId).sharedWith].sort()).toEqual(
      [...NAMED].sort(),
    );
    const d = t.tab('Decisions').find(r => r.caseId === caseId)!;
    expect(d).toMatchObject({
      pdfFileId: v2.pdfFileId,
      noteVersion: 2,
      outcomeNoteIssued: '2026-03-06',
    });
    expectOnlyUserPermissions(t);
  });

  it('P3: a template that cannot be opened any more is re-created from the data, and the note says so', () => {
    const id = String(
      t.tab('_System').find(r => r.key === 'template:referral')?.value,
    );
    new DriveStore(t.session.workspace).update(index => {
      delete index.files[id];
    });
    const v3 = t.ok<Note>(
      'generateOutcomeNote',
      {caseId},
      ADMIN,
      '2026-03-06T11:00',
    );
    expect(v3.version).toBe(3);
    expect(v3.message).toMatch(
      /Panel Tracker template - Part 2 Referral' could not be opened/,
    );
    expect(noteText(t, v3.pdfFileId)).toContain('Part 2: Referral');
    const now = String(
      t.tab('_System').find(r => r.key === 'template:referral')?.value,
    );
    expect(now).not.toBe(id);
    expect(files(t).find(f => f.id === now)?.path).toBe(
      'Panel Tracker/Panel Tracker template - Part 2 Referral',
    );
    // The edited outcome note template was kept as it was.
    expect(noteText(t, v3.pdfFileId)).toContain(
      'worded by the panel administrator',
    );
  });

  it('drive.file: another admin cannot reach the case folder — refused with the reason, nothing made — unless they ask for a new folder in their own Drive', () => {
    const before = files(t).length;
    const refused = t.call(
      'generateOutcomeNote',
      {caseId},
      ADMIN2,
      '2026-03-07T09:00',
    );
    expect(refused.ok).toBe(false);
    expect(refused.errors[0]).toMatchObject({field: 'newFolder', rule: 'S2'});
    expect(refused.errors[0].message).toMatch(/drive\.file/);
    expect(files(t)).toHaveLength(before);
    const v4 = t.ok<Note>(
      'generateOutcomeNote',
      {caseId, newFolder: true},
      ADMIN2,
      '2026-03-07T09:05',
    );
    expect(v4.version).toBe(4);
    expect(v4.folderId).not.toBe(v1.folderId);
    expect(v4.message).toMatch(/Version 3 is not in your Drive/);
    const pdf = pdfOf(t, v4.pdfFileId);
    expect(pdf.owners).toEqual([ADMIN2]);
    expect(pdf.path).toBe(
      `${caseId}/${caseId} referral and outcome note v4.pdf`,
    );
    // The templates were shared with the second admin at set-up: their edited wording is used.
    expect(noteText(t, v4.pdfFileId)).toContain(
      'worded by the panel administrator',
    );
    expect(t.tab('Cases').find(c => c.caseId === caseId)?.folderId).toBe(
      v4.folderId,
    );
    expect([...pdf.sharedWith].sort()).toEqual([...NAMED].sort());
    // The template re-created by the first admin was shared with the second: nothing to re-create.
    expect(v4.message).not.toMatch(/could not be opened/);
    expectOnlyUserPermissions(t);
  });

  it('S5: only an admin or a chair issues an outcome note', () => {
    for (const who of ['edu.rep@example.org', SW, 'finance@example.org']) {
      const refused = t.call(
        'generateOutcomeNote',
        {caseId},
        who,
        '2026-03-08T09:00',
      );
      expect(refused.ok).toBe(false);
      expect(refused.errors[0]).toMatchObject({field: 'user', rule: 'S5'});
    }
    const chair = t.call(
      'generateOutcomeNote',
      {caseId: 'JRAP-2026-0999'},
      CHAIR,
      '2026-03-08T09:00',
    );
    expect(chair.ok).toBe(false);
    expect(chair.errors[0].field).toBe('caseId');
  });
});

describe('signFundingAgreement (D7)', () => {
  let t: Tracker;
  let caseId: string;

  afterEach(() => expectEverySharingCallToAPerson(t));

  beforeAll(() => {
    t = tracker({profile: 'kent-jrap', members: PEOPLE});
    caseId = endorsedCase(t);
  });

  it('S5: an admin, or another agency’s representative, cannot sign for an agency; nothing is written', () => {
    const before = JSON.stringify(t.tab('Signatures'));
    for (const [who, agency] of [
      [ADMIN, 'SCS'],
      ['edu.rep@example.org', 'HEALTH'],
      [SW, 'SCS'],
    ]) {
      const refused = t.call(
        'signFundingAgreement',
        {caseId, agency},
        who,
        '2026-03-04T09:00',
      );
      expect(refused.ok).toBe(false);
      expect(refused.errors[0]).toMatchObject({field: 'agency', rule: 'S5'});
    }
    expect(JSON.stringify(t.tab('Signatures'))).toBe(before);
  });

  it('D7: the agency’s representative signs its version; the Signatures tab records who and when; the rest are outstanding', () => {
    const signed = t.ok<{
      outstanding: string[];
      message: string;
      version: number;
    }>(
      'signFundingAgreement',
      {caseId, agency: 'EDU'},
      'edu.rep@example.org',
      '2026-03-04T10:00',
    );
    expect(signed.version).toBe(1);
    expect([...signed.outstanding].sort()).toEqual(['HEALTH', 'SCS']);
    const rows = t.tab('Signatures').filter(s => s.caseId === caseId);
    expect(rows.find(s => s.agency === 'EDU')).toMatchObject({
      signedBy: 'edu.rep@example.org',
      signedDate: '2026-03-04',
      version: 1,
    });
    expect(rows.find(s => s.agency === 'HEALTH')).toMatchObject({
      signedBy: '',
      signedDate: null,
    });
    // Signing twice changes nothing.
    const again = t.ok<{message: string}>(
      'signFundingAgreement',
      {caseId, agency: 'EDU'},
      'edu.rep@example.org',
      '2026-03-05T10:00',
    );
    expect(again.message).toMatch(/already signed/);
    expect(
      t.tab('Signatures').find(s => s.caseId === caseId && s.agency === 'EDU')
        ?.signedDate,
    ).toBe('2026-03-04');
    // The chair represents SCS.
    t.ok(
      'signFundingAgreement',
      {caseId, agency: 'SCS'},
      CHAIR,
      '2026-03-04T11:00',
    );
    expect(
      t.tab('Audit').filter(a => a.action === 'signFundingAgreement'),
    ).toHaveLength(2);
    const mine = t.ok<Array<{caseId: string; agency: string}>>(
      'getMySignatures',
      undefined,
      'health.rep@example.org',
      '2026-03-04T12:00',
    );
    expect(mine).toEqual([
      expect.objectContaining({
        caseId,
        agency: 'HEALTH',
        version: 1,
        overdue: false,
      }),
    ]);
  });

  it('D7: the note shows who signed; a signature still outstanding after 7 days is a reminder item of the daily run', () => {
    const note = t.ok<Note>(
      'generateOutcomeNote',
      {caseId},
      ADMIN,
      '2026-03-05T09:00',
    );
    expect(note.message).toContain('signatures outstanding: HEALTH');
    const text = noteText(t, note.pdfFileId).replace(/\s+/g, ' ');
    expect(text).toContain(
      `EDU Eddie Edu ${formatUkDate('2026-03-04')} 10/03/2026`,
    );
    expect(text).toContain('HEALTH Awaiting signature 10/03/2026');
    t.ok('runDaily', undefined, ADMIN, '2026-03-11T07:00');
    const mail = readSentMail(t.session.workspace).filter(m =>
      m.to.includes('health.rep@example.org'),
    );
    expect(
      mail.some(m => /signature/i.test(m.body) && m.body.includes(caseId)),
    ).toBe(true);
    for (const m of readSentMail(t.session.workspace))
      expect(m.body).not.toMatch(/\bAB\b|20\/05\/2013|SCS-20001/);
  });
  it('D7: a review that asks for the same version again opens a new round, and signing fills that round', () => {
    t.ok(
      'recordDecision',
      {
        caseId,
        panelDate: '2026-04-07',
        outcome: 'endorsed',
        rationale: 'Review: the placement still meets the needs.',
        reviewDate: '2027-04-06',
        actions: [],
      },
      CHAIR,
      '2026-04-07T12:00',
    );
    const round = t
      .tab('Signatures')
      .filter(s => s.caseId === caseId && s.dueDate === '2026-04-14');
    expect(round.map(s => s.agency).sort()).toEqual(['EDU', 'HEALTH', 'SCS']);
    const signed = t.ok<{message: string; outstanding: string[]}>(
      'signFundingAgreement',
      {caseId, agency: 'EDU'},
      'edu.rep@example.org',
      '2026-04-08T09:00',
    );
    expect(signed.message).not.toMatch(/already/);
    const edu = t
      .tab('Signatures')
      .filter(s => s.caseId === caseId && s.agency === 'EDU');
    expect(edu.map(s => [s.dueDate, s.signedDate])).toEqual([
      ['2026-03-10', '2026-03-04'],
      ['2026-04-14', '2026-04-08'],
    ]);
    const note = t.ok<Note>(
      'generateOutcomeNote',
      {caseId, panelDate: '2026-04-07'},
      ADMIN,
      '2026-04-08T10:00',
    );
    const text = noteText(t, note.pdfFileId).replace(/\s+/g, ' ');
    expect(text).toContain('EDU Eddie Edu 08/04/2026 14/04/2026');
    expect(text).not.toContain('10/03/2026');
  });
});

describe('a decision not to endorse', () => {
  it('P3: the note of a decision not to endorse shows the proposed funding as not agreed, with no signatures due', () => {
    const t = tracker({profile: 'kent-jrap', members: PEOPLE});
    const a = {caseId: kentCaseToReferral(t, {referrer: SW})};
    t.ok(
      'recordDecision',
      {
        caseId: a.caseId,
        panelDate: '2026-03-03',
        outcome: 'notEndorsed',
        rationale: 'Local provision can meet the needs.',
        actions: [],
      },
      CHAIR,
      '2026-03-03T12:00',
    );
    const note = t.ok<Note>(
      'generateOutcomeNote',
      {caseId: a.caseId, panelDate: '2026-03-03'},
      CHAIR,
      '2026-03-04T09:00',
    );
    const text = noteText(t, note.pdfFileId).replace(/\s+/g, ' ');
    expect(text).toContain('Decision Not endorsed');
    expect(text).toContain('proposed; not agreed by the panel (not endorsed)');
    expect(text).toContain('No signatures: the funding was not agreed');
    expect(text).toContain('Local provision can meet the needs.');
    // The chair issued it: it is the chair's file, shared with the other named people.
    const pdf = pdfOf(t, note.pdfFileId);
    expect(pdf.owners).toEqual([CHAIR]);
    expect([...pdf.sharedWith].sort()).toEqual(
      NAMED.filter(e => e !== CHAIR).sort(),
    );
    const list = t.ok<Array<{caseId: string; noteVersion: number}>>(
      'getOutcomeNotes',
      undefined,
      ADMIN,
      '2026-03-04T10:00',
    );
    expect(list[0]).toMatchObject({
      caseId: a.caseId,
      noteVersion: 1,
      outcome: 'notEndorsed',
    });
    expectEverySharingCallToAPerson(t);
  });
});

/** One entry point in its own OS process (build/local/call.js): a separate Apps Script execution. */
function callInProcess(
  dir: string,
  fn: string,
  args: unknown,
  as: string,
  at: string,
): Promise<{ok: boolean; result: Note | null; errors: Array<{rule: string}>}> {
  return new Promise((resolve, reject) => {
    const argv = [path.join(ROOT, 'build/local/call.js'), '--workspace', dir];
    argv.push('--as', as, '--at', at, fn, JSON.stringify(args));
    const child = spawn(process.execPath, argv, {
      cwd: ROOT,
      env: {...process.env, TZ: 'Europe/London'},
    });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('error', reject);
    child.on('close', code => {
      if (code !== 0) reject(new Error(`call.js ${fn} exited ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
  });
}

describe('generating at the same time (S6)', () => {
  it('S6: notes of one decision made at once never share a version; the Decisions link is to a kept PDF and nothing is left unlinked', async () => {
    const t = tracker({profile: 'kent-jrap', members: PEOPLE});
    const caseId = endorsedCase(t);
    const outcomes = await Promise.all(
      [0, 1, 2].map(i =>
        callInProcess(
          t.session.workspace.dir,
          'generateOutcomeNote',
          {caseId, submissionId: `note-${i}`},
          ADMIN,
          '2026-03-05T10:00',
        ),
      ),
    );
    const done = outcomes.filter(o => o.ok).map(o => o.result!);
    expect(done.length).toBeGreaterThanOrEqual(1);
    for (const o of outcomes.filter(x => !x.ok))
      expect(o.errors[0].rule).toBe('S6');
    expect(new Set(done.map(n => n.version)).size).toBe(done.length);
    const pdfs = files(t).filter(f => f.mimeType === 'application/pdf');
    // Every PDF left is one that a successful call reported, in one case folder.
    expect(pdfs.map(f => f.id).sort()).toEqual(
      done.map(n => n.pdfFileId).sort(),
    );
    expect(new Set(done.map(n => n.folderId)).size).toBe(1);
    expect(
      files(t).filter(
        f =>
          f.mimeType === 'application/vnd.google-apps.folder' &&
          f.name === caseId,
      ),
    ).toHaveLength(1);
    const d = t.tab('Decisions').find(r => r.caseId === caseId)!;
    const latest = done.reduce((a, b) => (a.version > b.version ? a : b));
    expect(d).toMatchObject({
      pdfFileId: latest.pdfFileId,
      noteVersion: latest.version,
    });
    expectOnlyUserPermissions(t);
    // The sharing calls of the three executions (separate processes) are in the log too.
    expect(
      readSharingLog(t.session.workspace).filter(r =>
        done.some(n => n.pdfFileId === r.fileId),
      ).length,
    ).toBeGreaterThanOrEqual(done.length * NAMED.length);
    expectEverySharingCallToAPerson(t);
  }, 120_000);
});
