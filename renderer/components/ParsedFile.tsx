import { type ReactNode, useMemo } from 'react';
import { useFile } from '../lib/hostData';
import { Notice } from './Badges';

/** A file made into something to show when read: its value (and whether only its start was read), or what to show meanwhile or instead. */
export function useParsed<T>(path: string, parse: (text: string) => T): { readonly value: T; readonly isCut: boolean } | { readonly shown: ReactNode } {
  const file = useFile(path);
  const value = useMemo(() => (file?.status === 'ready' ? parse(file.slice.text) : null), [file, parse]);
  if (!file || file.status === 'loading') return { shown: <p className="muted">Reading {path}…</p> };
  if (file.status === 'error') return { shown: <Notice kind="warning">{`${path}: ${file.error.message}`}</Notice> };
  return { value: value!, isCut: file.slice.isCut };
}

export const asText = (text: string) => text;
export const CUT = <Notice kind="info">Only the start of this file is shown: it is too large to show whole here.</Notice>;

/** The lines of a JSONL file that are not objects, each with why. */
export function LineProblems({ path, problems }: { readonly path: string; readonly problems: readonly string[] }) {
  return (
    <>
      {problems.map((problem) => (
        <Notice key={problem} kind="warning">{`${path.split('/').pop()} ${problem}`}</Notice>
      ))}
    </>
  );
}
