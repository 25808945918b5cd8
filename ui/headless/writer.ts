/** Where headless output goes: stdout and stderr in the CLI, strings in tests. */
export interface Writer {
  write(text: string): void;
  /** A terminal (process.stdout.isTTY): text from the model is stripped of control sequences. */
  readonly isTTY?: boolean;
}
