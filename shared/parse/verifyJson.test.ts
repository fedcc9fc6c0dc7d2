import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseProfileResult, parseRooflineResult, parseVerifyResult, rooflineShare } from './verifyJson';

const GELU = fileURLToPath(
  new URL('../../test/fixtures/samples/akg_agents_br_2026-07/akg_agents_logs/Task_zwl53xio/akg_agents_gelu/Iteration0_Step1_verify/', import.meta.url),
);
const SOFTMAX = fileURLToPath(
  new URL(
    '../../test/fixtures/samples/akg_agents_br_2026-07/akg_agents_logs/Task_rf4e1e2y/akg_agents_softmax/Iteration_Gen1_Task3_multicase_Step1_verify/',
    import.meta.url,
  ),
);
const read = (dir: string, name: string) => readFileSync(`${dir}${name}`, 'utf8');

describe('verify folder JSON (FORMATS.md §4.1)', () => {
  it('verify_result.json: every case, passed or not and why, as written', () => {
    const passing = parseVerifyResult(read(GELU, 'verify_result.json'));
    expect(passing).toMatchObject({ ok: true, value: { passed: true, numCases: 2, failedIndices: [], worstIdx: null } });
    expect(passing.ok && passing.value.cases[1]).toEqual({
      idx: 1,
      description: 'inputs[1]: shape=(4096,) dtype=torch.float32',
      passed: true,
      error: null,
      errorSource: null,
      failureKind: null,
      refWallUs: 59.02799966861494,
      implWallUs: 121.2010001836461,
    });
    const failing = parseVerifyResult(read(SOFTMAX, 'verify_result.json'));
    expect(failing.ok && failing.value.passed).toBe(false);
    expect(failing.ok && failing.value.numCases).toBe(4);
    expect(failing.ok && failing.value.cases.filter((c) => c.passed === false).map((c) => [c.idx, c.failureKind])).toEqual([[3, 'kernel_miss']]);
  });

  it('profile results: the time and each case’s; a failed profile says why and has no time', () => {
    expect(parseProfileResult(read(GELU, 'generation_profile_result.json'))).toMatchObject({
      ok: true,
      value: { timeUs: 3053.3651749919954, perCaseUs: [6038.452450002296, 68.27789998169465], caseCount: 2, method: 'cpu_loop_timer', shapeType: 'dynamic' },
    });
    // master writes case_times in ms, and nulls on error.
    expect(parseProfileResult('{"execution_time_ms": 1.5, "case_times": [1.0, 2.0]}')).toMatchObject({
      ok: true,
      value: { timeUs: 1500, perCaseUs: [1000, 2000] },
    });
    expect(parseProfileResult('{"execution_time_ms": null, "execution_time_us": null, "error": "timeout"}')).toMatchObject({
      ok: true,
      value: { timeUs: null, error: 'timeout' },
    });
    expect(parseProfileResult('{"execution_time_us": 1')).toMatchObject({ ok: false, error: expect.stringMatching(/^cut short/) });
  });

  it('roofline: a floor with its bottleneck, or why there is none', () => {
    expect(parseRooflineResult(read(GELU, 'roofline_profile_result.json'))).toMatchObject({
      ok: true,
      value: { success: false, skipped: true, error: 'backend=cpu 当前不支持 roofline', timeUs: null, arch: 'x86_64' },
    });
    const measured = parseRooflineResult(
      '{"success": true, "skipped": false, "time_us": 4.1, "compute_time_us": 1.2, "memory_time_us": 4.1, "bottleneck": "memory", "case_times_us": [4.1], "arch_name": "Ascend910B"}',
    );
    expect(measured).toMatchObject({ ok: true, value: { success: true, timeUs: 4.1, bottleneck: 'memory', arch: 'Ascend910B' } });
    expect(rooflineShare(4.1, 12.4)).toBeCloseTo(0.3306, 3);
    expect(rooflineShare(null, 12.4)).toBeNull();
    expect(rooflineShare(4.1, 0)).toBeNull();
  });
});
