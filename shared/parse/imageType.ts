/** Raster formats by their first bytes (never by the name): what a page can show as an `<img>` from a data URL. */
const SIGNATURES: ReadonlyArray<{ readonly mime: string; readonly test: (b: Uint8Array) => boolean }> = [
  { mime: 'image/png', test: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => b[i] === byte) },
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/gif', test: (b) => ascii(b, 0, 4) === 'GIF8' },
  { mime: 'image/webp', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
];

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** The image type its bytes say (PNG, JPEG, GIF, WebP); null when they are not one of these. */
export function imageMime(bytes: Uint8Array): string | null {
  return SIGNATURES.find((signature) => signature.test(bytes))?.mime ?? null;
}
