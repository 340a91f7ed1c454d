/** The options every command takes (`--config`, `--log-level`). */
export interface GlobalOptions {
  config?: string;
  logLevel?: string;
}
