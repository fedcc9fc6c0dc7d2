import { fail, ok, type Result } from '../../shared/model/result';
import type { RootGate } from './gate';

/** Largest image shown: a chart is tens of KB; a 16 MB image is a screenshot of something else. */
export const MAX_IMAGE_BYTES = 16 * 1024 * 1024;

/** Raster formats by their first bytes (never by the name): what a page can show as an `<img>` from a data URL. */
const SIGNATURES: ReadonlyArray<{ readonly mime: string; readonly test: (b: Buffer) => boolean }> = [
  { mime: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { mime: 'image/webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

export interface ImageData {
  readonly mime: string;
  readonly base64: string;
  readonly size: number;
}

/** An image file of the opened root (through the gate), as base64 with its type; why not when it is not one. */
export async function readImage(gate: RootGate, path: string): Promise<Result<ImageData>> {
  const read = await gate.read(path, 0, MAX_IMAGE_BYTES, MAX_IMAGE_BYTES);
  if (!read.ok) return read;
  const { bytes, size } = read.value;
  const mime = SIGNATURES.find((signature) => signature.test(bytes))?.mime;
  if (!mime) return fail('invalid-argument', `${path}: not a PNG, JPEG, GIF or WebP image`);
  return ok({ mime, base64: bytes.toString('base64'), size });
}
