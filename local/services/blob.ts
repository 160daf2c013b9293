/**
 * Blob stand-in (Utilities.newBlob, Document.getAs, Drive file contents).
 * https://developers.google.com/apps-script/reference/base/blob
 * getBytes() returns Java bytes, i.e. signed integers -128..127.
 */
export type BlobApi = Pick<
  GoogleAppsScript.Base.Blob,
  | 'getBytes'
  | 'getDataAsString'
  | 'getContentType'
  | 'setContentType'
  | 'getName'
  | 'setName'
  | 'copyBlob'
  | 'isGoogleType'
  | 'setBytes'
  | 'setDataFromString'
>;

export class LocalBlob implements BlobApi {
  constructor(
    private data: Uint8Array,
    private contentType: string | null = null,
    private name: string | null = null,
  ) {}

  static fromString(
    text: string,
    contentType?: string | null,
    name?: string | null,
  ): LocalBlob {
    return new LocalBlob(
      new TextEncoder().encode(text),
      contentType ?? 'text/plain',
      name ?? null,
    );
  }

  /** Accepts signed (Apps Script) or unsigned byte arrays. */
  static fromBytes(
    bytes: ArrayLike<number>,
    contentType?: string | null,
    name?: string | null,
  ): LocalBlob {
    return new LocalBlob(
      Uint8Array.from(bytes, b => b & 0xff),
      contentType ?? null,
      name ?? null,
    );
  }

  /** The raw bytes, for the other stand-ins (not an Apps Script method). */
  raw(): Uint8Array {
    return this.data;
  }

  getBytes(): GoogleAppsScript.Byte[] {
    return Array.from(this.data, b => (b > 127 ? b - 256 : b));
  }

  setBytes(data: GoogleAppsScript.Byte[]): GoogleAppsScript.Base.Blob {
    this.data = Uint8Array.from(data, b => b & 0xff);
    return this as unknown as GoogleAppsScript.Base.Blob;
  }

  getDataAsString(charset?: string): string {
    return new TextDecoder(charset ?? 'utf-8').decode(this.data);
  }

  setDataFromString(
    text: string,
    charset?: string,
  ): GoogleAppsScript.Base.Blob {
    if (charset && !/^utf-?8$/i.test(charset)) {
      throw new Error(`local Blob: only UTF-8 is modelled, not ${charset}`);
    }
    this.data = new TextEncoder().encode(text);
    return this as unknown as GoogleAppsScript.Base.Blob;
  }

  getContentType(): string | null {
    return this.contentType;
  }

  setContentType(contentType: string | null): GoogleAppsScript.Base.Blob {
    this.contentType = contentType;
    return this as unknown as GoogleAppsScript.Base.Blob;
  }

  getName(): string | null {
    return this.name;
  }

  setName(name: string): GoogleAppsScript.Base.Blob {
    this.name = name;
    return this as unknown as GoogleAppsScript.Base.Blob;
  }

  copyBlob(): GoogleAppsScript.Base.Blob {
    return new LocalBlob(
      this.data.slice(),
      this.contentType,
      this.name,
    ) as unknown as GoogleAppsScript.Base.Blob;
  }

  isGoogleType(): boolean {
    return (this.contentType ?? '').startsWith('application/vnd.google-apps.');
  }
}
