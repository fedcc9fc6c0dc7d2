/**
 * What a kernel file does, as far as the integrity rules need to know (integrityRules.ts): which
 * functions are kernels, which compiled extensions it loads, where kernels are launched, which
 * functions are its entry points, and which framework ops its reference computes with. Read
 * from the source's lines (shared/parse/pythonSource.ts), never run.
 */
import { type PyFunction, type PythonSource, readPython } from '../parse/pythonSource';

export interface KernelCode {
  readonly source: PythonSource;
  /** Functions compiled as kernels (`@triton.jit`, `@cuda.jit`, TileLang/TVM `prim_func`, …). */
  readonly kernels: readonly PyFunction[];
  /** Names bound to compiled extensions (`load_inline(…)`, `cpp_extension.load(…)`, `RawKernel(…)`, `CDLL(…)`). */
  readonly modules: ReadonlySet<string>;
  /** Lines (0-based) outside kernel bodies that launch a kernel or call into a compiled extension or a custom op. */
  readonly launches: readonly number[];
  /** What the harness calls: each `forward` method, else every function that is not a kernel. */
  readonly entries: readonly PyFunction[];
  /** Whether a line (0-based) lies inside a kernel's body (its code runs on the device, not in Python). */
  isInKernel(line: number): boolean;
}

/** Decorators that make a function a kernel; `torch.jit`/`torch.compile` only compile the framework's own ops. */
const KERNEL_DECORATOR = /^(?!torch\.)[\w.]*\b(jit|kernel|prim_func|autotune|heuristics)\b/;
const LOADER = /^\s*(\w+)\s*=\s*(?:[\w.]*\.)?(load_inline|load|RawKernel|RawModule|ElementwiseKernel|CDLL|_create_jit_fn|compile_module|build_kernel)\s*\(/;
/** A custom op registered with the dispatcher (not an ATen op): an Ascend or CUDA extension's entry. */
const CUSTOM_OP = /\btorch\.ops\.(?!aten\b)\w+\.\w+\s*\(/;

export function readKernelCode(text: string): KernelCode {
  const source = readPython(text);
  const { code, functions } = source;
  const kernels = functions.filter((f) => f.decorators.some((decorator) => KERNEL_DECORATOR.test(decorator)));
  const isInKernel = (line: number) => kernels.some((kernel) => line > kernel.start && line < kernel.end);
  const isHeader = (line: number) =>
    kernels.some((kernel) => line === kernel.start || (line < kernel.start && line >= kernel.start - kernel.decorators.length));
  const modules = new Set<string>();
  for (const line of code) {
    const match = LOADER.exec(line);
    if (match) modules.add(match[1]!);
  }
  const uses = [...kernels.map((kernel) => kernel.name), ...modules].map((name) => new RegExp(`(?<![\\w.])${name}\\b(?!\\s*=[^=])`));
  const launches: number[] = [];
  code.forEach((line, i) => {
    if (isInKernel(i) || isHeader(i) || LOADER.test(line)) return;
    if (CUSTOM_OP.test(line) || uses.some((use) => use.test(line))) launches.push(i);
  });
  const forwards = functions.filter((f) => f.name === 'forward' && f.className !== null);
  const entries = forwards.length > 0 ? forwards : functions.filter((f) => !kernels.includes(f) && f.className === null && !f.name.startsWith('_'));
  return { source, kernels, modules, launches, entries, isInKernel };
}

/** Ops that only allocate, reshape, move or describe a tensor: computing with them is not the op itself. */
const PLUMBING = new Set(
  'view reshape contiguous to float half double int long bool size shape numel dim type cpu cuda npu device empty empty_like zeros zeros_like ones ones_like full full_like new_empty new_zeros tensor as_tensor from_numpy transpose permute flatten unflatten unsqueeze squeeze expand expand_as clone detach item tolist stack cat split chunk narrow select index_select arange randn rand manual_seed get_default_dtype is_contiguous stride data_ptr element_size t'.split(
    ' ',
  ),
);

/** nn modules a reference builds in `__init__` and calls in `forward`, by the functional op they compute. */
function moduleOp(className: string): string {
  return className
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/^conv_(\d)d$/, 'conv$1d');
}

/**
 * The framework ops a reference's `forward` computes with (`matmul`, `softmax`, `conv2d`, …; `@` is
 * `matmul`), the plumbing left out: what a kernel that merely calls them again would call too.
 */
export function referenceOps(reference: KernelCode): Set<string> {
  const ops = new Set<string>();
  const { code } = reference.source;
  for (const entry of reference.entries) {
    for (let i = entry.start + 1; i < entry.end; i++) for (const op of opsOnLine(code[i]!)) if (!PLUMBING.has(op)) ops.add(op);
  }
  // Modules built in __init__ (`self.conv = nn.Conv2d(…)`) compute their op when forward calls them.
  for (const line of code) {
    const built = /\bnn\.([A-Z]\w*)\s*\(/.exec(line);
    if (built && built[1] !== 'Module' && built[1] !== 'Parameter' && built[1] !== 'Sequential') ops.add(moduleOp(built[1]!));
  }
  return ops;
}

const MATMUL_OPERATOR = /[\w\])]\s*@=?\s*[\w(]/;

/** The framework ops a line calls: `torch.X(`, `F.X(`, `torch.nn.functional.X(`, `tensor.X(`, `a @ b`. */
export function opsOnLine(text: string): string[] {
  const ops: string[] = [];
  // A custom op (`torch.ops.ns.relu(`) is a kernel of its own, whatever its name.
  const line = text.replace(/\btorch\.ops\.\w+\.\w+/g, '');
  for (const match of line.matchAll(/(?:\btorch(?:\.nn\.functional|\.linalg|\.special|\.fft)?|\bF|\bnn\.functional|\))\.(\w+)\s*\(|(?<=\w)\.(\w+)\s*\(/g)) {
    ops.push(match[1] ?? match[2]!);
  }
  if (!line.trimStart().startsWith('@') && MATMUL_OPERATOR.test(line)) ops.push('matmul');
  return ops.map((op) => (op === 'mm' || op === 'bmm' || op === 'matmul' || op === 'einsum' ? 'matmul' : op.replace(/_$/, '')));
}
