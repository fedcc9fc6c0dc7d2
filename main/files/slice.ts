import type { FileSlice } from '../../shared/model/liveIndex';
import { fail, ok, type Result } from '../../shared/model/result';
import { decodeText, looksBinary, SNIFF_BYTES } from '../../shared/parse/text';
import { failFs, type RootGate } from './gate';

export const DEFAULT_SLICE_BYTES = 4 * 1024 * 1024;

/** Reads a range of a file inside the root (through the gate): text decoded, binary detected and not dumped. */
export async function readSlice(gate: RootGate, relPath: unknown, offset = 0, length = DEFAULT_SLICE_BYTES): Promise<Result<FileSlice>> {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    return fail('invalid-argument', 'offset and length must be non-negative integers');
  }
  const opened = await gate.openFile(relPath);
  if (!opened.ok) return opened;
  const { handle, size, modifiedMs } = opened.value;
  try {
    const sniff = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    await handle.read(sniff, 0, sniff.length, 0);
    if (looksBinary(sniff)) {
      return ok({ size, modifiedMs, offset, length: 0, text: '', isBinary: true, isCut: false, encoding: 'binary', hadInvalidBytes: false });
    }
    const wanted = Math.max(0, Math.min(length, size - offset));
    const buffer = Buffer.alloc(wanted);
    const { bytesRead } = await handle.read(buffer, 0, wanted, offset);
    const decoded = decodeText(buffer.subarray(0, bytesRead));
    return ok({
      size,
      modifiedMs,
      offset,
      length: bytesRead,
      text: decoded.text,
      isBinary: false,
      isCut: offset + bytesRead < size,
      encoding: decoded.encoding,
      hadInvalidBytes: decoded.hadInvalidBytes,
    });
  } catch (error) {
    return failFs(String(relPath), error);
  } finally {
    await handle.close();
  }
}
