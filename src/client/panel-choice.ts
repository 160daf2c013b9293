/** The requested panel date: a select of the next panels with their deadlines (D3). */
import type {PanelDateInfo} from '../app/queries';
import {formatLongDate} from '../domain/calendar';
import {el, replaceChildren} from './dom';
import {Field, Kit, note} from './form-kit';

export function panelLabel(p: PanelDateInfo): string {
  return `${p.label} — deadline ${formatLongDate(p.submissionDeadline)}${p.deadlinePassed ? ' (passed)' : ''}`;
}

export interface PanelChoice {
  field: Field;
  info: HTMLElement;
  refresh(emergency: boolean): void;
}

export function panelChoice(
  kit: Kit,
  panels: PanelDateInfo[],
  opts: {id?: string; label?: string; hint?: string} = {},
): PanelChoice {
  const id = opts.id ?? 'requestedPanelDate';
  const field = kit.select({
    id,
    label: opts.label ?? 'Requested panel date',
    hint:
      opts.hint ??
      'A referral that misses a panel’s deadline is booked for the next panel it can meet (D3).',
    placeholder: 'The next panel this referral can meet',
    options: panels.map(p => [p.panelDate, panelLabel(p)]),
  });
  const info = el('div', {id: `${id}-info`});
  field.wrap.appendChild(info);
  return {
    field,
    info,
    refresh(emergency) {
      const chosen = panels.find(p => p.panelDate === field.get());
      if (!chosen) {
        const next = panels.find(p => !p.deadlinePassed);
        replaceChildren(
          info,
          next
            ? el(
                'p',
                {class: 'muted'},
                `Submitted today, it can meet the panel on ${next.label} (deadline ${formatLongDate(next.submissionDeadline)}).`,
              )
            : null,
        );
        return;
      }
      replaceChildren(
        info,
        chosen.deadlinePassed
          ? note(
              'warn',
              `The deadline for this panel (${formatLongDate(chosen.submissionDeadline)}) has passed: the referral will be booked for the next panel it can meet${emergency ? ', unless the chair approves it as an emergency' : ''} (D3).`,
            )
          : el(
              'p',
              {class: 'muted'},
              `Submit by ${formatLongDate(chosen.submissionDeadline)} to meet it; papers go to members on ${formatLongDate(chosen.papersOutDate)}.`,
            ),
      );
    },
  };
}
