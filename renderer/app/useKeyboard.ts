import { useEffect } from 'react';
import { allSteps, allTasks, attemptDiff, attemptStepNumbers, findStep, findTask } from '../../shared/analysis/treeQuery';
import { useStore } from '../store/store';
import { api } from '../lib/api';
import { queryClient } from '../lib/hostData';
import { keyAction } from '../lib/keymap';
import { cachedSnapshot, cachedTreeOrOutline } from '../lib/queryKeys';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // A checkbox or a button takes no text: the app's keys still work after one is clicked.
  const isTextInput = target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return target.isContentEditable || isTextInput || ['TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.monaco-editor') !== null;
}

/** The j/k moves not made yet (one after another: a second j goes on from where the first went). */
let moving: Promise<void> = Promise.resolve();

/**
 * j/k before the whole tree is in (a big run's takes seconds to come; while the folder is read
 * there is only what is found so far): through the outline's tasks, each task's steps asked for
 * as it is reached, as the step view asks for them. Nothing moves if the view changed meanwhile.
 */
function moveBeforeTree(by: 1 | -1): void {
  moving = moving
    .then(async () => {
      const known = cachedTreeOrOutline(queryClient);
      const { route, navigate } = useStore.getState();
      if (!known) return;
      const tasks = allTasks(known.tree.tree);
      const stepsOf = async (k: number): Promise<readonly number[]> => {
        const { op, task } = tasks[k]!;
        const answer = await api.call('tree.task', known.isPartial ? { op, task: task.id, soFar: true } : { op, task: task.id });
        return answer.ok ? answer.value.steps.map((step) => step.step) : [];
      };
      const go = (k: number, step: number) => {
        if (useStore.getState().route === route) navigate({ view: 'step', op: tasks[k]!.op, task: tasks[k]!.task.id, step }, { byUser: true });
      };
      const at = route.view === 'step' ? tasks.findIndex(({ op, task }) => op === route.op && task.id === route.task) : -1;
      if (at >= 0 && route.view === 'step') {
        const own = await stepsOf(at);
        const next = own[own.indexOf(route.step) + by];
        if (own.includes(route.step) && next !== undefined) return go(at, next);
      }
      // The first step of the next task that has one (the last of the previous); with no step shown, the first of all.
      const direction = at < 0 ? 1 : by;
      for (let k = at < 0 ? 0 : at + by; k >= 0 && k < tasks.length; k += direction) {
        const steps = await stepsOf(k);
        const step = direction > 0 ? steps[0] : steps.at(-1);
        if (step !== undefined) return go(k, step);
      }
    })
    .catch(() => undefined); // a lost connection: the key does nothing, as with no step to go to
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
          if (!snapshot) {
            moveBeforeTree(action === 'nextStep' ? 1 : -1);
            break;
          }
          const steps = allSteps(snapshot.tree);
          if (steps.length === 0) return;
          const at = current ? steps.findIndex((s) => s.op.path === current.op.path && s.task.id === current.task.id && s.step.step === current.step.step) : -1;
          const next = steps[Math.max(0, Math.min(steps.length - 1, at + (action === 'nextStep' ? 1 : -1)))]!;
          goStep(next.op.path, next.task.id, next.step.step);
          break;
        }
        case 'nextAttempt':
        case 'previousAttempt': {
          // The task as the page has it: whole, or outlined (its attempts' first steps are in the outline).
          const task = route.view === 'step' ? (current?.task ?? findTask(cachedTreeOrOutline(queryClient)?.tree.tree, route.op, route.task)) : null;
          if (!task || route.view !== 'step') return;
          const starts = attemptStepNumbers(task);
          const at = starts.findIndex((step) => step >= route.step);
          const target = action === 'nextAttempt' ? starts.find((step) => step > route.step) : starts[(at < 0 ? starts.length : at) - 1];
          if (target !== undefined) goStep(route.op, route.task, target);
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
