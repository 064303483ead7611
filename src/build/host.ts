/**
 * What the build needs from the outside world, injected so that planning, caching and the task
 * functions stay pure and testable with an in-memory host. The Node implementation lives in src/cli.
 */

/** Size and modification time: a cheap pre-check before hashing (as git's index does). */
export interface FileStat {
  size: number;
  mtimeMs: number;
}

/** File access for the build. Paths are absolute. Writes are atomic (temporary file, then rename). */
export interface BuildHost {
  readBytes(path: string): Promise<Uint8Array | undefined>;
  readText(path: string): Promise<string | undefined>;
  stat(path: string): Promise<FileStat | undefined>;
  /** Write atomically, creating parent folders; an interrupted write leaves the previous file intact. */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /**
   * Append text to a file, creating it (and its folder): a journal grows by what changed instead of
   * being rewritten. Optional: without it the cache rewrites whole files.
   */
  appendFile?(path: string, text: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** Files under `dir` (recursively) whose names end with `suffix`, as absolute paths in a stable order. */
  list(dir: string, suffix: string): Promise<string[]>;
}

/** Runs build tasks: in worker threads for the CLI, in-process for tests. */
export interface TaskRunner {
  run<T>(task: import('./tasks.js').Task): Promise<T>;
  /** Number of tasks that may usefully run at once (workers). */
  readonly concurrency: number;
  /**
   * Told before each stage how many documents its tasks cover, so that a runner can keep a
   * handful (one changed document) in-process instead of starting worker threads for it.
   */
  expect?(documents: number): void;
  /**
   * A hint that tasks like this warm-up's will follow: a runner that would run them on this thread
   * may start a helper thread now and run the warm-up there (its result is ignored), so that what
   * they load (compiled stylesheets, the authority) is ready when the real ones come, and they run
   * beside the work still to do on this thread.
   */
  warm?(task: import('./tasks.js').WarmTask): void;
  /**
   * End the workers between stages (new ones start on the next task), so that what a finished
   * stage left in them (schema validators, gazetteers, compiled stylesheets) is returned to the
   * system before the next stage builds up its own.
   */
  release?(): Promise<void>;
}

/** Progress and stage reporting (progress bar on a TTY, plain lines in CI, nothing in tests). */
export interface Reporter {
  stageStart(stage: string, total: number): void;
  tick(stage: string, n: number): void;
  stageEnd(stage: string): void;
  /** A diagnostic or error line for the user. */
  line(text: string): void;
}

/** A reporter that says nothing: for tests and library use. */
export const silentReporter: Reporter = {
  stageStart() {},
  tick() {},
  stageEnd() {},
  line() {},
};
