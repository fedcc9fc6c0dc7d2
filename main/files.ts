import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FileSlice } from '../shared/model/liveIndex';
import { fail, ok, type Result } from '../shared/model/result';
import { decodeText, looksBinary, SNIFF_BYTES } from '../shared/parse/text';
import { describeFsError } from './walk';

/** The first `length` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Resolves a root-relative path coming from outside (UI, CLI, network) to an absolute one inside
 * `root`, or refuses it (STACK.md "path guard"): non-strings, NUL, absolute, drive-letter and UNC
 * forms, `..` escapes, and symlinks whose target lies outside the root.
 */
export async function resolveInsideRoot(root: string, relPath: unknown): Promise<Result<string>> {
  if (typeof relPath !== 'string') return fail('invalid-argument', 'path must be a string');
  if (relPath.includes('\0')) return fail('invalid-argument', 'path contains a NUL byte');
  if (relPath.length > 4096) return fail('invalid-argument', 'path is too long');
  if (isAbsolute(relPath) || /^[a-zA-Z]:/.test(relPath) || relPath.startsWith('\\\\') || relPath.startsWith('//')) {
    return fail('outside-root', `not a path inside the opened folder: ${relPath}`);
  }
  const realRoot = await realpath(root).catch(() => null);
  if (realRoot === null) return fail('not-found', `the opened folder is gone: ${root}`);
  const candidate = resolve(realRoot, relPath);
  if (!isInside(realRoot, candidate)) return fail('outside-root', `outside the opened folder: ${relPath}`);
  try {
    const real = await realpath(candidate);
    if (!isInside(realRoot, real)) return fail('outside-root', `a link that leads outside the opened folder: ${relPath}`);
    return ok(real);
  } catch (error) {
    return fail(codeOf(error), `${relPath}: ${describeFsError(error)}`);
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function codeOf(error: unknown): 'not-found' | 'permission-denied' | 'io-error' {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' ? 'not-found' : code === 'EACCES' || code === 'EPERM' ? 'permission-denied' : 'io-error';
}

export const DEFAULT_SLICE_BYTES = 4 * 1024 * 1024;

/** Reads a range of a file inside the root: text decoded, binary detected and not dumped. */
export async function readSlice(root: string, relPath: unknown, offset = 0, length = DEFAULT_SLICE_BYTES): Promise<Result<FileSlice>> {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    return fail('invalid-argument', 'offset and length must be non-negative integers');
  }
  const resolved = await resolveInsideRoot(root, relPath);
  if (!resolved.ok) return resolved;
  try {
    const handle = await open(resolved.value, 'r');
    try {
      // Check the opened handle, not the name: the file may have been swapped since.
      const stats = await handle.stat();
      if (!stats.isFile()) return fail('invalid-argument', `not a file: ${String(relPath)}`);
      const sniff = Buffer.alloc(Math.min(SNIFF_BYTES, stats.size));
      await handle.read(sniff, 0, sniff.length, 0);
      if (looksBinary(sniff)) {
        return ok({ size: stats.size, offset, length: 0, text: '', isBinary: true, isCut: false, encoding: 'binary', hadInvalidBytes: false });
      }
      const wanted = Math.max(0, Math.min(length, stats.size - offset));
      const buffer = Buffer.alloc(wanted);
      const { bytesRead } = await handle.read(buffer, 0, wanted, offset);
      const decoded = decodeText(buffer.subarray(0, bytesRead));
      return ok({
        size: stats.size,
        offset,
        length: bytesRead,
        text: decoded.text,
        isBinary: false,
        isCut: offset + bytesRead < stats.size,
        encoding: decoded.encoding,
        hadInvalidBytes: decoded.hadInvalidBytes,
      });
    } finally {
      await handle.close();
    }
  } catch (error) {
    return fail(codeOf(error), `${String(relPath)}: ${describeFsError(error)}`);
  }
}
