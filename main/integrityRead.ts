/**
 * One kernel's code findings, read through a gate (IntegrityChecks, and its worker thread:
 * main/workers/codeCheck.ts).
 */
import { codeFindings, kernelText, type KernelFindings } from '../shared/analysis/integrity';
import { decodeText, looksBinary } from '../shared/parse/text';
import { AUTOPSY_LIMITS } from './autopsy';
import type { RootGate } from './files/gate';

/** A kernel to check: its file, its op's reference file, the op's name. */
export interface KernelWanted {
  readonly file: string;
  readonly reference: string | null;
  readonly op: string;
}

/** A text file through the gate (up to the autopsy's size limit), or why it cannot be read as code. */
export async function readText(gate: RootGate, path: string): Promise<{ text: string } | { unread: string }> {
  const read = await gate.readSmall(path, AUTOPSY_LIMITS.fileBytes, AUTOPSY_LIMITS.fileBytes);
  if (!read.ok) return { unread: read.error.message };
  if (looksBinary(read.value.bytes)) return { unread: `${path}: a binary file, not code` };
  return { text: decodeText(read.value.bytes).text };
}

/** readText of each reference once, however many kernels are compared with it (one check's, on one thread). */
export function referenceReader(gate: RootGate): (path: string) => Promise<{ text: string } | { unread: string }> {
  const texts = new Map<string, Promise<{ text: string } | { unread: string }>>();
  return (path) => {
    let text = texts.get(path);
    if (!text) texts.set(path, (text = readText(gate, path)));
    return text;
  };
}

export async function readKernelFindings(
  gate: RootGate,
  { file, reference, op }: KernelWanted,
  referenceOf: (path: string) => Promise<{ text: string } | { unread: string }>,
): Promise<KernelFindings> {
  const kernel = await readText(gate, file);
  if ('unread' in kernel) return kernel;
  // A reference that cannot be read leaves the rules that compare with it out, not the others.
  const ref = reference === null ? null : await referenceOf(reference);
  return { findings: codeFindings(kernelText(file, kernel.text), ref && 'text' in ref ? ref.text : null, op) };
}
