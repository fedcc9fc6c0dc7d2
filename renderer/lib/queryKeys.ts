/**
 * The keys of what the UI asks of the host, and what a pushed delta makes stale. Apart from
 * hostData.ts (which talks to the host) so that the store can use it without a connection.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { IndexDelta } from '../../shared/model/liveIndex';

export const fileKey = (path: string) => ['file.read', { path }] as const;
export const folderKey = (path: string) => ['folder.files', { path }] as const;

/**
 * What a pushed delta makes stale: files that changed or went (read again if shown, else when
 * next shown) and folder listings when files came or went. Event queries carry their log's
 * version in their key; searches are asked again each time they are shown.
 */
export function forgetChanged(client: QueryClient, delta: IndexDelta): void {
  for (const path of [...delta.changed, ...delta.removed]) void client.invalidateQueries({ queryKey: fileKey(path), exact: true });
  if (delta.added.length === 0 && delta.removed.length === 0) return;
  // Only the listings of folders that gained or lost a file: a live run adds files all the time,
  // and each listing asked again is a walk over the index on the core's side.
  const cameOrWent = [...delta.added, ...delta.removed];
  void client.invalidateQueries({
    queryKey: ['folder.files'],
    predicate: (query) => {
      const folder = (query.queryKey[1] as { path?: unknown } | undefined)?.path; // folderKey's shape
      if (typeof folder !== 'string') return true;
      const prefix = folder === '' ? '' : `${folder.replace(/\/+$/, '')}/`;
      return cameOrWent.some((path) => path.startsWith(prefix));
    },
  });
}
