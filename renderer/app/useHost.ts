import { useEffect } from 'react';
import { api } from '../lib/api';
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
