import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pyRepr } from '../testing/pyRepr';
import { parsePyLiteral, pyToPlain, type PyValue } from './pyLiteral';

const plain = (text: string) => pyToPlain(parsePyLiteral(text));

describe('parsePyLiteral', () => {
  it('reads the payloads of the documented sample', () => {
    expect(
      plain(
        "{'model': 'gpt-4o', 'response_length': 800, 'duration': 3.5, 'summary': '问题分解为 3 个子任务', 'ok': True, 'cached': None, 'shape': (3, 4), 'tags': ['a', 'b']}",
      ),
    ).toEqual({
      model: 'gpt-4o',
      response_length: 800,
      duration: 3.5,
      summary: '问题分解为 3 个子任务',
      ok: true,
      cached: null,
      shape: [3, 4],
      tags: ['a', 'b'],
    });
    expect(plain(`{'error': "invalid literal for int() with base 10: 'N/A'", 'traceback': 'Traceback:\\n  int("N/A")\\nValueError: \\'N/A\\'\\n'}`)).toEqual({
      error: "invalid literal for int() with base 10: 'N/A'",
      traceback: `Traceback:\n  int("N/A")\nValueError: 'N/A'\n`,
    });
  });

  it('keeps non-literals as raw text in place', () => {
    expect(plain("{'stage': 'stage1', 'saved_at': datetime.datetime(2026, 1, 19, 10, 20), 'path': PosixPath('/tmp/x.json')}")).toEqual({
      stage: 'stage1',
      saved_at: { $raw: 'datetime.datetime(2026, 1, 19, 10, 20)' },
      path: { $raw: "PosixPath('/tmp/x.json')" },
    });
    expect(plain("{'loss': nan, 'best': inf, 'worst': -inf, 'err': KeyError('it\\'s'), 'obj': <object at 0x7f>}")).toEqual({
      loss: { $raw: 'nan' },
      best: { $raw: 'inf' },
      worst: { $raw: '-inf' },
      err: { $raw: "KeyError('it\\'s')" },
      obj: { $raw: '<object at 0x7f>' },
    });
  });

  it('reads sets, bytes, tuples, big ints and escapes', () => {
    expect(parsePyLiteral('{1, 2}')).toEqual({
      t: 'set',
      items: [
        { t: 'int', v: '1' },
        { t: 'int', v: '2' },
      ],
    });
    expect(parsePyLiteral("b'\\x00\\xff'")).toEqual({ t: 'bytes', v: "b'\\x00\\xff'" });
    expect(parsePyLiteral('(1,)')).toEqual({ t: 'tuple', items: [{ t: 'int', v: '1' }] });
    expect(parsePyLiteral('()')).toEqual({ t: 'tuple', items: [] });
    expect(parsePyLiteral('123456789012345678901234567890')).toEqual({ t: 'int', v: '123456789012345678901234567890' });
    expect(plain("'\\u4e2d\\U0001f600\\x41\\t'")).toBe('中😀A\t');
    expect(plain("r'C:\\new'")).toBe('C:\\new');
  });

  it('turns text that is not a repr into one raw value, never throwing', () => {
    expect(parsePyLiteral('not a dict:\nsecond line of a multi-line string payload')).toEqual({
      t: 'raw',
      text: 'not a dict:\nsecond line of a multi-line string payload',
    });
    expect(parsePyLiteral("{'a': 'unterminated}")).toEqual({ t: 'raw', text: "{'a': 'unterminated}" });
    expect(parsePyLiteral("{'a': 1")).toEqual({ t: 'raw', text: "{'a': 1" });
    expect(parsePyLiteral('')).toEqual({ t: 'raw', text: '' });
    expect(parsePyLiteral(')]}')).toEqual({ t: 'raw', text: ')]}' });
  });
});

const leaf: fc.Arbitrary<PyValue> = fc.oneof(
  fc.constant({ t: 'none' } as const),
  fc.boolean().map((v) => ({ t: 'bool', v }) as const),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((v) => ({ t: 'int', v: v.toString() }) as const),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((v) => !Object.is(v, -0))
    .map((v) => ({ t: 'float', v }) as const),
  fc.string({ unit: 'grapheme' }).map((v) => ({ t: 'str', v }) as const),
  fc.string({ unit: 'binary' }).map((v) => ({ t: 'str', v }) as const),
);

const { value } = fc.letrec<{ value: PyValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }).map((items) => ({ t: 'list', items }) as const),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => ({ t: 'tuple', items }) as const),
    fc.array(leaf, { minLength: 1, maxLength: 4 }).map((items) => ({ t: 'set', items }) as const),
    fc.array(fc.tuple(leaf, tie('value')), { maxLength: 4 }).map((entries) => ({ t: 'dict', entries }) as const),
  ),
}));

describe('parsePyLiteral (property)', () => {
  it('parses back what Python repr writes', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(parsePyLiteral(pyRepr(v))).toEqual(v);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws and never loses text on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const parsed = parsePyLiteral(text);
        if (parsed.t === 'raw') expect(parsed.text).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });
});
