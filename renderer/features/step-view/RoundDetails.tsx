import { microsText, speedupText, timeSpan } from '../../../shared/analysis/format';
import type { Round } from '../../../shared/model/trace';
import { DecisionBadge } from '../../components/Badges';
import { FileLink } from '../../components/FileLink';
import { ErrorLogText } from './ErrorLog';

const us = (value: number | null) => (value === null ? 'unknown' : microsText(value));

/**
 * An AutoResearch round (FORMATS.md §4.3) as its rounds file says it: what it tried, what the loop
 * decided, its times against the reference (per shape when written), its error and commit. Every
 * number is the line's; one the line does not hold is "unknown".
 */
export function RoundDetails({
  round,
  verifyFiles,
  verifierLog,
}: {
  readonly round: Round;
  readonly verifyFiles: readonly string[];
  /** The verifier's log of the same run (shown below): a round's error that repeats it is not shown twice. */
  readonly verifierLog: string | null;
}) {
  const repeatsVerifier = round.error !== null && verifierLog !== null && round.error.trim() === verifierLog.trim();
  return (
    <details open className="round-details">
      <summary>
        AutoResearch round {round.round}
        {round.round === 0 ? ' (the seed)' : ''}: <DecisionBadge round={round} />
      </summary>
      <p>
        <strong>{round.description || '(no description written)'}</strong>
        {round.planItem && <span className="muted"> · plan item {round.planItem}</span>}
      </p>
      <p aria-label="round facts">
        {round.correctness === null ? 'correctness not written' : round.correctness ? 'correct' : 'not correct'} · latency{' '}
        <strong>{us(round.latencyUs)}</strong> against the reference&apos;s {us(round.refLatencyUs)} · speed-up{' '}
        <strong>{round.speedup === null ? 'unknown' : speedupText(round.speedup)}</strong>
        {round.commit ? ` · commit ${round.commit}` : ' · no commit'}
        {round.durationSec !== null ? ` · took ${timeSpan(round.durationSec * 1000)}` : ''}
        {round.timestamp ? ` · ${round.timestamp}` : ''} · from{' '}
        <FileLink path={round.file} line={round.line} label={`${round.file.split('/').pop()}:${round.line}`} />
      </p>
      {round.shapes.length > 0 && (
        <table className="autopsy-table" aria-label={`shapes of round ${round.round}`}>
          <thead>
            <tr>
              <th>shape</th>
              <th>inputs</th>
              <th>kernel</th>
              <th>reference</th>
              <th>speed-up</th>
              <th>status</th>
            </tr>
          </thead>
          <tbody>
            {round.shapes.map((shape, i) => (
              <tr key={i}>
                <td className="number">{i}</td>
                <td className="mono">{shape.desc ?? '—'}</td>
                <td className="number">{us(shape.genUs)}</td>
                <td className="number">{us(shape.baseUs)}</td>
                <td className="number">{shape.genUs && shape.baseUs !== null ? speedupText(shape.baseUs / shape.genUs) : 'unknown'}</td>
                <td>{shape.status ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {repeatsVerifier && <p className="muted">Its error is the verifier&apos;s log, below.</p>}
      {round.error && !repeatsVerifier && (
        <div aria-label={`error of round ${round.round}`}>
          <p className="muted">Its error, as the round wrote it:</p>
          <ErrorLogText text={round.error} verifyFiles={verifyFiles} />
        </div>
      )}
    </details>
  );
}
