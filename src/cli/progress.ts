/**
 * Progress for long runs: a bar (done/total, rate, ETA) on a terminal, a few plain lines in CI or
 * when output is piped, and per-stage times for the summary and `--profile`.
 */
import { createRequire } from 'node:module';
import type cliProgressTypes from 'cli-progress';
import type { Reporter } from '../build/host.js';
import type { CliContext } from './context.js';

/** A reporter that also keeps wall time per stage (the CLI's concern, not the pure build's). */
export interface TimedReporter extends Reporter {
  stageTimes: Map<string, number>;
}

/** Make the reporter for this context: bar on a TTY, plain lines otherwise, nothing when quiet. */
export function makeReporter(ctx: CliContext, quiet: boolean): TimedReporter {
  const stageTimes = new Map<string, number>();
  const started = new Map<string, number>();
  const totals = new Map<string, number>();
  const done = new Map<string, number>();
  const nextReport = new Map<string, number>();
  let bar: cliProgressTypes.SingleBar | undefined;
  const write = (s: string) => {
    if (bar) bar.stop();
    ctx.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
    bar = undefined;
  };
  return {
    stageTimes,
    stageStart(stage, total) {
      started.set(stage, performance.now());
      totals.set(stage, total);
      done.set(stage, 0);
      nextReport.set(stage, 0.25);
      if (quiet || total < 50) return;
      if (ctx.isTTY) {
        // Loaded only for a bar on a terminal (a CommonJS package).
        const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof cliProgressTypes;
        bar = new cliProgress.SingleBar(
          { format: `${stage.padEnd(20)} [{bar}] {value}/{total} | {rate} docs/s | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 200 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { rate: '0' });
      } else if (stage !== 'plan') ctx.stderr.write(`${stage}: ${total} documents\n`);
    },
    tick(stage, n) {
      const d = (done.get(stage) ?? 0) + n;
      done.set(stage, d);
      const total = totals.get(stage) ?? 0;
      if (quiet || total < 50) return;
      const secs = (performance.now() - (started.get(stage) ?? 0)) / 1000;
      if (bar) bar.update(d, { rate: secs > 0 ? (d / secs).toFixed(0) : '0' });
      else if (stage !== 'plan' && d / total >= (nextReport.get(stage) ?? 1) && d < total) {
        nextReport.set(stage, (nextReport.get(stage) ?? 0) + 0.25);
        ctx.stderr.write(`${stage}: ${d}/${total} (${(d / Math.max(secs, 0.001)).toFixed(0)} docs/s)\n`);
      }
    },
    stageEnd(stage) {
      const ms = performance.now() - (started.get(stage) ?? performance.now());
      stageTimes.set(stage, (stageTimes.get(stage) ?? 0) + ms);
      if (bar) {
        bar.stop();
        bar = undefined;
      }
    },
    line(text) {
      write(text);
    },
  };
}
