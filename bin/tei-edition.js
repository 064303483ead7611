#!/usr/bin/env node
// Entry point: the CLI lives in lib/src/cli (compiled from src/cli by `npm run build`).
import { main } from '../lib/src/cli/main.js';

// `tei-edition … | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // Last resort: an internal error is still reported as one line plus the internal exit code.
    process.stderr.write(`tei-edition: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 70;
  },
);
