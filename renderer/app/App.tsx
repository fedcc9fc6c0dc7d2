import { shownNow } from '../lib/bundle';
import { CopyButton } from '../components/CopyButton';
import { viewLink } from '../lib/links';
import { Component, type ReactNode, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Notice } from '../components/Badges';
import { DiffPage } from '../features/attempt-diff';
import { preloadEditors } from '../editor/lazy';
import { HelpOverlay } from '../features/help';
import { TreePanel } from '../features/run-tree';
import { AutopsyPage } from '../features/autopsy';
import { FindPage } from '../features/search';
import { TimelinePage } from '../features/timeline';
import { FilePage, StepView } from '../features/step-view';
import { ComparePage, OverviewPage, RunPage } from '../features/overview';
import { useTreeOrOutline, useTreeSoFar, useSnapshot, useSummary } from '../lib/hostData';
import { duration, plural } from '../../shared/analysis/format';
import { stepCount } from '../../shared/analysis/treeQuery';
import { useStore } from '../store/store';
import type { IndexStatus } from '../../shared/model/liveIndex';
import { useFolderDrop, useHost } from './useHost';
import { useHashRoute } from './useHashRoute';
import { useKeyboard } from './useKeyboard';

class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) {
      return (
        <Notice kind="error">
          This view failed: {this.state.error.message}.{' '}
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </Notice>
      );
    }
    return this.props.children;
  }
}

const READY: IndexStatus = { state: 'ready' };

/** "finished · last write 3 d ago" when no run under the folder is being written; null while one is (or before the summary comes). */
function useQuiet(): string | null {
  const { value: summary } = useSummary();
  if (!summary || summary.runs.length === 0 || summary.runs.some((run) => run.state === 'running')) return null;
  const last = Math.max(...summary.runs.map((run) => (run.lastWriteAt ? Date.parse(run.lastWriteAt) : Number.NEGATIVE_INFINITY)));
  const what = summary.runs.some((run) => run.state === 'idle') ? 'stopped' : 'finished';
  return Number.isFinite(last) ? `${what} · last write ${duration(shownNow() - last)} ago` : what;
}

function TopBar() {
  const { snapshot: whole } = useSnapshot();
  const early = useStore((s) => s.statusBeforeTree);
  const { tree: snapshot, isPartial } = useTreeSoFar();
  // Pushed statuses patch the whole tree; before it comes, the last one pushed is the newest.
  const status = whole?.status ?? early ?? snapshot?.status ?? READY;
  const { connection, isFollowing, setFollowing, navigate, setHelpOpen } = useStore(
    useShallow((s) => ({
      connection: s.connection,
      isFollowing: s.isFollowing,
      setFollowing: s.setFollowing,
      navigate: s.navigate,
      setHelpOpen: s.setHelpOpen,
    })),
  );
  const quiet = useQuiet();
  const steps = stepCount(snapshot?.tree);
  return (
    <header className="top-bar">
      <strong className="brand">TraceLens</strong>
      <span className="root" title={snapshot?.root}>
        {snapshot?.root ?? (connection === 'open' ? 'reading…' : 'connecting…')}
      </span>
      <span className="muted" data-testid="index-counts">
        {/* While the folder is read, the status beside says how many files so far. */}
        {snapshot ? [plural(snapshot.tree.runs.length, 'run'), plural(steps, 'step'), ...(isPartial ? [] : [plural(snapshot.files, 'file')])].join(' · ') : ''}
        {isPartial && ' so far'}
      </span>
      <span className="spacer" />
      {connection !== 'open' && <span className="badge status-failed">{connection === 'lost' ? 'connection lost, retrying…' : 'connecting…'}</span>}
      {status.state !== 'ready' && (
        <span className={`badge ${['polling', 'starting', 'scanning', 'snapshot'].includes(status.state) ? 'status-unknown' : 'status-failed'}`} role="status">
          {status.message}
        </span>
      )}
      {quiet && (
        <span
          className="badge run-finished"
          role="status"
          title="no run under this folder was written in the last 5 minutes; new writes still appear as they come"
        >
          {quiet}
        </span>
      )}
      {status.state !== 'snapshot' && (
        <button
          type="button"
          className={`follow ${isFollowing ? 'on' : 'off'}`}
          aria-pressed={isFollowing}
          onClick={() => setFollowing(!isFollowing)}
          title="f"
        >
          {isFollowing ? (quiet ? '● Following new writes' : '● Following live') : '❚❚ Paused — follow newest'}
        </button>
      )}
      <button type="button" onClick={() => navigate({ view: 'home' }, { byUser: true })} title="o">
        Overview
      </button>
      <button type="button" onClick={() => navigate({ view: 'find', text: '', isRegex: false, isCaseSensitive: false }, { byUser: true })} title="/">
        Find
      </button>
      <button type="button" onClick={() => navigate({ view: 'autopsy' }, { byUser: true })} title="a">
        Autopsy
      </button>
      <CopyButton icon="link" label="Copy link" what="a link to this view" text={viewLink} title="copy a link that reopens this view (y)" />
      <button type="button" onClick={() => setHelpOpen(true)} aria-label="keyboard help" title="?">
        ?
      </button>
    </header>
  );
}

function MainView() {
  const route = useStore((s) => s.route);
  const { snapshot, error } = useSnapshot();
  const outline = useTreeOrOutline();
  // A step found while the folder is read opens at once (its task asked for alone, its files read as they are).
  const { tree: found } = useTreeSoFar();
  const early = useStore((s) => s.statusBeforeTree);
  const hasTree = snapshot !== null && snapshot !== undefined;
  useEffect(() => {
    if (hasTree) preloadEditors(); // the first rows are up: the editors' code next
  }, [hasTree]);
  if (error) return <Notice kind="error">Could not read the tree: {error.message}</Notice>;
  // The overview and a log's timeline need no steps: they show once the outline is in. A step's
  // view asks for its task alone: it shows once its row is found. A file and a diff of two are read
  // at once, whatever the folder's read has reached (the step they belong to shows once the tree is in).
  const isFileView = route.view === 'file' || route.view === 'diff';
  if (!snapshot && !isFileView && !((outline && (route.view === 'home' || route.view === 'timeline')) || (found && route.view === 'step'))) {
    return (
      <p className="pane-empty" role="status">
        {outline
          ? `Reading the steps (${plural(stepCount(outline.tree), 'step')})…`
          : early?.state === 'scanning'
            ? `${early.message.charAt(0).toUpperCase()}${early.message.slice(1)}`
            : 'Reading the run…'}
      </p>
    );
  }
  switch (route.view) {
    case 'step':
      return <StepView op={route.op} task={route.task} step={route.step} agent={route.agent} />;
    case 'diff':
      return <DiffPage left={route.left} right={route.right} inline={route.inline} raw={route.raw} />;
    case 'file':
      return <FilePage path={route.path} line={route.line} />;
    case 'timeline':
      return <TimelinePage key={route.dir} dir={route.dir} seq={route.seq} />; // another log: another view (window, filters, selection)
    case 'autopsy':
      return <AutopsyPage />;
    case 'find':
      return <FindPage {...route} />;
    case 'run':
      return <RunPage run={route.run} op={route.op} />;
    case 'compare':
      return <ComparePage baseline={route.baseline} others={route.others} />;
    case 'home':
      return <OverviewPage />;
  }
}

export function App() {
  useHost();
  useHashRoute();
  useKeyboard();
  useFolderDrop();
  const isHelpOpen = useStore((s) => s.isHelpOpen);
  return (
    <div className="app">
      <TopBar />
      <div className="body">
        <TreePanel />
        <main className="main">
          <ErrorBoundary>
            <MainView />
          </ErrorBoundary>
        </main>
      </div>
      {isHelpOpen && <HelpOverlay />}
    </div>
  );
}
