import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Pool } from "pg";

/** Who holds the data directory: one `serve`, `worker` or CLI command at a time owns the embedded database. */
export interface LockHolder {
  pid: number;
  /** Start time of the process in clock ticks (Linux), guards against a reused PID. */
  processStart: string | null;
  befehl: string;
  seit: string;
}

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `Das Datenverzeichnis ${dataDir} wird bereits von "aktenwerk ${holder.befehl}" (PID ${holder.pid}, seit ${holder.seit}) verwendet.`,
    );
  }
}

/** Fields after the command name of /proc/<pid>/stat (Linux); the name may contain spaces. */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** Field 22 (start time in clock ticks). */
function processStartOf(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

/** True when the process that wrote the lock still runs (and is the same process, not a reused PID). */
export function isHolderAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const stat = procStat(holder.pid);
  // A killed process that its parent has not reaped yet (zombie) holds nothing any more.
  if (stat && (stat[0] === "Z" || stat[0] === "X")) return false;
  const start = stat?.[19] ?? null;
  return holder.processStart === null || start === null || start === holder.processStart;
}

export async function readLock(dataDir: string): Promise<LockHolder | null> {
  try {
    return JSON.parse(await fs.readFile(path.join(dataDir, "aktenwerk.lock"), "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Takes the data directory for this process. A lock left by a process that no longer runs
 * (kill -9, power loss) is taken over; a live holder raises DataDirLockedError.
 */
export async function acquireDataDirLock(dataDir: string, befehl: string): Promise<DataDirLock> {
  await fs.mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, "aktenwerk.lock");
  const me: LockHolder = {
    pid: process.pid,
    processStart: processStartOf(process.pid),
    befehl,
    seit: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await fs.open(file, "wx", 0o644);
      await handle.writeFile(JSON.stringify(me));
      await handle.sync();
      await handle.close();
      return {
        release: async () => {
          const current = await readLock(dataDir);
          if (current?.pid === process.pid) await fs.rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = await readLock(dataDir);
      if (holder && isHolderAlive(holder)) throw new DataDirLockedError(dataDir, holder);
      // Stale or unreadable (a crash while writing it): remove and try again.
      await fs.rm(file, { force: true });
    }
  }
  throw new Error(`Die Sperrdatei ${file} konnte nicht angelegt werden.`);
}

/** First key of every advisory lock `alleinAufEinemKnoten` takes ("Akte" in ASCII), so they are easy to find in pg_locks. */
export const KNOTENSPERRE_KLASSE = 0x416b7465;

/**
 * Runs `arbeit` only when no other process on the same database (another app node, a separate
 * worker) runs the work of the same name at this moment: a session-level PostgreSQL advisory lock
 * (`KNOTENSPERRE_KLASSE`, `hashtext(name)`) on a connection of its own, held for the run and
 * released by PostgreSQL itself if the process dies. Whoever finds the lock taken skips the run
 * (`gelaufen: false`) instead of waiting: the holder does the work already.
 */
export async function alleinAufEinemKnoten<T>(
  db: { pool: Pick<Pool, "connect"> },
  name: string,
  arbeit: () => Promise<T>,
): Promise<{ gelaufen: true; ergebnis: T } | { gelaufen: false }> {
  const client = await db.pool.connect();
  // The connection may die during a long run (database restarted): the run's own queries fail
  // then; the event must not end the process.
  const verloren = () => undefined;
  client.on("error", verloren);
  let gesperrt = false;
  try {
    gesperrt = (
      await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok", [
        KNOTENSPERRE_KLASSE,
        name,
      ])
    ).rows[0]!.ok;
    if (!gesperrt) return { gelaufen: false };
    return { gelaufen: true, ergebnis: await arbeit() };
  } finally {
    let entsperrt = true;
    if (gesperrt)
      entsperrt = await client
        .query("SELECT pg_advisory_unlock($1, hashtext($2))", [KNOTENSPERRE_KLASSE, name])
        .then(
          () => true,
          () => false,
        );
    // A connection that could not unlock is closed, which ends its lock: never back into the pool with it.
    client.off("error", verloren);
    client.release(!entsperrt);
  }
}
