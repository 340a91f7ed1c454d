import { readFileSync } from 'node:fs';

/** Resident memory of a running process in bytes, from /proc (Linux); 0 when it is gone or unknown. */
export function residentBytes(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
