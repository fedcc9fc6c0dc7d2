/**
 * Kernels' code findings (main/integrity.ts) on a thread of their own: a check reads and parses
 * every kernel of a run, thousands of them, and one thread did it all (the 100k-file run's ~0.9 s,
 * the 430k-file run's ~3.5 s). Each file is read through a gate of this thread's own on the same
 * root, with the caller's rules; a root that is not the caller's any more (another folder put in
 * its place) reads nothing.
 */
import { parentPort } from 'node:worker_threads';
import type { KernelFindings } from '../../shared/analysis/integrity';
import { RootGate } from '../files/gate';
import { readKernelFindings, referenceReader, type KernelWanted } from '../integrityRead';

export interface CodeCheckRequest {
  readonly root: string;
  /** The caller's root as it found it (RootGate.rootIdentity). */
  readonly identity: string;
  readonly kernels: readonly KernelWanted[];
  /** The index of the next kernel no thread has taken (shared with the caller, who reads them too). */
  readonly next: Int32Array;
}

/** The findings of the kernels this thread took, by their index in `kernels`. */
export type CodeCheckMessage = { readonly found: ReadonlyArray<readonly [number, KernelFindings]> } | { readonly error: string };

parentPort?.on('message', ({ root, identity, kernels, next }: CodeCheckRequest) => {
  void (async (): Promise<CodeCheckMessage> => {
    try {
      const gate = await RootGate.open(root);
      if ((await gate.rootIdentity()) !== identity) return { error: `${root}: another folder is in its place` };
      const referenceOf = referenceReader(gate);
      const found: Array<readonly [number, KernelFindings]> = [];
      for (let i = Atomics.add(next, 0, 1); i < kernels.length; i = Atomics.add(next, 0, 1))
        found.push([i, await readKernelFindings(gate, kernels[i]!, referenceOf)]);
      return { found };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  })().then((message) => parentPort!.postMessage(message));
});
