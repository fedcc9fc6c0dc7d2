import { useMemo, useState } from 'react';
import { microsText, plural, speedupText } from '../../../shared/analysis/format';
import { compareNames } from '../../../shared/analysis/order';
import type { AutoResearchFolder, Run, Step } from '../../../shared/model/trace';
import { parseSessionMessages, parseSessionTurns } from '../../../shared/parse/agentSession';
import { object } from '../../../shared/parse/jsonFields';
import { joinRelPath } from '../../../shared/parse/relPath';
import { DecisionBadge, Notice, StatusBadge } from '../../components/Badges';
import { DataTable, type Column } from '../../components/DataTable';
import { FileLink } from '../../components/FileLink';
import { Markdown } from '../../components/Markdown';
import { asText, CUT, LineProblems, useParsed } from '../../components/ParsedFile';
import { useFile, useSnapshot } from '../../lib/hostData';
import { useStore } from '../../store/store';

const us = (value: number | null) => (value === null ? 'unknown' : microsText(value));

/** The rounds of a task folder, one row each, opening the round's step. */
function roundColumns(open: (step: Step) => void): ReadonlyArray<Column<Step>> {
  return [
    { key: 'round', label: 'Round', width: '5rem', align: 'end', sortValue: (s) => s.round!.round, render: (s) => `R${s.round!.round}` },
    { key: 'decision', label: 'Decision', width: '7rem', render: (s) => <DecisionBadge round={s.round!} /> },
    {
      key: 'description',
      label: 'What it tried',
      width: 'minmax(14rem, 3fr)',
      render: (s) => (
        <button type="button" className="link" onClick={() => open(s)} title={s.round!.description}>
          {s.round!.planItem ? `${s.round!.planItem}: ` : ''}
          {s.round!.description || '(no description)'}
        </button>
      ),
    },
    {
      key: 'verdict',
      label: 'Verdict',
      title: "the verifier's (verification_results), else the round's own correctness",
      width: '6rem',
      render: (s) => <StatusBadge status={s.status} title={`${s.status} (${s.statusSource.replaceAll('_', ' ')})`} />,
    },
    { key: 'latency', label: 'Latency', width: '7rem', align: 'end', sortValue: (s) => s.round!.latencyUs, render: (s) => us(s.round!.latencyUs) },
    { key: 'ref', label: 'Reference', width: '7rem', align: 'end', render: (s) => us(s.round!.refLatencyUs) },
    {
      key: 'speedup',
      label: 'Speed-up',
      title: "speedup_vs_ref of the round's line",
      width: '6rem',
      align: 'end',
      sortValue: (s) => s.round!.speedup,
      render: (s) => (s.round!.speedup === null ? 'unknown' : speedupText(s.round!.speedup)),
    },
    { key: 'commit', label: 'Commit', width: '6rem', render: (s) => <span className="mono">{s.round!.commit ?? '—'}</span> },
  ];
}

/** The documents a task folder holds, by form, in the order a reader wants them; those present are shown. */
function documents(folder: AutoResearchFolder, files: readonly string[]): string[] {
  const inState = (name: string) => joinRelPath(joinRelPath(folder.dir, '.ar_state'), name);
  const names =
    folder.form === 'workspace'
      ? [inState('report.md'), inState('plan.md'), ...files.filter((file) => /\/\.ar_state\/diagnose_v\d+\.md$/.test(file)).sort(compareNames)]
      : ['report.md', 'plan.md', 'ranking.md', 'perf_log.md'].map((name) => joinRelPath(folder.dir, name));
  const present = new Set(files);
  return names.filter((name) => present.has(name));
}

function MarkdownFile({ path }: { readonly path: string }) {
  const read = useParsed(path, asText);
  if ('shown' in read) return read.shown;
  return (
    <>
      {read.isCut && CUT}
      <Markdown text={read.value} />
    </>
  );
}

/** What the loop says of itself: the workspace form's state.json, v1's RUNNING heartbeat (left behind when the loop did not exit cleanly). */
function LoopState({ folder }: { readonly folder: AutoResearchFolder }) {
  const path = folder.stateFile;
  const file = useFile(path);
  if (path === null) return folder.form === 'v1' ? <p className="muted">No RUNNING heartbeat: the loop is not running (a clean exit removes it).</p> : null;
  if (!file || file.status !== 'ready') return null;
  if (folder.form === 'v1') {
    const fields = Object.fromEntries([...file.slice.text.matchAll(/^(\w+):\s+(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    return (
      <p aria-label="loop state">
        <FileLink path={path} />: phase {fields.phase ?? '?'} · rounds {fields.eval_rounds ?? '?'} · best {fields.best ?? '?'} · updated{' '}
        {fields.updated_at ?? '?'} <span className="muted">(the heartbeat stays when the loop was killed: compare its time with the newest file)</span>
      </p>
    );
  }
  const read = object(file.slice.text);
  if (!read.ok) return <Notice kind="warning">{`${path}: ${read.error}`}</Notice>;
  const state = read.value;
  const text = (value: unknown) => (value === null || value === undefined ? '?' : String(value));
  return (
    <p aria-label="loop state">
      <FileLink path={path} />: phase <strong>{text(state.phase)}</strong> · rounds {text(state.eval_rounds)} of {text(state.max_rounds)} · best speed-up{' '}
      {typeof state.best_speedup === 'number' ? speedupText(state.best_speedup) : 'unknown'} (commit {text(state.best_commit)}) · last touched{' '}
      {text(state.last_touched)}
    </p>
  );
}

/** v1's agent turns (`agent_session/log.jsonl`): per turn the tools called and on what, what came back, how it ended. */
function Turns({ path }: { readonly path: string }) {
  const read = useParsed(path, parseSessionTurns);
  if ('shown' in read) return read.shown;
  return (
    <>
      {read.isCut && CUT}
      <LineProblems path={path} problems={read.value.problems} />
      <table className="autopsy-table" aria-label="agent turns">
        <thead>
          <tr>
            <th>turn</th>
            <th>time</th>
            <th>tools called</th>
            <th>what came back</th>
            <th>outcome</th>
            <th>evals so far</th>
          </tr>
        </thead>
        <tbody>
          {read.value.items.map((turn) => (
            <tr key={turn.line}>
              <td className="number">
                <FileLink path={path} line={turn.line} label={String(turn.turn ?? '?')} />
              </td>
              <td className="mono">{turn.timestamp ?? '—'}</td>
              <td>{turn.tools.map((call) => (call.about ? `${call.tool} (${call.about})` : call.tool)).join(', ') || '—'}</td>
              <td>{turn.results.join(' · ') || '—'}</td>
              <td>{turn.outcome ?? '—'}</td>
              <td className="number">{turn.evalCalls ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** v1's agent session: each message, who spoke, its text, the tools it called and what they answered. */
function Session({ path }: { readonly path: string }) {
  const read = useParsed(path, parseSessionMessages);
  if ('shown' in read) return read.shown;
  return (
    <div className="session" aria-label="agent session">
      {read.isCut && CUT}
      <LineProblems path={path} problems={read.value.problems} />
      {read.value.items.map((message) => (
        <section key={message.line} className={`session-message session-${message.role}`} aria-label={`message ${message.line}, ${message.role}`}>
          <h4>
            {message.role} <FileLink path={path} line={message.line} label={`line ${message.line}`} />
          </h4>
          {message.blocks.map((block, i) => (
            <div key={i} className={`session-block session-${block.kind}`}>
              {block.kind !== 'text' && (
                <p className="muted">
                  {block.kind === 'tool_use' ? `calls ${block.tool ?? 'a tool'}` : block.kind === 'tool_result' ? 'tool result' : 'other'}
                </p>
              )}
              <pre>{block.text}</pre>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}

function Folder({ run, folder }: { readonly run: Run; readonly folder: AutoResearchFolder }) {
  const navigate = useStore((s) => s.navigate);
  const task = run.ops.find((op) => op.path === folder.opPath)?.tasks.find((candidate) => candidate.id === folder.task) ?? null;
  const rounds = task?.steps.filter((step) => step.round !== null) ?? [];
  const columns = useMemo(
    () =>
      roundColumns(
        (step) => folder.opPath && folder.task && navigate({ view: 'step', op: folder.opPath, task: folder.task, step: step.step }, { byUser: true }),
      ),
    [folder, navigate],
  );
  const docs = documents(folder, run.files);
  const [doc, setDoc] = useState<string | null>(null);
  const shownDoc = doc !== null && docs.includes(doc) ? doc : (docs[0] ?? null);
  const sessions = run.files.filter((file) => file.startsWith(joinRelPath(folder.dir, 'agent_session/messages/')) && file.endsWith('.jsonl'));
  const session = sessions.find((file) => file.endsWith('/messages_full.jsonl')) ?? sessions[0] ?? null;
  const turns = run.files.find((file) => file === joinRelPath(folder.dir, 'agent_session/log.jsonl')) ?? null;
  return (
    <section className="overview-section" aria-label={`AutoResearch ${folder.dir}`}>
      <h2>
        AutoResearch: {folder.op}{' '}
        <span className="muted">
          ({folder.form === 'workspace' ? 'workspace form' : 'v1'}, {plural(rounds.length, 'round')}, round 0 the seed)
        </span>
      </h2>
      <p className="muted mono">{folder.dir || '.'}</p>
      <LoopState folder={folder} />
      {folder.roundsFile === null ? (
        <Notice kind="info">No rounds written yet ({folder.form === 'workspace' ? '.ar_state/history.jsonl' : 'log.jsonl'} is not there).</Notice>
      ) : (
        <DataTable
          label={`rounds of ${folder.op}`}
          columns={columns}
          rows={rounds}
          rowKey={(step) => String(step.step)}
          rowLabel={(step) => `round ${step.round!.round} ${step.round!.decision}`}
          maxRows={20}
        />
      )}
      {docs.length > 0 && (
        <div className="ar-documents">
          <div role="tablist" aria-label="documents of the loop" className="record-tabs">
            {docs.map((path) => (
              <button type="button" role="tab" key={path} aria-selected={path === shownDoc} onClick={() => setDoc(path)}>
                {path.split('/').pop()}
              </button>
            ))}
            {shownDoc && <FileLink path={shownDoc} label="open as a file" />}
          </div>
          {shownDoc && <MarkdownFile path={shownDoc} />}
        </div>
      )}
      {turns && (
        <details open>
          <summary>Agent turns (agent_session/log.jsonl)</summary>
          <Turns path={turns} />
        </details>
      )}
      {session && (
        <details>
          <summary>Agent session ({session.split('/').pop()}; deleted by a clean exit, so present after a crash or while running)</summary>
          <Session path={session} />
        </details>
      )}
    </section>
  );
}

/** Every AutoResearch task folder of a run: its loop state, its rounds, its plan and report, its agent's conversation. */
export function AutoResearchSections({ path }: { readonly path: string }) {
  const run = useSnapshot().snapshot?.tree.runs.find((candidate) => candidate.path === path);
  if (!run || run.autoresearch.length === 0) return null;
  return (
    <>
      {run.autoresearch.map((folder) => (
        <Folder key={folder.dir} run={run} folder={folder} />
      ))}
    </>
  );
}
