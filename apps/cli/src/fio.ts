#!/usr/bin/env node
// The `fio` executable: wires `main` to the process (argv, environment, streams, Ctrl+C, exit code).
import { main } from './main.js';

const interrupt = new AbortController();
process.once('SIGINT', () => {
  // First Ctrl+C: stop cleanly (close the login server, abort uploads). A second one exits at once.
  interrupt.abort(new DOMException('Interrupted with Ctrl+C', 'AbortError'));
  process.once('SIGINT', () => process.exit(130));
});

// `fio ls | head` closes stdout early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: interrupt.signal,
});
