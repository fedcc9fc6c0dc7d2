import { open } from 'node:fs/promises';

/**
 * Reads an append-only file from where it last stopped (DESIGN.md: append-only files are read
 * from the last offset, not from the start). Decodes UTF-8 across chunk boundaries. When the
 * file became shorter (rotated or rewritten), it says so and starts again from 0.
 */
export class AppendReader {
  private offset = 0;
  private identity: string | null = null;
  private decoder = new TextDecoder('utf-8');

  constructor(readonly path: string) {}

  /** New text since the last call; `restarted` when the file shrank and was read anew. */
  async read(maxBytes = 64 * 1024 * 1024): Promise<{ text: string; restarted: boolean; size: number }> {
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
        this.decoder = new TextDecoder('utf-8');
        restarted = true;
      }
      const length = Math.min(size - this.offset, maxBytes);
      if (length <= 0) return { text: '', restarted, size };
      const buffer = Buffer.allocUnsafe(length);
      let read = 0;
      while (read < length) {
        const { bytesRead } = await handle.read(buffer, read, length - read, this.offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      this.offset += read;
      return { text: this.decoder.decode(buffer.subarray(0, read), { stream: true }), restarted, size };
    } finally {
      await handle.close();
    }
  }

  /**
   * Everything appended since the last call, chunk by chunk (a 150 MB log is never one string).
   * `onChunk` sees `restarted` on the first chunk when the file shrank and is read from 0 again.
   */
  async readAll(onChunk: (text: string, restarted: boolean) => void, chunkBytes = 8 * 1024 * 1024): Promise<void> {
    let first = true;
    for (;;) {
      const { text, restarted, size } = await this.read(chunkBytes);
      if (text !== '' || (first && restarted)) onChunk(text, first && restarted);
      first = false;
      if (this.offset >= size || text === '') return;
    }
  }

  get position(): number {
    return this.offset;
  }
}
