// The one place that finds the third-party documents the tests read: the real-world samples and the
// captured seed page live in `../shared/` beside the checkout (CI puts a copy there too), never in the
// repository. `SHARED_DIR` points elsewhere. A missing folder is an error, never a reason to skip:
// the browser tests' server (test/fixture-server.mjs) serves it at /shared/samples/ and
// /shared/seeds/, and Node tests read it with readShared().
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The sub-folders of the shared folder that tests may read. */
export const SHARED_SUBDIRS = ['samples', 'seeds'];

/** The captured seed page, relative to the shared folder. */
export const SEED_PAGE = 'seeds/000_d00d006edf10627e.txt';

/** The shared folder's absolute, symlink-free path; throws when it is not there. */
export function sharedDir() {
  const dir = resolve(process.env.SHARED_DIR || resolve(repoRoot, '..', 'shared'));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) {
    const from = process.env.SHARED_DIR ? `SHARED_DIR=${process.env.SHARED_DIR}` : 'the default';
    throw new Error(`../shared not found beside the checkout; set SHARED_DIR (looked for ${dir}, ${from})`);
  }
  return realpathSync(dir);
}

/**
 * The absolute path of `relative` (e.g. `samples/x.json`) inside one of SHARED_SUBDIRS, or null when
 * it would leave them (`..`, an absolute path, a symlink pointing out) or names no file.
 */
export function sharedFile(relative) {
  const dir = sharedDir();
  const [first] = relative.split(/[\\/]/);
  if (!SHARED_SUBDIRS.includes(first)) return null;
  const base = resolve(dir, first);
  const file = resolve(dir, relative);
  if (!file.startsWith(base + sep)) return null;
  try {
    const real = realpathSync(file);
    return real.startsWith(realpathSync(base) + sep) && statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** The text of a shared file (e.g. `readShared(SEED_PAGE)`); throws, naming it, when it is missing. */
export function readShared(relative) {
  const file = sharedFile(relative);
  if (!file) throw new Error(`${relative}: not found in the shared folder ${sharedDir()}`);
  return readFileSync(file, 'utf8');
}
