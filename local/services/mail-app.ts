/**
 * MailApp stand-in: every sent mail becomes an RFC 5322 .eml file under
 * <workspace>/mail/outbox/ plus an entry in <workspace>/mail/sent.json; a
 * daily recipient quota lives in <workspace>/mail/quota.json.
 *
 * Reference pages:
 *  - https://developers.google.com/apps-script/reference/mail/mail-app
 *  - https://developers.google.com/apps-script/guides/services/quotas
 *    ("Email recipients per day: 100 / day" for consumer accounts; "Quotas
 *    are per user and reset 24 hours after the first request")
 * Error messages, as Apps Script users report them verbatim:
 *  - "Service invoked too many times for one day: email."
 *  - "Invalid email: <address>"
 *  - "Failed to send email: no recipient"
 */
import fs from 'node:fs';
import {ExecutionContext, Workspace, gasError, writeFileAtomic} from '../core';
import {MimeAttachment, buildEml} from './mime';
import {JsonFile, safeFileName} from './store';

type Params = GoogleAppsScript.Mail.MailAdvancedParameters;

export type MailAppApi = Pick<
  GoogleAppsScript.Mail.MailApp,
  'sendEmail' | 'getRemainingDailyQuota'
>;

export const DEFAULT_MAIL_QUOTA = 100;
export const QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;
export const QUOTA_MESSAGE =
  'Service invoked too many times for one day: email.';
export const NO_RECIPIENT_MESSAGE = 'Failed to send email: no recipient';
export const invalidEmailMessage = (address: string) =>
  `Invalid email: ${address}`;

/** One entry of <workspace>/mail/sent.json. */
export interface SentMail {
  from: string;
  to: string;
  cc: string;
  bcc: string;
  replyTo: string;
  subject: string;
  body: string;
  htmlBody: string | null;
  attachments: string[];
  sentAt: string;
  /** Path of the .eml file, relative to <workspace>/mail/. */
  file: string;
}

/** Per user: when the current 24-hour window began and what it has used. */
interface QuotaState {
  [user: string]: {windowStart: number; used: number};
}

/** Every mail sent in this workspace, oldest first. */
export function readSentMail(workspace: Workspace): SentMail[] {
  return sentIndex(workspace).read();
}

function sentIndex(workspace: Workspace): JsonFile<SentMail[]> {
  return new JsonFile(workspace.path('mail', 'sent.json'), () => []);
}

function quotaFile(workspace: Workspace): JsonFile<QuotaState> {
  return new JsonFile(workspace.path('mail', 'quota.json'), () => ({}));
}

function dailyLimit(workspace: Workspace): number {
  return workspace.readState().mailQuota ?? DEFAULT_MAIL_QUOTA;
}

export function createMailApp(ctx: ExecutionContext): MailAppApi {
  return {
    sendEmail(
      first: string | Params,
      second?: string,
      third?: string,
      fourth?: string | Params,
    ) {
      ctx.calls.record('MailApp', 'sendEmail');
      sendMail(ctx, normalise(first, second, third, fourth));
    },

    /** "the number of remaining emails a user can send for the rest of the day" */
    getRemainingDailyQuota() {
      ctx.calls.record('MailApp', 'getRemainingDailyQuota');
      return remainingQuota(ctx);
    },
  };
}

/** The four sendEmail overloads, as one message. */
function normalise(
  first: string | Params,
  second?: string,
  third?: string,
  fourth?: string | Params,
): Params {
  if (typeof first === 'object' && first !== null) return {...first};
  if (typeof fourth === 'string') {
    // sendEmail(to, replyTo, subject, body)
    return {to: first, replyTo: second, subject: third, body: fourth};
  }
  return {...(fourth ?? {}), to: first, subject: second, body: third};
}

function sendMail(ctx: ExecutionContext, p: Params): void {
  const to = addresses(ctx, p.to);
  const cc = addresses(ctx, p.cc);
  const bcc = addresses(ctx, p.bcc);
  const count = to.length + cc.length + bcc.length;
  if (count === 0) throw gasError(ctx, NO_RECIPIENT_MESSAGE);
  consumeQuota(ctx, count);
  const from = sender(ctx, p);
  const sentAt = ctx.now();
  const subject = String(p.subject ?? '');
  const body = String(p.body ?? '');
  const html = p.htmlBody === undefined ? undefined : String(p.htmlBody);
  const attachments = (p.attachments ?? []).map(attachmentOf);
  const eml = buildEml({
    from,
    to,
    cc,
    replyTo: p.replyTo,
    subject,
    date: sentAt,
    text: body || (html ? htmlToText(html) : ''),
    html,
    attachments,
    messageIdDomain: domainOf(ctx.effectiveUser) || 'localhost',
  });
  appendToOutbox(ctx.workspace, eml, {
    from,
    to: to.join(', '),
    cc: cc.join(', '),
    bcc: bcc.join(', '),
    replyTo: p.replyTo ?? '',
    subject,
    body,
    htmlBody: html ?? null,
    attachments: attachments.map(a => a.name),
    sentAt: new Date(sentAt).toISOString(),
  });
}

/**
 * Comma-separated addresses, each optionally "Name <address>". Anything that
 * is not a plausible address is refused with the platform's message.
 */
function addresses(ctx: ExecutionContext, list: string | undefined): string[] {
  if (list === undefined || list === null) return [];
  return String(list)
    .split(',')
    .map(a => a.trim())
    .filter(a => a !== '')
    .map(a => {
      const inner = /<([^<>]*)>\s*$/.exec(a)?.[1] ?? a;
      if (!isEmailAddress(inner)) throw gasError(ctx, invalidEmailMessage(a));
      return a;
    });
}

export function isEmailAddress(s: string): boolean {
  return /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[A-Za-z0-9-]{2,}$/.test(
    s,
  );
}

/**
 * From: the effective user; "name" sets the display name; "noReply" sends
 * from a generic no-reply address of the user's domain (mail-app reference:
 * "only possible for Google Workspace accounts").
 */
function sender(ctx: ExecutionContext, p: Params): string {
  const address = p.noReply
    ? `noreply@${domainOf(ctx.effectiveUser) || 'localhost'}`
    : ctx.effectiveUser;
  if (!p.name) return address;
  const name = String(p.name);
  const plain = /^[\x20-\x7e]*$/.test(name);
  const display = plain ? `"${name.replace(/["\\]/g, '\\$&')}"` : undefined;
  return `${display ?? encodeName(name)} <${address}>`;
}

function encodeName(name: string): string {
  return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`;
}

function domainOf(email: string): string {
  return email.includes('@') ? email.slice(email.indexOf('@') + 1) : '';
}

/**
 * Take `count` recipients from the user's daily quota, atomically across
 * processes. The window starts at the first send and resets 24 hours later
 * (quotas page; SPEC 7). Not enough left: nothing is sent.
 */
function consumeQuota(ctx: ExecutionContext, count: number): void {
  const limit = dailyLimit(ctx.workspace);
  const now = ctx.now();
  const user = ctx.effectiveUser;
  quotaFile(ctx.workspace).update(state => {
    const current = activeWindow(state[user], now);
    const used = current?.used ?? 0;
    if (used + count > limit) throw gasError(ctx, QUOTA_MESSAGE);
    const windowStart = current?.windowStart ?? now;
    return {...state, [user]: {windowStart, used: used + count}};
  });
}

function remainingQuota(ctx: ExecutionContext): number {
  const state = quotaFile(ctx.workspace).read()[ctx.effectiveUser];
  const used = activeWindow(state, ctx.now())?.used ?? 0;
  return Math.max(0, dailyLimit(ctx.workspace) - used);
}

function activeWindow(
  w: {windowStart: number; used: number} | undefined,
  now: number,
) {
  return w && now < w.windowStart + QUOTA_WINDOW_MS ? w : undefined;
}

/**
 * Write the .eml and append to sent.json under the index's mutex, so the
 * sequence number in the file name is unique and sortable across processes.
 */
function appendToOutbox(
  workspace: Workspace,
  eml: string,
  entry: Omit<SentMail, 'file'>,
): void {
  fs.mkdirSync(workspace.path('mail', 'outbox'), {recursive: true});
  killBeforeMail();
  sentIndex(workspace).update(index => {
    const seq = String(index.length + 1).padStart(6, '0');
    const stamp = entry.sentAt.replace(/[-:]/g, '').replace('.', '');
    const name = `${stamp}-${seq}-${safeFileName(firstRecipient(entry))}.eml`;
    writeFileAtomic(workspace.path('mail', 'outbox', name), eml);
    return [...index, {...entry, file: `outbox/${name}`}];
  });
  mailsThisProcess++;
}

let mailsThisProcess = 0;

/**
 * Crash tests only (not an Apps Script behaviour): with
 * PANEL_TRACKER_KILL_AFTER_MAILS=n in the environment, the process is killed
 * (SIGKILL, no clean-up) when it is about to send its (n+1)-th mail — a run
 * dying between two sends, after everything about the n-th was done.
 */
function killBeforeMail(): void {
  const limit = Number(process.env.PANEL_TRACKER_KILL_AFTER_MAILS ?? 0);
  if (limit > 0 && mailsThisProcess >= limit)
    process.kill(process.pid, 'SIGKILL');
}

function firstRecipient(entry: Omit<SentMail, 'file'>): string {
  return (entry.to || entry.cc || entry.bcc).split(',')[0].trim();
}

/** Attachments are BlobSources: a Blob, or anything with getBlob(). */
function attachmentOf(
  source: GoogleAppsScript.Base.BlobSource,
): MimeAttachment {
  const blob = (
    typeof (source as Partial<GoogleAppsScript.Base.Blob>).getBytes ===
    'function'
      ? source
      : source.getBlob()
  ) as GoogleAppsScript.Base.Blob;
  return {
    name: blob.getName() ?? 'attachment',
    contentType: blob.getContentType() ?? 'application/octet-stream',
    data: Uint8Array.from(blob.getBytes(), b => b & 0xff),
  };
}

/** A plain-text alternative when only htmlBody was given. */
function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}
