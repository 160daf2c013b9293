/**
 * One email per recipient per day: the reminder items due, grouped, with a
 * link to the tracker row of each (A1). Per S1 a digest carries case IDs,
 * what is due and when, and links — never a child's name, initials, date of
 * birth or needs. Plain text plus simple HTML (escaped).
 */
import {formatLongDate, IsoDate} from '../domain/calendar';
import {ReminderItem} from '../domain/reminders';
import {Mail} from '../ports';

/** An item with where it links to and, for an agenda pack, its lines. */
export interface DigestItem extends ReminderItem {
  link: string;
  details?: Array<{text: string; link: string}>;
}

const TITLES: Array<[RegExp, string]> = [
  [/^healthAssessmentOverdue$/, 'Health assessment overdue'],
  [
    /^healthAssessmentEscalation$/,
    'Escalation: health assessment still overdue',
  ],
  [/^assessmentRequested$/, 'Assessment requested'],
  [/^outcomeNoteDue$/, 'Outcome note due'],
  [/^signatureOverdue$/, 'Funding agreement signature overdue'],
  [/^emergencyNoticeDue$/, 'Emergency placement: agencies to notify'],
  [/^reviewDue-\d+w$/, 'Review coming up'],
  [/^contractEnding$/, 'Contract ending'],
  [/^age17$/, 'Turned 17: adult continuing care assessment'],
  [/^absentResponseDue$/, 'Response needed to a panel decision'],
  [/^absentResponseOverdue$/, 'Escalation: response to a decision overdue'],
  [/^escalated$/, 'Escalation: panel could not agree funding'],
  [/^newApplicationDue-\d+w$/, 'Approval ending: new application needed'],
  [/^actionDue$/, 'Action due'],
  [/^agendaPack$/, 'Agenda pack'],
  [/^agendaNotBuilt$/, 'Agenda not built'],
];

export function kindTitle(kind: string): string {
  return TITLES.find(([re]) => re.test(kind))?.[1] ?? kind;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function composeDigest(input: {
  recipient: string;
  items: DigestItem[];
  panelName: string;
  idPrefix: string;
  trackerUrl: string;
  today: IsoDate;
}): Mail {
  const {items} = input;
  const escalations = items.filter(i => i.escalation).length;
  const count = items.length;
  const subject =
    `${input.panelName}: ` +
    (escalations
      ? `${escalations} escalation${escalations === 1 ? '' : 's'}${count > escalations ? ` and ${count - escalations} more item${count - escalations === 1 ? '' : 's'}` : ''}`
      : `${count} item${count === 1 ? '' : 's'} due`) +
    ` (${formatLongDate(input.today)})`;
  const groups = new Map<string, DigestItem[]>();
  for (const item of [...items].sort(
    (a, b) =>
      Number(b.escalation) - Number(a.escalation) ||
      a.caseId.localeCompare(b.caseId),
  )) {
    const title = kindTitle(item.kind);
    if (!groups.has(title)) groups.set(title, []);
    groups.get(title)!.push(item);
  }
  const text: string[] = [
    `Panel Tracker — ${input.panelName}`,
    `${count} item${count === 1 ? '' : 's'} for you on ${formatLongDate(input.today)}.`,
    '',
  ];
  const html: string[] = [
    '<div style="font-family:Arial,sans-serif;font-size:14px">',
    `<p><strong>Panel Tracker — ${escapeHtml(input.panelName)}</strong><br>${count} item${count === 1 ? '' : 's'} for you on ${escapeHtml(formatLongDate(input.today))}.</p>`,
  ];
  for (const [title, list] of groups) {
    text.push(title.toUpperCase());
    html.push(
      `<h3 style="font-size:15px;margin:16px 0 4px">${escapeHtml(title)}</h3><ul>`,
    );
    for (const item of list) {
      const ref = item.caseId.startsWith('PANEL-') ? 'Panel' : item.caseId;
      text.push(`- ${ref}: ${item.text}`, `  ${item.link}`);
      html.push(
        `<li><a href="${escapeHtml(item.link)}">${escapeHtml(ref)}</a>: ${escapeHtml(item.text)}`,
      );
      if (item.details?.length) {
        html.push('<ul>');
        for (const d of item.details) {
          text.push(`    ${d.text}  ${d.link}`);
          html.push(
            `<li><a href="${escapeHtml(d.link)}">${escapeHtml(d.text)}</a></li>`,
          );
        }
        html.push('</ul>');
      }
      html.push('</li>');
    }
    text.push('');
    html.push('</ul>');
  }
  text.push(
    `Open the tracker: ${input.trackerUrl}`,
    '',
    'This email lists case IDs only. Open the tracker for the details; do not forward it.',
  );
  html.push(
    `<p><a href="${escapeHtml(input.trackerUrl)}">Open the tracker</a></p>`,
    '<p style="color:#555;font-size:12px">This email lists case IDs only. Open the tracker for the details; do not forward it.</p>',
    '</div>',
  );
  return {
    to: input.recipient,
    subject,
    text: text.join('\n'),
    html: html.join(''),
  };
}
