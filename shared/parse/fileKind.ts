/**
 * What kind of file a path is, as someone searching a run thinks of it: an answer, a kernel that
 * ran, an error log, a prompt, … (the search filters and groups by it). From the path's
 * classification (classify.ts) and, in a verify folder, its name (verifyFiles.ts).
 */
import type { PathInfo } from './classify';
import { splitRelPath } from './relPath';
import { verifyFileRole } from './verifyFiles';

export const FILE_KINDS = [
  'result',
  'kernel',
  'reference',
  'error log',
  'prompt',
  'reasoning',
  'conductor',
  'event log',
  'verify script',
  'verify file',
  'other',
] as const;

export type FileKind = (typeof FILE_KINDS)[number];

export function fileKindOf(path: string, info: PathInfo | undefined): FileKind {
  switch (info?.kind) {
    case 'record':
      if (info.conductor) return 'conductor';
      return info.param === 'prompt' ? 'prompt' : info.param === 'reasoning' ? 'reasoning' : info.param === 'error_log' ? 'error log' : 'result';
    case 'verify': {
      const { name } = splitRelPath(path);
      // The harness every verify folder repeats: `verify_{op}.py`, `profile_{op}_*.py`.
      if (name.startsWith('verify_') || name.startsWith('profile_')) return 'verify script';
      const role = verifyFileRole(name, info.op);
      return role === 'kernel' ? 'kernel' : role === 'reference' ? 'reference' : 'verify file';
    }
    case 'event-log':
      return 'event log';
    default:
      return 'other';
  }
}
