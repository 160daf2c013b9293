/**
 * The local app's HTTP server (node:http only), bound to 127.0.0.1.
 *
 *   GET  /                       the page (public/index.html, app.js, app.css)
 *   GET  /api/state              tracker name, clock, signed-in person, members, tabs, counts
 *   GET  /api/menu               run onOpen as the signed-in person: the add-on menu
 *   GET  /api/tab?name=X         one tab as Sheets displays it
 *   GET  /api/functions          the entry points google.script.run can call
 *   POST /api/run                {fn, args, as?, at?} → the outcome (ok, result, errors,
 *                                exception, ui, returned, logs); sidebars/dialogs carry `doc`
 *   POST /api/clock              {at: 'YYYY-MM-DDTHH:MM' | epoch ms, fire?} or {advanceMs}
 *   POST /api/signin             {email}
 *   GET  /api/outbox             sent mail
 *   GET  /api/drive              Drive files
 *   GET  /api/triggers           installed triggers
 *   GET  /files/<id>             a Drive file's bytes (a Google Doc as PDF)
 *   GET  /mail/<file>            a sent mail's .eml
 *   GET  /download.xlsx          the tracker exported as .xlsx
 *   GET  /sidebar/<Name>         dist/<Name>.html with the google.script bridge
 *
 * Requests are handled one at a time: executions are synchronous, and two
 * at once would only interleave file writes of the same workspace.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {formatAt} from '../clock';
import {UiEvent} from '../core';
import {BridgeConfig, bridgeSource, injectBridge} from './bridge';
import {LocalApp, RequestError} from './local-app';

export interface AppServerOptions {
  app: LocalApp;
  /** local/app/public */
  publicDir: string;
  log?: (line: string) => void;
}

const STATIC: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
  '/bridge.js': 'bridge.js',
  '/favicon.svg': 'favicon.svg',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const MAX_BODY = 5 * 1024 * 1024;

export function createAppServer(options: AppServerOptions): http.Server {
  const {app, publicDir} = options;
  let chain: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(work: () => Promise<T> | T): Promise<T> => {
    const next = chain.then(work);
    chain = next.catch(() => undefined);
    return next;
  };

  const server = http.createServer((req, res) => {
    const started = Date.now();
    handle(req, res)
      .catch(e => {
        const status = e instanceof RequestError ? e.status : 500;
        if (status === 500) console.error(e);
        if (!res.headersSent) {
          sendJson(res, status, {
            error: e instanceof Error ? e.message : String(e),
          });
        } else {
          res.end();
        }
      })
      .finally(() => {
        options.log?.(
          `${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`,
        );
      });
  });

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    checkHost(req, server);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = url.pathname;
    const method = req.method ?? 'GET';

    if (method === 'GET' && STATIC[route]) {
      const file = path.join(publicDir, STATIC[route]);
      const body = fs.readFileSync(file);
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(body);
      return;
    }

    if (method === 'POST') {
      const body = await readJsonBody(req);
      const out = await enqueue(() => post(route, body, req));
      sendJson(res, 200, out);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      throw new RequestError(405, `${method} is not supported`);
    }

    if (route === '/download.xlsx') {
      const file = await enqueue(() => app.session.exportXlsx());
      const bytes = fs.readFileSync(file);
      const name = `${app.trackerName().replace(/[^\w .-]+/g, '_')}.xlsx`;
      res.writeHead(200, {
        'Content-Type':
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Content-Length': bytes.length,
      });
      res.end(bytes);
      return;
    }
    const fileMatch = /^\/files\/([A-Za-z0-9_-]+)$/.exec(route);
    if (fileMatch) {
      const file = await enqueue(() => app.driveFile(fileMatch[1]));
      res.writeHead(200, {
        'Content-Type': file.mimeType,
        'Content-Disposition': `inline; filename="${file.name.replace(/[^\w .-]+/g, '_')}"`,
        'Content-Length': file.bytes.length,
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(Buffer.from(file.bytes));
      return;
    }
    if (route.startsWith('/mail/')) {
      let relative: string;
      try {
        relative = route
          .slice('/mail/'.length)
          .split('/')
          .map(decodeURIComponent)
          .join('/');
      } catch {
        throw new RequestError(400, 'Bad mail path');
      }
      const file = await enqueue(() => app.emlFile(relative));
      res.writeHead(200, {
        'Content-Type': 'message/rfc822',
        'Content-Disposition': `attachment; filename="${path.basename(file)}"`,
      });
      res.end(fs.readFileSync(file));
      return;
    }
    const sidebarMatch = /^\/sidebar\/([A-Za-z0-9_-]+)$/.exec(route);
    if (sidebarMatch) {
      const html = await enqueue(() => {
        const file = path.join(app.session.distDir, `${sidebarMatch[1]}.html`);
        if (!fs.existsSync(file)) {
          throw new RequestError(404, `No HTML file named ${sidebarMatch[1]}`);
        }
        const as = url.searchParams.get('as') || app.appState().signedInAs;
        return injectBridge(
          fs.readFileSync(file, 'utf8'),
          bridgeConfig(req, as),
          bridgeSource(publicDir),
        );
      });
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(html);
      return;
    }

    const out = await enqueue(() => get(route, url));
    sendJson(res, 200, out);
  }

  function bridgeConfig(req: http.IncomingMessage, as: string): BridgeConfig {
    const origin = `http://${req.headers.host}`;
    return {
      endpoint: `${origin}/api/run`,
      origin,
      as,
      functions: app.functionNames(),
    };
  }

  function withDocs(ui: UiEvent[], req: http.IncomingMessage, as: string) {
    const source = bridgeSource(publicDir);
    return ui.map(e =>
      e.kind === 'sidebar' || e.kind === 'dialog'
        ? {...e, doc: injectBridge(e.html, bridgeConfig(req, as), source)}
        : e,
    );
  }

  function get(route: string, url: URL): unknown {
    switch (route) {
      case '/api/state':
        return app.state();
      case '/api/menu': {
        const {menu, outcome} = app.menu();
        return {
          menu,
          ok: outcome.ok,
          exception: outcome.exception ?? null,
        };
      }
      case '/api/functions':
        return app.functionNames();
      case '/api/tab':
        return app.tab(url.searchParams.get('name') ?? '');
      case '/api/outbox':
        return app.outbox();
      case '/api/drive':
        return app.drive();
      case '/api/triggers':
        return app.triggers();
      default:
        throw new RequestError(404, `Nothing at ${route}`);
    }
  }

  function post(
    route: string,
    body: Record<string, unknown>,
    req: http.IncomingMessage,
  ): unknown {
    switch (route) {
      case '/api/run': {
        const as =
          typeof body.as === 'string' && body.as
            ? body.as.trim().toLowerCase()
            : app.appState().signedInAs;
        const at =
          typeof body.at === 'number'
            ? body.at
            : typeof body.at === 'string' && body.at
              ? app.parseClock(body.at)
              : undefined;
        const args = body.args === undefined ? [] : body.args;
        const outcome = app.run(String(body.fn ?? ''), args as unknown[], {
          as,
          at,
        });
        options.log?.(
          `  ${outcome.call} as ${as}: ${outcome.ok ? 'ok' : (outcome.exception?.message ?? JSON.stringify(outcome.errors))}`,
        );
        return {...outcome, as, ui: withDocs(outcome.ui, req, as)};
      }
      case '/api/clock': {
        const current = app.appState().clock;
        let target: number;
        if (typeof body.advanceMs === 'number') {
          if (!(body.advanceMs >= 0)) {
            throw new RequestError(400, 'advanceMs must be 0 or more');
          }
          target = current + body.advanceMs;
        } else if (typeof body.at === 'number') {
          target = body.at;
        } else if (typeof body.at === 'string') {
          target = app.parseClock(body.at);
        } else {
          throw new RequestError(400, 'Give at or advanceMs');
        }
        const {state, fired} = app.setClock(target, body.fire !== false);
        return {...state, clockText: formatAt(state.clock), fired};
      }
      case '/api/signin':
        return app.signIn(String(body.email ?? ''));
      default:
        throw new RequestError(404, `Nothing at ${route}`);
    }
  }

  return server;
}

/**
 * Only answer requests addressed to this server by its loopback name: a
 * page elsewhere that rebinds its DNS name to 127.0.0.1 gets nothing.
 */
function checkHost(req: http.IncomingMessage, server: http.Server): void {
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  const host = (req.headers.host ?? '').toLowerCase();
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowed.includes(host)) {
    throw new RequestError(403, 'Use http://127.0.0.1:<port>/');
  }
}

async function readJsonBody(
  req: http.IncomingMessage,
): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.toLowerCase().startsWith('application/json')) {
    // A cross-site form cannot send JSON without a preflight we never answer.
    throw new RequestError(415, 'Send Content-Type: application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new RequestError(413, 'Request too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RequestError(400, 'The body is not JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new RequestError(400, 'The body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

/**
 * Listen on 127.0.0.1:port; if the port is taken, on a free one. Resolves
 * with the port actually used.
 */
export function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE' && port !== 0) {
        server.removeListener('error', onError);
        listen(server, 0).then(resolve, reject);
      } else {
        reject(e);
      }
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', onError);
      const address = server.address();
      resolve(address && typeof address === 'object' ? address.port : port);
    });
  });
}
