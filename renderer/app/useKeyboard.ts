import { useEffect } from 'react';
import { allSteps, attemptStarts, findStep, previousAttempt, resultFile } from '../../shared/analysis/treeQuery';
import { useStore } from '../store/store';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.monaco-editor') !== null;
}

/** j/k steps, [ ] attempts, d diff, / find, f follow, t filter, ? help, Esc close. */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const state = useStore.getState();
      if (event.key === 'Escape') {
        state.setHelpOpen(false);
        if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const { route, snapshot, navigate } = state;
      const current = route.view === 'step' ? findStep(snapshot?.tree, route.op, route.task, route.step) : null;
      const goStep = (op: string, task: string, step: number) => navigate({ view: 'step', op, task, step }, { byUser: true });
      switch (event.key) {
        case 'j':
        case 'k': {
          const steps = allSteps(snapshot?.tree);
          if (steps.length === 0) return;
          const at = current ? steps.findIndex((s) => s.op.path === current.op.path && s.task.id === current.task.id && s.step.step === current.step.step) : -1;
          const next = steps[Math.max(0, Math.min(steps.length - 1, at + (event.key === 'j' ? 1 : -1)))]!;
          goStep(next.op.path, next.task.id, next.step.step);
          break;
        }
        case '[':
        case ']': {
          if (!current) return;
          const attempts = attemptStarts(current.task);
          const at = attempts.findIndex((s) => s.step >= current.step.step);
          const target = event.key === ']' ? attempts.find((s) => s.step > current.step.step) : attempts[(at < 0 ? attempts.length : at) - 1];
          if (target) goStep(current.op.path, current.task.id, target.step);
          break;
        }
        case 'd': {
          if (!current) return;
          const previous = previousAttempt(current.task, current.step.step);
          const [left, right] = [previous && resultFile(previous), resultFile(current.step)];
          if (left && right) navigate({ view: 'diff', left, right, inline: false }, { byUser: true });
          break;
        }
        case '/':
          navigate({ view: 'find', text: route.view === 'find' ? route.text : '', isRegex: false, isCaseSensitive: false }, { byUser: true });
          break;
        case 'f':
          state.setFollowing(!state.isFollowing);
          break;
        case 'a':
          navigate({ view: 'autopsy' }, { byUser: true });
          break;
        case 't':
          document.querySelector<HTMLInputElement>('.filter')?.focus();
          break;
        case '?':
          state.setHelpOpen(!state.isHelpOpen);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
