import { useEffect } from 'react';
import { type FileState, useStore } from './store';

/** The content of one file under the root, loaded on first use and again after it changes. */
export function useFile(path: string | null | undefined): FileState | null {
  const state = useStore((s) => (path ? s.files[path] : undefined));
  const loadFile = useStore((s) => s.loadFile);
  useEffect(() => {
    if (path && !state) loadFile(path);
  }, [path, state, loadFile]);
  return state ?? null;
}
