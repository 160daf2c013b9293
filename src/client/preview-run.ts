/**
 * Preview the next reminder run → previewDailyRun(): each email the daily
 * run would send (to, subject, items) and the summary message. Nothing is
 * sent from here.
 */
import type {PreviewDigest} from '../app/dispatch';
import {kindTitle} from '../app/digest';
import {longDate} from './context';
import {el, replaceChildren} from './dom';
import {createKit} from './form-kit';
import {callResult} from './server';

const root = document.getElementById('app') ?? document.body;
const summary = el('div', {
  id: 'error-summary',
  class: 'summary',
  'aria-live': 'polite',
  'aria-labelledby': 'error-summary-title',
  tabindex: '-1',
  hidden: true,
});
const content = el('div', {id: 'content', 'aria-live': 'polite'});
const refresh = el(
  'button',
  {type: 'button', class: 'primary', id: 'refresh'},
  'Preview again',
);
const kit = createKit(summary);
replaceChildren(
  root,
  el('h1', {}, 'Preview the next reminder run'),
  el(
    'p',
    {class: 'intro'},
    'What the daily run would send if it ran now: one email per person, each listing what is due. Nothing is sent from here.',
  ),
  summary,
  content,
  el('p', {}, refresh),
);

function digestView(d: PreviewDigest, i: number): HTMLElement {
  return el(
    'section',
    {class: 'digest', 'aria-labelledby': `digest-${i}`},
    el('h2', {id: `digest-${i}`}, d.subject),
    el('p', {}, el('strong', {}, 'To: '), d.to),
    d.heldUntilTomorrow
      ? el(
          'p',
          {class: 'warn'},
          'Held until tomorrow: this person has already had an email today.',
        )
      : null,
    el(
      'ul',
      {},
      ...d.items.map(item =>
        el(
          'li',
          {},
          `${item.caseId ? `${item.caseId}: ` : ''}${kindTitle(item.kind)}${item.dueDate ? ` — due ${longDate(item.dueDate)}` : ''}${item.escalation ? ' (escalation)' : ''}`,
        ),
      ),
    ),
  );
}

async function run(): Promise<void> {
  refresh.disabled = true;
  root.setAttribute('aria-busy', 'true');
  kit.clearErrors();
  replaceChildren(
    content,
    el('p', {class: 'loading'}, 'Working out what is due…'),
  );
  const r = await callResult<{digests: PreviewDigest[]; message: string}>(
    'previewDailyRun',
  );
  root.removeAttribute('aria-busy');
  refresh.disabled = false;
  if (!r.ok) {
    replaceChildren(content);
    kit.showErrors(r.errors);
    summary.focus();
    return;
  }
  replaceChildren(
    content,
    el('p', {class: 'message', id: 'preview-message'}, r.value.message),
    ...r.value.digests.map(digestView),
  );
}

refresh.addEventListener('click', () => void run());
void run();
