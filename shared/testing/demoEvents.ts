/**
 * A long documented-format tracker log (FORMATS.md §2.1) for the bench: stages, LLM calls, code
 * runs, errors and warnings, Chinese text, and now and then a payload that runs over several
 * lines. Seeded, so every run of the bench reads the same bytes.
 */
export function* demoEventLines(count: number, seed = 1): Generator<string> {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const start = Date.UTC(2026, 0, 19, 10, 0, 0);
  let elapsedMs = 0;
  let stage = 1;
  let open = false;
  for (let i = 0; i < count; i++) {
    elapsedMs += 1 + Math.floor(random() * 40);
    const ts = new Date(start + elapsedMs)
      .toISOString()
      .replace('Z', '')
      .replace(/\.(\d{3})$/, `.$1${String(i % 1000).padStart(3, '0')}`);
    const head = `[${ts}] (+${(elapsedMs / 1000).toFixed(3)}s)`;
    const roll = random();
    let line: string;
    if (!open || i % 5000 === 0) {
      if (open) yield `${head} [INFO] stage_end: {'stage': 'stage${stage}', 'duration': ${(random() * 100).toFixed(1)}}\n`;
      stage = open ? stage + 1 : stage;
      open = true;
      line = `${head} [INFO] stage_start: {'stage': 'stage${stage}', 'name': '阶段 ${stage}'}`;
    } else if (roll < 0.35)
      line = `${head} [INFO] llm_call_start: {'model': 'gpt-4o', 'prompt_length': ${Math.floor(random() * 9000)}, 'stage': 'stage${stage}'}`;
    else if (roll < 0.7)
      line = `${head} [INFO] llm_call_end: {'model': 'gpt-4o', 'response_length': ${Math.floor(random() * 3000)}, 'tokens_used': ${Math.floor(random() * 12000)}, 'summary': '生成内核 v${i}', 'ok': True}`;
    else if (roll < 0.85) line = `${head} [INFO] code_exec_start: {'stage': 'stage${stage}', 'script': 'main${i % 7}.py', 'shape': (${i % 64}, 128)}`;
    else if (roll < 0.95) line = `${head} [INFO] code_exec_end: {'stage': 'stage${stage}', 'script': 'main${i % 7}.py', 'return_code': 0}`;
    else if (roll < 0.985) line = `${head} [ERROR] llm_call_error: {'model': 'gpt-4o', 'stage': 'stage${stage}', 'error': 'RateLimitError 429'}`;
    else if (roll < 0.995) line = `${head} [WARNING] syntax_error: {'stage': 'stage${stage}', 'error': 'SyntaxError: unterminated string literal'}`;
    else
      line = `${head} [ERROR] task_error: {'task': 't${i}', 'stage': 'stage${stage}', 'error': "KeyError('NOC')", 'saved_at': datetime.datetime(2026, 1, 19, 10, 20)}\ncontinued: a payload that ran over a line`;
    yield `${line}\n`;
  }
}
