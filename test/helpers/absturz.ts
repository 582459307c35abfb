import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { deutscherText, zufall } from "../../bench/texte.js";
import { einfachesPdf } from "../../src/server/demo/pdf.js";
import { createContext } from "../../src/server/main.js";
import { createBenutzer, createOrganisationseinheit } from "../../src/server/modules/access/index.js";
import { importAktenplanCsv } from "../../src/server/modules/aktenplan/index.js";
import { loadConfig } from "../../src/server/platform/config.js";
import { silentLogger } from "../../src/server/platform/logger.js";
import {
  BIN,
  childEnv,
  loginCookie,
  postmasterPid,
  runCli,
  startServe,
  type ServeProcess,
} from "./process.js";
import { TEST_AKTENPLAN } from "./schriftgut.js";

/**
 * The crash scenario of `npm run bench -- absturz` and its CI test: a bulk intake into a real
 * `aktenwerk serve` on the embedded database (half over the HTTP upload API, half with
 * `aktenwerk import`) while either the app processes or the embedded PostgreSQL are killed with
 * SIGKILL at random moments; afterwards what was acknowledged is checked byte for byte, and fsck,
 * the Protokoll and a repeated import must be clean.
 */

const PASSWORT = "Absturz-Passwort-1";

export type Ziel = "app" | "datenbank";

export interface Phase {
  ziel: Ziel;
  /** Files of the phase: half uploaded over HTTP, half with `aktenwerk import`. */
  dateien: number;
  kills: number;
}

export interface PhasenErgebnis {
  ziel: Ziel;
  dateien: number;
  kills: { serve: number; import: number; postgres: number };
  /** Restarts of `serve` the bench made (after its kills, or because it died on its own). */
  serveNeustarts: number;
  /** `serve` ended without being killed by us (should be 0). */
  serveUnerwartetBeendet: number;
  /** Runs of `aktenwerk import` until one finished with every file taken. */
  importLaeufe: number;
  /** Milliseconds from a kill until the server answered again (serve: restarted; postgres: health ok). */
  wiederDa: number[];
  http: {
    bestaetigt: number;
    geprueft: number;
    /** Acknowledged, but missing or with other bytes on download (must be 0). */
    verloren: number;
    /** Retries after a refusal or a lost connection. */
    wiederholungen: number;
    /** Answers other than 201, by status (503 while the database restarts; no 500 wanted). */
    antworten: Record<string, number>;
    /** Uploads that committed but whose answer was lost: the retry made a second Dokument. */
    doppelt: number;
  };
  import: {
    dokumente: number;
    /** Files of the folder with more than one Dokument (must be 0: the import is idempotent). */
    doppelt: number;
    /** Files of the folder that are no Dokument (must be 0). */
    fehlend: number;
    /** The last run over the same folder: nothing new, every file skipped. */
    wiederholung: { aufgenommen: number; uebersprungen: number; probleme: number };
  };
  /** Dokument versions whose blob is not in the `blob` table or not in the store (must be 0). */
  ohneBlob: number;
  fsck: {
    /** Orphans before the repair (left by uploads killed between blob and commit). */
    verwaistVorher: number;
    entfernt: number;
    verwaistNachher: number;
    probleme: number;
  };
  protokoll: { ok: boolean; anzahl: number; grund?: string };
  ms: number;
}

export interface AbsturzErgebnis {
  /** The same uploads over HTTP without kills, files/s: the floor the phases are compared with. */
  bodenDateienProSekunde: number;
  /** A clean start of `serve` on the prepared data directory (ms). */
  startMs: number;
  phasen: PhasenErgebnis[];
}

interface Datei {
  name: string;
  inhalt: Buffer;
  sha256: string;
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Small PDFs and text files with German text, the same for the same seed. */
function erzeugeDateien(art: string, anzahl: number, seed: number): Datei[] {
  const rnd = zufall(seed);
  return Array.from({ length: anzahl }, (_, i) => {
    const zeilen = Array.from({ length: 6 }, () => deutscherText(rnd, 10));
    const inhalt =
      i % 2 === 0
        ? einfachesPdf([`Absturztest ${art} Nr. ${i}`, ...zeilen])
        : Buffer.from([`Absturztest ${art} Nr. ${i}`, ...zeilen].join("\n"), "utf8");
    const name = `${art}-${String(i).padStart(5, "0")}.${i % 2 === 0 ? "pdf" : "txt"}`;
    return { name, inhalt, sha256: sha256(inhalt) };
  });
}

interface Sitzung {
  cookie: string;
  csrf: string;
}

async function api<T>(url: string, sitzung: Sitzung, pfad: string, body: unknown): Promise<T> {
  const r = await fetch(`${url}/api/v1${pfad}`, {
    method: "POST",
    headers: { cookie: sitzung.cookie, "x-csrf-token": sitzung.csrf, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (r.status !== 201) throw new Error(`${pfad}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** The running `serve` the clients talk to; replaced after each restart. */
class Server {
  prozess!: ServeProcess;
  #bereit: Promise<void> = Promise.resolve();
  #getoetet = false;
  neustarts = 0;
  unerwartet = 0;
  stoppt = false;

  constructor(readonly env: NodeJS.ProcessEnv) {}

  get url(): string {
    return this.prozess.url;
  }

  /** Resolves once a server answers (at once while one runs). */
  bereit(): Promise<void> {
    return this.#bereit;
  }

  async starte(): Promise<void> {
    // On two busy cores a start can take a minute; the timeout is for a start that hangs.
    this.prozess = await startServe(this.env, ["--no-demo"], 300_000);
    const p = this.prozess;
    void p.exited.then(() => {
      if (this.stoppt || this.prozess !== p) return;
      // Died without our kill (e.g. with its database): a supervisor would start it again.
      if (!this.#getoetet) this.unerwartet++;
      this.#getoetet = false;
      this.#neu();
    });
  }

  #neu(): void {
    this.#bereit = (async () => {
      for (let versuch = 1; ; versuch++) {
        try {
          await this.starte();
          this.neustarts++;
          return;
        } catch (error) {
          // An import that started while serve was down owns the database until it ends.
          if (versuch >= 600) throw error;
          await pause(500);
        }
      }
    })();
  }

  /** kill -9; resolves when the new one listens, with the milliseconds that took. */
  async toete(): Promise<number> {
    const start = performance.now();
    this.#getoetet = true;
    const p = this.prozess;
    p.child.kill("SIGKILL");
    await p.exited;
    // The exit handler has started the next one.
    await pause(0);
    await this.#bereit;
    return performance.now() - start;
  }

  async stoppe(): Promise<void> {
    this.stoppt = true;
    await this.#bereit.catch(() => undefined);
    if (this.prozess.child.exitCode === null) {
      this.prozess.child.kill("SIGTERM");
      await this.prozess.exited;
    }
  }
}

interface Quittung {
  datei: Datei;
  id: string;
  sha256: string;
}

/** Uploads files over HTTP, retrying until each is acknowledged (201); records every acknowledgement. */
async function ladeHoch(
  server: Server,
  sitzung: Sitzung,
  vorgangId: string,
  dateien: Datei[],
  parallel: number,
  statistik: PhasenErgebnis["http"],
): Promise<Quittung[]> {
  const quittungen: Quittung[] = [];
  let naechste = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (naechste < dateien.length) {
        const datei = dateien[naechste++]!;
        for (let versuch = 1; ; versuch++) {
          if (versuch > 200) throw new Error(`${datei.name}: nach 200 Versuchen nicht angenommen`);
          await server.bereit();
          const form = new FormData();
          form.append("metadaten", JSON.stringify({ typ: "Eingang" }));
          form.append("datei", new Blob([new Uint8Array(datei.inhalt)]), datei.name);
          let status: number;
          let body: { id?: string; versionen?: { sha256: string }[] } = {};
          try {
            const r = await fetch(`${server.url}/api/v1/vorgaenge/${vorgangId}/dokumente`, {
              method: "POST",
              headers: { cookie: sitzung.cookie, "x-csrf-token": sitzung.csrf },
              body: form,
            });
            status = r.status;
            body = (await r.json().catch(() => ({}))) as typeof body;
          } catch {
            status = 0; // connection refused or reset: the server was killed
          }
          if (status === 201 && body.id) {
            quittungen.push({ datei, id: body.id, sha256: body.versionen?.[0]?.sha256 ?? "" });
            statistik.bestaetigt = quittungen.length;
            break;
          }
          statistik.wiederholungen++;
          statistik.antworten[String(status)] = (statistik.antworten[String(status)] ?? 0) + 1;
          if (status >= 400 && status < 500 && status !== 401 && status !== 403)
            throw new Error(`${datei.name}: abgelehnt mit ${status} ${JSON.stringify(body)}`);
          await pause(200);
        }
      }
    }),
  );
  statistik.bestaetigt = quittungen.length;
  return quittungen;
}

interface ImportBericht {
  aufgenommen: number;
  uebersprungen: number;
  probleme: { datei: string; grund: string }[];
}

/** Runs `aktenwerk import` over a folder; the running child, so the killer can reach it. */
class ImportLauf {
  kind: ChildProcess | undefined;
  gestartetAm = 0;
  laeufe = 0;

  constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly ordner: string,
    readonly vorgangId: string,
  ) {}

  /** Runs it again and again (after a kill, or when files failed while the database was away) until it is complete. */
  async bisFertig(server: Server): Promise<ImportBericht> {
    for (;;) {
      // Only while serve runs: the import is then a guest on serve's database, never its owner.
      await server.bereit();
      this.laeufe++;
      const ergebnis = await this.#einmal();
      if (ergebnis.code === 0) return JSON.parse(ergebnis.stdout) as ImportBericht;
      if (this.laeufe > 500) throw new Error(`Import endet nicht:\n${ergebnis.stderr}`);
      await pause(200);
    }
  }

  #einmal(): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const kind = spawn(
        process.execPath,
        [BIN, "import", this.ordner, "--vorgang", this.vorgangId, "--als", "mueller", "--json"],
        { env: this.env, stdio: ["ignore", "pipe", "pipe"] },
      );
      this.kind = kind;
      this.gestartetAm = performance.now();
      let stdout = "";
      let stderr = "";
      kind.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      kind.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      kind.on("error", reject);
      kind.on("close", (code) => {
        this.kind = undefined;
        resolve({ code, stdout, stderr });
      });
    });
  }
}

/** Waits until the server's health says the database answers again. */
async function datenbankWiederDa(server: Server): Promise<void> {
  for (let i = 0; i < 600; i++) {
    await server.bereit();
    const r = await fetch(`${server.url}/api/v1/health`).catch(() => undefined);
    if (r?.status === 200) {
      const h = (await r.json()) as { datenbank?: { ok?: boolean } };
      if (h.datenbank?.ok) return;
    }
    await pause(100);
  }
  throw new Error("Die Datenbank kam nicht wieder.");
}

async function vorgang(url: string, sitzung: Sitzung, betreff: string): Promise<string> {
  const akte = await api<{ id: string }>(url, sitzung, "/akten", {
    aktenplaneinheit: "63.20",
    betreff,
    federfuehrendeOe: "63",
  });
  return (await api<{ id: string }>(url, sitzung, `/akten/${akte.id}/vorgaenge`, { betreff })).id;
}

/** A data directory with the Bauaufsicht, its Aktenplan and the clerk mueller, prepared in-process. */
async function bereiteVor(dataDir: string): Promise<void> {
  const ctx = await createContext(
    loadConfig({ AKTENWERK_DATA: dataDir }),
    { befehl: "absturz-vorbereitung", mode: "exclusive" },
    { log: silentLogger },
  );
  try {
    for (const k of ["63", "51", "11"])
      await createOrganisationseinheit(ctx, "system", { name: `Amt ${k}`, kuerzel: k, art: "Amt" });
    await importAktenplanCsv(ctx, "system", TEST_AKTENPLAN);
    await createBenutzer(ctx, "system", {
      benutzername: "mueller",
      nachname: "Müller",
      passwort: PASSWORT,
      mitgliedschaften: [{ oe: "63", rolle: "Sachbearbeitung" }],
    });
  } finally {
    await ctx.db.close();
  }
}

/** The checks after a phase, with serve stopped: the CLI's fsck and protokoll verify, and SQL. */
async function pruefe(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  importDateien: Datei[],
  importVorgang: string,
  httpVorgang: string,
  erg: PhasenErgebnis,
): Promise<void> {
  const json = async <T>(args: string[], erlaubt = [0]): Promise<T> => {
    const r = await runCli([...args, "--json"], env);
    if (!erlaubt.includes(r.code ?? -1))
      throw new Error(`aktenwerk ${args.join(" ")}: ${r.code}\n${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };
  type Fsck = { verwaist: unknown[]; entfernt: number; probleme: unknown[] };
  const vorher = await json<Fsck>(["fsck"], [0, 1]);
  const repariert = await json<Fsck>(["fsck", "--repair"], [0, 1]);
  const nachher = await json<Fsck>(["fsck"], [0, 1]);
  erg.fsck = {
    verwaistVorher: vorher.verwaist.length,
    entfernt: repariert.entfernt,
    verwaistNachher: nachher.verwaist.length,
    probleme: nachher.probleme.length,
  };
  const protokoll = await json<{ ok: boolean; anzahl: number; grund?: string }>(
    ["protokoll", "verify"],
    [0, 1],
  );
  erg.protokoll = { ok: protokoll.ok, anzahl: protokoll.anzahl, grund: protokoll.grund };

  const ctx = await createContext(
    loadConfig({ AKTENWERK_DATA: dataDir }),
    { befehl: "absturz-pruefung", mode: "exclusive" },
    { log: silentLogger },
  );
  try {
    const { rows: versionen } = await ctx.db.query<{ sha256: string; registriert: boolean }>(
      `SELECT dv.sha256, EXISTS (SELECT 1 FROM blob b WHERE b.sha256 = dv.sha256) AS registriert
       FROM dokument_version dv JOIN dokument d ON d.id = dv.dokument_id WHERE d.vorgang_id = ANY($1)`,
      [[importVorgang, httpVorgang]],
    );
    erg.ohneBlob = 0;
    for (const v of versionen) if (!v.registriert || !(await ctx.blobs.stat(v.sha256))) erg.ohneBlob++;
    const { rows } = await ctx.db.query<{ sha256: string; name: string; n: number }>(
      `SELECT dv.sha256, dv.originaldateiname AS name, count(*)::int AS n
       FROM dokument d JOIN dokument_version dv ON dv.dokument_id = d.id AND dv.nr = 1
       WHERE d.vorgang_id = $1 GROUP BY 1, 2`,
      [importVorgang],
    );
    const anzahl = new Map(rows.map((r) => [`${r.sha256}/${r.name}`, r.n]));
    erg.import.dokumente = rows.reduce((s, r) => s + r.n, 0);
    erg.import.doppelt = importDateien.filter((d) => (anzahl.get(`${d.sha256}/${d.name}`) ?? 0) > 1).length;
    erg.import.fehlend = importDateien.filter((d) => !anzahl.has(`${d.sha256}/${d.name}`)).length;
    const { rows: http } = await ctx.db.query<{ n: number; verschieden: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT dv.originaldateiname)::int AS verschieden
       FROM dokument d JOIN dokument_version dv ON dv.dokument_id = d.id AND dv.nr = 1 WHERE d.vorgang_id = $1`,
      [httpVorgang],
    );
    erg.http.doppelt = http[0]!.n - http[0]!.verschieden;
  } finally {
    await ctx.db.close();
  }
}

export interface AbsturzOptionen {
  dataDir: string;
  phasen: Phase[];
  /** Files uploaded without kills first, to measure the floor. */
  bodenDateien: number;
  /** Concurrent HTTP uploads. */
  parallel?: number;
  seed?: number;
  /** Run the job worker inside `serve` (text recognition of every upload); off by default. */
  worker?: boolean;
  log?: (zeile: string) => void;
}

/** Runs the phases on one data directory and returns what was counted and checked. */
export async function absturzSzenario(o: AbsturzOptionen): Promise<AbsturzErgebnis> {
  const log = o.log ?? (() => undefined);
  const parallel = o.parallel ?? 4;
  const rnd = zufall(o.seed ?? 2026);
  // The background jobs (text recognition of every upload) stay off: they are not what is measured,
  // and on two cores they would take the time from the intake.
  const env = childEnv(o.dataDir, { LOG_LEVEL: "warn", AKTENWERK_WORKER: o.worker ? "true" : "false" });
  await bereiteVor(o.dataDir);
  const server = new Server(env);
  const t0 = performance.now();
  await server.starte();
  const startMs = performance.now() - t0;
  const anmelden = async () => {
    const s = await loginCookie(server.url, "mueller", PASSWORT);
    if (s.status !== 200) throw new Error(`Anmeldung: ${s.status}`);
    return s;
  };
  let sitzung = await anmelden();

  const bodenVorgang = await vorgang(server.url, sitzung, "Boden");
  const bodenStatistik: PhasenErgebnis["http"] = {
    bestaetigt: 0,
    geprueft: 0,
    verloren: 0,
    wiederholungen: 0,
    antworten: {},
    doppelt: 0,
  };
  const tb = performance.now();
  await ladeHoch(
    server,
    sitzung,
    bodenVorgang,
    erzeugeDateien("boden", o.bodenDateien, 7),
    parallel,
    bodenStatistik,
  );
  const bodenDateienProSekunde = o.bodenDateien / ((performance.now() - tb) / 1000);
  log(`Boden: ${o.bodenDateien} Dateien ohne Absturz, ${bodenDateienProSekunde.toFixed(1)}/s`);

  const phasen: PhasenErgebnis[] = [];
  for (const [nr, phase] of o.phasen.entries()) {
    if (server.stoppt) {
      server.stoppt = false;
      await server.starte();
      sitzung = await anmelden();
    }
    const art = `${phase.ziel}${nr}`;
    const alle = erzeugeDateien(art, phase.dateien, 100 + nr);
    const httpDateien = alle.filter((_, i) => i % 2 === 0);
    const importDateien = alle.filter((_, i) => i % 2 === 1);
    const ordner = path.join(o.dataDir, `eingang-${art}`);
    await fs.mkdir(ordner, { recursive: true });
    for (const d of importDateien) await fs.writeFile(path.join(ordner, d.name), d.inhalt);
    const httpVorgang = await vorgang(server.url, sitzung, `Hochladen ${art}`);
    const importVorgang = await vorgang(server.url, sitzung, `Import ${art}`);
    const erg: PhasenErgebnis = {
      ziel: phase.ziel,
      dateien: phase.dateien,
      kills: { serve: 0, import: 0, postgres: 0 },
      serveNeustarts: 0,
      serveUnerwartetBeendet: 0,
      importLaeufe: 0,
      wiederDa: [],
      http: { bestaetigt: 0, geprueft: 0, verloren: 0, wiederholungen: 0, antworten: {}, doppelt: 0 },
      import: {
        dokumente: 0,
        doppelt: 0,
        fehlend: 0,
        wiederholung: { aufgenommen: 0, uebersprungen: 0, probleme: 0 },
      },
      ohneBlob: 0,
      fsck: { verwaistVorher: 0, entfernt: 0, verwaistNachher: 0, probleme: 0 },
      protokoll: { ok: false, anzahl: 0 },
      ms: 0,
    };
    const neustartsVorher = server.neustarts;
    const unerwartetVorher = server.unerwartet;
    const start = performance.now();
    const importLauf = new ImportLauf(env, ordner, importVorgang);
    let fertig = false;
    const arbeit = Promise.all([
      ladeHoch(server, sitzung, httpVorgang, httpDateien, parallel, erg.http),
      importLauf.bisFertig(server),
    ]).finally(() => (fertig = true));

    // The killer: its k-th kill falls at a random point of the k-th stretch of the HTTP uploads'
    // progress, so all kills land while files come in, however fast the machine is.
    const httpAnzahl = httpDateien.length;
    const toeter = (async () => {
      for (let k = 0; k < phase.kills && !fertig; k++) {
        const schwelle = Math.floor(((k + 0.1 + 0.8 * rnd()) / phase.kills) * httpAnzahl * 0.95);
        while (!fertig && erg.http.bestaetigt < schwelle) await pause(20);
        await pause(rnd() * 300);
        if (fertig) break;
        await server.bereit();
        const importKind = importLauf.kind;
        const importAlt = importKind && performance.now() - importLauf.gestartetAm > 10_000;
        if (phase.ziel === "datenbank") {
          const pid = await postmasterPid(o.dataDir);
          if (!pid) continue;
          const t = performance.now();
          process.kill(pid, "SIGKILL");
          erg.kills.postgres++;
          await pause(50);
          await datenbankWiederDa(server);
          erg.wiederDa.push(performance.now() - t);
        } else if (importKind && rnd() < 0.3) {
          importKind.kill("SIGKILL");
          erg.kills.import++;
        } else if (!importKind || importAlt) {
          // Not in an import's first seconds: one that starts while serve is down would own the database.
          erg.wiederDa.push(await server.toete());
          erg.kills.serve++;
        } else {
          k--;
          await pause(200);
        }
      }
    })();
    const [quittungen] = await arbeit;
    await toeter;
    erg.importLaeufe = importLauf.laeufe;
    log(`${art}: Hochladen und Import fertig nach ${((performance.now() - start) / 1000).toFixed(0)} s`);

    // Every acknowledged upload, downloaded and compared byte for byte.
    for (const q of quittungen) {
      const r = await fetch(`${server.url}/api/v1/dokumente/${q.id}/versionen/1/inhalt`, {
        headers: { cookie: sitzung.cookie },
      });
      const bytes = r.status === 200 ? Buffer.from(await r.arrayBuffer()) : Buffer.alloc(0);
      if (r.status === 200 && sha256(bytes) === q.datei.sha256 && q.sha256 === q.datei.sha256)
        erg.http.geprueft++;
      else erg.http.verloren++;
    }
    // The same folder once more: nothing new.
    const nochmal = await new ImportLauf(env, ordner, importVorgang).bisFertig(server);
    erg.import.wiederholung = {
      aufgenommen: nochmal.aufgenommen,
      uebersprungen: nochmal.uebersprungen,
      probleme: nochmal.probleme.length,
    };
    erg.ms = performance.now() - start;
    erg.serveNeustarts = server.neustarts - neustartsVorher;
    erg.serveUnerwartetBeendet = server.unerwartet - unerwartetVorher;
    await server.stoppe();
    await pruefe(env, o.dataDir, importDateien, importVorgang, httpVorgang, erg);
    log(`${art}: geprüft`);
    phasen.push(erg);
  }
  return { bodenDateienProSekunde, startMs, phasen };
}
