/**
 * Put the google.script.run / google.script.host stand-in (public/bridge.js)
 * into an HtmlService page, before the page's own scripts, as Apps Script's
 * sandbox makes `google` exist before user code runs.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface BridgeConfig {
  /** Absolute URL of POST /api/run. */
  endpoint: string;
  /** The origin google.script.host.origin reports. */
  origin: string;
  /** Whom the page's calls run as (the person who opened it). */
  as: string;
  /** The server functions google.script.run offers. */
  functions: string[];
}

export function bridgeSource(publicDir: string): string {
  return fs.readFileSync(path.join(publicDir, 'bridge.js'), 'utf8');
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function injectBridge(
  html: string,
  config: BridgeConfig,
  source: string,
): string {
  const code = source.trim().replace(/;\s*$/, '');
  const tag =
    '<script data-local-bridge="google.script">\n' +
    `${code.replace(/<\/script/gi, '<\\/script')}(${scriptJson(config)});\n` +
    '</script>';
  const firstScript = html.search(/<script\b/i);
  let at = 0;
  for (const re of [/<head\b[^>]*>/i, /<html\b[^>]*>/i, /<!doctype[^>]*>/i]) {
    const m = re.exec(html);
    if (m) {
      at = m.index + m[0].length;
      break;
    }
  }
  if (firstScript >= 0 && firstScript < at) at = firstScript;
  return html.slice(0, at) + tag + html.slice(at);
}
