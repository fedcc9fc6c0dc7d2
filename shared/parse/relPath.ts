/** Root-relative paths as the index keeps them: `/` separators, '' for the opened folder itself. */

/** A root-relative path's folder ('' for the root) and file name. */
export function splitRelPath(path: string): { dir: string; name: string } {
  const slash = path.lastIndexOf('/');
  return { dir: slash < 0 ? '' : path.slice(0, slash), name: path.slice(slash + 1) };
}

/** The root-relative path of the file `name` in folder `dir` ('' for the root). */
export function joinRelPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
