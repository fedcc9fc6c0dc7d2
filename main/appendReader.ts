import { open } from 'node:fs/promises';

/**
 * Reads an append-only file from where it last stopped (DESIGN.md: append-only files are read
 * from the last offset, not from the start), as bytes: a chunk may end inside a line or a UTF-8
 * character. When the file became shorter (rotated or rewritten), or another file took its name,
 * it says so and starts again from 0.
 */
export class AppendReader {
  private offset = 0;
  private identity: string | null = null;

  constructor(readonly path: string) {}

  /** New bytes since the last call; `restarted` when the file shrank and was read anew. */
  async read(maxBytes = 64 * 1024 * 1024): Promise<{ bytes: Buffer; restarted: boolean; size: number }> {
    const handle = await open(this.path, 'r');
    try {
      const { size, ino, dev } = await handle.stat();
      let restarted = false;
      // Shorter (rotated, rewritten) or another file under the same name (replaced): from 0 again.
      const identity = `${dev}:${ino}`;
      const isReplaced = this.identity !== null && this.identity !== identity;
      this.identity = identity;
      if (size < this.offset || isReplaced) {
        this.offset = 0;
        restarted = true;
      }
      const length = Math.min(size - this.offset, maxBytes);
      if (length <= 0) return { bytes: Buffer.alloc(0), restarted, size };
      const buffer = Buffer.allocUnsafe(length);
      let read = 0;
      while (read < length) {
        const { bytesRead } = await handle.read(buffer, read, length - read, this.offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      this.offset += read;
      return { bytes: buffer.subarray(0, read), restarted, size };
    } finally {
      await handle.close();
    }
  }

  /**
   * Everything appended since the last call, chunk by chunk (a 150 MB log is never one buffer).
   * `onChunk` sees `restarted` when the file shrank or was replaced and is read from 0 again.
   * The next chunk is read while `onChunk` works on this one.
   */
  async readAll(onChunk: (bytes: Buffer, restarted: boolean) => void, chunkBytes = 8 * 1024 * 1024): Promise<void> {
    let next = this.read(chunkBytes);
    for (;;) {
      const { bytes, restarted, size } = await next;
      const isLast = this.offset >= size || bytes.length === 0;
      if (!isLast) next = this.read(chunkBytes);
      try {
        if (bytes.length > 0 || restarted) onChunk(bytes, restarted);
      } catch (error) {
        if (!isLast) await next.catch(() => undefined);
        throw error;
      }
      if (isLast) return;
    }
  }

  get position(): number {
    return this.offset;
  }
}
