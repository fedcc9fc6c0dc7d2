import type { FileHandle } from 'node:fs/promises';
import { orThrow, readFully, type RootGate } from './gate';

/** Bytes just before the offset that are read again to tell an append from a rewrite. */
export const SEAM_BYTES = 64;

/** Where a file was read up to: its offset, which file it was (device and inode), and its bytes just before. */
export interface ReadPoint {
  readonly offset: number;
  readonly identity: string;
  readonly seam: Buffer;
}

/**
 * Reads an append-only file from where it last stopped (DESIGN.md: append-only files are read
 * from the last offset, not from the start), as bytes: a chunk may end inside a line or a UTF-8
 * character. When the file became shorter (rotated or rewritten), another file took its name, or
 * it was cut and written again past its old length (the bytes before the offset are no longer
 * the ones read), it says so and starts again from 0. Every open goes through the root's gate.
 */
export class AppendReader {
  private offset = 0;
  private identity: string | null = null;
  /** The last bytes read (up to SEAM_BYTES), which must still be there before the offset. */
  private seam: Buffer = Buffer.alloc(0);

  constructor(
    private readonly gate: RootGate,
    /** Root-relative path of the file. */
    readonly path: string,
  ) {}

  /** New bytes since the last call (into `into` when it is large enough); `restarted` when the file shrank and was read anew. */
  async read(maxBytes = 64 * 1024 * 1024, into?: Buffer): Promise<{ bytes: Buffer; restarted: boolean; size: number }> {
    const { handle, size, identity } = orThrow(await this.gate.openFile(this.path));
    try {
      let restarted = false;
      // Shorter (rotated, rewritten) or another file under the same name (replaced): from 0 again.
      const isReplaced = this.identity !== null && this.identity !== identity;
      this.identity = identity;
      if (size < this.offset || isReplaced || !(await this.seamHolds(handle))) {
        this.offset = 0;
        this.seam = Buffer.alloc(0);
        restarted = true;
      }
      const length = Math.min(size - this.offset, maxBytes);
      if (length <= 0) return { bytes: Buffer.alloc(0), restarted, size };
      const bytes = await readFully(handle, length, this.offset, into);
      const read = bytes.length;
      this.offset += read;
      this.seam = read >= SEAM_BYTES ? Buffer.from(bytes.subarray(read - SEAM_BYTES)) : Buffer.concat([this.seam, bytes]).subarray(-SEAM_BYTES);
      return { bytes, restarted, size };
    } finally {
      await handle.close();
    }
  }

  /** The bytes before the offset are still those read last: the file was appended to, not rewritten. */
  private async seamHolds(handle: FileHandle): Promise<boolean> {
    if (this.seam.length === 0 || this.offset === 0) return true;
    const now = Buffer.alloc(this.seam.length);
    const { bytesRead } = await handle.read(now, 0, now.length, this.offset - this.seam.length);
    return bytesRead === now.length && now.equals(this.seam);
  }

  /**
   * Everything appended since the last call, chunk by chunk (a 150 MB log is never one buffer).
   * `onChunk` sees `restarted` when the file shrank or was replaced and is read from 0 again.
   * The next chunk is read while `onChunk` works on this one. Past the first chunk the reads take
   * turns in two buffers, so `onChunk` must not keep the bytes (a buffer per chunk of a 276 MB
   * log stayed in the process's memory once the allocator held it).
   */
  async readAll(onChunk: (bytes: Buffer, restarted: boolean) => void, chunkBytes = 8 * 1024 * 1024): Promise<void> {
    let buffers: [Buffer, Buffer] | null = null;
    let turn = 0;
    let next = this.read(chunkBytes);
    for (;;) {
      const { bytes, restarted, size } = await next;
      const isLast = this.offset >= size || bytes.length === 0;
      if (!isLast) {
        buffers ??= [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
        next = this.read(chunkBytes, buffers[turn]);
        turn ^= 1;
      }
      try {
        if (bytes.length > 0 || restarted) onChunk(bytes, restarted);
      } catch (error) {
        if (!isLast) await next.catch(() => undefined);
        throw error;
      }
      if (isLast) return;
    }
  }

  /**
   * Goes on from where the file was read another way (a big log indexed on every core:
   * main/events/logParts.ts): the next read appends from `offset`, or starts over if another file
   * took the name or the bytes before `offset` are not `seam` any more.
   */
  resumeAt({ offset, identity, seam }: ReadPoint): void {
    this.offset = offset;
    this.identity = identity;
    this.seam = seam.subarray(-SEAM_BYTES);
  }

  get position(): number {
    return this.offset;
  }
}
