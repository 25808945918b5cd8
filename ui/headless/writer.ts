/** Where headless output goes: stdout and stderr in the CLI, strings in tests. */
export interface Writer {
  write(text: string): void;
}
