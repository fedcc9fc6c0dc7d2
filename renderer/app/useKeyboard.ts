import { useEffect } from 'react';
import { allSteps, attemptDiff, attemptStarts, findStep } from '../../shared/analysis/treeQuery';
import { useStore } from '../store/store';
import { queryClient } from '../lib/hostData';
import { keyAction } from '../lib/keymap';
import { cachedSnapshot } from '../lib/queryKeys';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // A checkbox or a button takes no text: the app's keys still work after one is clicked.
  const isTextInput = target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return target.isContentEditable || isTextInput || ['TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.monaco-editor') !== null;
}

/** The app's shortcuts (keymap.ts); the timeline's own error jumps are handled where the timeline is. */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = keyAction(event.key);
      if (action === null) return;
      const state = useStore.getState();
      if (action === 'close') {
        state.setHelpOpen(false);
        if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const { route, navigate } = state;
      const snapshot = cachedSnapshot(queryClient);
      const current = route.view === 'step' ? findStep(snapshot?.tree, route.op, route.task, route.step) : null;
      const goStep = (op: string, task: string, step: number) => navigate({ view: 'step', op, task, step }, { byUser: true });
      switch (action) {
        case 'nextStep':
        case 'previousStep': {
          const steps = allSteps(snapshot?.tree);
          if (steps.length === 0) return;
          const at = current ? steps.findIndex((s) => s.op.path === current.op.path && s.task.id === current.task.id && s.step.step === current.step.step) : -1;
          const next = steps[Math.max(0, Math.min(steps.length - 1, at + (action === 'nextStep' ? 1 : -1)))]!;
          goStep(next.op.path, next.task.id, next.step.step);
          break;
        }
        case 'nextAttempt':
        case 'previousAttempt': {
          if (!current) return;
          const attempts = attemptStarts(current.task);
          const at = attempts.findIndex((s) => s.step >= current.step.step);
          const target = action === 'nextAttempt' ? attempts.find((s) => s.step > current.step.step) : attempts[(at < 0 ? attempts.length : at) - 1];
          if (target) goStep(current.op.path, current.task.id, target.step);
          break;
        }
        case 'diff': {
          const pair = current && attemptDiff(current.task, current.step);
          if (pair) navigate({ view: 'diff', ...pair, inline: false }, { byUser: true });
          break;
        }
        case 'find':
          navigate({ view: 'find', text: route.view === 'find' ? route.text : '', isRegex: false, isCaseSensitive: false }, { byUser: true });
          break;
        case 'follow':
          state.setFollowing(!state.isFollowing);
          break;
        case 'autopsy':
          navigate({ view: 'autopsy' }, { byUser: true });
          break;
        case 'overview':
          navigate({ view: 'home' }, { byUser: true });
          break;
        case 'filter':
          document.querySelector<HTMLInputElement>('.filter')?.focus();
          break;
        case 'copyLink':
          // The top bar's button: it copies and says so.
          document.querySelector<HTMLButtonElement>('button[aria-label="copy a link to this view"]')?.click();
          break;
        case 'help':
          state.setHelpOpen(!state.isHelpOpen);
          break;
        case 'nextError':
        case 'previousError':
          return; // the timeline's, while it is shown (TimelinePage)
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
