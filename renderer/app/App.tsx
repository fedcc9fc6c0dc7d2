import { Component, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Notice } from '../components/Badges';
import { DiffPage } from '../features/attempt-diff';
import { HelpOverlay } from '../features/help';
import { TreePanel } from '../features/run-tree';
import { AutopsyPage } from '../features/autopsy';
import { FindPage } from '../features/search';
import { TimelinePage } from '../features/timeline';
import { FilePage, StepView } from '../features/step-view';
import { useSnapshot } from '../lib/hostData';
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

/** "1 run", "12,345 files". */
const count = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

function TopBar() {
  const { snapshot } = useSnapshot();
  const status = snapshot?.status ?? READY;
  const { connection, isFollowing, setFollowing, navigate, setHelpOpen } = useStore(
    useShallow((s) => ({
      connection: s.connection,
      isFollowing: s.isFollowing,
      setFollowing: s.setFollowing,
      navigate: s.navigate,
      setHelpOpen: s.setHelpOpen,
    })),
  );
  const steps = snapshot?.tree.runs.reduce((n, run) => n + run.ops.reduce((m, op) => m + op.tasks.reduce((k, task) => k + task.steps.length, 0), 0), 0) ?? 0;
  return (
    <header className="top-bar">
      <strong className="brand">TraceLens</strong>
      <span className="root" title={snapshot?.root}>
        {snapshot?.root ?? 'connecting…'}
      </span>
      <span className="muted" data-testid="index-counts">
        {snapshot ? [count(snapshot.tree.runs.length, 'run'), count(steps, 'step'), count(snapshot.files, 'file')].join(' · ') : ''}
      </span>
      <span className="spacer" />
      {connection !== 'open' && <span className="badge status-failed">{connection === 'lost' ? 'connection lost, retrying…' : 'connecting…'}</span>}
      {status.state !== 'ready' && (
        <span className={`badge ${status.state === 'polling' || status.state === 'starting' ? 'status-unknown' : 'status-failed'}`} role="status">
          {status.message}
        </span>
      )}
      <button type="button" className={`follow ${isFollowing ? 'on' : 'off'}`} aria-pressed={isFollowing} onClick={() => setFollowing(!isFollowing)} title="f">
        {isFollowing ? '● Following live' : '❚❚ Paused — follow newest'}
      </button>
      <button type="button" onClick={() => navigate({ view: 'find', text: '', isRegex: false, isCaseSensitive: false }, { byUser: true })} title="/">
        Find
      </button>
      <button type="button" onClick={() => navigate({ view: 'autopsy' }, { byUser: true })} title="a">
        Autopsy
      </button>
      <button type="button" onClick={() => setHelpOpen(true)} aria-label="keyboard help" title="?">
        ?
      </button>
    </header>
  );
}

function MainView() {
  const route = useStore((s) => s.route);
  const { snapshot, error } = useSnapshot();
  if (error) return <Notice kind="error">Could not read the tree: {error.message}</Notice>;
  if (!snapshot) return <p className="pane-empty">Reading the run…</p>;
  switch (route.view) {
    case 'step':
      return <StepView op={route.op} task={route.task} step={route.step} agent={route.agent} />;
    case 'diff':
      return <DiffPage left={route.left} right={route.right} inline={route.inline} />;
    case 'file':
      return <FilePage path={route.path} line={route.line} />;
    case 'timeline':
      return <TimelinePage dir={route.dir} seq={route.seq} />;
    case 'autopsy':
      return <AutopsyPage />;
    case 'find':
      return <FindPage text={route.text} isRegex={route.isRegex} isCaseSensitive={route.isCaseSensitive} />;
    case 'home':
      return (
        <div className="home">
          <h1>{snapshot.tree.runs.length === 0 ? 'No trace runs here yet' : 'Pick a step'}</h1>
          <p className="muted">Choose a step in the tree, or press j. Press ? for the keyboard.</p>
          {snapshot.tree.warnings.map((warning) => (
            <Notice key={warning} kind="warning">
              {warning}
            </Notice>
          ))}
        </div>
      );
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
