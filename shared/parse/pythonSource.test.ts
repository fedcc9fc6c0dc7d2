import { describe, expect, it } from 'vitest';
import { readPython } from './pythonSource';

describe('Python source for the integrity rules', () => {
  it('blanks comments and string contents and keeps every column', () => {
    const text = `x = 1  # torch.matmul in a comment\ns = "torch.matmul('a')" + 'b\\'c'\nd = """\nreturn A @ B\n"""\nr = r"\\d+" ; y = f'{x}'`;
    const { code, lines } = readPython(text);
    expect(code.join('\n')).not.toMatch(/torch|matmul|return|\\d|\{x\}/);
    expect(code[1]).toMatch(/^s = " +" \+ ' +'$/); // an escaped quote does not end the string
    expect(code.slice(2, 5)).toEqual(['d = """', ' '.repeat(12), '"""']);
    expect(code[5]).toMatch(/^r = r" +" ; y = f' +'$/);
    expect(code.map((line) => line.length)).toEqual(lines.map((line) => line.length));
  });

  it('finds functions, their parameters, decorators and bodies, and which are methods', () => {
    const { functions } = readPython(
      [
        'import triton',
        '@triton.autotune(configs=[])',
        '@triton.jit',
        'def add_kernel(x_ptr, y_ptr,',
        '               n, BLOCK: tl.constexpr):',
        '    pid = tl.program_id(0)',
        '',
        'class ModelNew(nn.Module):',
        '    def __init__(self):',
        '        super().__init__()',
        '    def forward(self, x: torch.Tensor, *args, scale=1.0):',
        '        def helper(t):',
        '            return t',
        '        return helper(x)',
        'def run(x):',
        '    return x',
      ].join('\n'),
    );
    expect(functions.map((f) => [f.name, f.params, f.decorators, f.start, f.end, f.className])).toEqual([
      ['add_kernel', ['x_ptr', 'y_ptr', 'n', 'BLOCK'], ['triton.autotune(configs=[])', 'triton.jit'], 3, 7, null],
      ['__init__', ['self'], [], 8, 10, 'ModelNew'],
      ['forward', ['self', 'x', 'args', 'scale'], [], 10, 14, 'ModelNew'],
      ['helper', ['t'], [], 11, 13, null],
      ['run', ['x'], [], 14, 16, null],
    ]);
  });
});
