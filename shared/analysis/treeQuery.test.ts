import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task, TraceTree } from '../model/trace';
import { TraceIndex } from '../../main/index/traceIndex';
import {
  allSteps,
  attemptStartOf,
  attemptStarts,
  attemptWindow,
  diffCandidates,
  findStep,
  isAttemptStart,
  mainRecord,
  previousAttempt,
  resultFile,
  stepKey,
  stepsByPath,
  stepsByVerifyDir,
  parseTaskKey,
  taskKey,
  verifyOwner,
} from './treeQuery';

const SAMPLE = fileURLToPath(new URL('../../test/fixtures/samples/aikg_v0_2025-06', import.meta.url));
const OP = 'aikg_logs/Task_vjcpfugt/exp_add_op';
let tree: TraceTree;
let task: Task;

beforeAll(async () => {
  const index = await TraceIndex.open(SAMPLE, { watch: false });
  tree = index.snapshot().tree;
  await index.close();
  task = findStep(tree, OP, '0', 1)!.task;
});

const numbers = (steps: ReadonlyArray<{ readonly step: number }>) => steps.map((step) => step.step);
const at = (step: number) => task.steps.find((candidate) => candidate.step === step)!;

describe('tree queries on the era A sample', () => {
  it('reads the attempts the builder put on the model: a coder record starts one, which owns the steps up to the next', () => {
    expect(task.attemptSteps).toEqual([2, 3, 5]);
    expect(task.steps.map((step) => [step.step, step.attempt])).toEqual([
      [1, null],
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 3],
      [6, 3],
    ]);
    expect(numbers(attemptStarts(task))).toEqual([2, 3, 5]);
    expect(task.steps.filter((step) => isAttemptStart(task, step)).map((step) => step.step)).toEqual([2, 3, 5]);
    expect(numbers(attemptWindow(task, at(3)))).toEqual([3, 4]);
    expect(numbers(attemptWindow(task, at(5)))).toEqual([5, 6]);
    expect(numbers(attemptWindow(task, at(4)))).toEqual([4]); // not a start: itself alone
    expect(attemptStartOf(task, at(4)).step).toBe(3); // a verifier log belongs to the coder step before it
    expect(attemptStartOf(task, at(1)).step).toBe(1); // a designer step owns itself
  });

  it('finds the attempt before, and the kernel each attempt wrote', () => {
    expect(previousAttempt(task, 5)?.step).toBe(3);
    expect(previousAttempt(task, 3)?.step).toBe(2);
    expect(previousAttempt(task, 2)).toBeNull();
    expect(resultFile(at(3))).toBe(`${OP}/I0_S03_exp_add_op_FixCoder_result.txt`);
    expect(resultFile(at(4))).toBeNull();
    expect(mainRecord(at(1))?.agent).toBe('DoDesigner'); // not its conductor's CheckDesigner
    expect(mainRecord(at(4))?.agent).toBe('DoTester');
  });

  it('says which step owns a file: a record, a conductor note, a verify folder file', () => {
    const owners = stepsByPath(tree);
    expect(owners.get(`${OP}/I0_S04_exp_add_op_DoTester_error_log.txt`)?.step.step).toBe(4);
    expect(owners.get(`${OP}/conductor/I1_S03_exp_add_op_CheckCoder_result.txt`)).toMatchObject({ task: { id: '1' }, step: { step: 3 } });
    expect(verifyOwner(tree, `${OP}/I0_S03_verify/exp_add_op_triton.py`)).toMatchObject({ task: { id: '0' }, step: { step: 3 } });
    expect(verifyOwner(tree, `${OP}/I0_S04_exp_add_op_DoTester_error_log.txt`)).toBeNull();
    expect(stepsByVerifyDir(tree).get(`${OP}/I0_S03_verify`)).toMatchObject({ task: { id: '0' }, step: { step: 3 } });
  });

  it('lists steps in tree order, and the files worth diffing with labels a person reads', () => {
    expect(allSteps(tree).map(({ task: t, step }) => `${t.id}:${step.step}`)).toEqual([
      '0:1',
      '0:2',
      '0:3',
      '0:4',
      '0:5',
      '0:6',
      '1:1',
      '1:2',
      '1:3',
      '1:4',
      '1:5',
      '1:6',
    ]);
    expect(diffCandidates(tree)).toContainEqual({ path: `${OP}/I0_S03_exp_add_op_FixCoder_result.txt`, label: 'exp_add_op · task 0 · S03 · FixCoder result' });
    expect(findStep(tree, OP, '0', 7)).toBeNull();
    expect(findStep(null, OP, '0', 1)).toBeNull();
  });

  it('keys tasks and steps so that no two collide', () => {
    expect(new Set([taskKey('a', 'b'), taskKey('a/b', ''), taskKey('', 'a/b')]).size).toBe(3);
    expect(stepKey('op', '1', 2)).not.toBe(stepKey('op', '12', 2));
    expect(stepKey('op', '1', 2).startsWith(taskKey('op', '1'))).toBe(true);
    // And a task's key gives back what it was made of.
    for (const [op, task] of [
      ['a', 'b'],
      ['a/b', ''],
      ['', 'a/b'],
      ['Task_x/relu', '_Gen3_Task12'],
    ])
      expect(parseTaskKey(taskKey(op!, task!))).toEqual({ op, task });
  });
});
