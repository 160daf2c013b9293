/* global window, fetch, console, Node, HTMLFormElement */
/**
 * The local stand-in of the `google` object HtmlService pages see in Apps
 * Script: google.script.run and google.script.host. The local server puts
 * this expression, called with its configuration, before the page's own
 * scripts:
 *
 *   (function (config) { ... })({endpoint, as, functions})
 *
 * google.script.run
 *   https://developers.google.com/apps-script/guides/html/reference/run
 *   "Most types are legal, but not Date, Function, or DOM element besides
 *   form" (myFunction(...) parameters), and from the guide
 *   https://developers.google.com/apps-script/guides/html/communication
 *   (#parameters_and_return_values): "Legal parameters are JavaScript
 *   primitives like a Number, Boolean, String, or null, as well as
 *   JavaScript objects and arrays that are composed of primitives, objects
 *   and arrays. A form element within the page is also legal as a
 *   parameter, but it must be the function's only parameter. Requests fail
 *   if you attempt to pass a Date, Function, DOM element besides a form, or
 *   other prohibited type, including prohibited types inside objects or
 *   arrays. Objects that create circular references will also fail, and
 *   undefined fields within arrays become null."
 *   How a request "fails": the call itself throws, synchronously and before
 *   anything is sent, `TypeError: Failed due to illegal value in property:
 *   <key>` (key: the property or index holding the illegal value) — the
 *   failure handler is NOT called. Reported verbatim by users, e.g. a
 *   function-valued field `func` gives "Uncaught TypeError: Failed due to
 *   illegal value in property: func", a Date in field TanggalBinaan gives
 *   "Failed due to illegal value in property: TanggalBinaan" ("terjadi SAAT
 *   PENGIRIMAN ... tidak pernah tertangkap oleh withFailureHandler"), and
 *   the same string sits in Google's own client code next to "Failed due to
 *   circular reference." (found with the `search` tool; third-party
 *   reports, the official pages do not quote the message).
 *   Return values cross the same way: through JSON; a Date anywhere in the
 *   server's return value makes the success handler receive null (the
 *   server side of this lives in local/app/run.ts).
 * google.script.host
 *   https://developers.google.com/apps-script/guides/html/reference/host
 */
(function (config) {
  'use strict';

  const ILLEGAL = 'Failed due to illegal value in property: ';
  const CIRCULAR = 'Failed due to circular reference.';

  function isPlainObject(v) {
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
  }

  /** The value as it will cross the wire, or a thrown TypeError. */
  function wire(value, key, stack) {
    if (value === null || value === undefined) return null;
    const t = typeof value;
    if (t === 'string' || t === 'boolean') return value;
    if (t === 'number') return isFinite(value) ? value : null;
    if (t === 'function' || t === 'symbol' || t === 'bigint') {
      throw new TypeError(ILLEGAL + key);
    }
    if (Object.prototype.toString.call(value) === '[object Date]') {
      throw new TypeError(ILLEGAL + key);
    }
    if (typeof Node !== 'undefined' && value instanceof Node) {
      // A form is legal only as the only parameter (handled by the caller).
      throw new TypeError(ILLEGAL + key);
    }
    if (stack.indexOf(value) >= 0) throw new TypeError(CIRCULAR);
    stack.push(value);
    let out;
    if (Array.isArray(value)) {
      out = [];
      for (let i = 0; i < value.length; i++) {
        // undefined entries (and holes) become null
        out.push(wire(value[i], String(i), stack));
      }
    } else if (isPlainObject(value)) {
      out = {};
      Object.keys(value).forEach(k => {
        if (value[k] === undefined) return; // dropped, as JSON does
        out[k] = wire(value[k], k, stack);
      });
    } else {
      // Map, Set, RegExp, class instances, typed arrays, Blobs...
      throw new TypeError(ILLEGAL + key);
    }
    stack.pop();
    return out;
  }

  /** A form's named fields as an object, as Apps Script sends a form. */
  function formValue(form) {
    const out = {};
    function put(name, v) {
      if (Object.prototype.hasOwnProperty.call(out, name)) {
        out[name] = [].concat(out[name], [v]);
      } else {
        out[name] = v;
      }
    }
    Array.prototype.forEach.call(form.elements, el => {
      if (!el.name || el.disabled) return;
      const type = (el.type || '').toLowerCase();
      if (type === 'checkbox' || type === 'radio') {
        if (el.checked) put(el.name, el.value);
      } else if (type === 'select-multiple') {
        Array.prototype.forEach.call(el.options, o => {
          if (o.selected) put(el.name, o.value);
        });
      } else if (type === 'file') {
        put(el.name, null);
      } else if (
        type !== 'submit' &&
        type !== 'button' &&
        type !== 'reset' &&
        type !== 'image'
      ) {
        put(el.name, el.value);
      }
    });
    return out;
  }

  function wireArgs(args) {
    const list = Array.prototype.slice.call(args);
    if (
      list.length === 1 &&
      typeof HTMLFormElement !== 'undefined' &&
      list[0] instanceof HTMLFormElement
    ) {
      return [formValue(list[0])];
    }
    const stack = [];
    return list.map((a, i) => {
      return wire(a, String(i), stack);
    });
  }

  function notifyParent(message) {
    if (window.parent && window.parent !== window) {
      message.ptBridge = true;
      window.parent.postMessage(message, '*');
    }
  }

  function call(fn, args, handlers) {
    const payload = JSON.stringify({
      fn: fn,
      args: wireArgs(args),
      as: config.as,
      source: 'google.script.run',
    });
    fetch(config.endpoint, {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: payload,
    })
      .then(res => {
        if (!res.ok) {
          return res.text().then(text => {
            throw new Error(
              'NetworkError: Connection failure due to HTTP ' +
                res.status +
                (text ? ' (' + text + ')' : ''),
            );
          });
        }
        return res.json();
      })
      .then(
        outcome => {
          notifyParent({type: 'ran', fn: fn, outcome: outcome});
          if (outcome.exception) {
            const err = new Error(outcome.exception.message);
            err.name = outcome.exception.name || 'Error';
            fail(err);
          } else if (handlers.success) {
            handlers.success(outcome.returned, handlers.userObject);
          }
        },
        e => {
          fail(e instanceof Error ? e : new Error(String(e)));
        },
      );
    function fail(err) {
      if (handlers.failure) {
        handlers.failure(err, handlers.userObject);
      } else {
        console.error('google.script.run.' + fn + ' failed:', err);
      }
    }
  }

  /** A script runner: with* return a new runner; no runner is ever changed. */
  function runner(handlers) {
    const r = {
      withSuccessHandler: function (f) {
        return runner(merge(handlers, {success: f}));
      },
      withFailureHandler: function (f) {
        return runner(merge(handlers, {failure: f}));
      },
      withUserObject: function (o) {
        return runner(merge(handlers, {userObject: o}));
      },
    };
    config.functions.forEach(name => {
      if (Object.prototype.hasOwnProperty.call(r, name)) return;
      r[name] = function () {
        call(name, arguments, handlers);
      };
    });
    return Object.freeze(r);
  }

  function merge(a, b) {
    const out = {};
    Object.keys(a).forEach(k => {
      out[k] = a[k];
    });
    Object.keys(b).forEach(k => {
      out[k] = b[k];
    });
    return out;
  }

  const host = {
    origin: config.origin,
    close: function () {
      notifyParent({type: 'close'});
    },
    setHeight: function () {},
    setWidth: function () {},
    editor: {
      focus: function () {
        notifyParent({type: 'focus'});
      },
    },
  };

  window.google = {script: {run: runner({}), host: host}};
});
