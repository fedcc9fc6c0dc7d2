import { shownNow } from '../../lib/bundle';
import { useMemo } from 'react';
import type { Param, Step, Task, TaskOutline, TraceRecord } from '../../../shared/model/trace';
import { DecisionBadge, IntegrityBadge, Notice, RoleBadge, SpeedupText, StatusBadge } from '../../components/Badges';
import {
  attemptDiff,
  attemptStartOf,
  attemptStarts,
  attemptWindow,
  findStep,
  findStepOf,
  isAttemptStart,
  locationLabel,
  mainRecord,
  resultFile,
  type StepLocation,
  stepKey,
  taskKey,
} from '../../../shared/analysis/treeQuery';
import { type IntegrityFlag, worstSeverity } from '../../../shared/model/integrity';
import { duration, percentText, plural } from '../../../shared/analysis/format';
import { rooflineShare } from '../../../shared/parse/verifyJson';
import { RUNNING_WITHIN_MS } from '../../../shared/analysis/runSummary';
import { languageOf, recordLanguage } from '../../store/selectors';
import { useStore } from '../../store/store';
import { type FileState, useFile, useFlagsByStep, useFolderFiles, useSnapshot, useTasks, useTreeSoFar } from '../../lib/hostData';
import { ErrorLog, ErrorLogText } from './ErrorLog';
import { VerifyDetails } from './VerifyDetails';
import { RoundDetails } from './RoundDetails';
import { CodeCheckResult } from './CodeCheck';
import type { FileSlice } from '../../../shared/model/liveIndex';
import { type PaneSpec, Panes } from './Panes';
import { parseConductorNote } from '../../../shared/parse/conductorNote';
import { stepLabel } from '../../../shared/model/stepLabel';

const PANES: readonly Param[] = ['prompt', 'reasoning', 'result'];
const NO_FOLDERS: readonly string[] = [];

/** A conductor's decision and suggestion as text (shared/parse/conductorNote.ts), the file as written one click away. */
function ConductorNote({ record }: { readonly record: TraceRecord }) {
  const path = record.files.result ?? record.files.reasoning ?? null;
  const file = useFile(path);
  const text = file?.status === 'ready' ? file.slice.text : null;
  const note = text === null ? null : parseConductorNote(text, record.agent);
  return (
    <div className="conductor-note" aria-label={`conductor ${record.agent}`}>
      <RoleBadge role="conductor" conductor /> <strong>{record.agent}</strong>
      {note ? (
        <dl className="note-fields">
          {note.decision && (
            <>
              <dt>decision</dt>
              <dd>{note.decision}</dd>
            </>
          )}
          {note.reason && (
            <>
              <dt>reason</dt>
              <dd>{note.reason}</dd>
            </>
          )}
          {note.suggestion && (
            <>
              <dt>suggestion</dt>
              <dd className="note-suggestion">{note.suggestion}</dd>
            </>
          )}
        </dl>
      ) : null}
      {note ? (
        <details>
          <summary>as written{path ? ` (${path.split('/').pop()})` : ''}</summary>
          <pre>{text}</pre>
        </details>
      ) : (
        <pre>{text !== null ? text || '(empty)' : file?.status === 'error' ? file.error.message : '…'}</pre>
      )}
    </div>
  );
}

/** "being verified · written 40 s ago" while a run writes; "no verdict on disk · written 3 d ago" after. */
function PendingVerdict({ written }: { readonly written: FileState | null }) {
  if (written?.status !== 'ready') return <span className="badge status-unknown">no verdict yet</span>;
  const since = shownNow() - written.slice.modifiedMs;
  const isRecent = since < RUNNING_WITHIN_MS;
  return (
    <span
      className={`badge ${isRecent ? 'status-running' : 'status-unknown'}`}
      title="no verification result, verifier error log or speed-up record names this attempt yet"
    >
      {isRecent ? 'being verified' : 'no verdict on disk'} · written {duration(since)} ago
    </span>
  );
}

const NO_FLAGS: readonly IntegrityFlag[] = [];

/** Each flag: its severity, rule and reason, and the line it points at (one click opens the kernel there). */
function IntegrityFlags({ flags }: { readonly flags: readonly IntegrityFlag[] }) {
  const navigate = useStore((s) => s.navigate);
  return (
    <ul className="integrity-list" aria-label="integrity flags">
      {flags.map((flag, i) => (
        <li key={`${flag.rule}-${flag.line ?? 'n'}-${i}`}>
          <IntegrityBadge severity={flag.severity} /> <code>{flag.rule}</code> {flag.message}{' '}
          {flag.file && flag.line !== null && (
            <button
              type="button"
              className="link"
              onClick={() => navigate({ view: 'file', path: flag.file!, line: flag.line! }, { byUser: true })}
              title={flag.file}
            >
              line {flag.line} of {flag.file.split('/').pop()}
            </button>
          )}
          {flag.evidence && <pre>{flag.evidence}</pre>}
        </li>
      ))}
    </ul>
  );
}

/**
 * The panes of a record: its prompt, reasoning and answer, its other params (`mode`, `summary`, …),
 * and beside them the kernel its verify folder ran; a verifier's error log on its own.
 */
const isCodeChecker = (record: TraceRecord) => /code_checker$/.test(record.agent);

function paneSpecs(record: TraceRecord, step: Step, verifyFiles: readonly string[]): PaneSpec[] {
  if (!PANES.some((param) => record.files[param]) && record.files.error_log)
    return [
      {
        key: 'error_log',
        title: 'error log',
        path: record.files.error_log,
        language: 'plaintext',
        render: (slice) => <ErrorLogText text={slice.text} verifyFiles={verifyFiles} />,
      },
    ];
  const others = Object.entries(record.otherFiles).map(([param, path]): PaneSpec => ({ key: `other:${param}`, title: param, path, language: 'plaintext' }));
  // A record of other params only (the MathIR branch's api_recall: status, summary, …) shows those.
  if (!PANES.some((param) => record.files[param]) && others.length > 0) return others;
  const specs: PaneSpec[] = PANES.map((param) => ({
    key: param,
    title: param,
    path: record.files[param] ?? null,
    language: recordLanguage(param, record.role),
    // A code checker's result is its error list (FORMATS.md §4.1).
    ...(param === 'result' && isCodeChecker(record) ? { render: (slice: FileSlice) => <CodeCheckResult text={slice.text} /> } : {}),
  }));
  specs.push(...others);
  if (record.role === 'coder' && step.kernelFile)
    specs.push({ key: 'kernel', title: 'verified kernel', path: step.kernelFile, language: languageOf(step.kernelFile) });
  return specs;
}

/** An AutoResearch round has no records: its kernel and the reference it was checked against, from its verify folder. */
function roundPanes(step: Step): PaneSpec[] {
  return [
    { key: 'kernel', title: 'verified kernel', path: step.kernelFile, language: step.kernelFile ? languageOf(step.kernelFile) : 'plaintext' },
    { key: 'reference', title: 'reference', path: step.referenceFile, language: step.referenceFile ? languageOf(step.referenceFile) : 'plaintext' },
  ];
}

/** What a step found while the folder is read does not show yet, and why. */
const READING_TITLE = "The folder is still being read: this step's verdict, timing and verify details are shown once it is read";

export function StepView({
  op: opPath,
  task: taskId,
  step: stepNumber,
  agent,
}: {
  readonly op: string;
  readonly task: string;
  readonly step: number;
  readonly agent?: string | undefined;
}) {
  const { snapshot } = useSnapshot();
  // Before the whole tree is in, the step's task is asked for on its own and placed in the outline
  // (or, while the folder is read, among the rows found so far: then `isPartial`).
  const { tree: outline, isPartial } = useTreeSoFar();
  const taskKeys = useMemo(() => [taskKey(opPath, taskId)], [opPath, taskId]);
  const loaded = useTasks(taskKeys).get(taskKeys[0]!);
  const location: StepLocation<Task | TaskOutline> | null = useMemo(
    () => (snapshot ? findStep(snapshot.tree, opPath, taskId, stepNumber) : loaded ? findStepOf(outline?.tree, opPath, loaded, stepNumber) : null),
    [snapshot, outline, loaded, opPath, taskId, stepNumber],
  );
  const navigate = useStore((s) => s.navigate);
  // The attempt's verify folders: a verifier's step has none of its own, its coder's attempt has them.
  const verifyDirs = useMemo(
    () => (location ? [...new Set([...location.step.verifyDirs, ...attemptStartOf(location.task, location.step).verifyDirs])] : NO_FOLDERS),
    [location],
  );
  const verifyFiles = useFolderFiles(verifyDirs);
  const flagsByStep = useFlagsByStep();
  // An attempt without a verdict yet: how long since its kernel was written says whether it is being verified.
  const isPending = !isPartial && location !== null && location.step.status === 'unknown' && isAttemptStart(location.task, location.step);
  const written = useFile(isPending ? resultFile(location.step) : null);
  if (!location && !snapshot)
    return (
      <p className="pane-empty" role="status">
        Reading the steps of task {taskId}…
      </p>
    );
  if (!location)
    return (
      <Notice kind="warning">
        This step is not in the tree (yet): {opPath} task {taskId} {stepLabel(stepNumber)}.
      </Notice>
    );
  const { op, task, step } = location;
  const records = step.records.filter((record) => !record.conductor);
  const record = records.find((candidate) => candidate.agent === agent) ?? mainRecord(step);
  const window = attemptWindow(task, step);
  const conductorNotes = window.flatMap((s) => s.records.filter((r) => r.conductor));
  // The attempt's error logs below the panes, but not the one a verifier's step shows in its pane.
  const shownInPane = record && !PANES.some((param) => record.files[param]) ? record.files.error_log : undefined;
  const errorLogs = window
    .flatMap((s) => s.records.filter((r) => r.role === 'verifier' && r.files.error_log).map((r) => r.files.error_log!))
    .filter((path) => path !== shownInPane);
  const diff = attemptDiff(task, step);
  // The integrity flags of the attempt this step belongs to (a verifier's step shows its coder's).
  const flags = flagsByStep.get(stepKey(op.path, task.id, attemptStartOf(task, step).step)) ?? NO_FLAGS;
  const worst = worstSeverity(flags);
  const attempts = attemptStarts(task);
  const attemptIndex = attempts.findIndex((candidate) => candidate.step === step.step);
  const go = (target: Step | undefined) => target && navigate({ view: 'step', op: op.path, task: task.id, step: target.step }, { byUser: true });

  return (
    <article className="step-view" aria-label="step view">
      <header className="step-header">
        <h1 title={`${location.run.path || '.'} › ${op.name} › task ${task.id} › ${stepLabel(step.step)}`}>{locationLabel(outline?.tree, location)}</h1>
        {isPartial ? (
          <span className="muted" title={READING_TITLE}>
            reading…
          </span>
        ) : step.status !== 'unknown' ? (
          <StatusBadge status={step.status} title={`${step.status} (${step.statusSource.replaceAll('_', ' ')})`} />
        ) : isPending ? (
          <PendingVerdict written={written} />
        ) : (
          step.verifyDir && <span className="muted">no verdict on disk yet</span>
        )}
        {step.round && <DecisionBadge round={step.round} />}
        {!isPartial && <SpeedupText speedup={step.speedup} hasTiming={step.timing !== null || step.round?.speedup != null} />}
        {worst && (
          <IntegrityBadge severity={worst} title={`integrity: ${flags.length} ${flags.length === 1 ? 'flag' : 'flags'}, the worst ${worst} (see below)`} />
        )}
        {step.verifyDir && (
          <span className="muted shrink" title={step.verifyDir}>
            verify {step.verifyDir.split('/').pop()}
          </span>
        )}
        <span className="spacer" />
        {attemptIndex >= 0 && (
          <span className="muted">
            {step.round ? `round ${step.round.round} of ${attempts.length} (0: the seed)` : `attempt ${attemptIndex + 1} of ${attempts.length}`}
          </span>
        )}
        <button type="button" onClick={() => go(attempts[attemptIndex - 1])} disabled={attemptIndex <= 0} title="previous attempt ([)">
          ◀ attempt
        </button>
        <button
          type="button"
          onClick={() => go(attempts[attemptIndex + 1])}
          disabled={attemptIndex < 0 || attemptIndex >= attempts.length - 1}
          title="next attempt (])"
        >
          attempt ▶
        </button>
        <button
          type="button"
          disabled={!diff || isPartial}
          onClick={() => diff && navigate({ view: 'diff', ...diff, inline: false }, { byUser: true })}
          title={
            isPartial
              ? 'the folder is still being read: which kernel each attempt verified is known once it is read'
              : "diff this attempt's kernel (the one verified, else the code of its answer) with the previous attempt's (d)"
          }
          aria-label="Diff with previous attempt"
        >
          Diff
        </button>
      </header>
      {records.length > 1 && (
        <div className="record-tabs" role="tablist" aria-label="records of this step">
          {records.map((candidate) => (
            <button
              type="button"
              role="tab"
              key={candidate.agent}
              aria-selected={candidate === record}
              onClick={() => navigate({ view: 'step', op: op.path, task: task.id, step: step.step, agent: candidate.agent }, { byUser: true })}
            >
              <RoleBadge role={candidate.role} /> {candidate.agent}
            </button>
          ))}
        </div>
      )}
      {record && <Panes specs={paneSpecs(record, step, verifyFiles)} />}
      {!record && step.round && <Panes specs={roundPanes(step)} />}
      <div className="step-details">
        {step.round && <RoundDetails round={step.round} verifyFiles={verifyFiles} verifierLog={step.verification?.errorLog ?? null} />}
        {flags.length > 0 && (
          <details open>
            <summary>Integrity: can this kernel&apos;s numbers be trusted? ({plural(flags.length, 'flag')})</summary>
            <IntegrityFlags flags={flags} />
          </details>
        )}
        {record?.parsedFile && (
          <p>
            <button type="button" className="link" onClick={() => navigate({ view: 'file', path: record.parsedFile! }, { byUser: true })}>
              Parsed fields of this record
            </button>{' '}
            <span className="muted">(recorder/{record.parsedFile.split('/').pop()})</span>
          </p>
        )}
        {(errorLogs.length > 0 || (step.verification?.errorLog && !shownInPane)) && (
          <details open>
            {/* A passing verify's log holds its output (the branches since 2026-06 write their success banner there). */}
            <summary>{step.status === 'passed' ? 'Verifier output' : 'Verifier error log'}</summary>
            {errorLogs.map((path) => (
              <ErrorLog key={path} path={path} verifyFiles={verifyFiles} />
            ))}
            {errorLogs.length === 0 && <ErrorLog path={null} text={step.verification?.errorLog} verifyFiles={verifyFiles} />}
          </details>
        )}
        {conductorNotes.length > 0 && (
          <details open>
            <summary>Conductor notes ({conductorNotes.length})</summary>
            {conductorNotes.map((note) => (
              <ConductorNote key={`${note.agent}-${note.files.result ?? note.files.reasoning ?? note.files.prompt}`} record={note} />
            ))}
          </details>
        )}
        {isPartial && (
          <p className="muted" role="status">
            {READING_TITLE}.
          </p>
        )}
        {!isPartial && <VerifyDetails verifyDirs={verifyDirs} verifyFiles={verifyFiles} generatedUs={step.timing?.generationTimeUs ?? null} />}
        {!isPartial && step.verifyDirs.length > 0 && (
          <details open>
            <summary>Verify folder ({plural(verifyFiles.length, 'file')})</summary>
            <ul className="file-list">
              {verifyFiles.map((path) => (
                <li key={path}>
                  <button type="button" className="link" title={path} onClick={() => navigate({ view: 'file', path }, { byUser: true })}>
                    {path.slice(path.lastIndexOf('_verify/') + 8)}
                  </button>
                </li>
              ))}
            </ul>
            {step.verification && (
              <p className="muted">
                verification_results.jsonl: {step.verification.passed ? 'passed' : 'failed'}
                {step.verification.backend ? ` on ${step.verification.backend}` : ''}
                {step.verification.arch ? `/${step.verification.arch}` : ''}
                {step.verification.timestamp ? ` at ${step.verification.timestamp}` : ''}
              </p>
            )}
            {step.timing && (
              <p className="muted">
                {step.speedup === null
                  ? `speed_up_record.txt: the profiler wrote zeros for ${step.timing.uniqueDir}: no timing`
                  : `speed_up_record.txt: base ${step.timing.baseTimeUs} µs, generated ${step.timing.generationTimeUs} µs${step.timing.rooflineTimeUs !== null ? `, roofline ${step.timing.rooflineTimeUs} µs (the kernel at ${percentText(rooflineShare(step.timing.rooflineTimeUs, step.timing.generationTimeUs))} of it)` : ''}`}
              </p>
            )}
          </details>
        )}
      </div>
    </article>
  );
}
