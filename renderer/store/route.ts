import { FILE_KINDS, type FileKind } from '../../shared/parse/fileKind';

/** Every view has an address: the hash in browser mode, `tracelens://` in Electron. */
export type Route =
  | { readonly view: 'home' }
  | { readonly view: 'step'; readonly op: string; readonly task: string; readonly step: number; readonly agent?: string }
  /** Two files; a coder's raw answer is shown as its code unless `raw`. */
  | { readonly view: 'diff'; readonly left: string; readonly right: string; readonly inline: boolean; readonly raw?: boolean }
  | { readonly view: 'file'; readonly path: string; readonly line?: number }
  /** `kinds`: only files of these kinds; `under`: only under this run's or op's folder. */
  | {
      readonly view: 'find';
      readonly text: string;
      readonly isRegex: boolean;
      readonly isCaseSensitive: boolean;
      readonly kinds?: readonly FileKind[];
      readonly under?: string;
    }
  | { readonly view: 'timeline'; readonly dir: string; readonly seq?: number }
  | { readonly view: 'autopsy' }
  /** One run's overview; `op` (an op's path) picks out one of its ops. */
  | { readonly view: 'run'; readonly run: string; readonly op?: string }
  /** Runs against a baseline, op by op (run paths; no baseline yet: the page asks for one). */
  | { readonly view: 'compare'; readonly baseline: string; readonly others: readonly string[] };

export function routeToHash(route: Route): string {
  const params = new URLSearchParams();
  switch (route.view) {
    case 'home':
      return '#/';
    case 'step':
      params.set('op', route.op);
      params.set('task', route.task);
      params.set('step', String(route.step));
      if (route.agent) params.set('agent', route.agent);
      break;
    case 'diff':
      params.set('left', route.left);
      params.set('right', route.right);
      if (route.inline) params.set('inline', '1');
      if (route.raw) params.set('raw', '1');
      break;
    case 'file':
      params.set('path', route.path);
      if (route.line) params.set('line', String(route.line));
      break;
    case 'timeline':
      params.set('dir', route.dir);
      if (route.seq !== undefined) params.set('event', String(route.seq));
      break;
    case 'autopsy':
      return '#/autopsy';
    case 'run':
      params.set('path', route.run);
      if (route.op !== undefined) params.set('op', route.op);
      break;
    case 'compare':
      params.set('baseline', route.baseline);
      for (const other of route.others) params.append('with', other);
      break;
    case 'find':
      params.set('q', route.text);
      if (route.isRegex) params.set('regex', '1');
      if (route.isCaseSensitive) params.set('case', '1');
      if (route.kinds?.length) params.set('kinds', route.kinds.join(','));
      if (route.under) params.set('under', route.under);
      break;
  }
  return `#/${route.view}?${params.toString()}`;
}

export function hashToRoute(hash: string): Route {
  const match = /^#\/(\w+)\??(.*)$/.exec(hash);
  if (!match) return { view: 'home' };
  const params = new URLSearchParams(match[2]);
  const get = (key: string) => params.get(key) ?? '';
  switch (match[1]) {
    case 'step': {
      const step = Number(get('step'));
      if (!Number.isInteger(step)) return { view: 'home' };
      const agent = params.get('agent');
      return { view: 'step', op: get('op'), task: get('task'), step, ...(agent ? { agent } : {}) };
    }
    case 'diff':
      return {
        view: 'diff',
        left: get('left'),
        right: get('right'),
        inline: params.get('inline') === '1',
        ...(params.get('raw') === '1' ? { raw: true } : {}),
      };
    case 'file': {
      const line = Number(params.get('line'));
      return { view: 'file', path: get('path'), ...(Number.isInteger(line) && line > 0 ? { line } : {}) };
    }
    case 'timeline': {
      const seq = Number(params.get('event') ?? 'x');
      return { view: 'timeline', dir: get('dir'), ...(Number.isInteger(seq) && seq >= 0 ? { seq } : {}) };
    }
    case 'autopsy':
      return { view: 'autopsy' };
    case 'run': {
      const op = params.get('op');
      return { view: 'run', run: get('path'), ...(op !== null ? { op } : {}) };
    }
    case 'compare':
      return { view: 'compare', baseline: get('baseline'), others: params.getAll('with') };
    case 'find': {
      const kinds = (params.get('kinds') ?? '').split(',').filter((kind): kind is FileKind => (FILE_KINDS as readonly string[]).includes(kind));
      const under = params.get('under');
      return {
        view: 'find',
        text: get('q'),
        isRegex: params.get('regex') === '1',
        isCaseSensitive: params.get('case') === '1',
        ...(kinds.length > 0 ? { kinds } : {}),
        ...(under ? { under } : {}),
      };
    }
    default:
      return { view: 'home' };
  }
}
