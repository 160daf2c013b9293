import {Workspace} from '../../local/core';
import {
  CACHE_KEY_TOO_LARGE_MESSAGE,
  CACHE_VALUE_TOO_LARGE_MESSAGE,
  createCacheService,
} from '../../local/services/cache';
import {newContext, tempWorkspace, thrown} from './services-fixtures';

describe('CacheService', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = tempWorkspace();
  });

  it('has no document cache in a time-driven run', () => {
    const service = createCacheService(newContext(ws, {mode: 'trigger'}));
    expect(service.getDocumentCache()).toBeNull();
    expect(service.getUserCache()).not.toBeNull();
  });

  it('expires entries on the modelled clock (default 600 s, max 6 h)', () => {
    const ctx = newContext(ws);
    const cache = createCacheService(ctx).getScriptCache();
    cache.put('short', 'a');
    cache.put('long', 'b', 99999);
    cache.putAll({c: 'c', d: 'd'}, 30);
    expect(cache.getAll(['c', 'd', 'missing'])).toEqual({c: 'c', d: 'd'});
    ctx.advance(31_000);
    expect(cache.get('c')).toBeNull();
    expect(cache.get('short')).toBe('a');
    ctx.advance(600_000);
    expect(cache.get('short')).toBeNull();
    expect(cache.get('long')).toBe('b');
    ctx.advance(6 * 3600_000);
    expect(cache.get('long')).toBeNull();
  });

  it('removes entries', () => {
    const cache = createCacheService(newContext(ws)).getUserCache();
    cache.putAll({a: '1', b: '2', c: '3'});
    cache.remove('a');
    cache.removeAll(['b']);
    expect(cache.getAll(['a', 'b', 'c'])).toEqual({c: '3'});
  });

  it('refuses keys over 250 characters and values over 100 KB', () => {
    const cache = createCacheService(newContext(ws)).getScriptCache();
    cache.put('k'.repeat(250), 'ok');
    expect(thrown(() => cache.put('k'.repeat(251), 'v')).message).toBe(
      CACHE_KEY_TOO_LARGE_MESSAGE,
    );
    cache.put('v', 'x'.repeat(100 * 1024));
    expect(
      thrown(() => cache.put('v', 'x'.repeat(100 * 1024 + 1))).message,
    ).toBe(CACHE_VALUE_TOO_LARGE_MESSAGE);
  });
});
