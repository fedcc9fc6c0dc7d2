/**
 * Bytes → text the way every reader here needs it (FORMATS.md §3): UTF-8 with invalid bytes as
 * U+FFFD, UTF-16 when a BOM says so, and binary files detected rather than dumped.
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  readonly text: string;
  readonly encoding: Encoding;
  /** True when invalid byte sequences were replaced by U+FFFD. */
  readonly hadInvalidBytes: boolean;
}

/** How many leading bytes are looked at to decide "binary". */
export const SNIFF_BYTES = 8192;

export function detectEncoding(bytes: Uint8Array): { encoding: Encoding; bomLength: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/**
 * Binary when the first bytes hold a NUL (text never does, UTF-16 aside) or mostly control
 * characters. Judged on at most SNIFF_BYTES bytes.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const { encoding } = detectEncoding(bytes);
  if (encoding !== 'utf-8') return false;
  const length = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < length; i++) {
    const byte = bytes[i]!;
    if (byte === 0) return true;
    if (byte < 7 || (byte > 13 && byte < 32 && byte !== 27)) control++;
  }
  return length > 0 && control / length > 0.1;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const { encoding, bomLength } = detectEncoding(bytes);
  const text = new TextDecoder(encoding).decode(bytes.subarray(bomLength));
  return { text, encoding, hadInvalidBytes: encoding === 'utf-8' && text.includes('\uFFFD') && !hasLiteralReplacement(bytes) };
}

/** U+FFFD written on purpose is EF BF BD in the bytes; a decoder-made one is not. */
function hasLiteralReplacement(bytes: Uint8Array): boolean {
  for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) return true;
  return false;
}

/** Splits on CRLF, lone CR and LF alike (files from Windows runs, FORMATS.md §3). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
