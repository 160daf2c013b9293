import {Workspace} from '../../local/core';
import {
  PROPERTY_VALUE_LIMIT_BYTES,
  STORE_QUOTA_MESSAGE,
  VALUE_TOO_LARGE_MESSAGE,
  createPropertiesService,
} from '../../local/services/properties';
import {ADMIN, newContext, tempWorkspace, thrown} from './services-fixtures';

describe('PropertiesService', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = tempWorkspace();
  });

  it('has no document properties in a time-driven run (SPEC S6)', () => {
    const ctx = newContext(ws, {mode: 'trigger'});
    const service = createPropertiesService(ctx);
    expect(service.getDocumentProperties()).toBeNull();
    expect(service.getScriptProperties()).not.toBeNull();
  });

  it('stores strings, shares script properties and separates users and documents', () => {
    const a = createPropertiesService(newContext(ws));
    a.getScriptProperties().setProperty('n', 5 as unknown as string);
    a.getUserProperties().setProperty('units', 'metric');
    a.getDocumentProperties()!.setProperty('tracker', 'yes');

    const b = createPropertiesService(
      newContext(ws, {activeUser: 'b@example.org', activeSpreadsheetId: 'd2'}),
    );
    expect(b.getScriptProperties().getProperty('n')).toBe('5');
    expect(b.getUserProperties().getProperty('units')).toBeNull();
    expect(b.getDocumentProperties()!.getProperty('tracker')).toBeNull();
    expect(a.getDocumentProperties()!.getProperties()).toEqual({
      tracker: 'yes',
    });
  });

  it('keys user properties by the effective user (trigger owner)', () => {
    createPropertiesService(newContext(ws))
      .getUserProperties()
      .setProperty('trigger:1', 'tracker-id');
    const triggerRun = createPropertiesService(
      newContext(ws, {mode: 'trigger', activeUser: '', effectiveUser: ADMIN}),
    );
    expect(triggerRun.getUserProperties().getProperty('trigger:1')).toBe(
      'tracker-id',
    );
  });

  it('supports the whole Properties API', () => {
    const p = createPropertiesService(newContext(ws)).getScriptProperties();
    p.setProperties({a: '1', b: '2'});
    expect(p.getKeys().sort()).toEqual(['a', 'b']);
    p.setProperties({c: '3'}, true);
    expect(p.getProperties()).toEqual({c: '3'});
    p.deleteProperty('c');
    expect(p.getProperty('c')).toBeNull();
    p.setProperty('x', 'y').setProperty('z', 'w');
    p.deleteAllProperties();
    expect(p.getKeys()).toEqual([]);
  });

  it('reads what another execution wrote, without caching', () => {
    const first = createPropertiesService(newContext(ws)).getScriptProperties();
    const second = createPropertiesService(
      newContext(ws),
    ).getScriptProperties();
    expect(first.getProperty('k')).toBeNull();
    second.setProperty('k', 'v');
    expect(first.getProperty('k')).toBe('v');
  });

  it('refuses a value over 9 KB with the platform message and keeps the old one', () => {
    const p = createPropertiesService(newContext(ws)).getScriptProperties();
    p.setProperty('big', 'x'.repeat(PROPERTY_VALUE_LIMIT_BYTES));
    const e = thrown(() =>
      p.setProperty('big', 'x'.repeat(PROPERTY_VALUE_LIMIT_BYTES + 1)),
    );
    expect(e.message).toBe(VALUE_TOO_LARGE_MESSAGE);
    expect(e.name).toBe('Exception');
    expect(p.getProperty('big')!.length).toBe(PROPERTY_VALUE_LIMIT_BYTES);
    // Measured in UTF-8 bytes: 4,700 pound signs are 9,400 bytes.
    expect(() => p.setProperty('pounds', '£'.repeat(4700))).toThrow(
      VALUE_TOO_LARGE_MESSAGE,
    );
  });

  it('refuses to grow a store past 500 KB with the platform message', () => {
    const p = createPropertiesService(newContext(ws)).getUserProperties();
    let n = 0;
    const e = thrown(() => {
      for (;;) p.setProperty(`k${n++}`, 'y'.repeat(9000));
    });
    expect(e.message).toBe(STORE_QUOTA_MESSAGE);
    expect(n).toBeGreaterThan(50);
    expect(n).toBeLessThan(60);
    expect(p.getKeys().length).toBe(n - 1); // the failing write wrote nothing
    p.setProperty('k0', 'small'); // replacing a value frees its space
  });
});
