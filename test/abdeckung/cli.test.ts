import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { einfachesPdf } from "../../src/server/demo/pdf.js";
import { systemClock } from "../../src/server/platform/clock.js";
import { utf8Ctype } from "../../src/server/platform/database/embedded.js";
import { anfrage } from "../helpers/anfrage.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { dokumentHochladen } from "../helpers/dokumente.js";
import { createOe, createUser, login, type Session } from "../helpers/factories.js";
import { BIN, childEnv, runCli } from "../helpers/process.js";
import { importTestAktenplan } from "../helpers/schriftgut.js";
import { loescheDatenbank } from "../helpers/datenbank-loeschen.js";

// The CLI commands no test ran (issue #12 item 9): migrate, worker, token revoke, fsck --repair
// and import --vorgang. Each runs as the administrator would start it (`bin/aktenwerk.js`), here
// against this test's own database (DATABASE_URL) and data directory, so that the test can set up
// and check through the API what the command changed.

/** Each command starts a Node process and opens the database: seconds each on a busy machine. */
const LANGSAM = 180_000;

let ctx: TestContext;
let app: FastifyInstance;
let env: NodeJS.ProcessEnv;
const s: Record<string, Session> = {};

/** A Vorgang of the Bauaufsicht, created by mueller. */
async function neuerVorgang(betreff: string): Promise<string> {
  const akte = await anfrage(app, s.mueller!, "POST", "/akten", {
    aktenplaneinheit: "63.20",
    betreff,
    federfuehrendeOe: "63",
  });
  const vorgang = await anfrage(app, s.mueller!, "POST", `/akten/${akte.json().id}/vorgaenge`, { betreff });
  expect(vorgang.statusCode, vorgang.body).toBe(201);
  return vorgang.json().id as string;
}

function adminUrl(database: string): string {
  const u = new URL(inject("pgAdminUrl"));
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  // The commands run on the real clock (the worker also ends sessions it finds expired), so the
  // test's own sessions and uploads must carry real times too.
  ctx = await createTestContext({ clock: systemClock });
  app = await buildApp(ctx);
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  await createOe(ctx, { kuerzel: "51", name: "Jugendamt" });
  await createOe(ctx, { kuerzel: "11", name: "Personalamt" });
  await importTestAktenplan(ctx);
  for (const [name, oe] of [
    ["mueller", "63"],
    ["weber", "51"],
  ] as const) {
    await createUser(ctx, { benutzername: name, rollen: [{ oe, rolle: "Sachbearbeitung" }] });
    s[name] = await login(app, name);
  }
  env = { ...childEnv(ctx.dataDir), DATABASE_URL: ctx.databaseUrl };
});

afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("aktenwerk migrate", { timeout: LANGSAM }, () => {
  it("brings an empty database to this version's schema, then reports it current", async () => {
    const name = `akwtest_${randomBytes(6).toString("hex")}`;
    const ctype = await utf8Ctype();
    await admin((c) =>
      c.query(
        ctype
          ? `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE '${ctype}'`
          : `CREATE DATABASE ${name}`,
      ),
    );
    try {
      const leer = { ...env, DATABASE_URL: adminUrl(name) };
      const erst = await runCli(["migrate"], leer);
      expect(erst.code, erst.stderr).toBe(0);
      expect(erst.stdout).toMatch(/^Angewendet: 20261126_0001_platform.*, 20261126_0002_schriftgut/);
      const dann = await runCli(["migrate"], leer);
      expect(dann.code, dann.stderr).toBe(0);
      expect(dann.stdout).toBe("Die Datenbank ist aktuell.\n");
      const neu = new pg.Client({ connectionString: adminUrl(name) });
      await neu.connect();
      const tabellen = await neu
        .query("SELECT to_regclass('akte')::text AS akte, to_regclass('protokoll')::text AS protokoll")
        .finally(() => neu.end());
      expect(tabellen.rows[0]).toEqual({ akte: "akte", protokoll: "protokoll" });
    } finally {
      await admin((c) => loescheDatenbank(c, name));
    }
  });

  it("says in German when the database cannot be reached", async () => {
    const r = await runCli(["migrate"], { ...env, DATABASE_URL: adminUrl("akwtest_gibt_es_nicht") });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Fehler: Die Datenbank unter DATABASE_URL ist nicht erreichbar.\n");
  });
});

describe("aktenwerk worker", { timeout: LANGSAM }, () => {
  it("works off the text recognition of an upload, and stops cleanly on SIGTERM", async () => {
    const vorgang = await neuerVorgang("Bauantrag Gartenweg 3");
    const id = await dokumentHochladen(app, s.mueller!, vorgang, {
      filename: "antrag.pdf",
      content: einfachesPdf(["Antrag auf Baugenehmigung", "Gartenweg 3"]),
    });
    const status = async () =>
      (await anfrage(app, s.mueller!, "GET", `/dokumente/${id}`)).json().texterkennung?.status as string;
    expect(await status()).toBe("wartend");

    const child = spawn(process.execPath, [BIN, "worker", "--concurrency", "1"], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const beendet = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    try {
      await expect
        .poll(() => stderr, { timeout: 60_000 })
        .toMatch(/^Worker \S+ läuft\. Beenden mit Strg\+C\.\n/);
      await expect.poll(status, { timeout: 90_000, interval: 500 }).toBe("fertig");
      const suche = await anfrage(app, s.mueller!, "GET", "/suche?q=Baugenehmigung");
      expect(suche.json().treffer.map((t: { dokument: { id: string } }) => t.dokument.id)).toContain(id);
    } finally {
      child.kill("SIGTERM");
    }
    const code = await Promise.race([
      beendet,
      new Promise((resolve) => setTimeout(() => resolve("hängt nach SIGTERM"), 30_000)),
    ]);
    if (code !== 0) child.kill("SIGKILL");
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/Fehler/);
  });

  it("refuses a concurrency that is no positive whole number, and ends", async () => {
    const r = await runCli(["worker", "--concurrency", "0"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("Fehler: --concurrency muss eine positive ganze Zahl sein.\n");
  });
});

describe("aktenwerk token revoke", { timeout: LANGSAM }, () => {
  it("revokes a token so that the API refuses it from then on", async () => {
    const erzeugt = await runCli(
      ["token", "create", "--benutzer", "mueller", "--name", "Fachverfahren Bau", "--json"],
      env,
    );
    expect(erzeugt.code, erzeugt.stderr).toBe(0);
    const { apiToken, token } = JSON.parse(erzeugt.stdout) as { apiToken: { id: string }; token: string };
    const me = () =>
      app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { authorization: `Bearer ${token}` } });
    expect((await me()).statusCode).toBe(200);

    const r = await runCli(["token", "revoke", apiToken.id], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("Token widerrufen.\n");
    const danach = await me();
    expect(danach.statusCode).toBe(401);
    expect(danach.json().detail).toBe("Das API-Token ist ungültig, abgelaufen oder widerrufen.");
  });

  it("refuses what is no token id, and an unknown one, in German", async () => {
    const keineId = await runCli(["token", "revoke", "fachverfahren-bau"], env);
    expect(keineId.code).toBe(2);
    expect(keineId.stderr).toBe("Fehler: Die Token-Id ist eine UUID.\n");
    const unbekannt = await runCli(["token", "revoke", "00000000-0000-4000-8000-000000000000"], env);
    expect(unbekannt.code).toBe(1);
    expect(unbekannt.stderr).toBe("Fehler: Das Token wurde nicht gefunden.\n");
  });
});

describe("aktenwerk fsck --repair", { timeout: LANGSAM }, () => {
  it("lists orphaned contents, removes those older than an hour with --repair, and keeps everything in use", async () => {
    const vorgang = await neuerVorgang("Vorbescheid Lindenweg 4");
    const dok = await dokumentHochladen(app, s.mueller!, vorgang, {
      filename: "bescheid.txt",
      content: "Bescheid",
    });
    // Contents no row refers to, as a crash between writing and committing leaves them.
    const alt = await ctx.blobs.put(Readable.from([Buffer.from("verwaist seit gestern")]));
    const jung = await ctx.blobs.put(Readable.from([Buffer.from("Upload läuft noch")]));
    const altDatei = path.join(ctx.dataDir, "blobs", alt.sha256.slice(0, 2), alt.sha256);
    const gestern = new Date(Date.now() - 26 * 3600_000);
    await fs.utimes(altDatei, gestern, gestern);

    const pruefung = await runCli(["fsck"], env);
    expect(pruefung.code, pruefung.stderr).toBe(0);
    expect(pruefung.stdout).toMatch(/^\d+ Inhalte geprüft, 0 Probleme, \d+ verwaist\.\n/);
    expect(pruefung.stdout).toContain(`verwaist: ${alt.sha256}`);
    expect(pruefung.stdout).toContain(`verwaist: ${jung.sha256}`);
    expect(await ctx.blobs.stat(alt.sha256)).toBeDefined();

    const reparatur = await runCli(["fsck", "--repair"], env);
    expect(reparatur.code, reparatur.stderr).toBe(0);
    expect(reparatur.stdout).toMatch(/^\d+ Inhalte geprüft, 0 Probleme, \d+ verwaist, 1 entfernt\.\n/);
    expect(await ctx.blobs.stat(alt.sha256)).toBeUndefined();
    expect(await ctx.blobs.stat(jung.sha256)).toBeDefined();
    const inhalt = await anfrage(app, s.mueller!, "GET", `/dokumente/${dok}/versionen/1/inhalt`);
    expect(inhalt.body).toBe("Bescheid");
  });
});

describe("aktenwerk import --vorgang", { timeout: LANGSAM }, () => {
  it("takes a folder into a Vorgang with the rights of the named user, and reports each problem", async () => {
    const vorgang = await neuerVorgang("Nachlieferung Bauunterlagen");
    const ordner = await fs.mkdtemp(path.join(ctx.dataDir, "import-"));
    await fs.mkdir(path.join(ordner, "Anlagen"));
    await fs.writeFile(path.join(ordner, "Antrag.txt"), "Antrag auf Baugenehmigung");
    await fs.writeFile(path.join(ordner, "Anlagen", "Lageplan.pdf"), einfachesPdf(["Lageplan"]));
    await fs.writeFile(path.join(ordner, "leer.txt"), "");

    const r = await runCli(["import", ordner, "--vorgang", vorgang, "--als", "mueller", "--json"], env);
    expect(r.code, r.stderr).toBe(1);
    const bericht = JSON.parse(r.stdout) as {
      aufgenommen: number;
      probleme: { datei: string; grund: string }[];
    };
    expect(bericht.aufgenommen).toBe(2);
    expect(bericht.probleme).toEqual([
      { datei: expect.stringMatching(/leer\.txt$/), grund: "Die Datei ist leer (0 Byte)." },
    ]);
    const dokumente = (await anfrage(app, s.mueller!, "GET", `/vorgaenge/${vorgang}`)).json().dokumente as {
      titel: string;
      mimeTyp: string;
    }[];
    expect(dokumente.map((d) => [d.titel, d.mimeTyp]).sort()).toEqual([
      ["Antrag", "text/plain"],
      ["Lageplan", "application/pdf"],
    ]);
  });

  it("refuses a user who may not write in the Vorgang, and a call without --als; nothing is imported", async () => {
    const vorgang = await neuerVorgang("Vorgang ohne Fremdimport");
    const ordner = await fs.mkdtemp(path.join(ctx.dataDir, "import-"));
    await fs.writeFile(path.join(ordner, "Fremd.txt"), "fremd");

    const fremd = await runCli(["import", ordner, "--vorgang", vorgang, "--als", "weber"], env);
    expect(fremd.code).toBe(1);
    expect(fremd.stderr).toBe("Fehler: Der Vorgang wurde nicht gefunden.\n");
    const ohneAls = await runCli(["import", ordner, "--vorgang", vorgang], env);
    expect(ohneAls.code).toBe(2);
    expect(ohneAls.stderr).toBe("Fehler: Mit --vorgang bitte --als <benutzername> angeben.\n");
    expect((await anfrage(app, s.mueller!, "GET", `/vorgaenge/${vorgang}`)).json().dokumente).toEqual([]);
  });
});
