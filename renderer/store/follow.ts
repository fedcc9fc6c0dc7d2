import { attemptStartOf, findStep, stepsByPath } from '../../shared/analysis/treeQuery';
import type { TraceTree } from '../../shared/model/trace';
import type { Route } from './route';

/**
 * Where following a live run goes after files were added: the attempt the newest new file
 * belongs to (a verifier log belongs to the coder step before it), or null to stay (nothing new
 * belongs to a step, or the view is there already). Only the step and home views follow.
 */
export function followTarget(tree: TraceTree, added: readonly string[], route: Route): (Route & { view: 'step' }) | null {
  if (added.length === 0 || (route.view !== 'step' && route.view !== 'home')) return null;
  const owners = stepsByPath(tree);
  for (let i = added.length - 1; i >= 0; i--) {
    const location = owners.get(added[i]!);
    if (!location) continue;
    const attempt = attemptStartOf(location.task, location.step);
    const current = route.view === 'step' ? findStep(tree, route.op, route.task, route.step) : null;
    if (current && current.op.path === location.op.path && current.task.id === location.task.id && current.step.step === attempt.step) return null;
    return { view: 'step', op: location.op.path, task: location.task.id, step: attempt.step };
  }
  return null;
}
