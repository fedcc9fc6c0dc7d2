/**
 * Which file of a verify folder is the kernel that ran and which the reference it was checked
 * against (FORMATS.md §1.3, §4.1): `{op}_{impl}.py`, `{op}_{dsl}.py`, from 2025-12
 * `{op}_{dsl}_impl.py`, or `kernel.py`; the reference `{op}_{torch|mindspore|numpy}.py` or
 * `reference.py`. The harness's own files (`verify_{op}.py`, `profile_{op}_*.py`) are neither.
 */

const FRAMEWORKS = new Set(['torch', 'pytorch', 'mindspore', 'numpy']);

export type VerifyFileRole = 'kernel' | 'reference' | null;

/** What one file directly inside a verify folder is, by its name and the op's name. */
export function verifyFileRole(name: string, op: string): VerifyFileRole {
  if (!name.endsWith('.py') || name.startsWith('verify_') || name.startsWith('profile_')) return null;
  if (name === 'reference.py') return 'reference';
  if (name === 'kernel.py') return 'kernel';
  if (!name.startsWith(op) || name[op.length] !== '_') return name.endsWith('_impl.py') ? 'kernel' : null;
  const rest = name.slice(op.length + 1, -'.py'.length);
  return FRAMEWORKS.has(rest) ? 'reference' : 'kernel';
}

/** Kernel files in the order they are preferred: `…_impl.py` (what the current writers name it), `kernel.py`, then any other. */
function kernelRank(name: string): number {
  return name.endsWith('_impl.py') ? 0 : name === 'kernel.py' ? 1 : 2;
}

/** The kernel and reference file names among a verify folder's own files (not those of its subfolders). */
export function verifyFolderFiles(names: Iterable<string>, op: string): { kernel: string | null; reference: string | null } {
  let kernel: string | null = null;
  let reference: string | null = null;
  for (const name of names) {
    const role = verifyFileRole(name, op);
    if (role === 'reference' && (reference === null || name < reference)) reference = name;
    if (role === 'kernel' && (kernel === null || kernelRank(name) < kernelRank(kernel) || (kernelRank(name) === kernelRank(kernel) && name < kernel)))
      kernel = name;
  }
  return { kernel, reference };
}
