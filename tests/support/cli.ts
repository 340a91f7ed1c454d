import { spawn } from 'node:child_process';
import { CLI } from './paths.js';

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as its own process (asynchronously, so this process's servers keep answering). */
export function figurewatch(
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    until?: (stderr: string) => boolean;
    signal?: NodeJS.Signals;
    signalAfterMs?: number;
  } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, FIGUREWATCH_CONFIG: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const timed =
      options.signalAfterMs === undefined
        ? null
        : setTimeout(() => child.kill(options.signal ?? 'SIGTERM'), options.signalAfterMs);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!signalled && options.until?.(stderr)) {
        signalled = true;
        child.kill(options.signal ?? 'SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      if (timed) clearTimeout(timed);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
