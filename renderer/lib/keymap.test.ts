import { describe, expect, it } from 'vitest';
import { KEYMAP, keyAction } from './keymap';

describe('the keymap', () => {
  it('gives each key one action and shows every key in the help', () => {
    const keys = KEYMAP.flatMap((row) => Object.keys(row.keys));
    expect(new Set(keys).size).toBe(keys.length);
    for (const row of KEYMAP)
      for (const key of Object.keys(row.keys)) expect(row.shown.includes(key === 'Escape' ? 'Esc' : key), `${key} in "${row.shown}"`).toBe(true);
    expect(keyAction('d')).toBe('diff');
    expect(keyAction('E')).toBe('previousError');
    expect(keyAction('x')).toBeNull();
  });
});
