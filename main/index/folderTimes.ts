import type { FileTimes } from '../../shared/analysis/runSummary';
import { splitRelPath } from '../../shared/parse/relPath';
import type { TraceIndex } from './traceIndex';
import { getOrCreate } from './contentReaders';
import { walkFolders } from './walk';

/**
 * When the files under each folder were written: the oldest and newest modification time of
 * everything below it (a run's start and last write, an op's last activity). The names-only scan
 * has no times (DESIGN.md: scan names, not contents), so the first question stats every indexed
 * file, on the walk's thread (~0.3 s per 100k files); after that each delta's new and changed
 * files are stat'ed the same way (a run copied in with its times kept was written when it was
 * written, not when it arrived), and a reload of the root walks again.
 */
export class FolderTimes {
  private under: Map<string, { first: number; last: number }> | null = null;
  private walking: Promise<void> | null = null;
  private walkedAt = -1;
  /** The deltas' files not stat'ed yet, by folder, and the stat under way: one at a time, a burst's deltas stat'ed together. */
  private unstated = new Map<string, Set<string>>();
  private noting: Promise<void> | null = null;

  constructor(private readonly index: TraceIndex) {
    index.onDelta((delta) => {
      if (!this.under) return;
      for (const path of [...delta.added, ...delta.changed]) {
        const { dir, name } = splitRelPath(path);
        getOrCreate(this.unstated, dir, () => new Set()).add(name);
      }
      if (this.unstated.size > 0) this.noting ??= this.noteUnstated();
    });
  }

  private async noteUnstated(): Promise<void> {
    try {
      while (this.unstated.size > 0) {
        const folders = [...this.unstated].map(([dir, names]) => [dir, [...names]] as const);
        this.unstated = new Map();
        const under = this.under;
        // A failed stat leaves those files out; the next delta's are still noted.
        if (under) await this.stat(under, folders).catch(() => undefined);
      }
    } finally {
      this.noting = null;
    }
  }

  /** File times under a root-relative folder ('' the root), or null when none are known. */
  async get(): Promise<(path: string) => FileTimes | null> {
    if (this.walkedAt !== this.index.reloads) {
      this.walkedAt = this.index.reloads;
      this.under = null;
      this.walking = this.walk();
    }
    await this.walking;
    await this.noting;
    const under = this.under;
    return (path) => under?.get(path) ?? null;
  }

  /** A stat of every indexed file, on the walk's thread, its folders not read again (the index has their names). */
  private async walk(): Promise<void> {
    const under = new Map<string, { first: number; last: number }>();
    this.under = under;
    await this.stat(under, this.index.folderNames());
  }

  /** The times of these folders' files (a file gone since is left out) noted in `under`. */
  private async stat(under: Map<string, { first: number; last: number }>, folders: ReadonlyArray<readonly [string, readonly string[]]>): Promise<void> {
    await walkFolders(this.index.root, (dir, _names, _sizes, _changed, _odd, times) => times && note(under, dir, times[0], times[1]), { times: true, folders });
  }
}

/** A folder's files were written between `first` and `last`: so were those of every folder above it. */
function note(under: Map<string, { first: number; last: number }>, dir: string, first: number, last: number): void {
  for (let folder: string | null = dir; folder !== null; folder = folder === '' ? null : splitRelPath(folder).dir) {
    const span = under.get(folder);
    if (!span) under.set(folder, { first, last });
    else {
      if (first < span.first) span.first = first;
      if (last > span.last) span.last = last;
    }
  }
}
