/**
 * A value's JSON text in pieces, for a large answer written as it is made: the 430k-file run's
 * tree is 85 MB of JSON, and one JSON.stringify of it kept `serve` from answering anything else (a
 * task asked for on its own, a status) for about a second; `tracelens tree --json` wrote the
 * 100k-file run's 20 MB ~50 ms sooner in batches than as one string (95–98 against 138–187 ms).
 * Objects and arrays are opened down to `depth` levels; below, each value is one JSON.stringify.
 * The pieces joined are JSON.stringify(value), key order included (jsonPieces.test.ts).
 */
export function* jsonPieces(value: unknown, depth: number): Generator<string> {
  if (depth <= 0 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const item: unknown = value[i];
      // As JSON.stringify writes them in an array: what has no JSON is null.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonPieces(item, depth - 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, item] of Object.entries(value)) {
    // As JSON.stringify leaves them out of an object.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(item, depth - 1);
  }
  yield '}';
}

/** The pieces joined into strings of about `chars` characters each (the last one shorter): what a writer writes at once. */
export function* jsonBatches(value: unknown, depth: number, chars = 1 << 20): Generator<string> {
  let batch = '';
  for (const piece of jsonPieces(value, depth)) {
    batch += piece;
    if (batch.length < chars) continue;
    yield batch;
    batch = '';
  }
  if (batch !== '') yield batch;
}
