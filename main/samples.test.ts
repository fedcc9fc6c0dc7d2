import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Task, TraceTree } from '../shared/model/trace';
import { TraceIndex } from './index/traceIndex';

/** Every tree in the samples (copied from shared/formats/samples), read with real files. */
const SAMPLES = fileURLToPath(new URL('../test/fixtures/samples/', import.meta.url));

async function read(sample: string) {
  const index = await TraceIndex.open(`${SAMPLES}${sample}`, { watch: false });
  return index.snapshot();
}

/** One line per step: `op/task Sxx roles… status(source) [verify] [speedup]`. */
function outline(tree: TraceTree): string[] {
  return tree.runs.flatMap((run) =>
    run.ops.flatMap((op) =>
      op.tasks.flatMap((task) =>
        task.steps.map((step) => {
          const records = step.records.map((r) => `${r.conductor ? 'conductor:' : `${r.role}:`}${r.agent}`).join(',');
          const verdict = step.status === 'unknown' ? '' : ` ${step.status}(${step.statusSource})`;
          const speed = step.timing ? ` x${step.speedup === null ? 'none' : step.speedup.toFixed(2)}` : '';
          return `${op.name}/${task.id} S${step.step} ${records}${verdict}${step.verifyDir ? ` @${step.verifyDir}` : ''}${speed}`;
        }),
      ),
    ),
  );
}

/** One line per AutoResearch round: decision, correctness, the numbers, the verifier's verdict and folder, the commit. */
function rounds(task: Task): string[] {
  const n = (value: number | null, digits = 0) => (value === null ? '?' : value.toFixed(digits));
  return task.steps.map((step) => {
    const r = step.round!;
    const correct = r.correctness === null ? '?' : r.correctness ? 'correct' : 'wrong';
    return `R${r.round} ${r.decision} ${correct} latency ${n(r.latencyUs)} ref ${n(r.refLatencyUs)} x${n(r.speedup, 4)} ${step.status}(${step.statusSource}) @${step.verifyDir} commit ${r.commit ?? '?'}`;
  });
}

describe('the sample trees', () => {
  it('era A (aikg v0, 2025-06): CamelCase actions, conductor checks, empty error log = pass, zero timing', async () => {
    const { tree } = await read('aikg_v0_2025-06');
    expect(tree.otherFiles).toEqual([]);
    expect(tree.warnings).toEqual([]);
    expect(tree.runs.map((r) => r.path)).toEqual(['aikg_logs/Task_vjcpfugt']);
    const task0 = [
      'exp_add_op/0 S1 designer:DoDesigner,conductor:CheckDesigner',
      'exp_add_op/0 S2 coder:DoCoder,conductor:CheckCoder',
      'exp_add_op/0 S3 coder:FixCoder,conductor:CheckCoder failed(error_log) @I0_S03_verify',
      'exp_add_op/0 S4 verifier:DoTester,conductor:AnalyzeError failed(error_log)',
      'exp_add_op/0 S5 coder:FixCoder,conductor:CheckCoder passed(empty_error_log) @I0_S05_verify xnone',
      'exp_add_op/0 S6 verifier:DoTester passed(empty_error_log)',
    ];
    expect(outline(tree)).toEqual([...task0, ...task0.map((line) => line.replaceAll('/0 ', '/1 ').replaceAll('I0_', 'I1_'))]);
    const task = tree.runs[0]!.ops[0]!.tasks[0]!;
    expect(task).toMatchObject({ attempts: 3, firstPassingStep: 5, bestSpeedup: null });
    expect(task.steps[0]!.records[0]!.params).toEqual(['prompt', 'reasoning', 'result']);
  });

  it('era B (aikg v1, 2026-01): op ending in `_`, recorder files, verification_results.jsonl, verify folder one step late', async () => {
    const { tree } = await read('aikg_v1_2026-01');
    expect(tree.otherFiles).toEqual([]);
    expect(tree.warnings).toEqual([]);
    const op = 'Square_matrix_multiplication_';
    expect(outline(tree)).toEqual([
      `${op}/1_0_0 S1 designer:designer`,
      `${op}/1_0_0 S2 coder:coder failed(verification_results) @I1_0_0_S02_verify`,
      `${op}/1_0_0 S3 verifier:verifier,conductor:decision_decision failed(error_log)`,
      `${op}/1_0_0 S4 coder:coder passed(verification_results) @I1_0_0_S05_verify x1.87`,
      `${op}/1_0_1 S1 designer:designer`,
      `${op}/1_0_1 S2 coder:coder failed(verification_results) @I1_0_1_S02_verify`,
      `${op}/1_0_1 S3 verifier:verifier,conductor:decision_decision failed(error_log)`,
      `${op}/1_0_1 S4 coder:coder failed(verification_results) @I1_0_1_S05_verify`,
      `${op}/1_0_1 S6 verifier:verifier failed(error_log)`,
      `${op}/1_1_0 S1 designer:designer`,
      `${op}/1_1_0 S2 coder:coder failed(verification_results) @I1_1_0_S02_verify`,
      `${op}/1_1_0 S3 verifier:verifier,conductor:decision_decision failed(error_log)`,
      `${op}/1_1_0 S4 coder:coder passed(verification_results) @I1_1_0_S05_verify x1.87`,
    ]);
    const step = tree.runs[0]!.ops[0]!.tasks[0]!.steps[1]!;
    expect(step.records[0]!.parsedFile).toBe(`aikg_logs/Task_i49c7ohg/${op}/recorder/I1_0_0_S02_${op}_coder_parsed.txt`);
    expect(step.verification?.errorLog).toContain('输出不一致');
    expect(tree.runs[0]!.files).toEqual(['aikg_logs/Task_i49c7ohg/verification_results.jsonl']);
  });

  it('era C (akg_agents v2, 2026-03): Iteration…Step names, code_checker, roofline, passed_cases, lineage graph', async () => {
    const { tree } = await read('akg_agents_v2_2026-03');
    expect(tree.otherFiles).toEqual([]);
    expect(tree.warnings).toEqual([]);
    expect(outline(tree)).toEqual([
      'relu/_Init_Task1 S1 other:code_checker,coder:kernel_gen failed(verification_results) @Iteration_Init_Task1_Step01_verify',
      'relu/_Init_Task1 S2 verifier:verifier,conductor:conductor_decision failed(error_log)',
      'relu/_Init_Task1 S3 other:code_checker,coder:kernel_gen passed(verification_results) @Iteration_Init_Task1_Step03_verify x0.80',
      'relu/_Init_Task2 S1 other:code_checker,coder:kernel_gen passed(verification_results) @Iteration_Init_Task2_Step01_verify x0.90',
      'relu/_Gen1_Task3 S1 other:code_checker,coder:kernel_gen failed(verification_results) @Iteration_Gen1_Task3_Step01_verify',
      'relu/_Gen1_Task3 S2 verifier:verifier,conductor:conductor_decision failed(error_log)',
      'relu/_Gen1_Task3 S3 other:code_checker,coder:kernel_gen passed(verification_results) @Iteration_Gen1_Task3_Step03_verify x1.23',
    ]);
    const step = tree.runs[0]!.ops[0]!.tasks[0]!.steps[2]!;
    expect(step.timing).toMatchObject({ rooflineTimeUs: 4.1, rooflineSpeedup: 0.330645 });
    expect(tree.runs[0]!.files).toEqual(['akg_agents_logs/Task_tnost_ko/relu_lineage_graph.md', 'akg_agents_logs/Task_tnost_ko/verification_results.jsonl']);
  });

  it('documented MM-Agent tracker: final JSON preferred, a truncated one falls back to the readable log', async () => {
    const { tree, eventLogs } = await read('mm_agent_documented_mcm_killer');
    expect(tree.otherFiles).toEqual([]);
    expect(tree.runs.map((r) => r.path)).toEqual(['_live_snapshot_before_save_json_log', '2025_C_20260119-101530', '2025_C_20260119-101530_crash']);
    const complete = eventLogs['2025_C_20260119-101530/Memory/logs']!;
    expect(complete).toMatchObject({
      source: '2025_C_20260119-101530/Memory/logs/execution_tracker.json',
      total_events: 12,
      events_by_level: { INFO: 6, ERROR: 5, WARNING: 1 },
      warnings: [],
    });
    expect(complete.total_duration).toBeCloseTo(0.000574);
    const live = eventLogs['_live_snapshot_before_save_json_log/Memory/logs']!;
    expect(live).toMatchObject({ source: '_live_snapshot_before_save_json_log/Memory/logs/execution_tracker_readable.txt', total_events: 12 });
    expect(live.events_by_type).toEqual(complete.events_by_type);
    const crash = eventLogs['2025_C_20260119-101530_crash/Memory/logs']!;
    expect(crash).toMatchObject({ source: '2025_C_20260119-101530_crash/Memory/logs/execution_tracker_readable.txt', total_events: 2 });
    expect(crash.warnings).toEqual(['2025_C_20260119-101530_crash/Memory/logs/execution_tracker.json: truncated (the writer stopped mid-file); not used']);
  });

  it('real MM-Agent v1: the complete JSON, with the JSONL as its live twin', async () => {
    const { tree, eventLogs } = await read('mm_agent_real_v1_comprehensive');
    expect(tree.otherFiles).toEqual([]);
    const [dir, summary] = Object.entries(eventLogs)[0]!;
    expect(dir).toBe('MMAgent/output/MM-Agent/2025_C_20260119-101530/Memory/logs');
    expect(summary).toMatchObject({ source: `${dir}/execution_tracker_complete.json`, total_events: 15, events_by_level: { INFO: 13, ERROR: 1, WARNING: 1 } });
    expect(tree.runs[0]!.eventLogs[0]).toMatchObject({ format: 'mm_v1', files: expect.arrayContaining([`${dir}/brief_summary.txt`]) });
  });

  it('real MM-Agent v2 "Lean": trace.jsonl with three line shapes wins over trace_full.json', async () => {
    const { tree, eventLogs } = await read('mm_agent_real_v2_lean');
    expect(tree.otherFiles).toEqual([]);
    const summary = Object.values(eventLogs)[0]!;
    expect(summary).toMatchObject({ total_events: 9, events_by_level: { INFO: 8, ERROR: 1 }, warnings: [] });
    expect(summary.source).toMatch(/trace\.jsonl$/);
    expect(summary.events_by_type).toMatchObject({ CRITICAL_FAILURE: 1, llm_call: 1, api_call: 1 });
    expect(tree.runs[0]!.files).toEqual(['MMAgent/output/MM-Agent/2025_C_20260119-101530/Report/01_Research_Journal.md']);
  });

  it("MM-Agent with usage files (2026-01): the usage and latent summaries are the run's files, not unknown ones", async () => {
    const { tree, eventLogs } = await read('mm_agent_usage_2026-01');
    expect(tree.otherFiles).toEqual([]);
    const run = 'MMAgent/output/MM-Agent/2025_C_20261203-154441';
    expect(tree.runs[0]!.files).toEqual([
      `${run}/Memory/logs/latent_summaries.jsonl`,
      `${run}/Memory/usage/2025_C.json`,
      `${run}/Memory/usage/runtime.txt`,
      `${run}/Report/01_Research_Journal.md`,
      // What the run made (FORMATS.md §4.4): its products, not unknown files.
      ...['charts/chart_1.png', 'code/main1.py', 'code/main2.py']
        .concat(['athletes', 'hosts', 'medal_counts', 'programs'].map((name) => `code/summerOly_${name}.csv`))
        .concat(['code/task1_pred_2028.csv', 'code/task1_result.json', 'code/task1.png', 'code/task2_result.json', 'json/2025_C.json'])
        .concat(['latex/solution.tex', 'latex/survival.tex', 'markdown/2025_C.md'])
        .map((file) => `${run}/Workspace/${file}`),
    ]);
    expect(Object.values(eventLogs)[0]).toMatchObject({ source: `${run}/Memory/logs/trace.jsonl`, total_events: 121, warnings: [] });
  });

  it('MathIR branch (2026-06): open params, sub-expression attempts with their own verify folders and verdicts, API docs as run files', async () => {
    const { tree } = await read('akg_mathir_2026-06');
    expect(tree.otherFiles).toEqual([]);
    expect(tree.warnings).toEqual([]);
    expect(tree.runs.map((r) => r.path)).toEqual(['akg_agents_logs/Task_apuu03mw']);
    const op = 'akg_agents_rmsnorm';
    expect(outline(tree)).toEqual([
      `${op}/0 S1 other:api_recall,designer:mathIR`,
      `${op}/0 S2 other:code_checker,coder:multi_expr_combine passed(verification_results) @Iteration0_Step02_verify x0.77`,
      `${op}/0_multi_expr0 S0 other:multi_expr_code_checker,coder:multi_expr_gen,verifier:multi_expr_verifier passed(verifier_result) @Iteration0_multi_expr0_Attempt00_verify`,
      `${op}/0_multi_expr1 S0 other:multi_expr_code_checker,coder:multi_expr_gen,verifier:multi_expr_verifier failed(verifier_result) @Iteration0_multi_expr1_Attempt00_verify`,
      `${op}/0_multi_expr1 S1 other:multi_expr_code_checker,coder:multi_expr_repair,verifier:multi_expr_verifier passed(verifier_result) @Iteration0_multi_expr1_Attempt01_verify`,
    ]);
    const recall = tree.runs[0]!.ops[0]!.tasks[0]!.steps[0]!.records.find((r) => r.agent === 'api_recall')!;
    expect(Object.keys(recall.otherFiles).sort()).toEqual(['docs_path', 'status', 'structured_path', 'summary']);
    expect(recall.params).toEqual([]);
    expect(tree.runs[0]!.files).toEqual(
      expect.arrayContaining([
        `akg_agents_logs/Task_apuu03mw/${op}/api_recall/api_recall_rendered.md`,
        `akg_agents_logs/Task_apuu03mw/${op}/api_recall/api_recall_structured.json`,
      ]),
    );
  });

  it('br_agents (2026-07): unpadded verify folders, multi-case verifies judged with their task, records that drift ahead of their verify folder', async () => {
    const { tree } = await read('akg_agents_br_2026-07');
    expect(tree.otherFiles).toEqual([]);
    expect(tree.warnings).toEqual([]);
    expect(tree.runs.map((r) => r.path)).toEqual(['akg_agents_logs/Task_rf4e1e2y', 'akg_agents_logs/Task_zwl53xio']);
    const softmax = outline(tree).filter((line) => line.startsWith('akg_agents_softmax/'));
    expect(softmax.filter((line) => line.includes('@'))).toEqual([
      'akg_agents_softmax/_Init_Task1 S1 other:code_checker,coder:kernel_gen,designer:sketch failed(verification_results) @Iteration_Init_Task1_Step1_verify',
      'akg_agents_softmax/_Init_Task1 S3 other:code_checker,coder:kernel_gen passed(verification_results) @Iteration_Init_Task1_Step3_verify x0.17',
      'akg_agents_softmax/_Init_Task2 S1 other:code_checker,coder:kernel_gen,designer:sketch passed(verification_results) @Iteration_Init_Task2_Step1_verify x0.07',
      // Passed its one case, failed the multi-case verify (case 3 of 4): failed.
      'akg_agents_softmax/_Gen1_Task3 S1 other:code_checker,coder:kernel_gen,designer:sketch failed(verification_results) @Iteration_Gen1_Task3_Step1_verify',
      // kernel_gen Step04 ran in Step3_verify (test_case_generator took Step02 of the logger).
      'akg_agents_softmax/_Gen1_Task3 S4 other:code_checker,coder:kernel_gen passed(verification_results) @Iteration_Gen1_Task3_Step3_verify x0.32',
    ]);
    const task = tree.runs[0]!.ops.find((op) => op.name === 'akg_agents_softmax')!.tasks.find((t) => t.id === '_Gen1_Task3')!;
    expect(task.steps.find((s) => s.step === 4)!.verifyDirs.map((dir) => dir.split('/').pop())).toEqual([
      'Iteration_Gen1_Task3_Step3_verify',
      'Iteration_Gen1_Task3_multicase_Step3_verify',
    ]);
    expect(tree.runs[0]!.files).toEqual(
      expect.arrayContaining(['akg_agents_logs/Task_rf4e1e2y/akg_agents_relu_baseline_profile/profile_baseline_akg_agents_relu.py']),
    );
  });

  it('AutoResearch v1 (2026-04): log.jsonl rounds are the attempts of the verifier task they ran as, beside it in the log root', async () => {
    const { tree } = await read('autoresearch_v1_2026-04');
    expect(tree.otherFiles).toEqual([]);
    expect(tree.warnings).toEqual([]);
    const dir = 'akg_agents_logs/Task_920r11ef/akg_agents_softmax_1796311634_f7b111';
    expect(tree.runs.map((r) => [r.path, r.autoresearch])).toEqual([
      [
        'akg_agents_logs/Task_920r11ef',
        [
          {
            dir,
            op: 'akg_agents_softmax',
            form: 'v1',
            roundsFile: `${dir}/log.jsonl`,
            opPath: 'akg_agents_logs/Task_920r11ef/akg_agents_softmax',
            task: 'ar_248eab89',
            // Killed mid-run: the heartbeat a normal exit deletes is still there.
            stateFile: `${dir}/RUNNING`,
            phase: 'active',
          },
        ],
      ],
    ]);
    const task = tree.runs[0]!.ops[0]!.tasks[0]!;
    expect(task).toMatchObject({ id: 'ar_248eab89', attempts: 5, attemptSteps: [0, 1, 2, 3, 4] });
    expect(rounds(task)).toEqual([
      'R0 SEED correct latency 14445 ref 781 x0.0541 passed(verification_results) @Iterationar_248eab89_Step00_verify commit 72b41de',
      'R1 accepted correct latency 9033 ref 781 x0.0865 passed(verification_results) @Iterationar_248eab89_Step01_verify commit fd598a5',
      'R2 rejected wrong latency ? ref ? x? failed(verification_results) @Iterationar_248eab89_Step02_verify commit ?',
      'R3 rejected correct latency 33974 ref 781 x0.0230 passed(verification_results) @Iterationar_248eab89_Step03_verify commit ?',
      'R4 accepted correct latency 4009 ref 781 x0.1948 passed(verification_results) @Iterationar_248eab89_Step04_verify commit 3c41523',
    ]);
    const failed = task.steps[2]!.round!;
    expect(failed.error).toContain('Traceback (most recent call last)');
    expect(failed).toMatchObject({
      file: `${dir}/log.jsonl`,
      line: 3,
      durationSec: expect.closeTo(35.03, 2),
      timestamp: expect.stringMatching(/^2026-12-03 /),
    });
    expect(tree.runs[0]!.files).toEqual(expect.arrayContaining([`${dir}/plan.md`, `${dir}/agent_session/messages/messages_full.jsonl`, `${dir}/RUNNING`]));
  });

  it('AutoResearch workspace form (2026-06): .ar_state/history.jsonl rounds with decisions and per-shape times, joined to .ar_state/akg_verify', async () => {
    const { tree } = await read('autoresearch_ws_2026-06');
    expect(tree.otherFiles).toEqual([]);
    expect(tree.warnings).toEqual([]);
    const dir = 'ar_tasks/softmax_1796312452_6dde31';
    expect(tree.runs.map((r) => [r.path, r.autoresearch])).toEqual([
      [
        dir,
        [
          {
            dir,
            op: 'softmax',
            form: 'workspace',
            roundsFile: `${dir}/.ar_state/history.jsonl`,
            opPath: `${dir}/.ar_state/akg_verify/softmax`,
            task: 'softmax',
            stateFile: `${dir}/.ar_state/state.json`,
            phase: 'FINISH',
          },
        ],
      ],
    ]);
    const task = tree.runs[0]!.ops[0]!.tasks[0]!;
    expect(task).toMatchObject({ id: 'softmax', attempts: 5, attemptSteps: [0, 1, 2, 3, 4] });
    expect(rounds(task)).toEqual([
      'R0 SEED correct latency 12617 ref 1079 x0.0855 passed(verification_results) @Iterationsoftmax_Step0_verify commit ec8fe90',
      'R1 KEEP correct latency 4381 ref 1079 x0.2462 passed(verification_results) @Iterationsoftmax_Step1_verify commit 8025cf2',
      'R2 FAIL wrong latency ? ref ? x? failed(verification_results) @Iterationsoftmax_Step2_verify commit ?',
      'R3 DISCARD correct latency 14058 ref 1079 x0.0767 passed(verification_results) @Iterationsoftmax_Step3_verify commit ?',
      'R4 DISCARD correct latency 4508 ref 1079 x0.2392 passed(verification_results) @Iterationsoftmax_Step4_verify commit ?',
    ]);
    // The failed round's kernel ran (and missed): its times are kept beside why it failed.
    expect(task.steps[2]!.round!.shapes).toEqual([
      {
        desc: 'inputs[1]: shape=(256, 4096) dtype=torch.float32',
        genUs: expect.closeTo(7238.14, 1),
        baseUs: expect.closeTo(2609.64, 1),
        status: 'kernel_miss',
      },
    ]);
    expect(task.steps[1]!.round!).toMatchObject({
      planItem: 'p1',
      accepted: true,
      shapes: [{ genUs: expect.closeTo(4381.06, 1), baseUs: expect.closeTo(1078.54, 1) }],
    });
  });

  it('reads the parent of all samples at once: every run found, nothing unexplained', async () => {
    const { tree, eventLogs } = await read('');
    expect(tree.otherFiles).toEqual([]);
    expect(tree.runs).toHaveLength(14);
    expect(Object.keys(eventLogs)).toHaveLength(6);
  });

  it('reads one op folder opened on its own', async () => {
    const { tree } = await read('akg_agents_v2_2026-03/akg_agents_logs/Task_tnost_ko/relu');
    expect(tree.runs).toHaveLength(1);
    expect(tree.runs[0]!.ops[0]).toMatchObject({ name: 'relu', path: '' });
    expect(tree.runs[0]!.ops[0]!.tasks.map((t) => t.id)).toEqual(['_Init_Task1', '_Init_Task2', '_Gen1_Task3']);
  });
});
