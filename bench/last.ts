import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { einfachesPdf, mehrseitigesPdf } from "../src/server/demo/pdf.js";
import { createBenutzer } from "../src/server/modules/access/access.service.js";
import { createBlobStore } from "../src/server/platform/blobstore/index.js";
import { systemClock } from "../src/server/platform/clock.js";
import { loadConfig } from "../src/server/platform/config.js";
import { createPool, Database } from "../src/server/platform/database/database.js";
import { EmbeddedPostgres } from "../src/server/platform/database/embedded.js";
import { migrate } from "../src/server/platform/database/migrate.js";
import { Ereignisse } from "../src/server/platform/ereignisse.js";
import { JobQueue } from "../src/server/platform/jobs/job-queue.js";
import { KNOTENSPERRE_KLASSE } from "../src/server/platform/lock.js";
import { silentLogger } from "../src/server/platform/logger.js";
import { packageRoot } from "../src/server/platform/paths.js";
import { detectTools } from "../src/server/platform/tools.js";
import { verdrahte } from "../src/server/verdrahtung.js";
import { multipart } from "../test/helpers/multipart.js";
import { benchKreis, fmt, machine, percentile } from "./harness.js";

/**
 * `npm run bench -- last [--minuten N] [--nutzer N] [--kurz] [--ohne-build]`: 200 clerks for ten
 * minutes on a small cluster on this machine — two `aktenwerk serve` processes and one
 * `aktenwerk worker` on one PostgreSQL (embedded, or DATABASE_URL) and the S3 emulator, behind a
 * round-robin proxy this bench starts. Every virtual clerk signs in and then works a clerk's day
 * with think time: Postkorb, open Akte, Vorgang and Dokument with its page image, search, upload,
 * start a Mitzeichnung and co-sign what colleagues sent, set a Wiedervorlage. Meanwhile scans
 * arrive in the scan folder that every node is configured with; the bench watches which node holds
 * the scan folder's advisory lock and checks that each scan was taken exactly once.
 *
 * Prints per action p50/p95/p99 and the ratio of p50 to a floor measured in the same run (an
 * authenticated `GET /auth/me` through the proxy before the load), errors with the first bodies,
 * throughput, CPU and RSS of every process, and the machine with its load average.
 */

const PASSWORT = "Last-Passwort-2026";
const AEMTER = 20;
const NACHNAMEN = [
  "Müller",
  "Schmidt",
  "Schneider",
  "Fischer",
  "Weber",
  "Meyer",
  "Wagner",
  "Becker",
  "Schulz",
  "Hoffmann",
  "Schäfer",
  "Koch",
  "Bauer",
  "Richter",
  "Klein",
  "Wolf",
  "Schröder",
  "Neumann",
  "Schwarz",
  "Zimmermann",
];
const VORNAMEN = [
  "Anna",
  "Jörg",
  "Zoë",
  "Björn",
  "Renate",
  "Katrin",
  "Ömer",
  "Sabine",
  "Jürgen",
  "Lena",
  "Malte",
];
const OE_SUCHWOERTER = ["Baugenehmigung", "Lindenweg", "Standsicherheit", "Nachbarschaft", "Abnahme"];

interface Argumente {
  minuten: number;
  nutzer: number;
  build: boolean;
  denkzeitMs: [number, number];
}

function argumente(): Argumente {
  const a = process.argv.slice(3);
  const wert = (name: string) => {
    const i = a.indexOf(name);
    return i >= 0 ? a[i + 1] : undefined;
  };
  const kurz = a.includes("--kurz");
  const minuten = Number(wert("--minuten") ?? (kurz ? 2 : 10));
  const nutzer = Number(wert("--nutzer") ?? (kurz ? 50 : 200));
  if (!(minuten > 0) || !Number.isInteger(nutzer) || nutzer < 2) {
    console.error("Aufruf: npm run bench -- last [--minuten N] [--nutzer N] [--kurz] [--ohne-build]");
    process.exit(2);
  }
  return { minuten, nutzer, build: !a.includes("--ohne-build"), denkzeitMs: [2000, 8000] };
}

// ---------------------------------------------------------------- HTTP client and proxy

const agent = new http.Agent({ keepAlive: true, maxSockets: 400 });

interface Antwort {
  status: number;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
}

function anfrage(
  basis: string,
  method: string,
  pfad: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
): Promise<Antwort> {
  const url = new URL(pfad, basis);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}),
        },
      },
      (res) => {
        const teile: Buffer[] = [];
        res.on("data", (c: Buffer) => teile.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(teile), headers: res.headers }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error("Zeitüberschreitung nach 120 s")));
    req.on("error", reject);
    req.end(body);
  });
}

/** A round-robin reverse proxy over the app nodes: what a load balancer in front of the app tier does. */
async function starteProxy(
  ziele: string[],
): Promise<{ url: string; zaehler: number[]; close(): Promise<void> }> {
  const zaehler: number[] = [];
  const upstream = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let naechstes = 0;
  const server = http.createServer((req, res) => {
    const i = naechstes++ % ziele.length;
    zaehler[i] = (zaehler[i] ?? 0) + 1;
    const ziel = new URL(req.url ?? "/", ziele[i]);
    const weiter = http.request(
      ziel,
      { method: req.method, headers: { ...req.headers, host: ziel.host }, agent: upstream },
      (antwort) => {
        res.writeHead(antwort.statusCode ?? 502, antwort.headers);
        antwort.pipe(res);
      },
    );
    weiter.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      res.end(`Proxy: Knoten ${i + 1} nicht erreichbar: ${error.message}`);
    });
    req.pipe(weiter);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    zaehler,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

// ---------------------------------------------------------------- processes and their figures

interface Knoten {
  name: string;
  child: ChildProcess;
  pid: number;
  ausgabe: () => string;
}

async function baue(): Promise<void> {
  const npm = spawn("npm", ["run", "build"], { cwd: packageRoot, stdio: ["ignore", "ignore", "inherit"] });
  const [code] = (await once(npm, "exit")) as [number | null];
  if (code !== 0) throw new Error(`npm run build fehlgeschlagen (Exit ${code})`);
}

/** Starts `aktenwerk <befehl>`; resolves once it says it runs. */
async function starteKnoten(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  bereit: RegExp,
): Promise<Knoten & { zeile: string }> {
  const child = spawn(process.execPath, [path.join(packageRoot, "bin", "aktenwerk.js"), ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let ausgabe = "";
  child.stdout!.on("data", (c: Buffer) => (ausgabe = (ausgabe + c.toString()).slice(-20_000)));
  const zeile = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} startete nicht:\n${ausgabe}`)), 180_000);
    child.stderr!.on("data", (c: Buffer) => {
      ausgabe = (ausgabe + c.toString()).slice(-20_000);
      const m = bereit.exec(ausgabe);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} endete mit ${code}:\n${ausgabe}`));
    });
  });
  return { name, child, pid: child.pid!, ausgabe: () => ausgabe, zeile };
}

async function stoppe(k: Knoten): Promise<void> {
  if (k.child.exitCode !== null) return;
  const ende = once(k.child, "exit");
  k.child.kill("SIGTERM");
  const timer = setTimeout(() => k.child.kill("SIGKILL"), 20_000);
  await ende;
  clearTimeout(timer);
}

const TICKS = 100;
const SEITE = 4096;

/** CPU seconds (user + system) and RSS in bytes of one process, from /proc. */
function prozessStand(pid: number): { cpu: number; rss: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { cpu: (Number(f[11]) + Number(f[12])) / TICKS, rss: Number(f[21]) * SEITE };
  } catch {
    return null;
  }
}

/** PIDs of the PostgreSQL server of a cluster directory: the postmaster and its children (backends). */
async function postgresPids(clusterDir: string): Promise<number[]> {
  let postmaster: number;
  try {
    postmaster = Number((await fs.readFile(path.join(clusterDir, "postmaster.pid"), "utf8")).split("\n")[0]);
  } catch {
    return [];
  }
  const pids = [postmaster];
  for (const e of await fs.readdir("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = await fs.readFile(`/proc/${e}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster) pids.push(Number(e));
    } catch {
      // ended meanwhile
    }
  }
  return pids;
}

interface Messreihe {
  cpuStart: number;
  cpuEnde: number;
  rssSpitze: number;
  rssSumme: number;
  proben: number;
}

/** The S3 emulator as a process of its own (its CPU and memory measured like the nodes'). */
async function starteS3(verzeichnis: string): Promise<Knoten & { port: number }> {
  const programm = `
import S3rver from "s3rver";
const s3 = new S3rver({ port: 0, address: "127.0.0.1", directory: process.argv[1], silent: true,
  configureBuckets: [{ name: "aktenwerk", configs: [] }] });
const { port } = await s3.run();
process.stderr.write("S3 läuft auf Port " + port + "\\n");`;
  const k = await (async () => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", programm, verzeichnis], {
      cwd: packageRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let ausgabe = "";
    child.stdout!.on("data", (c: Buffer) => (ausgabe = (ausgabe + c.toString()).slice(-20_000)));
    const zeile = await new Promise<string>((resolve, reject) => {
      child.stderr!.on("data", (c: Buffer) => {
        ausgabe = (ausgabe + c.toString()).slice(-20_000);
        const m = /S3 läuft auf Port (\d+)/.exec(ausgabe);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`S3-Emulator endete mit ${code}:\n${ausgabe}`)));
    });
    return { name: "S3-Emulator", child, pid: child.pid!, ausgabe: () => ausgabe, port: Number(zeile) };
  })();
  k.child.once("exit", (code, signal) => console.error(`S3-Emulator beendet (${code ?? signal})`));
  return k;
}

// ---------------------------------------------------------------- the virtual clerk

interface Sitzung {
  benutzername: string;
  oe: string;
  kollege: string;
  headers: Record<string, string>;
  akte: string;
  vorgaenge: string[];
  dokumente: string[];
}

interface Messung {
  dauern: Map<string, number[]>;
  fehler: Map<string, number>;
  fehlerTexte: string[];
  anfragen: number;
}

class Fehlschlag extends Error {}

async function anmelden(basis: string, benutzername: string): Promise<Record<string, string>> {
  const r = await anfrage(
    basis,
    "POST",
    "/api/v1/auth/login",
    { "content-type": "application/json", origin: basis },
    JSON.stringify({ benutzername, passwort: PASSWORT }),
  );
  if (r.status !== 200) throw new Error(`Anmeldung ${benutzername}: ${r.status} ${r.body.toString()}`);
  const cookie = String(r.headers["set-cookie"]?.[0] ?? "").split(";")[0]!;
  const csrf = (JSON.parse(r.body.toString()) as { csrfToken: string }).csrfToken;
  return { cookie, "x-csrf-token": csrf, origin: basis };
}

/** One clerk's requests: each checked for its status, timed as part of the action. */
class Sachbearbeiter {
  constructor(
    readonly basis: string,
    readonly s: Sitzung,
    readonly messung: Messung,
  ) {}

  async rufe(method: string, pfad: string, erwartet: number[], body?: unknown): Promise<Antwort> {
    let headers: Record<string, string> = this.s.headers;
    let daten: Buffer | string | undefined;
    if (body instanceof Buffer || typeof body === "string") daten = body;
    else if (body && typeof body === "object" && "payload" in body) {
      const m = body as { payload: Buffer; headers: Record<string, string> };
      headers = { ...headers, ...m.headers };
      daten = m.payload;
    } else if (body !== undefined) {
      headers = { ...headers, "content-type": "application/json" };
      daten = JSON.stringify(body);
    }
    this.messung.anfragen++;
    const r = await anfrage(this.basis, method, pfad, headers, daten);
    if (!erwartet.includes(r.status))
      throw new Fehlschlag(
        `${method} ${pfad.replace(/[0-9a-f-]{36}/g, ":id")} → ${r.status}: ${r.body.toString().slice(0, 400)}`,
      );
    return r;
  }

  json<T>(r: Antwort): T {
    return JSON.parse(r.body.toString()) as T;
  }

  zufaellig<T>(liste: T[]): T {
    return liste[Math.floor(Math.random() * liste.length)]!;
  }

  async postkorb(): Promise<void> {
    const r = this.json<{ eintraege: { typ: string; id: string; kategorie: string }[] }>(
      await this.rufe("GET", "/api/v1/postkorb", [200]),
    );
    // What colleagues sent for co-signature is decided right from the Postkorb.
    const mz = r.eintraege.find((e) => e.typ === "schritt" && e.kategorie === "mitzeichnung");
    if (mz) await this.rufe("POST", `/api/v1/schritte/${mz.id}/aktionen`, [200], { aktion: "zustimmen" });
  }

  /** The Akte page: the Akte and its Aktenplaneinheit. */
  async akteOeffnen(): Promise<void> {
    await this.rufe("GET", `/api/v1/akten/${this.s.akte}`, [200]);
    await this.rufe("GET", "/api/v1/aktenplan/63.30", [200]);
  }

  /** The Vorgang page: the Vorgang with its Dokumente, their thumbnails, its routes and Wiedervorlagen. */
  async vorgangOeffnen(): Promise<void> {
    const id = this.zufaellig(this.s.vorgaenge);
    const v = this.json<{ dokumente: { id: string; aktuelleVersion: number; vorschau: boolean }[] }>(
      await this.rufe("GET", `/api/v1/vorgaenge/${id}`, [200]),
    );
    await this.rufe("GET", `/api/v1/vorgaenge/${id}/geschaeftsgaenge`, [200]);
    await this.rufe("GET", `/api/v1/vorgaenge/${id}/wiedervorlagen`, [200]);
    for (const d of (v.dokumente ?? []).filter((d) => d.vorschau).slice(0, 5))
      await this.rufe("GET", `/api/v1/dokumente/${d.id}/versionen/${d.aktuelleVersion}/vorschau`, [200]);
  }

  /** The Dokument page with the viewer: the Dokument, its pages, the first page image (timed apart too). */
  async dokumentOeffnen(): Promise<void> {
    const d = this.zufaellig(this.s.dokumente);
    await this.rufe("GET", `/api/v1/dokumente/${d}`, [200]);
    await this.rufe("GET", `/api/v1/dokumente/${d}/versionen/1/seiten`, [200]);
    const t = performance.now();
    await this.rufe("GET", `/api/v1/dokumente/${d}/versionen/1/seitenbild?seite=1&breite=800`, [200]);
    notiere(this.messung, SEITENBILD, performance.now() - t);
  }

  async suche(): Promise<void> {
    const q = this.zufaellig([...OE_SUCHWOERTER, this.s.benutzername]);
    await this.rufe("GET", `/api/v1/suche?q=${encodeURIComponent(q)}&limit=20`, [200]);
  }

  async hochladen(): Promise<void> {
    const v = this.zufaellig(this.s.vorgaenge);
    const pdf = einfachesPdf([
      `Nachreichung zum Vorgang von ${this.s.benutzername}`,
      `Standsicherheit und Lageplan, eingegangen ${new Date().toISOString()}`,
    ]);
    const m = multipart({ metadaten: { typ: "Eingang" } }, { filename: "nachreichung.pdf", content: pdf });
    const r = this.json<{ id: string }>(
      await this.rufe("POST", `/api/v1/vorgaenge/${v}/dokumente`, [201], m),
    );
    if (this.s.dokumente.length < 30) this.s.dokumente.push(r.id);
  }

  async mitzeichnungAnstossen(): Promise<void> {
    const v = this.zufaellig(this.s.vorgaenge);
    await this.rufe("POST", `/api/v1/vorgaenge/${v}/geschaeftsgaenge`, [201], {
      schritte: [{ art: "Mitzeichnung", adressat: { benutzer: this.s.kollege } }],
    });
  }

  async wiedervorlage(): Promise<void> {
    const v = this.zufaellig(this.s.vorgaenge);
    const datum = new Date(Date.now() + (1 + Math.floor(Math.random() * 20)) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    await this.rufe("POST", `/api/v1/vorgaenge/${v}/wiedervorlagen`, [201], { datum, notiz: "Nachfrage" });
  }
}

/** A clerk's day, by weight: the Postkorb most often, uploads and routing now and then. */
const AKTIONEN: [string, number, (c: Sachbearbeiter) => Promise<void>][] = [
  ["Postkorb", 25, (c) => c.postkorb()],
  ["Akte öffnen", 10, (c) => c.akteOeffnen()],
  ["Vorgang öffnen", 10, (c) => c.vorgangOeffnen()],
  ["Dokument öffnen", 20, (c) => c.dokumentOeffnen()],
  ["Suche", 15, (c) => c.suche()],
  ["Hochladen", 7, (c) => c.hochladen()],
  ["Mitzeichnung anstoßen", 5, (c) => c.mitzeichnungAnstossen()],
  ["Wiedervorlage", 4, (c) => c.wiedervorlage()],
];
/** Timed inside "Dokument öffnen": the first page image of the viewer alone. */
const SEITENBILD = "  davon Seitenbild";
const GEWICHT = AKTIONEN.reduce((s, [, g]) => s + g, 0);

function waehleAktion(): (typeof AKTIONEN)[number] {
  let r = Math.random() * GEWICHT;
  for (const a of AKTIONEN) if ((r -= a[1]) < 0) return a;
  return AKTIONEN[0]!;
}

function notiere(m: Messung, name: string, ms: number, fehler?: unknown): void {
  if (fehler) {
    m.fehler.set(name, (m.fehler.get(name) ?? 0) + 1);
    if (m.fehlerTexte.length < 8) m.fehlerTexte.push(`${name}: ${(fehler as Error).message}`);
    return;
  }
  const liste = m.dauern.get(name) ?? [];
  liste.push(ms);
  m.dauern.set(name, liste);
}

async function zeitlich(m: Messung, name: string, arbeit: () => Promise<void>): Promise<void> {
  const t = performance.now();
  try {
    await arbeit();
    notiere(m, name, performance.now() - t);
  } catch (error) {
    notiere(m, name, 0, error);
  }
}

const schlafe = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- the run

export async function run(): Promise<void> {
  const arg = argumente();
  console.log(`Last – ${arg.nutzer} Sachbearbeitende, ${arg.minuten} min – ${machine()}`);
  console.log(
    `Lastdurchschnitt vorher (1/5/15 min): ${os
      .loadavg()
      .map((l) => fmt(l, 2))
      .join(" / ")}`,
  );
  if (arg.build) {
    process.stdout.write("Baue (npm run build) … ");
    await baue();
    console.log("fertig");
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-last-"));
  await fs.chmod(dir, 0o755);
  const knoten: Knoten[] = [];
  let embedded: EmbeddedPostgres | undefined;
  let proxy: Awaited<ReturnType<typeof starteProxy>> | undefined;
  let db: Database | undefined;
  try {
    // PostgreSQL: DATABASE_URL, else an embedded server of this run.
    let url = process.env.DATABASE_URL;
    if (!url) {
      embedded = new EmbeddedPostgres(path.join(dir, "pg-daten"));
      url = (await embedded.startOrAdopt()).url;
    }
    db = new Database(createPool(url, 10), embedded ? "eingebettet" : "extern");
    await migrate(db);
    const s3 = await starteS3(path.join(dir, "s3"));
    knoten.push(s3);
    const blobStore = `s3://aktenwerk/last?endpoint=http://127.0.0.1:${s3.port}`;
    process.env.AWS_ACCESS_KEY_ID = "S3RVER";
    process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
    // s3rver keeps objects as files and removes a folder once its last object is deleted — while
    // another upload may be writing its temporary object into that folder (ENOENT, the emulator
    // dies). Real S3 has no folders; one object that stays keeps the emulator's folder alive.
    await new S3Client({
      endpoint: `http://127.0.0.1:${s3.port}`,
      region: "eu-central-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    }).send(new PutObjectCommand({ Bucket: "aktenwerk", Key: "last/tmp/bleibt", Body: "s3rver-Ordner" }));
    const scanOrdner = path.join(dir, "scan");
    await fs.mkdir(scanOrdner);

    // The county: Ämter, the demo Aktenplan, ten clerks per Amt (created as the CLI does).
    const ctx = verdrahte({
      config: loadConfig({ AKTENWERK_DATA: dir, BLOB_STORE: blobStore }),
      db,
      clock: systemClock,
      blobs: createBlobStore(blobStore),
      jobs: new JobQueue(db, systemClock),
      log: silentLogger,
      tools: await detectTools(),
      ereignisse: new Ereignisse(),
    });
    const t0 = performance.now();
    await benchKreis(ctx, AEMTER);
    const kuerzel = ["63", "70", ...Array.from({ length: AEMTER - 2 }, (_, i) => `A${i + 2}`)];
    const nutzer = Array.from({ length: arg.nutzer }, (_, i) => ({
      benutzername: `sb${String(i + 1).padStart(3, "0")}`,
      oe: kuerzel[i % AEMTER]!,
    }));
    const anlegen = (n: (typeof nutzer)[number]) =>
      createBenutzer(ctx, "system", {
        benutzername: n.benutzername,
        vorname: VORNAMEN[Math.floor(Number(n.benutzername.slice(2)) / NACHNAMEN.length) % VORNAMEN.length]!,
        nachname: NACHNAMEN[Number(n.benutzername.slice(2)) % NACHNAMEN.length]!,
        passwort: PASSWORT,
        mitgliedschaften: [{ oe: n.oe, rolle: "Sachbearbeitung" }],
      });
    // A few at a time: argon2 hashes on the thread pool.
    for (let i = 0; i < nutzer.length; i += 8) await Promise.all(nutzer.slice(i, i + 8).map(anlegen));

    // The cluster: proxy first (its address is the origin the nodes expect), two app nodes, one worker.
    const ports: string[] = [];
    proxy = await starteProxy(ports);
    const env = (name: string): NodeJS.ProcessEnv => {
      const e: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: url,
        BLOB_STORE: blobStore,
        AKTENWERK_DATA: path.join(dir, name),
        AKTENWERK_URL: proxy!.url,
        AKTENWERK_SCANORDNER: `63=${scanOrdner}`,
        LOG_LEVEL: "warn",
      };
      return e;
    };
    for (const name of ["app-1", "app-2"]) {
      const k = await starteKnoten(
        name,
        ["serve", "--no-demo", "--port", "0"],
        env(name),
        /Aktenwerk läuft auf (http:\/\/\S+)/,
      );
      ports.push(/http:\/\/\S+/.exec(k.zeile)![0]);
      knoten.push(k);
    }
    knoten.push(await starteKnoten("worker", ["worker"], env("worker"), /Worker \S+ läuft/));
    const basis = proxy.url;
    console.log(
      `Aufbau: ${AEMTER} Ämter, ${arg.nutzer} Konten, Knoten ${knoten.map((k) => `${k.name} (PID ${k.pid})`).join(", ")}, ` +
        `Datenbank ${db.kind}, Ablage S3-Emulator, in ${fmt((performance.now() - t0) / 1000)} s`,
    );

    // Every clerk signs in and starts with an Akte, two Vorgänge and a three-page letter in each.
    const messung: Messung = { dauern: new Map(), fehler: new Map(), fehlerTexte: [], anfragen: 0 };
    const sitzungen: Sitzung[] = [];
    const t1 = performance.now();
    const aufbau = async (i: number) => {
      const n = nutzer[i]!;
      const kollege = nutzer[(i + AEMTER) % nutzer.length]!;
      const headers = await anmelden(basis, n.benutzername);
      const s: Sitzung = {
        ...n,
        kollege: kollege.oe === n.oe ? kollege.benutzername : n.benutzername,
        headers,
        akte: "",
        vorgaenge: [],
        dokumente: [],
      };
      const c = new Sachbearbeiter(basis, s, messung);
      s.akte = c.json<{ id: string }>(
        await c.rufe("POST", "/api/v1/akten", [201], {
          aktenplaneinheit: "63.30",
          betreff: `Bauzustandsbesichtigung ${n.benutzername}`,
          federfuehrendeOe: n.oe,
        }),
      ).id;
      for (const betreff of ["Rohbauabnahme", "Schlussabnahme"]) {
        const v = c.json<{ id: string }>(
          await c.rufe("POST", `/api/v1/akten/${s.akte}/vorgaenge`, [201], {
            betreff: `${betreff} ${n.benutzername}`,
          }),
        ).id;
        s.vorgaenge.push(v);
        const pdf = mehrseitigesPdf(
          [1, 2, 3].map((seite) => [
            `${betreff} Seite ${seite}`,
            `Baugenehmigung Lindenweg ${i}, Standsicherheit geprüft, Nachbarschaft informiert.`,
            `Sachbearbeitung ${n.benutzername}`,
          ]),
          betreff,
        );
        const m = multipart({ metadaten: { typ: "Eingang" } }, { filename: `${betreff}.pdf`, content: pdf });
        s.dokumente.push(
          c.json<{ id: string }>(await c.rufe("POST", `/api/v1/vorgaenge/${v}/dokumente`, [201], m)).id,
        );
      }
      sitzungen[i] = s;
    };
    for (let i = 0; i < nutzer.length; i += 10)
      await Promise.all(nutzer.slice(i, i + 10).map((_, j) => aufbau(i + j)));
    console.log(
      `Anmeldung und Anfangsbestand (${nutzer.length} × Akte, 2 Vorgänge, 2 Dokumente): ${fmt((performance.now() - t1) / 1000)} s`,
    );

    // Floor: an authenticated request that does almost nothing, through the proxy, before the load.
    const boden: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const r = await anfrage(basis, "GET", "/api/v1/auth/me", sitzungen[i % sitzungen.length]!.headers);
      if (r.status !== 200) throw new Error(`auth/me: ${r.status}`);
      boden.push(performance.now() - t);
    }
    boden.sort((x, y) => x - y);
    const bodenP50 = percentile(boden, 50);
    messung.anfragen = 0;

    // Samplers: CPU and RSS of every process, the scan folder's lock holder, scans arriving.
    const pgPids = embedded ? () => postgresPids(embedded!.pgDir) : async () => [];
    const prozesse = new Map<string, Messreihe>();
    const probe = async (start: boolean) => {
      const gruppen: [string, number[]][] = [
        ...knoten.map((k) => [k.name, [k.pid]] as [string, number[]]),
        ["PostgreSQL (alle Prozesse)", await pgPids()],
        ["Bench + Proxy", [process.pid]],
      ];
      for (const [name, pids] of gruppen) {
        let cpu = 0;
        let rss = 0;
        for (const pid of pids) {
          const st = prozessStand(pid);
          if (st) {
            cpu += st.cpu;
            rss += st.rss;
          }
        }
        const r = prozesse.get(name) ?? { cpuStart: cpu, cpuEnde: cpu, rssSpitze: 0, rssSumme: 0, proben: 0 };
        if (start) r.cpuStart = cpu;
        r.cpuEnde = cpu;
        r.rssSpitze = Math.max(r.rssSpitze, rss);
        r.rssSumme += rss;
        r.proben++;
        prozesse.set(name, r);
      }
    };
    await probe(true);
    const appNamen = new Map(knoten.map((k) => [`aktenwerk ${k.pid}`, k.name]));
    const sperrSichtungen = new Map<string, number>();
    let gleichzeitig = 0;
    const sieheSperre = async () => {
      const { rows } = await db!.query<{ application_name: string }>(
        `SELECT s.application_name FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = $1 AND l.objsubid = 2
            AND l.objid::bigint = (hashtext('scanordner')::bigint & 4294967295)`,
        [KNOTENSPERRE_KLASSE],
      );
      if (rows.length > 1) gleichzeitig++;
      for (const r of rows) {
        const n = appNamen.get(r.application_name) ?? r.application_name;
        sperrSichtungen.set(n, (sperrSichtungen.get(n) ?? 0) + 1);
      }
    };
    let scans = 0;
    const scanEingang = async () => {
      const datei = path.join(scanOrdner, `scan-${String(++scans).padStart(4, "0")}.pdf`);
      await fs.writeFile(
        `${datei}.teil`,
        einfachesPdf([`Gescannter Brief ${scans}`, "Bauzustandsbesichtigung"]),
      );
      const alt = new Date(Date.now() - 10_000);
      await fs.utimes(`${datei}.teil`, alt, alt);
      await fs.rename(`${datei}.teil`, datei);
    };

    const dauerMs = arg.minuten * 60_000;
    const ende = Date.now() + dauerMs;
    let maxVerbindungen = 0;
    // What the nodes' database connections do, once a second: where the time of a slow request goes.
    const warten = new Map<string, number>();
    let wartenProben = 0;
    const sieheWarten = async () => {
      const { rows } = await db!.query<{ was: string; n: number }>(
        `SELECT CASE WHEN state = 'active' AND wait_event_type IS NOT NULL
                     THEN 'aktiv, wartet auf ' || wait_event_type || ':' || wait_event
                     ELSE coalesce(state, '?') END AS was, count(*)::int AS n
           FROM pg_stat_activity WHERE application_name LIKE 'aktenwerk %' AND pid <> pg_backend_pid()
          GROUP BY 1`,
      );
      wartenProben++;
      for (const r of rows) warten.set(r.was, (warten.get(r.was) ?? 0) + r.n);
    };
    const intervalle = [
      setInterval(() => void sieheWarten().catch(() => undefined), 1000),
      setInterval(() => void probe(false), 2000),
      setInterval(() => void sieheSperre().catch(() => undefined), 100),
      setInterval(() => void scanEingang(), 3000),
      setInterval(
        () =>
          void db!
            .query<{ n: number }>(
              "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'aktenwerk %'",
            )
            .then(
              (r) => (maxVerbindungen = Math.max(maxVerbindungen, r.rows[0]!.n)),
              () => undefined,
            ),
        1000,
      ),
    ];
    const tLast = performance.now();
    const [dmin, dmax] = arg.denkzeitMs;
    const meldung = setInterval(() => {
      const fehler = [...messung.fehler.values()].reduce((a, b) => a + b, 0);
      process.stdout.write(
        `  … ${fmt((performance.now() - tLast) / 60_000)} min, ${messung.anfragen} Anfragen, ${fehler} Fehler, Last ${fmt(os.loadavg()[0]!, 2)}\n`,
      );
    }, 60_000);
    await Promise.all(
      sitzungen.map(async (s, i) => {
        const c = new Sachbearbeiter(basis, s, messung);
        // Staggered start: the clerks do not all press a key in the same second.
        await schlafe((i / sitzungen.length) * dmax);
        while (Date.now() < ende) {
          const [name, , aktion] = waehleAktion();
          await zeitlich(messung, name, () => aktion(c));
          await schlafe(dmin + Math.random() * (dmax - dmin));
        }
      }),
    );
    const lastSekunden = (performance.now() - tLast) / 1000;
    clearInterval(meldung);
    for (const t of intervalle) clearInterval(t);
    await probe(false);
    const lastNachher = os.loadavg();

    // Every scan taken exactly once (waiting a little for the last ones).
    for (let i = 0; i < 60; i++) {
      const rest = (await fs.readdir(scanOrdner)).filter((n) => n.endsWith(".pdf"));
      if (rest.length === 0) break;
      await schlafe(1000);
    }
    const scanZeilen = (
      await db.query<{ name: string; n: number }>(
        "SELECT scanprotokoll->>'dateiname' AS name, count(*)::int AS n FROM posteingang_eintrag WHERE kanal = 'scan' GROUP BY 1",
      )
    ).rows;

    // ------------------------------------------------------------ report
    const aktionenGesamt = AKTIONEN.reduce((s, [n]) => s + (messung.dauern.get(n)?.length ?? 0), 0);
    const fehlerGesamt = [...messung.fehler.values()].reduce((a, b) => a + b, 0);
    console.log(
      `\nBoden: GET /auth/me über den Proxy ohne Last, p50 ${fmt(bodenP50)} ms (p95 ${fmt(percentile(boden, 95))} ms)`,
    );
    console.log(
      `Last: ${fmt(lastSekunden / 60)} min, ${arg.nutzer} Sachbearbeitende, Denkzeit ${dmin / 1000}–${dmax / 1000} s\n`,
    );
    console.log(
      "Aktion                    Anzahl    p50 ms    p95 ms    p99 ms    max ms   p50/Boden  Fehler",
    );
    for (const name of [
      ...AKTIONEN.map(([n]) => n).flatMap((n) => (n === "Dokument öffnen" ? [n, SEITENBILD] : [n])),
    ]) {
      const d = [...(messung.dauern.get(name) ?? [])].sort((x, y) => x - y);
      const f = messung.fehler.get(name) ?? 0;
      console.log(
        `${name.padEnd(24)}${String(d.length).padStart(8)}${fmt(percentile(d, 50)).padStart(10)}${fmt(percentile(d, 95)).padStart(10)}` +
          `${fmt(percentile(d, 99)).padStart(10)}${fmt(d.at(-1) ?? Number.NaN).padStart(10)}${fmt(percentile(d, 50) / bodenP50).padStart(12)}${String(f).padStart(8)}`,
      );
    }
    console.log(
      `\nDurchsatz: ${fmt(aktionenGesamt / lastSekunden)} Aktionen/s, ${fmt(messung.anfragen / lastSekunden)} Anfragen/s ` +
        `(${messung.anfragen} Anfragen; Proxy: ${proxy.zaehler.map((z, i) => `Knoten ${i + 1} ${z}`).join(", ")})`,
    );
    console.log(`Fehler: ${fehlerGesamt} von ${aktionenGesamt + fehlerGesamt} Aktionen (Ziel 0)`);
    for (const t of messung.fehlerTexte) console.log(`  ${t}`);
    console.log(
      `Datenbankverbindungen der Knoten, höchstens: ${maxVerbindungen}; im Mittel je Zustand (Probe je Sekunde):`,
    );
    for (const [was, n] of [...warten].sort((x, y) => y[1] - x[1]).slice(0, 8))
      console.log(`  ${fmt(n / Math.max(1, wartenProben))}  ${was}`);
    console.log("\nProzess                       CPU-Anteil (1 Kern = 100 %)   RSS Mittel   RSS Spitze");
    for (const [name, r] of prozesse)
      console.log(
        `${name.padEnd(30)}${`${fmt(((r.cpuEnde - r.cpuStart) / lastSekunden) * 100)} %`.padStart(16)}` +
          `${`${fmt(r.rssSumme / r.proben / 1024 ** 2, 0)} MiB`.padStart(27)}${`${fmt(r.rssSpitze / 1024 ** 2, 0)} MiB`.padStart(13)}`,
      );
    const doppelt = scanZeilen.filter((z) => z.n !== 1).length;
    console.log(
      `\nScanordner (alle drei Knoten konfiguriert): ${scans} Scans abgelegt, ${scanZeilen.length} aufgenommen, ` +
        `${doppelt} doppelt; Sperre gesehen bei ${[...sperrSichtungen].map(([n, z]) => `${n} ${z}×`).join(", ") || "niemandem"} ` +
        `(Proben alle 100 ms), von zwei Knoten zugleich gehalten: ${gleichzeitig}×`,
    );
    console.log(
      `Lastdurchschnitt nachher (1/5/15 min): ${lastNachher.map((l) => fmt(l, 2)).join(" / ")} (Maschine geteilt)`,
    );
    for (const k of knoten)
      if (/"level":(50|60)/.test(k.ausgabe()))
        console.log(`\n${k.name} meldete Fehler:\n${k.ausgabe().slice(-3000)}`);
  } catch (error) {
    for (const k of knoten) console.error(`\n--- ${k.name}, letzte Ausgabe:\n${k.ausgabe().slice(-4000)}`);
    throw error;
  } finally {
    for (const k of knoten.reverse()) await stoppe(k).catch(() => undefined);
    await proxy?.close();
    await db?.close();
    await embedded?.stop("fast");
    agent.destroy();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
