// What the CLI touches of its process, injectable so tests can run it in-process.
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Cancels the run (SIGINT in the real process). */
  signal?: AbortSignal;
}
