import JSON5 from 'json5';

/**
 * JSON as Python's `json.dump` writes it (FORMATS.md §3): `NaN`, `Infinity`, `-Infinity` are
 * allowed. The fast native parser first; JSON5 (a superset that accepts those tokens) only when
 * the native one refuses, so well-formed files pay nothing.
 */
export type JsonParse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string; readonly truncated: boolean };

export function parseLenientJson(text: string): JsonParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (nativeError) {
    try {
      return { ok: true, value: JSON5.parse(body) };
    } catch {
      const message = nativeError instanceof Error ? nativeError.message : String(nativeError);
      const truncated = body.trim() === '' || endsInsideValue(body);
      return { ok: false, error: body.trim() === '' ? 'empty file' : message, truncated };
    }
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when the text stops inside a string, object or array: a writer that stopped mid-file. */
function endsInsideValue(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return inString || depth > 0;
}
