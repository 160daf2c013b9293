/* global window, document, fetch, setTimeout */
/**
 * The local app's page: the tracker as Sheets shows it. Plain DOM; every
 * value from the workspace goes in as text (textContent, attributes), never
 * as markup.
 */
(function () {
  'use strict';

  const ui = {
    state: null,
    menu: null,
    tab: null,
    view: 'sheet',
    showHidden: false,
    busy: 1, // the page itself; wire() ends it
    selectedMail: null,
    sidebarFrame: null,
    dialogFrame: null,
    modalQueue: [],
    modalOpen: false,
  };

  // -------------------------------------------------------------------------
  // DOM helpers
  // -------------------------------------------------------------------------

  function $(id) {
    return document.getElementById(id);
  }

  /** el('td', {class: 'x', dataset: {v: '1'}}, 'text', childNode...) */
  function el(tag, attrs) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(k => {
      const v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'class') node.className = v;
      else if (k === 'dataset') {
        Object.keys(v).forEach(d => {
          node.dataset[d] = v[d];
        });
      } else if (k === 'style') {
        Object.keys(v).forEach(s => {
          node.style[s] = v[s];
        });
      } else if (k.slice(0, 2) === 'on') {
        node.addEventListener(k.slice(2), v);
      } else node.setAttribute(k, v === true ? '' : String(v));
    });
    for (let i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) {
      child.forEach(c => {
        append(node, c);
      });
    } else if (typeof child === 'string' || typeof child === 'number') {
      node.appendChild(document.createTextNode(String(child)));
    } else node.appendChild(child);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // -------------------------------------------------------------------------
  // Server calls (one counter so tests can wait for the page to settle)
  // -------------------------------------------------------------------------

  function setBusy(delta) {
    ui.busy += delta;
    document.body.dataset.busy = String(ui.busy);
    document.body.classList.toggle('is-busy', ui.busy > 0);
  }

  function api(path, body) {
    setBusy(1);
    const init = body
      ? {
          method: 'POST',
          headers: {'Content-Type': 'application/json'},
          body: JSON.stringify(body),
        }
      : {};
    return fetch(path, init)
      .then(res => {
        return res.json().then(data => {
          if (!res.ok) {
            throw new Error((data && data.error) || 'HTTP ' + res.status);
          }
          return data;
        });
      })
      .finally(() => {
        setBusy(-1);
      });
  }

  function failed(e) {
    toast('Local app', e && e.message ? e.message : String(e), 'error');
  }

  // -------------------------------------------------------------------------
  // State: header, clock, signed in as, counts, tabs
  // -------------------------------------------------------------------------

  const clockFormat = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });

  function refresh() {
    return api('/api/state')
      .then(state => {
        ui.state = state;
        renderHeader();
        renderTabs();
        if (ui.view === 'sheet') return loadTab();
        return renderPanel();
      })
      .catch(failed);
  }

  function renderHeader() {
    const s = ui.state;
    $('tracker-name').textContent = s.trackerName;
    document.title = s.trackerName + ' — local';
    const clock = $('clock-text');
    clock.textContent = clockFormat.format(new Date(s.clock));
    clock.dataset.at = s.clockText;
    $('count-mail').textContent = String(s.mail);
    $('count-drive').textContent = String(s.driveFiles);
    $('count-triggers').textContent = String(s.triggers);
    renderSignIn();
  }

  function renderSignIn() {
    const s = ui.state;
    const select = $('signed-in');
    clear(select);
    let known = false;
    s.members.forEach(m => {
      const label =
        (m.name ? m.name + ' — ' : '') +
        m.email +
        ' (' +
        m.role +
        (m.agency ? ', ' + m.agency : '') +
        ')';
      select.appendChild(el('option', {value: m.email}, label));
      if (m.email === s.signedInAs) known = true;
    });
    if (!known) {
      select.appendChild(
        el('option', {value: s.signedInAs}, s.signedInAs + ' (not a member)'),
      );
    }
    select.appendChild(el('option', {value: '__other__'}, 'Someone else…'));
    select.value = s.signedInAs;
  }

  function visibleTabs() {
    return ui.state.tabs.filter(t => {
      return ui.showHidden || !t.hidden;
    });
  }

  function renderTabs() {
    const list = $('tabs');
    clear(list);
    const tabs = visibleTabs();
    if (
      !ui.tab ||
      !tabs.some(t => {
        return t.name === ui.tab;
      })
    ) {
      const cases = tabs.filter(t => {
        return t.name === 'Cases';
      })[0];
      ui.tab = (cases || tabs[0] || {}).name || null;
    }
    tabs.forEach(t => {
      const selected = ui.view === 'sheet' && t.name === ui.tab;
      list.appendChild(
        el(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: 'tab' + (t.hidden ? ' is-hidden' : ''),
            'aria-selected': selected ? 'true' : 'false',
            'aria-controls': 'sheet-view',
            tabindex: selected ? '0' : '-1',
            title: t.hidden
              ? t.name + ' (hidden tab)'
              : t.name + ' — ' + t.rows + ' row' + (t.rows === 1 ? '' : 's'),
            dataset: {tab: t.name},
            onclick: function () {
              ui.tab = t.name;
              showView('sheet');
            },
          },
          t.name,
        ),
      );
    });
    const hiddenCount = ui.state.tabs.filter(t => {
      return t.hidden;
    }).length;
    const toggle = $('toggle-hidden');
    toggle.hidden = hiddenCount === 0;
    toggle.setAttribute('aria-pressed', ui.showHidden ? 'true' : 'false');
    toggle.textContent =
      (ui.showHidden ? 'Hide hidden tabs' : 'Show hidden tabs') +
      ' (' +
      hiddenCount +
      ')';
    $('menu-toggle-hidden').textContent = toggle.textContent;
  }

  // -------------------------------------------------------------------------
  // The grid
  // -------------------------------------------------------------------------

  const MIN_ROWS = 60;
  const MIN_COLS = 26;

  function columnLetter(c) {
    let s = '';
    c += 1;
    while (c > 0) {
      const r = (c - 1) % 26;
      s = String.fromCharCode(65 + r) + s;
      c = Math.floor((c - 1) / 26);
    }
    return s;
  }

  function loadTab() {
    if (!ui.tab) return Promise.resolve();
    const name = ui.tab;
    return api('/api/tab?name=' + encodeURIComponent(name)).then(g => {
      if (ui.tab === name) renderGrid(g);
    });
  }

  function renderGrid(g) {
    const wrap = $('sheet-view');
    const scroll = {top: wrap.scrollTop, left: wrap.scrollLeft};
    const sameTab = $('grid').dataset.tab === g.name;
    const table = el('table', {
      id: 'grid',
      class: 'grid',
      dataset: {tab: g.name, rows: String(g.rows.length)},
      'aria-label': g.name,
    });
    const cols = g.columns.slice();
    for (let c = cols.length; c < MIN_COLS; c++) {
      cols.push({letter: columnLetter(c), width: 100});
    }
    const colgroup = el('colgroup', null, el('col', {class: 'rownum-col'}));
    cols.forEach(col => {
      colgroup.appendChild(el('col', {style: {width: col.width + 'px'}}));
    });
    table.appendChild(colgroup);

    const frozen = Math.max(1, g.frozenRows || 0);
    const thead = el('thead');
    const letters = el(
      'tr',
      {class: 'letters', 'aria-hidden': 'true'},
      el('td', {class: 'corner'}),
    );
    cols.forEach(col => {
      letters.appendChild(el('td', {class: 'letter'}, col.letter));
    });
    thead.appendChild(letters);
    const body = el('tbody');
    const totalRows = Math.max(MIN_ROWS, g.rows.length + 20);
    for (let r = 0; r < totalRows; r++) {
      const cells = g.rows[r] || [];
      const isHeader = r < frozen && r < g.rows.length;
      const tr = el(
        'tr',
        {class: isHeader ? 'frozen' : null, dataset: {row: String(r + 1)}},
        el('th', {scope: 'row', class: 'rownum'}, String(r + 1)),
      );
      for (let k = 0; k < cols.length; k++) {
        tr.appendChild(cellNode(cells[k], r, k, isHeader));
      }
      (isHeader ? thead : body).appendChild(tr);
    }
    table.appendChild(thead);
    table.appendChild(body);
    $('grid').replaceWith(table);
    if (sameTab) {
      wrap.scrollTop = scroll.top;
      wrap.scrollLeft = scroll.left;
      selectCell(
        table.querySelector(
          '.cell[data-ref="' + ($('namebox').textContent || 'A1') + '"]',
        ),
      );
    } else {
      wrap.scrollTop = 0;
      wrap.scrollLeft = 0;
      selectCell(table.querySelector('.cell'));
    }
    if (g.truncated) {
      status(
        g.name +
          ': showing the first ' +
          g.rows.length +
          ' of ' +
          g.totalRows +
          ' rows',
      );
    }
  }

  function cellNode(cell, r, c, isHeader) {
    const v = cell ? cell.v : '';
    const kind = cell ? cell.k : '';
    const attrs = {
      class: 'cell' + (kind ? ' k-' + kind : ''),
      dataset: {v: v, ref: columnLetter(c) + (r + 1)},
    };
    if (isHeader) {
      attrs.scope = 'col';
      return el('th', attrs, v);
    }
    if (kind === 'c') {
      const checked = v === 'TRUE';
      return el(
        'td',
        attrs,
        el('span', {
          class: 'checkbox' + (checked ? ' is-checked' : ''),
          role: 'img',
          'aria-label': checked ? 'checked' : 'unchecked',
        }),
      );
    }
    return el('td', attrs, v);
  }

  function selectCell(td) {
    const prev = document.querySelector('.grid .is-selected');
    if (prev) prev.classList.remove('is-selected');
    if (!td) {
      $('namebox').textContent = '';
      $('cell-content').textContent = '';
      return;
    }
    td.classList.add('is-selected');
    $('namebox').textContent = td.dataset.ref;
    $('cell-content').textContent = td.dataset.v;
  }

  // -------------------------------------------------------------------------
  // Views: sheet, outbox, drive, triggers
  // -------------------------------------------------------------------------

  function showView(view) {
    ui.view = view;
    closeMenus();
    $('sheet-view').hidden = view !== 'sheet';
    $('panel-view').hidden = view === 'sheet';
    document.querySelectorAll('.view-button[data-view]').forEach(b => {
      b.setAttribute(
        'aria-pressed',
        b.dataset.view === view ? 'true' : 'false',
      );
    });
    if (ui.state) renderTabs();
    if (view === 'sheet') return loadTab().catch(failed);
    return renderPanel().catch(failed);
  }

  function renderPanel() {
    const titles = {
      outbox: 'Outbox',
      drive: 'Drive files',
      triggers: 'Triggers',
    };
    $('panel-title').textContent = titles[ui.view];
    $('panel-view').dataset.view = ui.view;
    const bodyNode = $('panel-body');
    if (ui.view === 'outbox') {
      return api('/api/outbox').then(mail => {
        clear(bodyNode);
        bodyNode.appendChild(outboxView(mail));
      });
    }
    if (ui.view === 'drive') {
      return api('/api/drive').then(files => {
        clear(bodyNode);
        bodyNode.appendChild(driveView(files));
      });
    }
    return api('/api/triggers').then(triggers => {
      clear(bodyNode);
      bodyNode.appendChild(triggersView(triggers));
    });
  }

  function listTable(caption, headers, rows, empty) {
    if (!rows.length) return el('p', {class: 'empty'}, empty);
    const head = el('tr');
    headers.forEach(h => {
      head.appendChild(el('th', {scope: 'col'}, h));
    });
    const body = el('tbody');
    rows.forEach(r => {
      body.appendChild(r);
    });
    return el(
      'table',
      {class: 'list'},
      el('caption', {class: 'sr-only'}, caption),
      el('thead', null, head),
      body,
    );
  }

  function outboxView(mail) {
    const detail = el('div', {class: 'mail-detail', id: 'mail-detail'});
    const rows = mail
      .slice()
      .reverse()
      .map(m => {
        const open = el(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: function () {
              ui.selectedMail = m.index;
              document.querySelectorAll('.mail-row.is-selected').forEach(n => {
                n.classList.remove('is-selected');
              });
              row.classList.add('is-selected');
              showMail(detail, m);
            },
          },
          m.subject || '(no subject)',
        );
        const row = el(
          'tr',
          {class: 'mail-row', dataset: {index: String(m.index)}},
          el('td', {class: 'nowrap'}, m.sentAt.replace('T', ' ')),
          el('td', null, m.to),
          el('td', null, open),
        );
        return row;
      });
    const selected = mail.filter(m => {
      return m.index === ui.selectedMail;
    })[0];
    if (selected) showMail(detail, selected);
    else
      detail.appendChild(
        el('p', {class: 'empty'}, 'Choose a mail to read it.'),
      );
    return el(
      'div',
      {class: 'split'},
      el(
        'div',
        {class: 'split-list'},
        listTable(
          'Sent mail, newest first',
          ['Sent', 'To', 'Subject'],
          rows,
          'No mail has been sent from this workspace yet.',
        ),
      ),
      detail,
    );
  }

  function showMail(detail, m) {
    clear(detail);
    const meta = el('dl', {class: 'mail-meta'});
    [
      ['From', m.from],
      ['To', m.to],
      ['Cc', m.cc],
      ['Sent', m.sentAt.replace('T', ' ')],
      ['Attachments', (m.attachments || []).join(', ')],
    ].forEach(pair => {
      if (!pair[1]) return;
      meta.appendChild(el('dt', null, pair[0]));
      meta.appendChild(el('dd', null, pair[1]));
    });
    append(detail, [
      el('h3', {class: 'mail-subject'}, m.subject || '(no subject)'),
      meta,
      el('pre', {class: 'mail-body'}, m.body),
      el(
        'p',
        null,
        el('a', {href: m.eml, download: ''}, 'Download the .eml'),
        m.hasHtml ? ' (the .eml also has an HTML part)' : '',
      ),
    ]);
  }

  function driveView(files) {
    const rows = files.map(f => {
      return el(
        'tr',
        null,
        el(
          'td',
          null,
          f.openable
            ? el(
                'a',
                {
                  href: '/files/' + encodeURIComponent(f.id),
                  target: '_blank',
                  rel: 'noopener',
                },
                f.path,
              )
            : f.path,
        ),
        el('td', null, f.type),
        el('td', null, (f.owners || []).join(', ')),
        el('td', null, (f.sharedWith || []).join(', ') || '—'),
        el('td', {class: 'num'}, f.pages === null ? '' : String(f.pages)),
      );
    });
    return listTable(
      'Files in Drive',
      ['Path', 'Type', 'Owner', 'Shared with', 'Pages'],
      rows,
      'No files in Drive yet: outcome notes and agenda packs appear here.',
    );
  }

  function scheduleText(s) {
    if (!s) return '';
    const parts = [];
    if (s.everyDays)
      parts.push(
        'every ' + (s.everyDays === 1 ? 'day' : s.everyDays + ' days'),
      );
    if (s.everyHours) parts.push('every ' + s.everyHours + ' h');
    if (s.everyWeeks) parts.push('every ' + s.everyWeeks + ' week(s)');
    if (s.everyMinutes) parts.push('every ' + s.everyMinutes + ' min');
    if (s.onWeekDay) parts.push('on ' + s.onWeekDay);
    if (s.atHour !== undefined)
      parts.push('at ' + s.atHour + ':00–' + (s.atHour + 1) + ':00');
    if (s.at !== undefined) parts.push('once');
    return parts.join(' ');
  }

  function triggersView(triggers) {
    const rows = triggers.map(t => {
      return el(
        'tr',
        null,
        el('td', null, t.handler),
        el('td', null, t.type === 'CLOCK' ? 'Time-driven' : t.type),
        el('td', null, scheduleText(t.schedule)),
        el('td', null, t.owner),
        el('td', {class: 'nowrap'}, t.createdAt.replace('T', ' ')),
        el(
          'td',
          {class: 'nowrap'},
          t.lastFiredAt ? t.lastFiredAt.replace('T', ' ') : 'not yet',
        ),
      );
    });
    return listTable(
      'Installed triggers',
      ['Function', 'Event', 'Schedule', 'Runs as', 'Created', 'Last run'],
      rows,
      'No triggers installed. Extensions ▸ Panel Tracker ▸ Install daily reminders adds one.',
    );
  }

  // -------------------------------------------------------------------------
  // Menus
  // -------------------------------------------------------------------------

  function closeMenus(except) {
    document.querySelectorAll('.menu-list').forEach(list => {
      if (except && (list === except || list.contains(except))) return;
      list.hidden = true;
    });
    document.querySelectorAll('[aria-haspopup="true"]').forEach(b => {
      const list = $(b.getAttribute('aria-controls'));
      b.setAttribute('aria-expanded', list && !list.hidden ? 'true' : 'false');
    });
  }

  function toggleMenu(button) {
    const list = $(button.getAttribute('aria-controls'));
    const open = list.hidden;
    closeMenus(open ? list : null);
    list.hidden = !open;
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      const first = list.querySelector('[role="menuitem"]');
      if (first) first.focus();
    }
  }

  function loadMenu() {
    return api('/api/menu')
      .then(res => {
        ui.menu = res.menu;
        renderAddonMenu();
        if (res.exception) {
          toast('onOpen failed', res.exception.message, 'error');
        }
      })
      .catch(failed);
  }

  function renderAddonMenu() {
    const list = $('addon-menu-list');
    clear(list);
    const menu = ui.menu;
    $('addon-menu-title').textContent = menu ? menu.title : 'Panel Tracker';
    if (!menu) {
      list.appendChild(
        el('li', {role: 'none', class: 'menu-note'}, 'onOpen built no menu'),
      );
      return;
    }
    menu.items.forEach(item => {
      if (item.separator) {
        list.appendChild(el('li', {role: 'separator', class: 'menu-sep'}));
        return;
      }
      list.appendChild(
        el(
          'li',
          {role: 'none'},
          el(
            'button',
            {
              type: 'button',
              role: 'menuitem',
              dataset: {fn: item.functionName},
              onclick: function () {
                closeMenus();
                runFunction(item.functionName, item.caption);
              },
            },
            item.caption,
          ),
        ),
      );
    });
  }

  // -------------------------------------------------------------------------
  // Running the add-on's functions, and what they show
  // -------------------------------------------------------------------------

  function runFunction(fn, caption) {
    status('Running ' + (caption || fn) + '…');
    return api('/api/run', {fn: fn, args: []})
      .then(outcome => {
        handleOutcome(outcome, {fromMenu: true, caption: caption});
      })
      .catch(failed);
  }

  function handleOutcome(outcome, how) {
    const what = (how && how.caption) || outcome.call;
    status(
      what +
        ' as ' +
        outcome.as +
        ': ' +
        (outcome.exception ? 'failed' : outcome.ok ? 'done' : 'refused') +
        ' · ' +
        outcome.serviceCalls +
        ' service calls · ~' +
        (outcome.modelledMs / 1000).toFixed(1) +
        ' s in Apps Script',
    );
    (outcome.ui || []).forEach(e => {
      if (e.kind === 'sidebar') showSidebar(e);
      else if (e.kind === 'dialog') queueModal({dialog: e});
      else if (e.kind === 'alert') queueModal({alert: e});
      else if (e.kind === 'toast') toast(e.title, e.message);
    });
    if (how && how.fromMenu) {
      if (outcome.exception) {
        toast(
          'Error',
          outcome.exception.name + ': ' + outcome.exception.message,
          'error',
        );
      } else if (
        !outcome.ok &&
        outcome.errors.length &&
        !(outcome.ui || []).length
      ) {
        toast(
          what,
          outcome.errors
            .map(e => {
              return e.message;
            })
            .join('\n'),
          'error',
        );
      }
    }
    return refresh();
  }

  function openRunFunction() {
    closeMenus();
    api('/api/functions')
      .then(names => {
        const select = $('run-fn');
        const current = select.value;
        clear(select);
        names.forEach(n => {
          select.appendChild(el('option', {value: n}, n));
        });
        if (current) select.value = current;
        $('run-arg-error').textContent = '';
        $('run-function').hidden = false;
        select.focus();
      })
      .catch(failed);
  }

  function submitRunFunction(e) {
    e.preventDefault();
    const text = $('run-arg').value.trim();
    let args = [];
    if (text) {
      try {
        args = [JSON.parse(text)];
      } catch (err) {
        $('run-arg-error').textContent =
          'The argument is not JSON: ' + err.message;
        return;
      }
    }
    const fn = $('run-fn').value;
    $('run-function').hidden = true;
    status('Running ' + fn + '…');
    api('/api/run', {fn: fn, args: args})
      .then(outcome => {
        if (!outcome.exception && (!outcome.ui || !outcome.ui.length)) {
          toast(fn + ' returned', JSON.stringify(outcome.returned, null, 2));
        }
        return handleOutcome(outcome, {fromMenu: true, caption: fn});
      })
      .catch(failed);
  }

  function frameFor(doc, title) {
    return el('iframe', {
      title: title,
      class: 'html-frame',
      // allow-same-origin: the bridge posts to /api/run on this server.
      sandbox:
        'allow-scripts allow-forms allow-same-origin allow-modals allow-popups allow-downloads',
      srcdoc: doc,
    });
  }

  function showSidebar(e) {
    const holder = $('sidebar-frame-holder');
    clear(holder);
    $('sidebar-title').textContent = e.title;
    const frame = frameFor(e.doc, e.title || 'Sidebar');
    holder.appendChild(frame);
    ui.sidebarFrame = frame;
    $('sidebar').hidden = false;
    document.body.classList.add('has-sidebar');
  }

  function closeSidebar() {
    clear($('sidebar-frame-holder'));
    ui.sidebarFrame = null;
    $('sidebar').hidden = true;
    document.body.classList.remove('has-sidebar');
  }

  function queueModal(m) {
    ui.modalQueue.push(m);
    if (!ui.modalOpen) nextModal();
  }

  function nextModal() {
    const m = ui.modalQueue.shift();
    const root = $('modal-root');
    clear(root);
    ui.dialogFrame = null;
    if (!m) {
      ui.modalOpen = false;
      return;
    }
    ui.modalOpen = true;
    let box;
    let closeButton;
    if (m.alert) {
      closeButton = el(
        'button',
        {type: 'button', class: 'btn primary', onclick: nextModal},
        'OK',
      );
      box = el(
        'div',
        {
          class: 'modal alert',
          role: 'alertdialog',
          'aria-modal': 'true',
          'aria-labelledby': 'modal-title',
          'aria-describedby': 'modal-message',
        },
        el('h2', {id: 'modal-title'}, m.alert.title || 'Alert'),
        el('p', {id: 'modal-message', class: 'modal-message'}, m.alert.message),
        el('div', {class: 'modal-actions'}, closeButton),
      );
    } else {
      const d = m.dialog;
      closeButton = el(
        'button',
        {
          type: 'button',
          class: 'icon-button',
          'aria-label': 'Close dialog',
          onclick: nextModal,
        },
        '×',
      );
      const frame = frameFor(d.doc, d.title || 'Dialog');
      frame.style.width = (d.width || 600) + 'px';
      frame.style.height = (d.height || 400) + 'px';
      ui.dialogFrame = frame;
      box = el(
        'div',
        {
          class: 'modal dialog',
          role: 'dialog',
          'aria-modal': 'true',
          'aria-labelledby': 'modal-title',
        },
        el(
          'div',
          {class: 'modal-head'},
          el('h2', {id: 'modal-title'}, d.title),
          closeButton,
        ),
        frame,
      );
    }
    root.appendChild(el('div', {class: 'modal-backdrop'}, box));
    closeButton.focus();
  }

  function toast(title, message, kind) {
    const node = el(
      'div',
      {
        class: 'toast' + (kind ? ' ' + kind : ''),
        role: kind === 'error' ? 'alert' : 'status',
      },
      title ? el('strong', null, title) : null,
      el('span', {class: 'toast-message'}, message),
      el(
        'button',
        {
          type: 'button',
          class: 'icon-button',
          'aria-label': 'Dismiss',
          onclick: function () {
            node.remove();
          },
        },
        '×',
      ),
    );
    $('toasts').appendChild(node);
    setTimeout(
      () => {
        node.remove();
      },
      kind === 'error' ? 15000 : 7000,
    );
  }

  function status(text) {
    $('status').textContent = text;
  }

  // Messages from the google.script bridge inside a sidebar or dialog.
  window.addEventListener('message', event => {
    const data = event.data;
    if (!data || data.ptBridge !== true) return;
    const fromSidebar =
      ui.sidebarFrame && event.source === ui.sidebarFrame.contentWindow;
    const fromDialog =
      ui.dialogFrame && event.source === ui.dialogFrame.contentWindow;
    if (!fromSidebar && !fromDialog) return;
    if (data.type === 'ran' && data.outcome) {
      handleOutcome(data.outcome, {caption: data.fn});
    } else if (data.type === 'close') {
      if (fromSidebar) closeSidebar();
      else nextModal();
    }
  });

  // -------------------------------------------------------------------------
  // Clock and signing in
  // -------------------------------------------------------------------------

  function moveClock(body) {
    status('Moving the clock…');
    return api('/api/clock', body)
      .then(res => {
        const fired = res.fired || [];
        if (fired.length) {
          fired.forEach(f => {
            toast(
              'Trigger ' + f.call + ' ran at ' + f.at.replace('T', ' '),
              f.exception
                ? 'Failed: ' + f.exception.message
                : f.ok
                  ? 'Finished.'
                  : 'Refused: ' +
                    f.errors
                      .map(e => {
                        return e.message;
                      })
                      .join('; '),
              f.exception || !f.ok ? 'error' : null,
            );
          });
        }
        status(
          'Clock at ' +
            res.clockText.replace('T', ' ') +
            '; ' +
            (fired.length
              ? fired.length +
                ' trigger run(s): ' +
                fired
                  .map(f => {
                    return (
                      f.call +
                      ' ' +
                      f.at.replace('T', ' ') +
                      (f.ok ? ' ok' : ' failed')
                    );
                  })
                  .join(', ')
              : 'no triggers were due'),
        );
        $('status').dataset.fired = String(fired.length);
        return refresh();
      })
      .catch(failed);
  }

  function signIn(email) {
    closeSidebar();
    return api('/api/signin', {email: email})
      .then(() => {
        return Promise.all([refresh(), loadMenu()]);
      })
      .then(() => {
        status('Signed in as ' + email);
      })
      .catch(failed);
  }

  // -------------------------------------------------------------------------
  // Wiring
  // -------------------------------------------------------------------------

  function wire() {
    document.querySelectorAll('.menu-button').forEach(b => {
      b.addEventListener('click', e => {
        e.stopPropagation();
        toggleMenu(b);
      });
    });
    const addon = $('addon-menu-button');
    addon.addEventListener('click', e => {
      e.stopPropagation();
      const list = $('addon-menu-list');
      list.hidden = !list.hidden;
      addon.setAttribute('aria-expanded', list.hidden ? 'false' : 'true');
      if (!list.hidden) {
        const first = list.querySelector('[role="menuitem"]');
        if (first) first.focus();
      }
    });
    document.addEventListener('click', e => {
      if (!e.target.closest('.menu')) closeMenus();
    });
    document.addEventListener('keydown', e => {
      if (e.key === 'Escape') {
        closeMenus();
        $('run-function').hidden = true;
        $('clock-set-form').hidden = true;
        $('other-form').hidden = true;
      }
      if (
        (e.key === 'ArrowDown' || e.key === 'ArrowUp') &&
        e.target.getAttribute &&
        e.target.getAttribute('role') === 'menuitem'
      ) {
        const items = Array.prototype.slice.call(
          e.target
            .closest('[role="menu"]')
            .querySelectorAll(':scope > li > [role="menuitem"]'),
        );
        const i = items.indexOf(e.target) + (e.key === 'ArrowDown' ? 1 : -1);
        if (items[(i + items.length) % items.length]) {
          items[(i + items.length) % items.length].focus();
        }
        e.preventDefault();
      }
    });
    document.querySelectorAll('[data-view]').forEach(b => {
      b.addEventListener('click', () => {
        showView(b.dataset.view);
      });
    });
    $('panel-close').addEventListener('click', () => {
      showView('sheet');
    });
    function toggleHidden() {
      closeMenus();
      ui.showHidden = !ui.showHidden;
      renderTabs();
    }
    $('toggle-hidden').addEventListener('click', toggleHidden);
    $('menu-toggle-hidden').addEventListener('click', toggleHidden);
    $('sidebar-close').addEventListener('click', closeSidebar);
    $('run-function-open').addEventListener('click', openRunFunction);
    $('run-function-form').addEventListener('submit', submitRunFunction);
    $('run-function-cancel').addEventListener('click', () => {
      $('run-function').hidden = true;
    });
    $('sheet-view').addEventListener('click', e => {
      const td = e.target.closest('.cell');
      if (td) selectCell(td);
    });

    document.querySelectorAll('[data-advance]').forEach(b => {
      b.addEventListener('click', () => {
        moveClock({advanceMs: Number(b.dataset.advance)});
      });
    });
    const setForm = $('clock-set-form');
    $('clock-set-open').addEventListener('click', () => {
      setForm.hidden = !setForm.hidden;
      $('clock-set-open').setAttribute(
        'aria-expanded',
        setForm.hidden ? 'false' : 'true',
      );
      if (!setForm.hidden) {
        $('clock-input').value = ui.state ? ui.state.clockText : '';
        $('clock-input').focus();
      }
    });
    $('clock-set-cancel').addEventListener('click', () => {
      setForm.hidden = true;
    });
    setForm.addEventListener('submit', e => {
      e.preventDefault();
      setForm.hidden = true;
      $('clock-set-open').setAttribute('aria-expanded', 'false');
      moveClock({at: $('clock-input').value, fire: $('clock-fire').checked});
    });

    const select = $('signed-in');
    const otherForm = $('other-form');
    select.addEventListener('change', () => {
      if (select.value === '__other__') {
        otherForm.hidden = false;
        $('other-email').value = '';
        $('other-email').focus();
        return;
      }
      otherForm.hidden = true;
      signIn(select.value);
    });
    $('other-cancel').addEventListener('click', () => {
      otherForm.hidden = true;
      if (ui.state) select.value = ui.state.signedInAs;
    });
    otherForm.addEventListener('submit', e => {
      e.preventDefault();
      otherForm.hidden = true;
      signIn($('other-email').value);
    });
  }

  wire();
  setBusy(-1);
  Promise.all([refresh(), loadMenu()]).then(() => {
    document.body.dataset.ready = 'true';
  });
})();
