/**
 * The fixed set of exit codes. Every command ends with one of these; documented in README.
 */
export const ExitCode = {
  /** Everything succeeded (validate: every document valid). */
  OK: 0,
  /** Ran to the end, but some document failed or is invalid (diagnostics say which). */
  FAILED: 1,
  /** Usage error (bad arguments) or I/O error (unreadable input, unwritable output). */
  USAGE_OR_IO: 2,
  /** The configuration file is invalid (checked against schemas/config.schema.json). */
  CONFIG: 3,
  /** Another build holds the lock on the same folder. */
  LOCKED: 4,
  /** An internal error: a bug in tei-edition, reported with its stack. */
  INTERNAL: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
