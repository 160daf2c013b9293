/**
 * HtmlService stand-in. Files are the built html in ctx.distDir (dist/),
 * which is exactly what `clasp push` uploads.
 *
 * Reference pages:
 *  - https://developers.google.com/apps-script/reference/html/html-service
 *  - https://developers.google.com/apps-script/reference/html/html-output
 */
import fs from 'node:fs';
import path from 'node:path';
import {ExecutionContext, gasError} from '../core';

type H = GoogleAppsScript.HTML.HtmlService;
type GasHtmlOutput = GoogleAppsScript.HTML.HtmlOutput;

export type HtmlServiceApi = Pick<
  H,
  | 'SandboxMode'
  | 'XFrameOptionsMode'
  | 'createHtmlOutput'
  | 'createHtmlOutputFromFile'
>;

export const SandboxMode = {
  EMULATED: 'EMULATED',
  IFRAME: 'IFRAME',
  NATIVE: 'NATIVE',
} as unknown as typeof GoogleAppsScript.HTML.SandboxMode;

export const XFrameOptionsMode = {
  ALLOWALL: 'ALLOWALL',
  DEFAULT: 'DEFAULT',
} as unknown as typeof GoogleAppsScript.HTML.XFrameOptionsMode;

/**
 * The message Apps Script gives for a missing file, as users report it
 * verbatim ("Exception: No HTML file named Index was found.").
 */
export function missingFileMessage(name: string): string {
  return `No HTML file named ${name} was found.`;
}

export function createHtmlService(ctx: ExecutionContext): HtmlServiceApi {
  const record = (method: string) => ctx.calls.record('HtmlService', method);
  return {
    SandboxMode,
    XFrameOptionsMode,

    createHtmlOutput(html?: string | GoogleAppsScript.Base.BlobSource) {
      record('createHtmlOutput');
      return new LocalHtmlOutput(ctx, htmlText(html)).self;
    },

    /** Reads `${distDir}/${filename}.html` (the editor's file "filename"). */
    createHtmlOutputFromFile(filename: string) {
      record('createHtmlOutputFromFile');
      const name = String(filename);
      const file = path.join(ctx.distDir, `${name}.html`);
      const inside = path.dirname(file) === path.resolve(ctx.distDir);
      if (!inside || !fs.existsSync(file)) {
        throw gasError(ctx, missingFileMessage(name));
      }
      return new LocalHtmlOutput(ctx, fs.readFileSync(file, 'utf8')).self;
    },
  };
}

function htmlText(html: unknown): string {
  if (html === undefined || html === null) return '';
  if (typeof html === 'string') return html;
  const blob = html as GoogleAppsScript.Base.BlobSource &
    Partial<GoogleAppsScript.Base.Blob>;
  if (typeof blob.getDataAsString === 'function') return blob.getDataAsString();
  return blob.getBlob().getDataAsString();
}

export class LocalHtmlOutput implements Pick<
  GasHtmlOutput,
  | 'getContent'
  | 'setContent'
  | 'append'
  | 'appendUntrusted'
  | 'clear'
  | 'getTitle'
  | 'setTitle'
  | 'getWidth'
  | 'setWidth'
  | 'getHeight'
  | 'setHeight'
  | 'setSandboxMode'
  | 'setXFrameOptionsMode'
  | 'addMetaTag'
  | 'getMetaTags'
> {
  readonly self = this as unknown as GasHtmlOutput;
  private title = '';
  /**
   * Chosen: 0 means "not set" (the reference does not say what an unset
   * width or height reads as); Ui decides the default size.
   */
  private width = 0;
  private height = 0;
  private sandboxMode: string = 'IFRAME';
  private xFrameOptionsMode: string = 'DEFAULT';
  private readonly metaTags: Array<{name: string; content: string}> = [];

  constructor(
    private readonly ctx: ExecutionContext,
    private content: string,
  ) {}

  private record(method: string): void {
    this.ctx.calls.record('HtmlService', `HtmlOutput.${method}`);
  }

  getContent(): string {
    this.record('getContent');
    return this.content;
  }

  setContent(content: string): GasHtmlOutput {
    this.record('setContent');
    this.content = String(content);
    return this.self;
  }

  append(addedContent: string): GasHtmlOutput {
    this.record('append');
    this.content += String(addedContent);
    return this.self;
  }

  /** "Appends new content ... using contextual escaping." */
  appendUntrusted(addedContent: string): GasHtmlOutput {
    this.record('appendUntrusted');
    this.content += escapeHtml(String(addedContent));
    return this.self;
  }

  clear(): GasHtmlOutput {
    this.record('clear');
    this.content = '';
    return this.self;
  }

  /** "Note that the <title> HTML element is ignored." */
  getTitle(): string {
    this.record('getTitle');
    return this.title;
  }

  setTitle(title: string): GasHtmlOutput {
    this.record('setTitle');
    this.title = String(title);
    return this.self;
  }

  getWidth(): number {
    this.record('getWidth');
    return this.width;
  }

  setWidth(width: number): GasHtmlOutput {
    this.record('setWidth');
    this.width = Number(width);
    return this.self;
  }

  getHeight(): number {
    this.record('getHeight');
    return this.height;
  }

  setHeight(height: number): GasHtmlOutput {
    this.record('setHeight');
    this.height = Number(height);
    return this.self;
  }

  /** Only IFRAME remains; the others are ignored by Apps Script today. */
  setSandboxMode(mode: GoogleAppsScript.HTML.SandboxMode): GasHtmlOutput {
    this.record('setSandboxMode');
    this.sandboxMode = String(mode);
    return this.self;
  }

  setXFrameOptionsMode(
    mode: GoogleAppsScript.HTML.XFrameOptionsMode,
  ): GasHtmlOutput {
    this.record('setXFrameOptionsMode');
    this.xFrameOptionsMode = String(mode);
    return this.self;
  }

  addMetaTag(name: string, content: string): GasHtmlOutput {
    this.record('addMetaTag');
    this.metaTags.push({name: String(name), content: String(content)});
    return this.self;
  }

  getMetaTags(): GoogleAppsScript.HTML.HtmlOutputMetaTag[] {
    this.record('getMetaTags');
    return this.metaTags.map(t => ({
      getName: () => t.name,
      getContent: () => t.content,
    }));
  }

  /** For the local app (not Apps Script API): the modes that were set. */
  modes(): {sandboxMode: string; xFrameOptionsMode: string} {
    return {
      sandboxMode: this.sandboxMode,
      xFrameOptionsMode: this.xFrameOptionsMode,
    };
  }
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    c =>
      ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[
        c
      ]!,
  );
}
