import type { PoolClient } from "pg";
import type { Database } from "../src/server/platform/database/database.js";

/**
 * `COPY … FROM STDIN` through `pg` without a further dependency: a submittable that answers the
 * server's CopyInResponse with the rows in text format. For bulk-loading benchmark corpora.
 */
class CopyIn {
  private fehler: Error | undefined;
  constructor(
    private readonly sql: string,
    private readonly daten: Buffer,
    private readonly fertig: (fehler?: Error) => void,
  ) {}
  submit(connection: { query(text: string): void }): void {
    connection.query(this.sql);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }): void {
    const STUECK = 1 << 20;
    for (let i = 0; i < this.daten.length; i += STUECK)
      connection.sendCopyFromChunk(this.daten.subarray(i, i + STUECK));
    connection.endCopyFrom();
  }
  handleError(fehler: Error): void {
    this.fehler = fehler;
  }
  handleReadyForQuery(): void {
    this.fertig(this.fehler);
  }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** One value in COPY's text format. */
function feld(v: string | null): string {
  if (v === null) return "\\N";
  return v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/** Copies `zeilen` into `tabelle (spalten)` with one COPY FROM STDIN on a client of the pool. */
export async function kopiere(
  db: Database,
  tabelle: string,
  spalten: string[],
  zeilen: (string | null)[][],
): Promise<void> {
  const text = zeilen.map((z) => z.map(feld).join("\t")).join("\n") + "\n";
  const client: PoolClient = await db.pool.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      const copy = new CopyIn(
        `COPY ${tabelle} (${spalten.join(", ")}) FROM STDIN`,
        Buffer.from(text, "utf8"),
        (fehler) => (fehler ? reject(fehler) : resolve()),
      );
      // pg accepts any object with `submit` as a query (a "submittable").
      void client.query(copy as never);
    });
  } finally {
    client.release();
  }
}
