import { prestartWalker } from '../main/index/walkerThread';

const args = process.argv.slice(2);

// A command that reads a folder starts its walker thread first: the thread boots Node's internals
// (~150 ms) while this process loads the rest of the CLI, instead of after it.
if (!args.some((arg) => ['--version', '-v', '--help', '-h', 'help', 'demo'].includes(arg))) prestartWalker();

// A reader that stops early (`tracelens tree DIR | head`) closes the pipe: that ends the command
// quietly, as it ends `ls | head`, instead of as a crash with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}

const { main } = await import('./cli');
process.exitCode = await main(args);
