/**
 * The editors, loaded when first shown: Monaco is most of the app's code (~3 MB), and the tree
 * and the overview need none of it, so the page that opens a run parses a fraction of it first.
 * `preloadEditors` fetches it once the page has its first rows, so a step opens with no wait.
 */
import { type ComponentProps, lazy, Suspense } from 'react';

const loadCodeView = () => import('./CodeView');
const loadDiffEditor = () => import('./DiffEditor');

const LazyCodeView = lazy(() => loadCodeView().then((module) => ({ default: module.CodeView })));
const LazyDiffEditor = lazy(() => loadDiffEditor().then((module) => ({ default: module.DiffEditor })));

const loading = (
  <div className="code-view stale" role="status">
    loading the editor…
  </div>
);

export function CodeView(props: ComponentProps<typeof LazyCodeView>) {
  return (
    <Suspense fallback={loading}>
      <LazyCodeView {...props} />
    </Suspense>
  );
}

export function DiffEditor(props: ComponentProps<typeof LazyDiffEditor>) {
  return (
    <Suspense fallback={loading}>
      <LazyDiffEditor {...props} />
    </Suspense>
  );
}

let preloaded = false;

/** Starts loading the editors' code, once, when the page is idle. */
export function preloadEditors(): void {
  if (preloaded) return;
  preloaded = true;
  const load = () => void Promise.all([loadCodeView(), loadDiffEditor()]).catch(() => (preloaded = false)); // shown when needed, or tried again
  if ('requestIdleCallback' in window) window.requestIdleCallback(load, { timeout: 2000 });
  else setTimeout(load, 200);
}
