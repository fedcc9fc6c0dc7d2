import type { PathInfo } from '../parse/classify';
import { joinRelPath, splitRelPath } from '../parse/relPath';

/**
 * Every indexed file's classification, by folder and name: a walk hands out folders of names,
 * and a name is hashed faster than a whole path (which would first be made into one string).
 * What the files mean (runs, ops, tasks) is the tree builder's; this only knows which exist.
 */
export class FileRegistry {
  private readonly folders = new Map<string, Map<string, PathInfo>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(path: string): PathInfo | undefined {
    const { dir, name } = splitRelPath(path);
    return this.folders.get(dir)?.get(name);
  }

  /** A folder's names, made when it has none yet (add files to it with `add`). */
  folder(dir: string): Map<string, PathInfo> {
    let names = this.folders.get(dir);
    if (!names) this.folders.set(dir, (names = new Map()));
    return names;
  }

  /** The names of a folder's own files (none when it has none). */
  names(dir: string): Iterable<string> {
    return this.folders.get(dir)?.keys() ?? [];
  }

  /** Registers a new name of a folder got from `folder`; the caller has checked it is new. */
  add(names: Map<string, PathInfo>, name: string, info: PathInfo): void {
    names.set(name, info);
    this.count++;
  }

  /** Forgets a file; what it was, or undefined when it was not registered. */
  remove(path: string): PathInfo | undefined {
    const { dir, name } = splitRelPath(path);
    const names = this.folders.get(dir);
    const info = names?.get(name);
    if (!names || !info) return undefined;
    names.delete(name);
    if (names.size === 0) this.folders.delete(dir);
    this.count--;
    return info;
  }

  /** Each folder that holds files, with their names. */
  *folderNames(): Generator<[string, string[]]> {
    for (const [dir, names] of this.folders) yield [dir, [...names.keys()]];
  }

  *paths(): Generator<string> {
    for (const [dir, names] of this.folders) for (const name of names.keys()) yield joinRelPath(dir, name);
  }
}
