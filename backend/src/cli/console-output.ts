/**
 * The one place that writes human-facing text to the terminal (banner, CLI reports): the logger is
 * for machine-readable logs.
 */
export const consoleOutput = {
  line(text = ''): void {
    process.stdout.write(`${text}\n`);
  },
  error(text: string): void {
    process.stderr.write(`${text}\n`);
  },
};
