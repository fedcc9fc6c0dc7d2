import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CALL_ARGS, CALL_NAMES, checkCallArgs, isCallName, MAX_EVENTS_PER_PAGE, WIRE_MESSAGE } from './contract';

describe('the contract', () => {
  it('takes its call names from the argument schemas', () => {
    expect(CALL_NAMES).toEqual(Object.keys(CALL_ARGS));
    expect(CALL_NAMES).toContain('file.read');
    expect(isCallName('file.read')).toBe(true);
    for (const name of ['fs.rm', 'constructor', '__proto__', 'toString', 42, null]) expect(isCallName(name)).toBe(false);
  });

  it('checks arguments by the schema, and says what is wrong and where', () => {
    expect(checkCallArgs('file.read', { path: 'a.txt', offset: 5 })).toEqual({ ok: true, value: { path: 'a.txt', offset: 5 } });
    expect(checkCallArgs('file.read', { path: 'a.txt', offset: -5 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/^file\.read: offset: /) },
    });
    expect(checkCallArgs('file.read', { path: 42 })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^file\.read: path: /) } });
    expect(checkCallArgs('events.window', { dir: '', startMs: 5, endMs: 1, columns: 10, laneMode: 'stage' })).toMatchObject({
      ok: false,
      error: { message: 'events.window: startMs ≤ endMs' },
    });
    expect(checkCallArgs('events.window', { dir: '', startMs: 0, endMs: 1, columns: 9000, laneMode: 'stage' })).toMatchObject({
      ok: false,
      error: { message: 'events.window: columns: columns must be an integer from 0 to 8192' },
    });
    expect(checkCallArgs('events.nextError', { dir: '', seq: -1, direction: 2 })).toMatchObject({ ok: false });
    expect(checkCallArgs('events.rows', { dir: '', offset: 0, limit: 10, filters: { text: 'x'.repeat(1001) } })).toMatchObject({
      ok: false,
      error: { message: 'events.rows: filters.text: filters must be short strings' },
    });
  });

  it('hands the handlers checked values: defaults filled, empty filters dropped, limits clamped, unknown keys gone', () => {
    expect(checkCallArgs('events.rows', { dir: 'logs', offset: 0, limit: 10 ** 9, filters: { type: '', level: 'ERROR' }, extra: 'ignored' })).toEqual({
      ok: true,
      value: { dir: 'logs', offset: 0, limit: MAX_EVENTS_PER_PAGE, filters: { level: 'ERROR' } },
    });
    expect(checkCallArgs('events.position', { dir: 'logs', seq: 3 })).toEqual({ ok: true, value: { dir: 'logs', seq: 3, filters: {} } });
    expect(checkCallArgs('tree.snapshot', undefined)).toEqual({ ok: true, value: {} });
    expect(checkCallArgs('autopsy.run', { anything: true })).toEqual({ ok: true, value: {} });
  });

  it('knows a server frame from anything else', () => {
    const ok = (frame: unknown) => v.safeParse(WIRE_MESSAGE, frame).success;
    expect(ok({ id: 1, result: { ok: true, value: [1, 2] } })).toBe(true);
    expect(ok({ id: 1, result: { ok: false, error: { code: 'outside-root', message: 'x' } } })).toBe(true);
    expect(ok({ push: 'tree.delta', data: {} })).toBe(true);
    for (const frame of [
      null,
      [],
      { id: '1', result: { ok: true } },
      { id: 1, result: { ok: false, error: { code: 'boom', message: 'x' } } },
      { push: 'fs.rm', data: 1 },
      { id: 1 },
    ])
      expect(ok(frame), JSON.stringify(frame)).toBe(false);
  });
});
