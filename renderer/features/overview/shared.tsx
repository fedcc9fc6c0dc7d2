/** Pieces the overview, run and compare pages share: run names, states, times, links to kernels. */
import { duration, speedupText } from '../../../shared/analysis/format';
import type { KernelRef, RunState } from '../../../shared/model/summary';
import { IntegrityBadge } from '../../components/Badges';
import { kernelStepName } from '../../../shared/model/stepLabel';
import { useStore } from '../../store/store';

/** A run's folder as a person tells runs apart: its own name first, the folders above it after, in grey (cut first when narrow). */
export function RunName({ path }: { readonly path: string }) {
  const cut = path.lastIndexOf('/');
  return (
    <span className="run-name" title={path || '(the opened folder)'}>
      <strong>{path.slice(cut + 1) || '.'}</strong>
      {cut >= 0 && <span className="muted"> in {path.slice(0, cut)}</span>}
    </span>
  );
}

/** The first and last event's times as the tracker wrote them, the date said once when it is the same. */
export function eventSpan(first: string | null, last: string | null): string {
  const [a, b] = [first?.replace('T', ' ') ?? '?', last?.replace('T', ' ') ?? '?'];
  return a.slice(0, 10) === b.slice(0, 10) && a !== '?' ? `${a} → ${b.slice(11)}` : `${a} → ${b}`;
}

const STATE_TEXT: Record<RunState, string> = { running: '● running', idle: '◐ idle', finished: '✓ finished' };

export function RunStateBadge({ state, reason }: { readonly state: RunState; readonly reason: string }) {
  return (
    <span className={`badge run-${state}`} title={reason}>
      {STATE_TEXT[state]}
    </span>
  );
}

/** "3 min ago", with the time itself on hover; "not known" when the logs hold no time. */
export function Ago({ at, now }: { readonly at: string | null; readonly now: number }) {
  if (at === null) return <span className="muted">not known</span>;
  return <time dateTime={at} title={`${at.replace('T', ' ').slice(0, 19)} UTC`}>{`${duration(now - Date.parse(at))} ago`}</time>;
}

/** "task _Gen1_Task3 · S03": a link to the step that reached a kernel. */
export function KernelAt({ kernel, label }: { readonly kernel: KernelRef; readonly label?: string }) {
  const navigate = useStore((s) => s.navigate);
  const text = label ?? `task ${kernel.task} · ${kernelStepName(kernel)}`;
  return (
    <button
      type="button"
      className="link"
      title={`open this attempt's step (${text})`}
      onClick={() => navigate({ view: 'step', op: kernel.opPath, task: kernel.task, step: kernel.step }, { byUser: true })}
    >
      {text}
    </button>
  );
}

/** Opens a kernel's file (the verified implementation, else the coder's result). */
export function OpenKernel({ kernel }: { readonly kernel: KernelRef }) {
  const navigate = useStore((s) => s.navigate);
  if (!kernel.file) return null;
  const isVerified = kernel.file !== kernel.resultFile;
  return (
    <button type="button" onClick={() => navigate({ view: 'file', path: kernel.file! }, { byUser: true })} title={kernel.file}>
      open kernel{isVerified ? '' : ' (result)'}
    </button>
  );
}

/** Diffs one kernel against another (older on the left). */
export function DiffKernels({ left, right, label }: { readonly left: KernelRef | null; readonly right: KernelRef | null; readonly label: string }) {
  const navigate = useStore((s) => s.navigate);
  if (!left?.file || !right?.file) return null;
  return (
    <button type="button" onClick={() => navigate({ view: 'diff', left: left.file!, right: right.file!, inline: false }, { byUser: true })}>
      {label}
    </button>
  );
}

/** "Leave out flagged kernels": best speed-ups then come from kernels no integrity rule doubts. */
export function ExcludeFlagged() {
  const excludeFlagged = useStore((s) => s.excludeFlagged);
  const setExcludeFlagged = useStore((s) => s.setExcludeFlagged);
  return (
    <label title="best speed-ups from kernels no integrity rule flags as a hack or suspicious">
      <input type="checkbox" checked={excludeFlagged} onChange={(event) => setExcludeFlagged(event.target.checked)} /> exclude flagged kernels
    </label>
  );
}

/** A best kernel's speed-up, marked when an integrity rule doubts it. */
export function BestSpeedup({ kernel }: { readonly kernel: KernelRef | null }) {
  if (!kernel) return <span className="muted">—</span>;
  const isDoubted = kernel.integrity === 'hack' || kernel.integrity === 'suspicious';
  return (
    <span className="best-speedup">
      {isDoubted && <IntegrityBadge severity={kernel.integrity!} title={`integrity: ${kernel.integrity}: open the step to see why`} />}
      <span className={`speedup ${isDoubted ? 'doubted' : 'faster'}`}>{speedupText(kernel.speedup)}</span>
    </span>
  );
}
