import pg from "pg";
import { primaerClient, Primaerwahl, serverListe } from "./primaerwahl.js";

// int8 (counts, sizes, bigserial ids) as JS numbers: all our values stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));
// numeric (Geldbetrag) stays a string so no cent is lost to floating point.

/** Anything that runs SQL: the pool or a transaction's client. Repositories take this. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/**
 * Work a transaction keeps for its very end: `sql()` gives statements (literal SQL, no parameters)
 * sent in the same round trip as COMMIT, so a lock they take is held only for as long as the
 * server needs to run them and commit, never while the application waits.
 */
export interface VorCommit {
  sql(): string;
}

/** A client inside an open transaction. */
export type Tx = Queryable & {
  readonly inTransaction: true;
  /**
   * The transaction's `VorCommit` under `schluessel`, created by `anlegen` on first use; their
   * statements run, in the order of first use, together with COMMIT.
   */
  vorCommit<T extends VorCommit>(schluessel: string, anlegen: () => T): T;
};

/**
 * A handle for reads where a stale answer is harmless (`Database.lesen`). `leseTransaktion` runs
 * `work` in one read-only transaction on the same server, for settings that must hold across its
 * statements (`SET LOCAL`): a plain `query` may go to another pooled connection each time.
 */
export interface Lesezugriff extends Queryable {
  leseTransaktion<T>(work: (q: Queryable) => Promise<T>): Promise<T>;
}

export type DatabaseKind = "eingebettet" | "extern";

/** SQLSTATEs worth a retry: serialization failure, deadlock. */
const RETRYABLE = new Set(["40001", "40P01"]);

export class Database implements Lesezugriff {
  /**
   * For reads where a stale answer is harmless (Suche, Auswahl, Akten list, Postkorb): the
   * replica from DATABASE_REPLICA_URL when one is configured, else the primary itself. Never for
   * reads inside a transaction or before a write, which belong to the primary.
   */
  readonly lesen: Lesezugriff;

  constructor(
    readonly pool: pg.Pool,
    readonly kind: DatabaseKind,
    private readonly onClose: () => Promise<void> = async () => undefined,
    /**
     * True when this process owns the embedded database and its data directory (no `serve` or
     * other command runs on it): no upload can be in flight anywhere else.
     */
    readonly alleinigerZugriff = false,
    /** Pool of a streaming replica (hot standby) of this database. */
    readonly replikat?: pg.Pool,
  ) {
    this.lesen = replikat ? new Replikatleser(replikat, this) : this;
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values);
  }

  leseTransaktion<T>(work: (q: Queryable) => Promise<T>): Promise<T> {
    return this.transaction(work, { readOnly: true });
  }

  /**
   * Runs `work` in one transaction: committed when it returns, rolled back when it throws.
   * Serialization failures and deadlocks are retried a few times, so `work` must not have
   * side effects outside the database.
   */
  async transaction<T>(
    work: (tx: Tx) => Promise<T>,
    options: { isolation?: "read committed" | "repeatable read" | "serializable"; readOnly?: boolean } = {},
  ): Promise<T> {
    const isolation = options.isolation ?? "read committed";
    for (let attempt = 1; ; attempt++) {
      // Fresh per attempt: the pooled client outlives the transaction, its end work must not.
      const amEnde = new Map<string, VorCommit>();
      try {
        return await einmalInTransaktion(
          await this.pool.connect(),
          `BEGIN ISOLATION LEVEL ${isolation}${options.readOnly ? " READ ONLY" : ""}`,
          (client) =>
            work(
              Object.assign(client, {
                inTransaction: true as const,
                vorCommit<T extends VorCommit>(schluessel: string, anlegen: () => T): T {
                  let v = amEnde.get(schluessel);
                  if (!v) amEnde.set(schluessel, (v = anlegen()));
                  return v as T;
                },
              }),
            ),
          () => [...amEnde.values()].map((v) => v.sql()),
        );
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
          continue;
        }
        throw error;
      }
    }
  }

  /** True when the database answers. */
  async ping(): Promise<boolean> {
    try {
      await this.pool.query("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.replikat?.end();
    await this.pool.end();
    await this.onClose();
  }
}

const SOCKETFEHLER = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/**
 * True for an error that says the database server cannot be reached or went away (connection
 * classes 08 and 57P0x, socket errors, a broken connection): a failover or restart, not a fault
 * of the request. The HTTP layer answers it with 503 and Retry-After.
 */
export function datenbankNichtErreichbar(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && (/^08/.test(code) || /^57P0[1-3]$/.test(code) || SOCKETFEHLER.has(code)))
    return true;
  return /^(Connection terminated|Client has encountered a connection error|timeout expired|timeout exceeded when trying to connect)/.test(
    (error as Error | undefined)?.message ?? "",
  );
}

/**
 * Errors after which a read is answered by the primary instead: the replica cannot be reached, or
 * it cancelled the query because replay needed the rows (40001 on a hot standby).
 */
function replikatNichtBereit(error: unknown): boolean {
  return datenbankNichtErreichbar(error) || (error as { code?: unknown } | undefined)?.code === "40001";
}

/** Reads from the replica; when it cannot answer, the primary does (a replica outage costs no request). */
class Replikatleser implements Lesezugriff {
  constructor(
    private readonly replikat: pg.Pool,
    private readonly primaer: Database,
  ) {}

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.replikat.query<R>(text, values);
    } catch (error) {
      if (!replikatNichtBereit(error)) throw error;
      return this.primaer.query<R>(text, values);
    }
  }

  async leseTransaktion<T>(work: (q: Queryable) => Promise<T>): Promise<T> {
    try {
      return await einmalInTransaktion(await this.replikat.connect(), "BEGIN READ ONLY", work);
    } catch (error) {
      if (!replikatNichtBereit(error)) throw error;
      return this.primaer.leseTransaktion(work);
    }
  }
}

/**
 * One transaction on `client`, which it releases: `begin`, then `work`, then the statements of
 * `vorCommit` and COMMIT in one simple-protocol message (if one fails, the rest, COMMIT too, is
 * skipped); on an error ROLLBACK, and a connection that broke is destroyed, not pooled again.
 */
async function einmalInTransaktion<T>(
  client: pg.PoolClient,
  begin: string,
  work: (client: pg.PoolClient) => Promise<T>,
  vorCommit: () => string[] = () => [],
): Promise<T> {
  let kaputt = false;
  try {
    await client.query(begin);
    const ergebnis = await work(client);
    await client.query([...vorCommit().filter(Boolean), "COMMIT"].join(";\n"));
    return ergebnis;
  } catch (error) {
    kaputt = datenbankNichtErreichbar(error);
    if (!kaputt) await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release(kaputt);
  }
}

/** The unique-violation SQLSTATE, with the constraint that was hit. */
export function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: string; constraint?: string };
  return e.code === "23505" ? (e.constraint ?? "") : undefined;
}

/**
 * A pool for `connectionString`. A URL with several servers (`postgres://…@h1:5432,h2:5433/db`)
 * connects to whichever of them accepts writes and finds the new one after a failover
 * (`primaerwahl.ts`). Its sessions run without JIT; `synchronousCommit` sets that setting for them. A server
 * that does not answer at all (not even a refusal) fails a new connection after `verbindungMs`,
 * so a request falls back or answers 503 instead of waiting for TCP to give up; several servers
 * default to 5 s.
 */
export function createPool(
  connectionString: string,
  max = 20,
  options: { synchronousCommit?: "remote_apply"; verbindungMs?: number } = {},
): pg.Pool {
  const liste = serverListe(connectionString);
  const verbindungMs = options.verbindungMs ?? (liste ? 5000 : undefined);
  const pool = new pg.Pool({
    connectionString: liste?.basis ?? connectionString,
    max,
    application_name: `aktenwerk ${process.pid}`,
    ...(liste ? { Client: primaerClient(new Primaerwahl(liste.server, liste.basis)) } : {}),
    options: [
      // No JIT: our statements are short, and a bounded one (LIMIT over a large join, as the
      // search's) carries the whole join's cost estimate, so the server compiled code for 25 ms
      // to run a query of 50 (measured with `npm run bench -- search` at 1,000,000 Dokumente).
      "-c jit=off",
      ...(options.synchronousCommit ? [`-c synchronous_commit=${options.synchronousCommit}`] : []),
    ].join(" "),
    ...(verbindungMs ? { connectionTimeoutMillis: verbindungMs } : {}),
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on("error", () => undefined);
  // Nor one checked out (a transaction, LISTEN) when its server goes away: the running query
  // fails with the error, but the client also emits it, and an unheard "error" ends the process.
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}
