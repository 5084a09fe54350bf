import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** A second server process was started on a SQLite file that another live process serves. */
export class SqliteInUseError extends Error {
  readonly code = 'SQLITE_IN_USE';
  constructor(path: string, pid: number) {
    super(
      `Another Tuki process (pid ${pid}) already serves ${path}. SQLite is for one process: stop it first, or use ` +
        'PostgreSQL (DATABASE_URL) to run several api and worker processes.',
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Pid of the live process holding the lock of this SQLite file, if any. */
export function sqliteLockHolder(databasePath: string): number | undefined {
  const lockPath = `${databasePath}.server.pid`;
  if (!existsSync(lockPath)) return undefined;
  const pid = Number(readFileSync(lockPath, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : undefined;
}

/**
 * Claims a SQLite file for this server process. TypeORM's better-sqlite3 driver keeps one connection per process, so
 * two processes on one file would contend for its lock and neither could serialise the other's transactions. A lock
 * left by a crashed process (its pid is gone) is taken over. Returns the release function.
 */
export function acquireSqliteServerLock(databasePath: string): () => void {
  const lockPath = `${databasePath}.server.pid`;
  mkdirSync(dirname(lockPath), { recursive: true });
  const holder = sqliteLockHolder(databasePath);
  if (holder !== undefined) throw new SqliteInUseError(databasePath, holder);
  if (existsSync(lockPath)) unlinkSync(lockPath);
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o600);
  } catch (error) {
    // Another process created it between our check and our open: report it rather than take it.
    const pid = Number(readFileSync(lockPath, 'utf8').trim()) || 0;
    void error;
    throw new SqliteInUseError(databasePath, pid);
  }
  writeSync(fd, String(process.pid));
  closeSync(fd);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      if (readFileSync(lockPath, 'utf8').trim() === String(process.pid)) unlinkSync(lockPath);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.once('exit', release);
  return release;
}
