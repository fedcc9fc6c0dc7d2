import { orThrow, readFully, readFullySync, type RootGate, type SyncFile, syncTurn } from './gate';

/** Bytes just before the offset that are read again to tell an append from a rewrite. */
export const SEAM_BYTES = 64;

/**
 * New bytes up to this many are read synchronously (RootGate.readSmall's way, a turn of the event
 * loop every few milliseconds): a scan reads hundreds of small record files (speed-up records,
 * verification results), and the promise API's open, stat, readlink, read and close cost several
 * times the read. More is read through the promise API, the next chunk while this one is parsed.
 */
const SYNC_READ_BYTES = 256 * 1024;

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
    await syncTurn();
    const small = this.gate.openFileSync(this.path);
    if (small.ok) {
      try {
        const answer = this.readSmall(small.value, maxBytes, into);
        if (answer) return answer;
      } finally {
        small.value.close();
      }
    }
    // More to read, or what the synchronous open refuses (opened again here, which words every reason).
    const { handle, size, identity } = orThrow(await this.gate.openFile(this.path));
    try {
      const restarted = !this.isAppended(size, identity, await this.seamHolds((now, at) => handle.read(now, 0, now.length, at).then((read) => read.bytesRead)));
      this.identity = identity;
      if (restarted) this.restart();
      const length = Math.min(size - this.offset, maxBytes);
      if (length <= 0) return { bytes: Buffer.alloc(0), restarted, size };
      return { bytes: this.took(await readFully(handle, length, this.offset, into)), restarted, size };
    } finally {
      await handle.close();
    }
  }

  /** read() of a file opened synchronously, if it has SYNC_READ_BYTES or fewer to read; else null, nothing changed. */
  private readSmall(file: SyncFile, maxBytes: number, into?: Buffer): { bytes: Buffer; restarted: boolean; size: number } | null {
    const { size, identity } = file;
    const seam = Buffer.alloc(this.offset === 0 ? 0 : this.seam.length);
    const seamHolds = seam.length === 0 || (file.readAt(seam, this.offset - seam.length) === seam.length && seam.equals(this.seam));
    const restarted = !this.isAppended(size, identity, seamHolds);
    const length = Math.min(size - (restarted ? 0 : this.offset), maxBytes);
    if (length > SYNC_READ_BYTES) return null;
    this.identity = identity;
    if (restarted) this.restart();
    if (length <= 0) return { bytes: Buffer.alloc(0), restarted, size };
    return { bytes: this.took(readFullySync(file, length, this.offset, into)), restarted, size };
  }

  /**
   * Whether the file was only appended to since the last read: not shorter than what was read
   * (rotated, rewritten), not another file under the same name (replaced), and its bytes before
   * the offset are still those read last. Otherwise it is read from 0 again.
   */
  private isAppended(size: number, identity: string, seamHolds: boolean): boolean {
    return size >= this.offset && (this.identity === null || this.identity === identity) && seamHolds;
  }

  private restart(): void {
    this.offset = 0;
    this.seam = Buffer.alloc(0);
  }

  /** The bytes just read: the offset moves past them, and their end is the new seam. */
  private took(bytes: Buffer): Buffer {
    const read = bytes.length;
    this.offset += read;
    this.seam = read >= SEAM_BYTES ? Buffer.from(bytes.subarray(read - SEAM_BYTES)) : Buffer.concat([this.seam, bytes]).subarray(-SEAM_BYTES);
    return bytes;
  }

  /** The bytes before the offset are still those read last: the file was appended to, not rewritten. */
  private async seamHolds(readAt: (into: Buffer, position: number) => Promise<number>): Promise<boolean> {
    if (this.seam.length === 0 || this.offset === 0) return true;
    const now = Buffer.alloc(this.seam.length);
    return (await readAt(now, this.offset - this.seam.length)) === now.length && now.equals(this.seam);
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
