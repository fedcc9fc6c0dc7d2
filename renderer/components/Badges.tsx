import type { Severity } from '../../shared/model/integrity';
import type { Role, Round, StepStatus } from '../../shared/model/trace';

const STATUS_TEXT: Record<StepStatus, string> = { passed: 'passed', failed: 'failed', running: 'running', unknown: '–' };

export function StatusBadge({ status, title }: { readonly status: StepStatus; readonly title?: string }) {
  return (
    <span className={`badge status-${status}`} title={title ?? status}>
      {STATUS_TEXT[status]}
    </span>
  );
}

/** What an AutoResearch loop decided of a round (SEED, KEEP, DISCARD, FAIL; v1: accepted, rejected), as written. */
export function DecisionBadge({ round }: { readonly round: Round }) {
  const tone = round.accepted ? 'kept' : round.correctness === false || round.decision === 'FAIL' ? 'failed' : 'dropped';
  return (
    <span className={`badge decision decision-${tone}`} title={`round ${round.round}: ${round.decision} (${round.file}:${round.line})`}>
      {round.decision}
    </span>
  );
}

export function RoleBadge({ role, conductor }: { readonly role: Role; readonly conductor?: boolean }) {
  const shown = conductor ? 'conductor' : role;
  return <span className={`role role-${shown}`}>{shown}</span>;
}

export function SpeedupText({ speedup, hasTiming }: { readonly speedup: number | null; readonly hasTiming: boolean }) {
  if (!hasTiming) return null;
  if (speedup === null)
    return (
      <span className="speedup none" title="the profiler wrote zeros">
        no timing
      </span>
    );
  return <span className={`speedup ${speedup >= 1 ? 'faster' : 'slower'}`}>{speedup.toFixed(2)}×</span>;
}

export function Notice({ kind, children }: { readonly kind: 'info' | 'warning' | 'error'; readonly children: React.ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

const SEVERITY_TEXT: Record<Severity, string> = { hack: '⚠ hack', suspicious: '? suspicious', note: 'note' };

/** An integrity flag's severity: `hack` (the number is not real), `suspicious` (look), `note`. */
export function IntegrityBadge({ severity, title }: { readonly severity: Severity; readonly title?: string }) {
  return (
    <span className={`badge integrity-${severity}`} title={title ?? `integrity: ${severity}`}>
      {SEVERITY_TEXT[severity]}
    </span>
  );
}
