import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonObjectSplitter } from './jsonObjects';
import { parseLenientJson } from './lenientJson';
import { parseSpeedupRecords } from './speedup';
import { decodeText, looksBinary } from './text';
import { parseVerificationEntry } from './verification';

const SAMPLES = new URL('../../test/fixtures/samples/', import.meta.url);
const sample = (path: string) => readFileSync(new URL(path, SAMPLES), 'utf8');

describe('speed_up_record.txt', () => {
  it('reads era A (blank line after each record) and shows zeros as no timing', () => {
    const { records, unreadable } = parseSpeedupRecords(sample('aikg_v0_2025-06/aikg_logs/Task_vjcpfugt/exp_add_op/profiling/speed_up_record.txt'));
    expect(unreadable).toBe(0);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ taskId: '0', uniqueDir: 'I0_S05_verify', speedup: null, baseTimeUs: 0 });
  });

  it('reads roofline fields when present', () => {
    const { records } = parseSpeedupRecords(sample('akg_agents_v2_2026-03/akg_agents_logs/Task_tnost_ko/relu/profiling/speed_up_record.txt'));
    expect(records[0]).toEqual({
      opName: 'relu',
      taskId: '_Init_Task1',
      uniqueDir: 'Iteration_Init_Task1_Step03_verify',
      baseTimeUs: 9.87,
      generationTimeUs: 12.4,
      speedup: 0.795968,
      rooflineTimeUs: 4.1,
      rooflineSpeedup: 0.330645,
    });
  });

  it('counts lines that are not records', () => {
    expect(
      parseSpeedupRecords('garbage\r\nop_name: x, task_id: 1, unique_dir: I1_S02_verify, base_time: 2 us, generation_time: 1 us, speedup: 2x\r\n'),
    ).toMatchObject({ unreadable: 1, records: [{ speedup: 2 }] });
  });
});

describe('verification_results.jsonl', () => {
  it('splits pretty-printed objects and keeps only the verify folder name of the foreign path', () => {
    const splitter = new JsonObjectSplitter();
    const objects = splitter.push(sample('aikg_v1_2026-01/aikg_logs/Task_i49c7ohg/verification_results.jsonl'));
    expect(objects).toHaveLength(6);
    expect(objects[1]!.line).toBe(15);
    const entry = parseVerificationEntry(objects[1]!.text);
    expect(entry).toMatchObject({ taskId: '1_0_0', step: 5, passed: true, verifyDirName: 'I1_0_0_S05_verify', dsl: 'triton_cuda' });
  });

  it('holds a half-written object back until it is complete', () => {
    const splitter = new JsonObjectSplitter();
    expect(splitter.push('{"a": "}{", "b": {"c": 1')).toEqual([]);
    expect(splitter.pending).not.toBe('');
    expect(splitter.push('}}\n\n{"d": 2}')).toEqual([
      { text: '{"a": "}{", "b": {"c": 1}}', line: 1 },
      { text: '{"d": 2}', line: 3 },
    ]);
  });

  it('reports entries that are not usable', () => {
    expect(parseVerificationEntry('[1, 2]')).toBe('not a JSON object');
    expect(parseVerificationEntry('{"task_id": 1}')).toBe('no boolean "passed" field');
    expect(parseVerificationEntry('{"task_id": ')).toMatch(/^unreadable JSON/);
    expect(parseVerificationEntry('{"task_id": 3, "passed": false, "verify_dir": "C:\\\\runs\\\\I3_S02_verify", "step": "2"}')).toMatchObject({
      taskId: '3',
      step: 2,
      verifyDirName: 'I3_S02_verify',
    });
  });
});

describe('lenient JSON', () => {
  it("accepts Python's NaN and Infinity", () => {
    expect(parseLenientJson('{"a": NaN, "b": -Infinity, "c": [Infinity]}')).toEqual({ ok: true, value: { a: Number.NaN, b: -Infinity, c: [Infinity] } });
  });
  it('says when a file is truncated or empty', () => {
    expect(parseLenientJson('{"a": [1, 2')).toMatchObject({ ok: false, truncated: true });
    expect(parseLenientJson('')).toEqual({ ok: false, error: 'empty file', truncated: true });
    expect(parseLenientJson('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});

describe('text decoding', () => {
  it('replaces invalid UTF-8 and says so', () => {
    const decoded = decodeText(new Uint8Array([0x61, 0xff, 0x62]));
    expect(decoded).toEqual({ text: 'a\uFFFDb', encoding: 'utf-8', hadInvalidBytes: true });
  });
  it('reads UTF-16 with a BOM', () => {
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x2d, 0x4e])).text).toBe('A中');
  });
  it('detects binary content, not UTF-16 text', () => {
    expect(looksBinary(new Uint8Array([0x80, 0x02, 0x00, 0x10]))).toBe(true);
    expect(looksBinary(new TextEncoder().encode('中文 text\n'))).toBe(false);
    expect(looksBinary(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toBe(false);
  });
});

describe('JsonObjectSplitter (property)', () => {
  /** The splitter's rules read plainly, over the whole text at once: the reference it must agree with. */
  function splitWhole(text: string) {
    const objects: Array<{ text: string; line: number }> = [];
    const stray: string[] = [];
    let depth = 0;
    let inString = false;
    let escaped = false;
    let start = 0;
    let startLine = 1;
    let line = 1;
    let strayText = '';
    const flush = () => {
      if (strayText.trim() !== '') stray.push(strayText.trim());
      strayText = '';
    };
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\n') line++;
      if (depth === 0) {
        if (c === '{') [depth, start, startLine] = [1, i, line];
        if (c === '{' || c === '\n') flush();
        else if (c !== '\r') strayText += c;
      } else if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) objects.push({ text: text.slice(start, i + 1), line: startLine });
    }
    return { objects, stray, pending: depth > 0 ? text.slice(start) : '' };
  }

  const piece = fc.constantFrom('{', '}', '[', ']', '"', '\\', '\\"', '\\\\', '\n', '\r\n', ' ', 'x', '1', ':', ',', '"a": "b"', '{"k": "v\\n"}', 'é');
  it('any text, cut anywhere, gives the objects, lines, stray text and pending text of the whole', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 5 }), (pieces, cuts) => {
        const text = pieces.join('');
        const splitter = new JsonObjectSplitter();
        const objects: Array<{ text: string; line: number }> = [];
        let at = 0;
        for (const cut of [...cuts.map((c) => Math.min(c, text.length)).sort((a, b) => a - b), text.length]) {
          objects.push(...splitter.push(text.slice(at, Math.max(at, cut))));
          at = Math.max(at, cut);
        }
        const whole = splitWhole(text);
        expect(objects).toEqual(whole.objects);
        expect(splitter.pending).toBe(whole.pending);
        expect(splitter.stray).toEqual(whole.stray);
      }),
      { numRuns: 20_000 },
    );
  });
});
