import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_NACH_CTYPE_UMZUG } from "./ctype-umzug.js";
import { createPool, Database } from "./database.js";
import { EmbeddedPostgres } from "./embedded.js";
import { migrate } from "./migrate.js";

let dataDir: string;
let server: EmbeddedPostgres | undefined;
const meldungen: string[] = [];

async function mitVerbindung<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const ctypeVon = (c: pg.Client, datenbank: string) =>
  c
    .query<{ ctype: string }>("SELECT datctype AS ctype FROM pg_database WHERE datname = $1", [datenbank])
    .then((r) => r.rows[0]?.ctype);

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-ctype-"));
  await fs.chmod(dataDir, 0o755);
});
afterAll(async () => {
  await server?.stop("immediate");
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe("Umzug einer eingebetteten Datenbank mit LC_CTYPE=C (#6)", () => {
  it("copies every row into a UTF-8 database, keeps the old one and asks for a new search index", async () => {
    // A data directory as Aktenwerk 0.1 made it: LC_CTYPE=C, migrated, with data.
    const alt = new EmbeddedPostgres(dataDir, () => undefined, { initdbCtype: "C" });
    const connection = await alt.startOrAdopt();
    const db = new Database(createPool(connection.url, 2), "eingebettet");
    await migrate(db);
    await db.query("INSERT INTO suchwort (wort) VALUES ('änderungsbescheid'), ('übergabe')");
    for (let i = 0; i < 3; i++)
      await db.query("INSERT INTO job (art, faellig_am, erstellt_am) VALUES ('probe', now(), now())");
    const vorher = await db.query<{ tsv: string }>(
      "SELECT to_tsvector('german', 'Änderungsbescheid')::text AS tsv",
    );
    expect(vorher.rows[0]!.tsv).toBe("'Änderungsbescheid':1");
    const migrationen = (await db.query("SELECT name FROM schema_migration")).rowCount;
    await db.close();
    // A copy left behind by a start that was killed before the copy was complete.
    await mitVerbindung(await alt.superuserUrl(connection.port, "postgres"), async (c) => {
      await c.query("CREATE DATABASE aktenwerk_umzug");
      expect(await ctypeVon(c, "aktenwerk")).toBe("C");
    });
    await alt.stop("fast");

    server = new EmbeddedPostgres(dataDir, (m) => meldungen.push(m));
    const neu = await server.startOrAdopt();
    expect(meldungen.join("\n")).toMatch(/Unvollständige Kopie „aktenwerk_umzug“/);
    expect(meldungen.join("\n")).toMatch(/Umzug abgeschlossen/);

    await mitVerbindung(await server.superuserUrl(neu.port, "postgres"), async (c) => {
      expect(await ctypeVon(c, "aktenwerk")).toMatch(/utf-?8/i);
      expect(await ctypeVon(c, "aktenwerk_ctype_c")).toBe("C");
      expect(await ctypeVon(c, "aktenwerk_umzug")).toBeUndefined();
    });
    await mitVerbindung(neu.url, async (c) => {
      const { rows: tsv } = await c.query<{ tsv: string }>(
        "SELECT to_tsvector('german', 'Änderungsbescheid Übergabe Öffnungszeiten Łukasiewicz Øresund')::text AS tsv",
      );
      expect(tsv[0]!.tsv).toBe(
        "'anderungsbescheid':1 'offnungszeit':3 'ubergab':2 'øresund':5 'łukasiewicz':4",
      );
      expect((await c.query("SELECT name FROM schema_migration")).rowCount).toBe(migrationen);
      const { rows: woerter } = await c.query<{ wort: string }>("SELECT wort FROM suchwort ORDER BY wort");
      expect(woerter.map((w) => w.wort)).toEqual(["änderungsbescheid", "übergabe"]);
      // Sequences continue where the old database stood.
      const { rows: jobs } = await c.query<{ art: string; id: number }>(
        "SELECT art, id FROM job ORDER BY id",
      );
      expect(jobs.map((j) => j.art)).toEqual(["probe", "probe", "probe", JOB_NACH_CTYPE_UMZUG]);
      expect(jobs[3]!.id).toBeGreaterThan(jobs[2]!.id);
    });
  }, 120_000);

  it("finishes a swap that was interrupted after the copy was complete", async () => {
    const s = server!;
    const { port } = await s.startOrAdopt();
    await mitVerbindung(await s.superuserUrl(port, "postgres"), async (c) => {
      await c.query("CREATE DATABASE aktenwerk_umzug TEMPLATE aktenwerk");
      await c.query("COMMENT ON DATABASE aktenwerk_umzug IS 'aktenwerk: Umzug vollständig'");
    });
    await mitVerbindung(await s.superuserUrl(port, "aktenwerk_umzug"), async (c) => {
      await c.query("INSERT INTO suchwort (wort) VALUES ('kopie')");
    });
    await mitVerbindung(await s.superuserUrl(port, "postgres"), async (c) => {
      await c.query("ALTER DATABASE aktenwerk RENAME TO aktenwerk_ctype_c_2");
    });
    meldungen.length = 0;
    const wieder = await s.startOrAdopt();
    expect(meldungen.join("\n")).toMatch(/Unterbrochener Umzug .* abgeschlossen/);
    await mitVerbindung(wieder.url, async (c) => {
      const { rows } = await c.query("SELECT 1 FROM suchwort WHERE wort = 'kopie'");
      expect(rows).toHaveLength(1);
      const { rows: kommentar } = await c.query<{ k: string | null }>(
        "SELECT shobj_description(oid, 'pg_database') AS k FROM pg_database WHERE datname = 'aktenwerk'",
      );
      expect(kommentar[0]!.k).toBeNull();
    });
  }, 60_000);
});
