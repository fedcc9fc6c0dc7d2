import { useEffect, useRef, useState } from 'react';
import { api } from '../lib/api';
import { attemptStartOf, findStep, stepsByPath } from '../../shared/analysis/treeQuery';
import { useStore } from '../store/store';

/** Host subscriptions: the first snapshot, pushed deltas and status, the connection. */
export function useHost(): void {
  useEffect(() => {
    const { loadSnapshot, receiveDelta, setStatus, setConnection } = useStore.getState();
    void loadSnapshot();
    const offPush = api.onPush((name, data) => {
      if (name === 'tree.delta') receiveDelta(data as Parameters<typeof receiveDelta>[0]);
      else setStatus(data as Parameters<typeof setStatus>[0]);
    });
    const offConnection = api.onConnection(setConnection);
    return () => {
      offPush();
      offConnection();
    };
  }, []);
}

/** Following moves the view at most this often: a burst of files is not a burst of page changes. */
const FOLLOW_EVERY_MS = 1000;

/** While following, the newest step written goes on screen; the user's own choice pauses it. */
export function useFollow(): void {
  const lastAdded = useStore((s) => s.lastAdded);
  const isFollowing = useStore((s) => s.isFollowing);
  const lastMove = useRef(0);
  const [due, setDue] = useState(0);
  useEffect(() => {
    // Too soon after the last move: go to the newest step when the time comes (later files reset the wait).
    const wait = lastMove.current + FOLLOW_EVERY_MS - performance.now();
    if (isFollowing && lastAdded.length > 0 && wait > 0) {
      const timer = setTimeout(() => setDue((n) => n + 1), wait);
      return () => clearTimeout(timer);
    }
    const { snapshot, navigate, route } = useStore.getState();
    // Following moves between steps; other views (timeline, diff, autopsy…) follow their own way or not at all.
    if (!isFollowing || !snapshot || lastAdded.length === 0 || (route.view !== 'step' && route.view !== 'home')) return;
    const owners = stepsByPath(snapshot.tree);
    for (let i = lastAdded.length - 1; i >= 0; i--) {
      const location = owners.get(lastAdded[i]!);
      if (!location) continue;
      // Prefer the attempt the new file belongs to (a verifier log belongs to the coder step before it).
      const attempt = attemptStartOf(location.task, location.step);
      const current = route.view === 'step' ? findStep(snapshot.tree, route.op, route.task, route.step) : null;
      if (current && current.op.path === location.op.path && current.task.id === location.task.id && current.step.step === attempt.step) return;
      lastMove.current = performance.now();
      navigate({ view: 'step', op: location.op.path, task: location.task.id, step: attempt.step });
      return;
    }
  }, [lastAdded, isFollowing, due]);
}

/** Electron: a folder dropped on the window opens it (browser mode cannot open local folders). */
export function useFolderDrop(): void {
  useEffect(() => {
    const bridge = window.tracelens;
    if (!bridge?.openDropped) return;
    const onDragOver = (event: DragEvent) => event.preventDefault();
    const onDrop = (event: DragEvent) => {
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) void bridge.openDropped?.(file);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
}
