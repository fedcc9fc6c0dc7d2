import { main } from './cli';

// A reader that stops early (`tracelens tree DIR | head`) closes the pipe: that ends the command
// quietly, as it ends `ls | head`, instead of as a crash with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}

process.exitCode = await main(process.argv.slice(2));
