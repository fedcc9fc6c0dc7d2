import { describe, expect, it } from 'vitest';
import { parseEvaluation } from './mmEvaluation';

describe("MM-Agent's evaluation results", () => {
  it('reads each criterion with each analysis scored and why; a missing score is unknown, not 0', () => {
    const text = JSON.stringify({
      problem_id: '2025_C',
      evaluation_model: 'gpt-4o',
      structural_coherence_evaluation: { analysis_1: { reason: '结构清晰', score: 8 }, analysis_2: { reason: 'no sensitivity analysis', score: '6' } },
      solution_completeness_evaluation: { analysis_1: { reason: 'the evaluator stopped' } },
      notes: 'not a criterion',
    });
    expect(parseEvaluation(text)).toEqual({
      ok: true,
      value: {
        problemId: '2025_C',
        model: 'gpt-4o',
        criteria: [
          {
            key: 'structural_coherence_evaluation',
            name: 'structural coherence',
            scores: [
              { analysis: 'analysis_1', score: 8, reason: '结构清晰' },
              { analysis: 'analysis_2', score: 6, reason: 'no sensitivity analysis' },
            ],
          },
          {
            key: 'solution_completeness_evaluation',
            name: 'solution completeness',
            scores: [{ analysis: 'analysis_1', score: null, reason: 'the evaluator stopped' }],
          },
        ],
      },
    });
  });

  it('says why a file is not one', () => {
    expect(parseEvaluation('{"problem_id": "2025_C", ')).toMatchObject({ ok: false, error: expect.stringMatching(/^cut short/) });
  });
});
