/**
 * File names that are not valid UTF-8 (a Linux name is any bytes), kept readable. Node decodes
 * such a name lossily (each bad byte becomes U+FFFD), and the file can then no longer be opened by
 * that name. Here every invalid byte becomes a lone surrogate U+DC80–U+DCFF instead (Python's
 * "surrogateescape"): shown as � like before, but the bytes come back exactly when the file is
 * opened. Such strings survive JSON (`\udcff`) between the core and the UI.
 *
 * Both functions are self-contained (no imports, no outer names): the walk's worker thread runs
 * their source as it is (main/walk.ts).
 */

/** A name's bytes as a string that gives them back (see above). */
export function decodeFsName(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    let length = 0;
    let point = 0;
    let min = 0;
    if (lead < 0x80) {
      out += String.fromCharCode(lead);
      i++;
      continue;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      point = lead & 0x1f;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      point = lead & 0x0f;
      min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      point = lead & 0x07;
      min = 0x10000;
    }
    let valid = length > 0 && i + length <= bytes.length;
    for (let k = 1; valid && k < length; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) valid = false;
      else point = (point << 6) | (next & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
    if (valid && (point < min || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff))) valid = false;
    if (valid) {
      out += String.fromCodePoint(point);
      i += length;
    } else {
      out += String.fromCharCode(0xdc00 + lead);
      i++;
    }
  }
  return out;
}

/** The path to hand to `fs` for a name decodeFsName made: the string itself when it holds no escaped byte. */
export function encodeFsName(name: string): string | Buffer {
  let hasEscape = false;
  for (let i = 0; i < name.length && !hasEscape; i++) {
    const unit = name.charCodeAt(i);
    const previous = i > 0 ? name.charCodeAt(i - 1) : 0;
    if (unit >= 0xdc80 && unit <= 0xdcff && !(previous >= 0xd800 && previous <= 0xdbff)) hasEscape = true;
  }
  if (!hasEscape) return name;
  const parts: Buffer[] = [];
  let plain = '';
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    const previous = i > 0 ? name.charCodeAt(i - 1) : 0;
    if (unit >= 0xdc80 && unit <= 0xdcff && !(previous >= 0xd800 && previous <= 0xdbff)) {
      if (plain !== '') parts.push(Buffer.from(plain, 'utf8'));
      plain = '';
      parts.push(Buffer.from([unit - 0xdc00]));
    } else plain += name[i];
  }
  if (plain !== '') parts.push(Buffer.from(plain, 'utf8'));
  return Buffer.concat(parts);
}
