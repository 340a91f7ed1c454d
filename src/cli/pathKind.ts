import { statSync } from 'node:fs';

/** What a path given on the command line names, so a command can refuse a wrong one before it starts. */
export function pathKind(at: string): 'missing' | 'folder' | 'file' | 'other' {
  const found = statSync(at, { throwIfNoEntry: false });
  if (!found) return 'missing';
  return found.isDirectory() ? 'folder' : found.isFile() ? 'file' : 'other';
}
