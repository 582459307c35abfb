import type pg from "pg";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.js";
import type { Database, Queryable } from "../database/database.js";

export type JobStatus = "wartend" | "laufend" | "erledigt" | "tot";

export interface Job {
  id: number;
  art: string;
  nutzlast: Record<string, unknown>;
  schluessel: string | null;
  status: JobStatus;
  versuche: number;
  maxVersuche: number;
  faelligAm: Date;
  letzterFehler: string | null;
}

export interface EnqueueOptions {
  /** At most one waiting or running job per (art, schluessel); a duplicate enqueue is a no-op. */
  schluessel?: string;
  faelligAm?: Date;
  maxVersuche?: number;
}

interface Row {
  id: number;
  art: string;
  nutzlast: Record<string, unknown>;
  schluessel: string | null;
  status: JobStatus;
  versuche: number;
  max_versuche: number;
  faellig_am: Date;
  letzter_fehler: string | null;
}

function toJob(row: Row): Job {
  return {
    id: row.id,
    art: row.art,
    nutzlast: row.nutzlast,
    schluessel: row.schluessel,
    status: row.status,
    versuche: row.versuche,
    maxVersuche: row.max_versuche,
    faelligAm: row.faellig_am,
    letzterFehler: row.letzter_fehler,
  };
}

/** Exponential backoff with jitter: about 10 s, 20 s, 40 s … capped at one hour. */
export function backoffMs(versuche: number, random = Math.random()): number {
  const base = Math.min(10_000 * 2 ** Math.max(0, versuche - 1), 3_600_000);
  return Math.round(base * (0.5 + random));
}

/** The job queue: a table in the same database, claimed with FOR UPDATE SKIP LOCKED. */
export class JobQueue {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * Enqueues inside the caller's transaction (pass `tx`), so a job exists exactly when the change
   * that needs it committed. Returns the id, or null when a job with the same key is pending.
   */
  async enqueue(
    q: Queryable,
    art: string,
    nutzlast: Record<string, unknown> = {},
    options: EnqueueOptions = {},
  ): Promise<number | null> {
    const now = this.clock.now();
    const { rows } = await q.query<{ id: number }>(
      `INSERT INTO job (art, nutzlast, schluessel, max_versuche, faellig_am, erstellt_am)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (art, schluessel) WHERE schluessel IS NOT NULL AND status IN ('wartend', 'laufend') DO NOTHING
       RETURNING id`,
      [
        art,
        JSON.stringify(nutzlast),
        options.schluessel ?? null,
        options.maxVersuche ?? 5,
        options.faelligAm ?? now,
        now,
      ],
    );
    // Delivered when the transaction commits: idle workers (in any process) wake at once.
    if (rows[0]) await q.query("SELECT pg_notify('aktenwerk_jobs', $1)", [art]);
    return rows[0]?.id ?? null;
  }

  /**
   * Calls `onJob` whenever a job was enqueued anywhere; returns a function that stops listening.
   * When the connection is lost (the database restarted), the dead client goes back to the pool to
   * be dropped and a new one listens as soon as the database answers again.
   */
  async listen(onJob: () => void, wiederMs = 1000): Promise<() => Promise<void>> {
    let client: { c: pg.PoolClient; gibFrei: (error?: Error) => void } | undefined;
    let beendet = false;
    let timer: NodeJS.Timeout | undefined;
    const handler = () => onJob();
    const verbinde = async (): Promise<void> => {
      const c = await this.db.pool.connect();
      let frei = false;
      const gibFrei = (error?: Error) => {
        if (frei) return;
        frei = true;
        c.off("notification", handler);
        c.release(error);
      };
      // A lost connection says so by an error, or (a server gone without a word) only by its end.
      const verloren = (error: Error = new Error("Connection terminated")) => {
        const horchte = client?.c === c;
        if (horchte) client = undefined;
        gibFrei(error);
        if (!horchte || beendet) return;
        planeNeu();
        // Notifications sent while nobody listened are lost: look once.
        onJob();
      };
      c.on("error", verloren);
      c.once("end", () => verloren());
      c.on("notification", handler);
      try {
        await c.query("LISTEN aktenwerk_jobs");
      } catch (error) {
        gibFrei(error as Error);
        throw error;
      }
      if (beendet) return gibFrei();
      client = { c, gibFrei };
    };
    const planeNeu = () => {
      timer = setTimeout(() => {
        // Listening again: look once for what was enqueued meanwhile.
        if (!beendet) void verbinde().then(() => !beendet && onJob(), planeNeu);
      }, wiederMs);
      timer.unref();
    };
    await verbinde();
    return async () => {
      beendet = true;
      clearTimeout(timer);
      const aktuell = client;
      client = undefined;
      if (!aktuell) return;
      await aktuell.c.query("UNLISTEN aktenwerk_jobs").catch(() => undefined);
      aktuell.gibFrei();
    };
  }

  /**
   * Claims up to `limit` due jobs for `workerId`. Rows locked by another claimer are skipped, so
   * concurrent workers never get the same job; the lease lets a crashed worker's job come back.
   */
  async claim(workerId: string, limit: number, leaseMs: number): Promise<Job[]> {
    const now = this.clock.now();
    const { rows } = await this.db.query<Row>(
      `UPDATE job SET status = 'laufend', versuche = versuche + 1, gesperrt_von = $1,
              gesperrt_bis = $2::timestamptz + make_interval(secs => $3::double precision / 1000)
       WHERE id IN (
         SELECT id FROM job WHERE status = 'wartend' AND faellig_am <= $2
         ORDER BY faellig_am, id LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING id, art, nutzlast, schluessel, status, versuche, max_versuche, faellig_am, letzter_fehler`,
      [workerId, now, leaseMs, limit],
    );
    return rows.map(toJob);
  }

  /** Extends the lease of a long-running job; false when the job is no longer ours. */
  async renew(job: Job, workerId: string, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE job SET gesperrt_bis = $3::timestamptz + make_interval(secs => $4::double precision / 1000)
       WHERE id = $1 AND gesperrt_von = $2 AND status = 'laufend'`,
      [job.id, workerId, this.clock.now(), leaseMs],
    );
    return rowCount === 1;
  }

  async complete(job: Job, workerId: string): Promise<void> {
    await this.db.query(
      `UPDATE job SET status = 'erledigt', erledigt_am = $3, gesperrt_von = NULL, gesperrt_bis = NULL
       WHERE id = $1 AND gesperrt_von = $2 AND status = 'laufend'`,
      [job.id, workerId, this.clock.now()],
    );
  }

  /** Schedules a retry with backoff, or marks the job dead with its last error after the last attempt. */
  async fail(
    job: Job,
    workerId: string,
    error: unknown,
    options: { endgueltig?: boolean } = {},
  ): Promise<JobStatus> {
    const message = error instanceof Error ? error.message : String(error);
    const dead = options.endgueltig === true || job.versuche >= job.maxVersuche;
    const now = this.clock.now();
    await this.db.query(
      `UPDATE job SET status = $3, letzter_fehler = $4, faellig_am = $5, gesperrt_von = NULL, gesperrt_bis = NULL,
              erledigt_am = CASE WHEN $3 = 'tot' THEN $6::timestamptz ELSE NULL END
       WHERE id = $1 AND gesperrt_von = $2 AND status = 'laufend'`,
      [
        job.id,
        workerId,
        dead ? "tot" : "wartend",
        message.slice(0, 4000),
        new Date(now.getTime() + backoffMs(job.versuche)),
        now,
      ],
    );
    return dead ? "tot" : "wartend";
  }

  /** Jobs whose worker died (lease expired) go back to the queue, or die if out of attempts. */
  async recoverExpired(): Promise<number> {
    const now = this.clock.now();
    const { rowCount } = await this.db.query(
      `UPDATE job SET status = CASE WHEN versuche >= max_versuche THEN 'tot' ELSE 'wartend' END,
              letzter_fehler = 'Der Worker wurde während der Ausführung beendet.',
              faellig_am = $1, gesperrt_von = NULL, gesperrt_bis = NULL
       WHERE status = 'laufend' AND gesperrt_bis < $1`,
      [now],
    );
    return rowCount ?? 0;
  }

  async get(id: number): Promise<Job | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT id, art, nutzlast, schluessel, status, versuche, max_versuche, faellig_am, letzter_fehler
       FROM job WHERE id = $1`,
      [id],
    );
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  /** Finished jobs older than `days` are removed; dead ones stay for the admin to see. */
  async purgeFinished(days: number): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM job WHERE status = 'erledigt' AND erledigt_am < $1::timestamptz - make_interval(days => $2)`,
      [this.clock.now(), days],
    );
    return rowCount ?? 0;
  }
}

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
