import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createHtmlService} from '../../local/services/html-service';
import {createLogger, loggedLines} from '../../local/services/logger';
import {createSession} from '../../local/services/session';
import {ADMIN, newContext, tempWorkspace, thrown} from './services-fixtures';

describe('Session', () => {
  const ws = tempWorkspace();

  it('reports the active and effective users, zone and locale', () => {
    const s = createSession(newContext(ws));
    expect(s.getActiveUser().getEmail()).toBe(ADMIN);
    expect(s.getEffectiveUser().getEmail()).toBe(ADMIN);
    expect(s.getScriptTimeZone()).toBe('Europe/London');
    expect(s.getActiveUserLocale()).toBe('en_GB');
  });

  it('gives a blank active user where Apps Script hides it', () => {
    const s = createSession(
      newContext(ws, {mode: 'trigger', activeUser: '', effectiveUser: ADMIN}),
    );
    expect(s.getActiveUser().getEmail()).toBe('');
    expect(s.getEffectiveUser().getEmail()).toBe(ADMIN);
  });

  it('keeps the temporary key stable for a user within 30 days', () => {
    const key = (user: string, startAt: number) =>
      createSession(
        newContext(ws, {activeUser: user, startAt}),
      ).getTemporaryActiveUserKey();
    const t = Date.parse('2026-01-05T09:00:00Z');
    expect(key(ADMIN, t)).toBe(key(ADMIN, t + 1000));
    expect(key(ADMIN, t)).not.toBe(key('b@example.org', t));
    expect(key(ADMIN, t)).not.toContain('admin');
  });
});

describe('HtmlService', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-dist-'));
  fs.writeFileSync(path.join(dist, 'Sidebar.html'), '<p>Hello</p>');
  const ctx = newContext(tempWorkspace(), {distDir: dist});
  const html = createHtmlService(ctx);

  it('reads a built file from dist/', () => {
    const out = html
      .createHtmlOutputFromFile('Sidebar')
      .setTitle('Panel Tracker')
      .setWidth(320)
      .setHeight(500)
      .setSandboxMode(html.SandboxMode.IFRAME)
      .setXFrameOptionsMode(html.XFrameOptionsMode.DEFAULT)
      .addMetaTag('viewport', 'width=device-width');
    expect(out.getContent()).toBe('<p>Hello</p>');
    expect(out.getTitle()).toBe('Panel Tracker');
    expect(out.getWidth()).toBe(320);
    expect(out.getHeight()).toBe(500);
    expect(out.getMetaTags()[0].getName()).toBe('viewport');
  });

  it('throws the platform message for a missing file', () => {
    const e = thrown(() => html.createHtmlOutputFromFile('Nope'));
    expect(e.message).toBe('No HTML file named Nope was found.');
    expect(e.name).toBe('Exception');
    expect(() => html.createHtmlOutputFromFile('../etc/passwd')).toThrow(
      'No HTML file named ../etc/passwd was found.',
    );
  });

  it('builds output from a string and escapes untrusted text', () => {
    const out = html.createHtmlOutput('<b>x</b>').append('<i>y</i>');
    out.appendUntrusted('<script>');
    expect(out.getContent()).toBe('<b>x</b><i>y</i>&lt;script&gt;');
    expect(out.setContent('z').getContent()).toBe('z');
  });
});

describe('Logger', () => {
  it('collects %s-formatted lines per execution', () => {
    const ctx = newContext(tempWorkspace());
    const logger = createLogger(ctx);
    logger.log('sent %s of %s', 3, 5).log({a: 1});
    logger.log('plain');
    expect(loggedLines(ctx)).toEqual(['sent 3 of 5', '{"a":1}', 'plain']);
    expect(logger.getLog()).toBe('sent 3 of 5\n{"a":1}\nplain');
    logger.clear();
    expect(logger.getLog()).toBe('');
    expect(loggedLines(newContext(tempWorkspace()))).toEqual([]);
  });
});
