import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file whether run from source or from dist/. */
export const REPO_ROOT = ((): string => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the tests');
    dir = parent;
  }
  return dir;
})();

export const repoPath = (...parts: string[]): string => path.join(REPO_ROOT, ...parts);
export const CORPUS_DIR = repoPath('tests', 'fixtures', 'corpus');
export const CONFIG_DIR = repoPath('config');
export const CLI = repoPath('dist', 'src', 'cli', 'main.js');
