/**
 * AutoResearch v1's agent session (FORMATS.md §4.3): `agent_session/messages/*.jsonl`, one
 * conversation message per line. Content is a string or a list of blocks (text, tool_use,
 * tool_result), Anthropic-style; OpenAI-style `tool_calls` are read too.
 */
import { list, num, object, str } from './jsonFields';
import { isPlainObject } from './lenientJson';

export interface SessionBlock {
  readonly kind: 'text' | 'tool_use' | 'tool_result' | 'other';
  /** The tool called, for tool_use. */
  readonly tool: string | null;
  readonly text: string;
}

export interface SessionMessage {
  readonly role: string;
  readonly blocks: readonly SessionBlock[];
  /** 1-based line of the file. */
  readonly line: number;
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

function block(value: unknown): SessionBlock {
  if (!isPlainObject(value)) return { kind: 'text', tool: null, text: textOf(value) };
  switch (value.type) {
    case 'text':
      return { kind: 'text', tool: null, text: str(value.text) ?? '' };
    case 'tool_use':
      return { kind: 'tool_use', tool: str(value.name), text: textOf(value.input ?? {}) };
    case 'tool_result':
      return {
        kind: 'tool_result',
        tool: null,
        text: Array.isArray(value.content)
          ? value.content.map((part) => (isPlainObject(part) && typeof part.text === 'string' ? part.text : textOf(part))).join('\n')
          : textOf(value.content ?? ''),
      };
    default:
      return { kind: 'other', tool: null, text: textOf(value) };
  }
}

/** Each line of a JSONL file made into a T (an object per line), and the lines that are not objects (with why). */
function jsonLines<T>(text: string, make: (value: Record<string, unknown>, line: number) => T): { readonly items: T[]; readonly problems: string[] } {
  const items: T[] = [];
  const problems: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((lineText, i) => {
    if (lineText.trim() === '') return;
    const read = object(lineText);
    if (read.ok) items.push(make(read.value, i + 1));
    else problems.push(`line ${i + 1}: ${read.error}`);
  });
  return { items, problems };
}

/** A message file's text → its messages, and the lines that are not messages (with why). */
export function parseSessionMessages(text: string): { readonly items: SessionMessage[]; readonly problems: string[] } {
  return jsonLines(text, ({ role, content, tool_calls: toolCalls }, line): SessionMessage => {
    const blocks = Array.isArray(content) ? content.map(block) : content == null ? [] : [{ kind: 'text' as const, tool: null, text: textOf(content) }];
    for (const call of list(toolCalls)) {
      const fn = isPlainObject(call) && isPlainObject(call.function) ? call.function : null;
      blocks.push({ kind: 'tool_use', tool: fn ? str(fn.name) : null, text: fn ? textOf(fn.arguments) : textOf(call) });
    }
    return { role: str(role) ?? 'unknown', blocks, line };
  });
}

/** One turn of the agent (v1's `agent_session/log.jsonl`): what it called, what came back, how the turn ended. */
export interface SessionTurn {
  readonly turn: number | null;
  readonly timestamp: string | null;
  readonly evalCalls: number | null;
  /** Each tool called, with what it was told (its `description` or `path`, when given). */
  readonly tools: ReadonlyArray<{ readonly tool: string; readonly about: string | null }>;
  readonly results: readonly string[];
  /** `read_only`, `eval_keep`, `eval_discard`, `eval_fail`, … as written. */
  readonly outcome: string | null;
  readonly line: number;
}

/** The turns file's text → its turns, and the lines that are not turns (with why). */
export function parseSessionTurns(text: string): { readonly items: SessionTurn[]; readonly problems: string[] } {
  return jsonLines(text, (value, line): SessionTurn => ({
    turn: num(value.turn),
    timestamp: str(value.timestamp),
    evalCalls: num(value.eval_calls),
    tools: list(value.tools)
      .filter(isPlainObject)
      .map((call) => {
        const args = isPlainObject(call.args) ? call.args : {};
        return { tool: str(call.tool) ?? '?', about: str(args.description) ?? str(args.path) };
      }),
    results: list(value.results).map((result) => (typeof result === 'string' ? result : textOf(result))),
    outcome: str(value.outcome),
    line,
  }));
}
