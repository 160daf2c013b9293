import fs from 'node:fs';
import {Workspace} from '../../local/core';
import {
  NO_RECIPIENT_MESSAGE,
  QUOTA_MESSAGE,
  createMailApp,
  readSentMail,
} from '../../local/services/mail-app';
import {decodeQuotedPrintable} from '../../local/services/mime';
import {createUtilities} from '../../local/services/utilities';
import {ADMIN, newContext, tempWorkspace, thrown} from './services-fixtures';

const T0 = Date.parse('2026-01-05T09:00:00Z');
const HOUR = 3_600_000;

function emlOf(ws: Workspace, file: string): string {
  return fs.readFileSync(ws.path('mail', file), 'utf8');
}

/** The header block and the decoded text of each part with its type. */
function parts(eml: string): Array<{type: string; text: string}> {
  const out: Array<{type: string; text: string}> = [];
  const re =
    /Content-Type: (text\/(?:plain|html)); charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n([\s\S]*?)(?=\r\n--|$)/g;
  for (const m of eml.matchAll(re)) {
    out.push({type: m[1], text: decodeQuotedPrintable(m[2])});
  }
  return out;
}

describe('MailApp', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = tempWorkspace();
  });

  it('writes an RFC 5322 .eml with both parts, UTF-8 and encoded subject', () => {
    const ctx = newContext(ws, {startAt: T0});
    createMailApp(ctx).sendEmail({
      to: 'a@example.org, B Person <b@example.org>',
      cc: 'c@example.org',
      subject: 'Panel on 12 Jan – £1,200 due',
      body: 'Case PT-0001: papers due.\nCost £1,200 per week.',
      htmlBody: '<p>Case <b>PT-0001</b>: £1,200</p>',
      name: 'Panel Tracker',
    });
    const [sent] = readSentMail(ws);
    expect(sent).toMatchObject({
      to: 'a@example.org, B Person <b@example.org>',
      cc: 'c@example.org',
      subject: 'Panel on 12 Jan – £1,200 due',
      body: 'Case PT-0001: papers due.\nCost £1,200 per week.',
      htmlBody: '<p>Case <b>PT-0001</b>: £1,200</p>',
    });
    // The modelled clock includes the call's own modelled cost.
    expect(Date.parse(sent.sentAt) - T0).toBeGreaterThanOrEqual(0);
    expect(Date.parse(sent.sentAt) - T0).toBeLessThan(5000);
    expect(sent.file).toMatch(/^outbox\/20260105T09000\d{4}Z-000001-.*\.eml$/);

    const eml = emlOf(ws, sent.file);
    expect(eml).toContain(`From: "Panel Tracker" <${ADMIN}>\r\n`);
    expect(eml).toContain('To: a@example.org, B Person <b@example.org>\r\n');
    expect(eml).toContain('Cc: c@example.org\r\n');
    expect(eml).toMatch(/Date: Mon, 05 Jan 2026 09:00:0\d \+0000\r\n/);
    expect(eml).toContain('MIME-Version: 1.0\r\n');
    expect(eml).toMatch(/Content-Type: multipart\/alternative; boundary="/);
    const subject = /Subject: ((?:.*\r\n )*.*)\r\n/.exec(eml)![1];
    expect(subject).toMatch(/^=\?UTF-8\?B\?/);
    const decoded = subject
      .split('\r\n ')
      .map(w => Buffer.from(w.slice(10, -2), 'base64').toString('utf8'))
      .join('');
    expect(decoded).toBe('Panel on 12 Jan – £1,200 due');
    expect(parts(eml)).toEqual([
      {
        type: 'text/plain',
        text: 'Case PT-0001: papers due.\r\nCost £1,200 per week.',
      },
      {type: 'text/html', text: '<p>Case <b>PT-0001</b>: £1,200</p>'},
    ]);
    expect(eml).toContain('=C2=A3'); // the £ sign, quoted-printable UTF-8
  });

  it('sends plain text only when there is no htmlBody, and takes attachments', () => {
    const ctx = newContext(ws);
    const blob = createUtilities(ctx).newBlob(
      '%PDF-1.4',
      'application/pdf',
      'note.pdf',
    );
    createMailApp(ctx).sendEmail('a@example.org', 'Hello', 'Just text', {
      attachments: [blob],
    });
    const [sent] = readSentMail(ws);
    const eml = emlOf(ws, sent.file);
    expect(eml).not.toContain('text/html');
    expect(eml).toContain('Content-Type: multipart/mixed');
    expect(eml).toContain(
      'Content-Disposition: attachment; filename="note.pdf"',
    );
    expect(eml).toContain(Buffer.from('%PDF-1.4').toString('base64'));
    expect(sent.attachments).toEqual(['note.pdf']);
  });

  it('refuses invalid addresses and an empty recipient list', () => {
    const mail = createMailApp(newContext(ws));
    expect(
      thrown(() => mail.sendEmail('not-an-address', 'S', 'B')).message,
    ).toBe('Invalid email: not-an-address');
    expect(
      thrown(() => mail.sendEmail({to: '', subject: 'S', body: 'B'})).message,
    ).toBe(NO_RECIPIENT_MESSAGE);
    expect(readSentMail(ws)).toEqual([]);
  });

  it('counts every recipient against the daily quota and runs out', () => {
    ws.updateState(s => ({...s, mailQuota: 5}));
    const ctx = newContext(ws, {startAt: T0});
    const mail = createMailApp(ctx);
    expect(mail.getRemainingDailyQuota()).toBe(5);
    mail.sendEmail({
      to: 'a@example.org',
      cc: 'b@example.org',
      bcc: 'c@example.org',
      subject: 's',
      body: 'b',
    });
    expect(mail.getRemainingDailyQuota()).toBe(2);
    const e = thrown(() =>
      mail.sendEmail({
        to: 'a@example.org, b@example.org, c@example.org',
        subject: 's',
        body: 'b',
      }),
    );
    expect(e.message).toBe(QUOTA_MESSAGE);
    expect(e.message).toBe(
      'Service invoked too many times for one day: email.',
    );
    expect(readSentMail(ws)).toHaveLength(1); // nothing sent, nothing used
    mail.sendEmail('a@example.org, b@example.org', 's', 'b');
    expect(mail.getRemainingDailyQuota()).toBe(0);
    expect(() => mail.sendEmail('a@example.org', 's', 'b')).toThrow(
      QUOTA_MESSAGE,
    );
  });

  it('resets the quota 24 hours after the first send of the day', () => {
    ws.updateState(s => ({...s, mailQuota: 2}));
    const first = createMailApp(newContext(ws, {startAt: T0}));
    first.sendEmail('a@example.org', 's', 'b');
    const later = createMailApp(newContext(ws, {startAt: T0 + 20 * HOUR}));
    later.sendEmail('a@example.org', 's', 'b');
    expect(later.getRemainingDailyQuota()).toBe(0);

    // The window opened at the first send (T0 plus that call's modelled cost).
    const beforeReset = newContext(ws, {startAt: T0 + 24 * HOUR - 1000});
    expect(createMailApp(beforeReset).getRemainingDailyQuota()).toBe(0);
    const afterReset = createMailApp(
      newContext(ws, {startAt: T0 + 24 * HOUR + 1000}),
    );
    expect(afterReset.getRemainingDailyQuota()).toBe(2);
    afterReset.sendEmail('a@example.org', 's', 'b');
    expect(afterReset.getRemainingDailyQuota()).toBe(1);
  });

  it('keeps a separate quota per sending user', () => {
    ws.updateState(s => ({...s, mailQuota: 1}));
    createMailApp(newContext(ws)).sendEmail('a@example.org', 's', 'b');
    const other = createMailApp(newContext(ws, {activeUser: 'b@example.org'}));
    expect(other.getRemainingDailyQuota()).toBe(1);
  });
});
