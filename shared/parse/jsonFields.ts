/** Fields of a JSON object a writer filled as it pleased: a value of another type reads as null (or an empty list). */
import { isPlainObject, parseLenientJson } from './lenientJson';

export type JsonRead<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
export const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const bool = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** One JSON object's text read, or why not (cut short, not an object, …). */
export function object(text: string): JsonRead<Record<string, unknown>> {
  const parsed = parseLenientJson(text);
  if (!parsed.ok) return { ok: false, error: parsed.truncated ? `cut short (${parsed.error})` : parsed.error };
  return isPlainObject(parsed.value) ? { ok: true, value: parsed.value } : { ok: false, error: 'not a JSON object' };
}

/** One JSON object's text made into a T by `make`, or why it is not an object. */
export function fromObject<T>(text: string, make: (value: Record<string, unknown>) => T): JsonRead<T> {
  const read = object(text);
  return read.ok ? { ok: true, value: make(read.value) } : read;
}
