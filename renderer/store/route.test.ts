import { describe, expect, it } from 'vitest';
import { hashToRoute, type Route, routeToHash } from './route';

describe('addresses', () => {
  it('every view survives a round trip through its address, names with any characters included', () => {
    const routes: Route[] = [
      { view: 'home' },
      { view: 'step', op: 'Task_x/relu', task: '_Init_Task1', step: 3 },
      { view: 'run', run: 'aikg_logs/Task_a b&c' },
      { view: 'run', run: '', op: '' },
      { view: 'run', run: 'aikg_logs/Task_a', op: 'aikg_logs/Task_a/relu' },
      { view: 'compare', baseline: 'aikg_logs/Task_a', others: ['akg_agents_logs/Task_b', 'x/Task_c?d=1'] },
      { view: 'compare', baseline: '', others: [] },
      { view: 'find', text: 'tl.load(', isRegex: false, isCaseSensitive: true },
      { view: 'find', text: 'a|b', isRegex: true, isCaseSensitive: false, kinds: ['kernel', 'error log'], under: 'aikg_logs/Task_a/relu op' },
    ];
    for (const route of routes) expect(hashToRoute(routeToHash(route))).toEqual(route);
    expect(routeToHash({ view: 'compare', baseline: 'a', others: ['b', 'c'] })).toBe('#/compare?baseline=a&with=b&with=c');
    // A kind the app does not know (an old or edited link) is dropped, not searched for.
    expect(hashToRoute('#/find?q=x&kinds=kernel,tarball')).toEqual({ view: 'find', text: 'x', isRegex: false, isCaseSensitive: false, kinds: ['kernel'] });
  });
});
