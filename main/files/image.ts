import { fail, ok, type Result } from '../../shared/model/result';
import { imageMime } from '../../shared/parse/imageType';
import type { RootGate } from './gate';

/** Largest image shown: a chart is tens of KB; a 16 MB image is a screenshot of something else. */
export const MAX_IMAGE_BYTES = 16 * 1024 * 1024;

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
  const mime = imageMime(bytes);
  if (!mime) return fail('invalid-argument', `${path}: not a PNG, JPEG, GIF or WebP image`);
  return ok({ mime, base64: bytes.toString('base64'), size });
}
