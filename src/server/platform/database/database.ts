import pg from "pg";

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

export type DatabaseKind = "eingebettet" | "extern";

/** SQLSTATEs worth a retry: serialization failure, deadlock. */
const RETRYABLE = new Set(["40001", "40P01"]);

export class Database implements Queryable {
  constructor(
    readonly pool: pg.Pool,
    readonly kind: DatabaseKind,
    private readonly onClose: () => Promise<void> = async () => undefined,
    /**
     * True when this process owns the embedded database and its data directory (no `serve` or
     * other command runs on it): no upload can be in flight anywhere else.
     */
    readonly alleinigerZugriff = false,
  ) {}

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values);
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
      const client = await this.pool.connect();
      try {
        await client.query(`BEGIN ISOLATION LEVEL ${isolation}${options.readOnly ? " READ ONLY" : ""}`);
        // Fresh per attempt: the pooled client outlives the transaction, its end work must not.
        const amEnde = new Map<string, VorCommit>();
        const tx: Tx = Object.assign(client, {
          inTransaction: true as const,
          vorCommit<T extends VorCommit>(schluessel: string, anlegen: () => T): T {
            let v = amEnde.get(schluessel);
            if (!v) amEnde.set(schluessel, (v = anlegen()));
            return v as T;
          },
        });
        const result = await work(tx);
        // One simple-protocol message: if a statement fails, the rest (COMMIT too) is skipped.
        await client.query(
          [...[...amEnde.values()].map((v) => v.sql()).filter(Boolean), "COMMIT"].join(";\n"),
        );
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
          continue;
        }
        throw error;
      } finally {
        client.release();
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
    await this.pool.end();
    await this.onClose();
  }
}

/** The unique-violation SQLSTATE, with the constraint that was hit. */
export function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: string; constraint?: string };
  return e.code === "23505" ? (e.constraint ?? "") : undefined;
}

export function createPool(connectionString: string, max = 20): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: `aktenwerk ${process.pid}` });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on("error", () => undefined);
  // Nor one that is checked out (in a transaction, or listening): the pool watches only idle ones,
  // and the server's "terminating connection" between two queries would be an unhandled 'error'
  // event. Its queries fail instead, and the pool drops it on release (it is no longer queryable).
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}
