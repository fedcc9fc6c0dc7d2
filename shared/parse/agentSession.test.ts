import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSessionMessages, parseSessionTurns } from './agentSession';

const SESSION = new URL(
  '../../test/fixtures/samples/autoresearch_v1_2026-04/akg_agents_logs/Task_920r11ef/akg_agents_softmax_1796311634_f7b111/agent_session/messages/messages_full.jsonl',
  import.meta.url,
);

describe('an AutoResearch agent session', () => {
  it('reads every message of the sample: who spoke, what it said, which tools it called and what they answered', () => {
    const { items: messages, problems } = parseSessionMessages(readFileSync(SESSION, 'utf8'));
    expect(problems).toEqual([]);
    expect(messages.length).toBeGreaterThan(4);
    expect(messages[0]).toMatchObject({ role: 'user', line: 1, blocks: [{ kind: 'text' }] });
    expect(messages[0]!.blocks[0]!.text).toContain('# Optimization Task: akg_agents_softmax');
    const tools = messages.flatMap((m) => m.blocks.filter((b) => b.kind === 'tool_use').map((b) => b.tool));
    expect(tools).toContain('update_plan');
    expect(tools).toContain('edit');
    expect(messages.some((m) => m.blocks.some((b) => b.kind === 'tool_result' && b.text.length > 0))).toBe(true);
  });

  it('says which lines are not messages and keeps the rest; OpenAI-style tool calls are calls too', () => {
    const text = [
      '{"role": "assistant", "content": null, "tool_calls": [{"function": {"name": "edit", "arguments": "{}"}}]}',
      '{"role": "user", "cont',
      '',
    ].join('\n');
    const { items: messages, problems } = parseSessionMessages(text);
    expect(messages).toEqual([{ role: 'assistant', line: 1, blocks: [{ kind: 'tool_use', tool: 'edit', text: '{}' }] }]);
    expect(problems).toEqual([expect.stringMatching(/^line 2: cut short/)]);
  });
});

describe("an AutoResearch agent's turns", () => {
  it('reads each turn of the sample: the tools it called and on what, what came back, how it ended', () => {
    const turns = parseSessionTurns(readFileSync(new URL('../log.jsonl', SESSION), 'utf8'));
    expect(turns.problems).toEqual([]);
    expect(turns.items.map((t) => [t.turn, t.tools.map((call) => call.tool).join(','), t.outcome])).toEqual([
      [1, 'update_plan', 'read_only'],
      [2, 'edit', 'eval_keep'],
      [3, 'edit', 'eval_fail'],
      [4, 'edit', 'eval_discard'],
      [5, 'edit', 'eval_keep'],
    ]);
    expect(turns.items[1]).toMatchObject({
      timestamp: '2026-12-03 15:29:10',
      evalCalls: 2,
      tools: [{ about: 'store exp once + reciprocal, -O3' }],
      results: ['OK: patched kernel.py'],
      line: 2,
    });
  });
});
