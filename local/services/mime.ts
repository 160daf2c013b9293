/**
 * Just enough RFC 5322 / MIME to write a sent mail as an .eml file that a
 * mail client opens: UTF-8 everywhere, RFC 2047 encoded words for non-ASCII
 * header text, quoted-printable text parts, base64 attachments.
 *  - https://www.rfc-editor.org/rfc/rfc5322 (message format, Date syntax)
 *  - https://www.rfc-editor.org/rfc/rfc2045 (quoted-printable, base64)
 *  - https://www.rfc-editor.org/rfc/rfc2046 (multipart/alternative, mixed)
 *  - https://www.rfc-editor.org/rfc/rfc2047 (encoded words)
 */
import crypto from 'node:crypto';

const CRLF = '\r\n';

export interface MimeAttachment {
  name: string;
  contentType: string;
  data: Uint8Array;
}

export interface MimeMessage {
  from: string;
  to: string[];
  cc: string[];
  replyTo?: string;
  subject: string;
  date: number;
  text: string;
  html?: string;
  attachments: MimeAttachment[];
  messageIdDomain: string;
}

export function buildEml(m: MimeMessage): string {
  const headers = [
    `From: ${m.from}`,
    ...(m.to.length ? [`To: ${m.to.join(', ')}`] : []),
    ...(m.cc.length ? [`Cc: ${m.cc.join(', ')}`] : []),
    ...(m.replyTo ? [`Reply-To: ${m.replyTo}`] : []),
    `Subject: ${encodeHeaderText(m.subject)}`,
    `Date: ${rfc5322Date(m.date)}`,
    `Message-ID: <${crypto.randomUUID()}@${m.messageIdDomain}>`,
    'MIME-Version: 1.0',
  ];
  const body = bodyPart(m);
  return [...headers, ...body.headers].join(CRLF) + CRLF + CRLF + body.content;
}

interface Part {
  headers: string[];
  content: string;
}

function bodyPart(m: MimeMessage): Part {
  const text = textPart('text/plain', m.text);
  const main =
    m.html === undefined
      ? text
      : multipart('alternative', [text, textPart('text/html', m.html)]);
  if (m.attachments.length === 0) return main;
  return multipart('mixed', [main, ...m.attachments.map(attachmentPart)]);
}

function textPart(type: string, text: string): Part {
  return {
    headers: [
      `Content-Type: ${type}; charset=UTF-8`,
      'Content-Transfer-Encoding: quoted-printable',
    ],
    content: quotedPrintable(text),
  };
}

function attachmentPart(a: MimeAttachment): Part {
  const name = encodeHeaderText(a.name);
  return {
    headers: [
      `Content-Type: ${a.contentType}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
    ],
    content: wrap(Buffer.from(a.data).toString('base64'), 76),
  };
}

function multipart(subtype: string, parts: Part[]): Part {
  const boundary = `=_${subtype}_${crypto.randomBytes(12).toString('hex')}`;
  const chunks = parts.map(
    p =>
      `--${boundary}${CRLF}${p.headers.join(CRLF)}${CRLF}${CRLF}${p.content}${CRLF}`,
  );
  return {
    headers: [`Content-Type: multipart/${subtype}; boundary="${boundary}"`],
    content: chunks.join('') + `--${boundary}--${CRLF}`,
  };
}

/** RFC 2047 "B" encoded words for header text that is not plain ASCII. */
export function encodeHeaderText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    // 45 bytes of UTF-8 keep each encoded word under 75 characters.
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words
    .map(w => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`)
    .join(`${CRLF} `);
}

/** Quoted-printable (RFC 2045 6.7) of UTF-8 text with CRLF line breaks. */
export function quotedPrintable(text: string): string {
  const lines = text.replace(/\r\n|\r|\n/g, '\n').split('\n');
  return lines.map(qpLine).join(CRLF);
}

function qpLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const out: string[] = [];
  let current = '';
  bytes.forEach((b, i) => {
    const last = i === bytes.length - 1;
    const plain =
      (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
    const piece = plain
      ? String.fromCharCode(b)
      : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    if (current.length + piece.length > 75) {
      out.push(`${current}=`); // soft line break
      current = '';
    }
    current += piece;
  });
  out.push(current);
  return out.join(CRLF);
}

/** Decode quoted-printable back to text (for readers and tests). */
export function decodeQuotedPrintable(qp: string): string {
  const joined = qp.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** RFC 5322 3.3 date-time in UTC: "Mon, 05 Jan 2026 09:00:00 +0000". */
export function rfc5322Date(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAY_NAMES[d.getUTCDay()]}, ${two(d.getUTCDate())} ` +
    `${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}

function wrap(s: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += width) lines.push(s.slice(i, i + width));
  return lines.join(CRLF);
}
