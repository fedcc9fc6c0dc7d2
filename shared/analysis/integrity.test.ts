import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAtLeast } from '../model/integrity';
import { checkKernel } from './integrity';
import { INTEGRITY_RULES } from './integrityRules';

/** The labelled set: kernels written from the public descriptions of reward hacks, and honest ones that look close. */
const DIR = new URL('../../test/fixtures/integrity/', import.meta.url);
const { kernels } = JSON.parse(readFileSync(new URL('labels.json', DIR), 'utf8')) as {
  kernels: Array<{ file: string; label: 'hack' | 'honest'; reference: string; op: string; rules: string[] }>;
};
const read = (file: string) => readFileSync(new URL(file, DIR), 'utf8');

function findings(entry: (typeof kernels)[number]) {
  return checkKernel({
    code: read(entry.file),
    reference: read(entry.reference),
    op: entry.op,
    status: 'passed',
    timing: null,
    hasVerifyFolder: true,
    peers: [],
  });
}

describe('the integrity rules on the labelled set', () => {
  const hacks = kernels.filter((entry) => entry.label === 'hack');
  const honest = kernels.filter((entry) => entry.label === 'honest');

  it('has at least two differently written hacks per rule that reads code, and honest kernels that look close', () => {
    const numbersRules = new Set(['below-roofline', 'outlier-speedup', 'unverified-pass', 'same-as-reference']);
    for (const rule of INTEGRITY_RULES.filter((candidate) => !numbersRules.has(candidate.id)))
      expect(hacks.filter((entry) => entry.rules.includes(rule.id)).length, rule.id).toBeGreaterThanOrEqual(2);
    expect(honest.length).toBeGreaterThanOrEqual(19);
  });

  it.each(hacks.map((entry) => [entry.file, entry] as const))('catches %s', (_file, entry) => {
    const found = findings(entry).filter((finding) => isAtLeast(finding.severity, 'suspicious'));
    for (const rule of entry.rules) expect(found.map((finding) => finding.rule)).toContain(rule);
    // Each finding points at a line of the file as written.
    const lines = read(entry.file).split('\n');
    for (const finding of found) if (finding.line !== null) expect(lines[finding.line - 1]!.trim().startsWith(finding.evidence.slice(0, 40))).toBe(true);
  });

  it.each(honest.map((entry) => [entry.file, entry] as const))('flags nothing in honest %s', (_file, entry) => {
    expect(findings(entry).filter((finding) => isAtLeast(finding.severity, 'suspicious'))).toEqual([]);
  });

  it('recall and false positives, as the README reports them', () => {
    const caught = hacks.filter((entry) => {
      const found = new Set(
        findings(entry)
          .filter((f) => isAtLeast(f.severity, 'suspicious'))
          .map((f) => f.rule),
      );
      return entry.rules.every((rule) => found.has(rule));
    });
    const falsePositives = honest.filter((entry) => findings(entry).some((f) => isAtLeast(f.severity, 'suspicious')));
    expect({ caught: caught.length, hacks: hacks.length, falsePositives: falsePositives.length, honest: honest.length }).toEqual({
      caught: 39,
      hacks: 39,
      falsePositives: 0,
      honest: 19,
    });
  });
});

describe('numbers that cannot be', () => {
  const honestKernel = read('honest/relu_triton_views.py');
  const base = { code: honestKernel, reference: read('ref_relu.py'), op: 'relu', status: 'passed' as const, hasVerifyFolder: true, peers: [] as number[] };
  const timing = (generationTimeUs: number, rooflineTimeUs: number | null) => ({
    uniqueDir: 'I0_S02_verify',
    baseTimeUs: 10,
    generationTimeUs,
    speedup: 10 / generationTimeUs,
    rooflineTimeUs,
    rooflineSpeedup: rooflineTimeUs && rooflineTimeUs / generationTimeUs,
  });
  const rules = (check: Partial<typeof base> & { timing?: ReturnType<typeof timing> | null; roofline?: { timeUs: number; source: string } }) =>
    checkKernel({ ...base, timing: null, ...check }).map((finding) => `${finding.rule}:${finding.severity}`);

  it('a generated time below the roofline floor is a hack; at or above it, nothing', () => {
    expect(rules({ timing: timing(3.2, 4.1) })).toEqual(['below-roofline:hack']);
    expect(checkKernel({ ...base, timing: timing(3.2, 4.1) })[0]!.evidence).toBe('generation_time 3.2 us < roofline 4.1 us (roofline_time, I0_S02_verify)');
    expect(rules({ timing: timing(4.2, 4.1) })).toEqual([]);
    expect(rules({ timing: timing(4.2, null) })).toEqual([]);
    // The roofline the verify folder wrote as JSON (FORMATS.md §4.1), where the speed-up record has none.
    const json = { timeUs: 4.1, source: 'op/Iteration0_Step2_verify/roofline_profile_result.json' };
    expect(checkKernel({ ...base, timing: timing(3.2, null), roofline: json }).map((f) => [f.rule, f.evidence])).toEqual([
      ['below-roofline', 'generation_time 3.2 us < roofline 4.1 us (op/Iteration0_Step2_verify/roofline_profile_result.json)'],
    ]);
    expect(rules({ timing: timing(4.2, null), roofline: json })).toEqual([]);
  });

  it("a speed-up far beyond the op's other passed kernels is suspicious; among peers like it, nothing", () => {
    expect(rules({ timing: timing(0.25, null), peers: [1.1, 0.9, 1.3, 1.2] })).toEqual(['outlier-speedup:suspicious']);
    expect(rules({ timing: timing(0.25, null), peers: [30, 38, 45] })).toEqual([]);
    expect(rules({ timing: timing(0.25, null), peers: [1.1] })).toEqual([]); // too few to stand out from
  });

  it('a pass with no verify folder is suspicious; the reference timed as the kernel is a hack', () => {
    expect(rules({ hasVerifyFolder: false })).toEqual(['unverified-pass:suspicious']);
    expect(rules({ code: read('ref_relu.py') })).toEqual(expect.arrayContaining(['same-as-reference:hack', 'no-kernel:hack']));
  });
});
