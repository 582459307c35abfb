import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createPool, Database } from "../src/server/platform/database/database.js";
import { EmbeddedPostgres } from "../src/server/platform/database/embedded.js";
import { packageRoot } from "../src/server/platform/paths.js";
import {
  docxBombe,
  odtBombe,
  ooxmlBombe,
  pngMitGroesse,
  rechenPdf,
  xdomeaBombe,
} from "../test/helpers/feindlich.js";
import { multipart } from "../test/helpers/multipart.js";
import { fmt, machine, percentile, vmRss } from "./harness.js";

/**
 * `npm run bench -- feindlich`: 21 hostile files (PDFs that keep pdf.js busy, Office and xdomea zip
 * bombs whose headers lie, images that claim billions of pixels) arrive through the HTTP API of the
 * built server (`npm run build`, then `bin/aktenwerk.js serve` in a process of its own, on the
 * embedded database with the demo county), while a client in a third process asks
 * `/api/v1/health` every 20 ms. Prints the server's event-loop lag and the client's latency (idle
 * and under attack), the server process's peak memory, and how each file ended.
 *
 * How it measures: the server's event-loop delay by `monitorEventLoopDelay` inside the server
 * process (a probe loaded with `--import`, started and read over the IPC channel); the server's
 * memory as VmRSS of its process (main thread and all worker threads) from /proc every 20 ms;
 * child processes (Ghostscript, ocrmypdf, tesseract) and the embedded PostgreSQL every 200 ms,
 * reported apart. Every absolute figure stands beside its ratio to the floor of the same run
 * (5 s idle after the demo county's jobs have ended).
 */

const GB = 1024 ** 3;
/** The parser pool's time limit in this run (the server's default is 60 s; the attack would last minutes). */
const PARSER_SEKUNDEN = Number(process.env.BENCH_PARSER_SEKUNDEN ?? 10);
const LEERLAUF_MS = 5000;
const PASSWORT = "Bench-Passwort-1";

interface Feind {
  name: string;
  art: "upload" | "xdomea";
  inhalt: Buffer;
}

/** The files' names and kinds; their content is made in a child process (see `erzeugeFeinde`). */
export function feinde(): Feind[] {
  const f = (name: string, inhalt: Buffer, art: Feind["art"] = "upload"): Feind => ({ name, art, inhalt });
  return [
    f("text-1500k.pdf", rechenPdf(1_500_000, "text")),
    f("text-2000k.pdf", rechenPdf(2_000_000, "text")),
    f("text-3000k.pdf", rechenPdf(3_000_000, "text")),
    f("text-1000k-b.pdf", rechenPdf(1_000_000, "text")),
    f("text-1200k-c.pdf", rechenPdf(1_200_000, "text")),
    // Refused by its count of text items, not killed: its preview is drawn, and stopped by the
    // preview's limit on drawing operations.
    f("text-600k.pdf", rechenPdf(600_000, "text")),
    f("seiten-500x20k.pdf", rechenPdf(20_000, "text", 500)),
    f("seiten-500x50k.pdf", rechenPdf(50_000, "text", 500)),
    f("bombe-1gb.docx", docxBombe(GB)),
    f("bombe-4gb.docx", docxBombe(4 * GB)),
    f("bombe-1gb.odt", odtBombe(GB)),
    f("bombe-2gb.ods", odtBombe(2 * GB, "spreadsheet")),
    f("bombe-1gb.xlsx", ooxmlBombe("xlsx", GB)),
    f("bombe-1gb.pptx", ooxmlBombe("pptx", GB)),
    f("bombe-2gb-b.docx", docxBombe(2 * GB)),
    f("riesig-50000mp.png", pngMitGroesse(250_000, 200_000)),
    f("riesig-10000mp.png", pngMitGroesse(100_000, 100_000)),
    f("riesig-4295mp.png", pngMitGroesse(65_535, 65_535)),
    f("xdomea-bombe-4gb.zip", xdomeaBombe(4 * GB), "xdomea"),
    f("xdomea-bombe-2gb.zip", xdomeaBombe(2 * GB, 1000), "xdomea"),
    f("xdomea-bombe-1gb.zip", xdomeaBombe(GB), "xdomea"),
  ];
}

/** One line of /proc/<pid>/stat: parent and resident bytes, or null once the process is gone. */
async function procStat(pid: number): Promise<{ ppid: number; rss: number; name: string } | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const felder = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    return {
      ppid: Number(felder[1]),
      rss: Number(felder[21]) * 4096,
      name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
    };
  } catch {
    return null;
  }
}

/**
 * Resident memory of the server's descendants (Ghostscript, ocrmypdf, tesseract) and of the
 * embedded PostgreSQL: its postmaster (from postmaster.pid; pg_ctl detaches it from the server)
 * and the postmaster's children.
 */
async function kinderRss(server: number, pgDir: string): Promise<{ andere: number; postgres: number }> {
  const postmaster = Number(
    (await readFile(path.join(pgDir, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0],
  );
  const eltern = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const eintrag of await readdir("/proc")) {
    if (!/^\d+$/.test(eintrag)) continue;
    const s = await procStat(Number(eintrag));
    if (!s) continue;
    eltern.set(Number(eintrag), s.ppid);
    rss.set(Number(eintrag), s.rss);
  }
  const summe = { andere: 0, postgres: 0 };
  for (const [pid, ppid] of eltern) {
    if (pid === postmaster || ppid === postmaster) {
      summe.postgres += rss.get(pid) ?? 0;
      continue;
    }
    let p = ppid;
    for (let tiefe = 0; tiefe < 20 && p > 1; tiefe++) {
      if (p === server) {
        summe.andere += rss.get(pid) ?? 0;
        break;
      }
      p = eltern.get(p) ?? 0;
    }
  }
  return summe;
}

/** The health client: another process that asks every 20 ms and reports each latency when told to stop. */
const CLIENT = `
const url = process.argv[1];
const zeiten = [];
let aus = false;
process.stdin.on("data", () => { aus = true; });
(async () => {
  while (!aus) {
    const start = performance.now();
    try { const r = await fetch(url); await r.arrayBuffer(); zeiten.push([Date.now(), performance.now() - start, r.status]); }
    catch { zeiten.push([Date.now(), performance.now() - start, 0]); }
    await new Promise((r) => setTimeout(r, 20));
  }
  process.stdout.write(JSON.stringify(zeiten));
  process.exit(0);
})();
`;

/**
 * The lag probe, loaded into the server process with `--import`: the event-loop delay of the
 * server's main thread between "start" and "stopp", answered over the IPC channel. It never keeps
 * the server alive (the channel is unref'd).
 */
const SONDE = `
import { monitorEventLoopDelay } from "node:perf_hooks";
const h = monitorEventLoopDelay({ resolution: 10 });
process.on("message", (m) => {
  if (m === "start") { h.reset(); h.enable(); }
  if (m === "stopp") { h.disable(); process.send({ p99: h.percentile(99) / 1e6, max: h.max / 1e6 }); }
});
process.channel?.unref();
`;

/**
 * Makes the hostile files in a child process and writes them to `ordner`: building the bombs takes
 * a few hundred MB, which would otherwise stay in this process's RSS and be counted as the server's.
 */
async function erzeugeFeinde(
  ordner: string,
): Promise<{ name: string; art: Feind["art"]; pfad: string; groesse: number }[]> {
  const skript = `
    const { feinde } = await import(${JSON.stringify(import.meta.url)});
    const { writeFile } = await import("node:fs/promises");
    const liste = [];
    for (const d of feinde()) {
      const pfad = ${JSON.stringify(ordner)} + "/" + d.name;
      await writeFile(pfad, d.inhalt);
      liste.push({ name: d.name, art: d.art, pfad, groesse: d.inhalt.length });
    }
    process.stdout.write(JSON.stringify(liste));`;
  const kind = spawn(process.execPath, [...process.execArgv, "--input-type=module", "-e", skript], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let ausgabe = "";
  kind.stdout.on("data", (c: Buffer) => (ausgabe += c.toString("utf8")));
  const [code] = (await once(kind, "exit")) as [number | null];
  if (code !== 0) throw new Error(`Erzeugen der Dateien fehlgeschlagen (Exit ${code})`);
  return JSON.parse(ausgabe) as { name: string; art: Feind["art"]; pfad: string; groesse: number }[];
}

/** `npm run build`: the server measured is the one `aktenwerk serve` runs, built from this tree. */
async function baue(): Promise<void> {
  const npm = spawn("npm", ["run", "build"], { cwd: packageRoot, stdio: ["ignore", "ignore", "inherit"] });
  const [code] = (await once(npm, "exit")) as [number | null];
  if (code !== 0) throw new Error(`npm run build fehlgeschlagen (Exit ${code})`);
}

/** Starts `aktenwerk serve` on `datenOrdner`; resolves with its address once it listens. */
async function starteServer(datenOrdner: string): Promise<{ server: ChildProcess; adresse: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AKTENWERK_DATA: datenOrdner,
    AKTENWERK_DEMO_PASSWORD: PASSWORT,
    AKTENWERK_PARSER_SEKUNDEN: String(PARSER_SEKUNDEN),
    LOG_LEVEL: "warn",
  };
  // The embedded database, whatever the caller's environment names.
  delete env.DATABASE_URL;
  delete env.BLOB_STORE;
  const server = spawn(
    process.execPath,
    [
      `--import=data:text/javascript,${encodeURIComponent(SONDE)}`,
      path.join(packageRoot, "bin", "aktenwerk.js"),
      "serve",
      "--port",
      "0",
    ],
    { cwd: datenOrdner, env, stdio: ["ignore", "ignore", "pipe", "ipc"] },
  );
  let fehler = "";
  const adresse = await new Promise<string>((resolve, reject) => {
    server.stderr!.on("data", (c: Buffer) => {
      fehler += c.toString("utf8");
      const treffer = /Aktenwerk läuft auf (http:\/\/\S+)/.exec(fehler);
      if (treffer) resolve(treffer[1]!);
    });
    server.once("exit", (code) =>
      reject(new Error(`Der Server endete beim Start (Exit ${code}):\n${fehler}`)),
    );
  });
  // Keep draining its stderr (warnings) so the pipe never fills.
  server.stderr!.removeAllListeners("data");
  server.stderr!.resume();
  return { server, adresse };
}

/** Asks the lag probe in the server for its figures since "start". */
async function sonde(server: ChildProcess, befehl: "start" | "stopp"): Promise<{ p99: number; max: number }> {
  const antwort = befehl === "stopp" ? once(server, "message") : null;
  server.send(befehl);
  return antwort ? ((await antwort)[0] as { p99: number; max: number }) : { p99: 0, max: 0 };
}

/** A browser session over HTTP: the cookie and the CSRF token. */
async function anmelden(adresse: string, benutzername: string): Promise<Record<string, string>> {
  const r = await fetch(`${adresse}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ benutzername, passwort: PASSWORT }),
  });
  if (r.status !== 200) throw new Error(`Anmeldung ${benutzername}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith("aktenwerk_sitzung="))!;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie: cookie.split(";")[0]!, "x-csrf-token": csrfToken };
}

async function postJson<T>(
  adresse: string,
  pfad: string,
  kopf: Record<string, string>,
  body: unknown,
): Promise<T> {
  const r = await fetch(`${adresse}${pfad}`, {
    method: "POST",
    headers: { ...kopf, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (r.status !== 201) throw new Error(`${pfad}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** Jobs due and not ended (waiting or running). */
async function offeneJobs(db: Database): Promise<number> {
  const { rows } = await db.query<{ offen: number }>(
    "SELECT count(*)::int AS offen FROM job WHERE status IN ('wartend', 'laufend') AND faellig_am <= now()",
  );
  return rows[0]!.offen;
}

const mb = (bytes: number) => fmt(bytes / 1024 / 1024, 0);
const ms = (n: number) => fmt(n, 1);
const warte = (millis: number) => new Promise((r) => setTimeout(r, millis));

export async function run(): Promise<void> {
  const schritt = (text: string) => console.error(`[feindlich] ${text}`);
  schritt("Server bauen (npm run build)");
  await baue();
  schritt("Dateien erzeugen, Server mit Demo-Landkreis starten");
  const datenOrdner = await mkdtemp(path.join(os.tmpdir(), "aktenwerk-feindlich-daten-"));
  // Run as root, the embedded PostgreSQL runs as an unprivileged user that must enter the folder.
  await chmod(datenOrdner, 0o755);
  const dateiOrdner = await mkdtemp(path.join(os.tmpdir(), "aktenwerk-feindlich-"));
  let server: ChildProcess | undefined;
  let db: Database | undefined;
  let client: ChildProcess | undefined;
  let messen = true;
  let rssProbe: NodeJS.Timeout | undefined;
  let kinderProbe: Promise<void> = Promise.resolve();
  try {
    const dateien = await erzeugeFeinde(dateiOrdner);
    const gestartet = await starteServer(datenOrdner);
    server = gestartet.server;
    const { adresse } = gestartet;
    const serverPid = server.pid!;
    const verbindung = await new EmbeddedPostgres(datenOrdner).connectToRunning();
    if (!verbindung) throw new Error("Die eingebettete Datenbank des Servers antwortet nicht.");
    db = new Database(createPool(verbindung.url, 2), "eingebettet");

    const mueller = await anmelden(adresse, "mueller");
    const registratur = await anmelden(adresse, "registratur");
    const akte = await postJson<{ id: string }>(adresse, "/api/v1/akten", mueller, {
      aktenplaneinheit: "63.30",
      betreff: "Eingänge (Benchmark feindlicher Dateien)",
      federfuehrendeOe: "63",
    });
    const vorgang = await postJson<{ id: string }>(adresse, `/api/v1/akten/${akte.id}/vorgaenge`, mueller, {
      betreff: "Eingänge",
    });

    // Memory: the server process (main thread and the pool's worker threads) every 20 ms, its
    // child processes and PostgreSQL every 200 ms.
    const rssProben: [number, number][] = [];
    let kinderSpitze = { andere: 0, postgres: 0 };
    rssProbe = setInterval(() => {
      void vmRss(serverPid).then((rss) => rss > 0 && rssProben.push([Date.now(), rss]));
    }, 20);
    const pgDir = path.join(datenOrdner, "pg");
    kinderProbe = (async () => {
      while (messen) {
        const k = await kinderRss(serverPid, pgDir);
        kinderSpitze = {
          andere: Math.max(kinderSpitze.andere, k.andere),
          postgres: Math.max(kinderSpitze.postgres, k.postgres),
        };
        await warte(200);
      }
    })();

    schritt("warten, bis die Jobs des Demo-Landkreises beendet sind");
    while ((await offeneJobs(db)) > 0) await warte(500);
    client = spawn(process.execPath, ["-e", CLIENT, `${adresse}/api/v1/health`], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let clientAusgabe = "";
    client.stdout!.on("data", (c: Buffer) => (clientAusgabe += c.toString("utf8")));

    // Idle floor: warmed up (pdf.js loaded in the thread, demo jobs done), nothing to do.
    schritt("Leerlauf messen");
    await warte(2000);
    const leerlaufStart = Date.now();
    await sonde(server, "start");
    await warte(LEERLAUF_MS);
    const leerlauf = await sonde(server, "stopp");
    const leerlaufEnde = Date.now();
    const rssLeerlaufListe = rssProben
      .filter(([t]) => t >= leerlaufStart && t <= leerlaufEnde)
      .map(([, r]) => r)
      .sort((a, b) => a - b);
    const rssLeerlauf = percentile(rssLeerlaufListe, 50);

    schritt("Angriff: hochladen");
    const angriffStart = Date.now();
    await sonde(server, "start");
    const start = performance.now();
    const dokumente = new Map<string, string>();
    const xdomeaErgebnisse = new Map<string, string>();
    for (const d of dateien) {
      const inhalt = await readFile(d.pfad);
      if (d.art === "upload") {
        const { payload, headers } = multipart(
          { metadaten: { typ: "Eingang", titel: d.name } },
          { filename: d.name, content: inhalt },
        );
        const r = await fetch(`${adresse}/api/v1/vorgaenge/${vorgang.id}/dokumente`, {
          method: "POST",
          headers: { ...mueller, ...headers },
          body: new Uint8Array(payload),
        });
        if (r.status !== 201) throw new Error(`${d.name}: ${r.status} ${await r.text()}`);
        dokumente.set(d.name, ((await r.json()) as { id: string }).id);
      } else {
        // The xdomea import answers at once, so it runs beside the uploads' jobs.
        void fetch(`${adresse}/api/v1/xdomea/import`, {
          method: "POST",
          headers: { ...registratur, "content-type": "application/zip" },
          body: inhalt,
        })
          .then(async (r) => {
            const body = (await r.json().catch(() => ({}))) as { detail?: string };
            xdomeaErgebnisse.set(
              d.name,
              r.status >= 400
                ? `fehlgeschlagen (HTTP ${r.status}): ${body.detail ?? ""}`
                : `angenommen (HTTP ${r.status})`,
            );
          })
          .catch((error: unknown) => xdomeaErgebnisse.set(d.name, `kein Ergebnis: ${String(error)}`));
      }
    }
    // Until every job (text recognition and preview) has ended and every import has answered.
    schritt("warten, bis alle Jobs beendet sind");
    const xdomeaAnzahl = dateien.filter((d) => d.art === "xdomea").length;
    for (let runde = 0; ; runde++) {
      const offen = await offeneJobs(db);
      if (runde % 25 === 0) schritt(`offen: ${offen} Jobs, ${xdomeaErgebnisse.size} xdomea-Antworten`);
      if (offen === 0 && xdomeaErgebnisse.size === xdomeaAnzahl) break;
      await warte(200);
    }
    const sekunden = (performance.now() - start) / 1000;
    const angriff = await sonde(server, "stopp");
    const angriffEnde = Date.now();
    messen = false;
    clearInterval(rssProbe);
    await kinderProbe;
    const rssSpitze = Math.max(...rssProben.filter(([t]) => t >= angriffStart).map(([, r]) => r));

    client.stdin!.write("stop\n");
    await once(client, "exit");
    const zeiten = JSON.parse(clientAusgabe) as [number, number, number][];
    const latenz = (von: number, bis: number) =>
      zeiten
        .filter(([t]) => t >= von && t <= bis)
        .map(([, d]) => d)
        .sort((a, b) => a - b);
    const idle = latenz(leerlaufStart, leerlaufEnde);
    const unter = latenz(angriffStart, angriffEnde);
    const fehler = zeiten.filter(([t, , s]) => t >= angriffStart && t <= angriffEnde && s !== 200).length;

    // Each file's outcome as the clerk sees it on the Dokument.
    const ausgang = new Map<string, string>();
    for (const [name, id] of dokumente) {
      const r = await fetch(`${adresse}/api/v1/dokumente/${id}`, { headers: mueller });
      const t = ((await r.json()) as { texterkennung: { status: string; grund: string | null } | null })
        .texterkennung;
      ausgang.set(name, t ? `${t.status}${t.grund ? `: ${t.grund}` : ""}` : "kein Eintrag");
    }

    console.log(
      `Feindliche Dateien: ${dateien.length} (${mb(dateien.reduce((s, d) => s + d.groesse, 0))} MB hochgeladen), Parser-Zeitgrenze ${PARSER_SEKUNDEN} s, ${fmt(sekunden)} s bis alle beendet`,
    );
    console.log(
      `Event-Loop-Verzögerung im Serverprozess p99: ${ms(angriff.p99)} ms unter Angriff, ${ms(leerlauf.p99)} ms im Leerlauf (×${fmt(angriff.p99 / leerlauf.p99, 2)}); max ${ms(angriff.max)} ms (Leerlauf ${ms(leerlauf.max)} ms)`,
    );
    console.log(
      `/api/v1/health aus eigenem Prozess alle 20 ms: p50 ${ms(percentile(unter, 50))} / p99 ${ms(percentile(unter, 99))} / max ${ms(unter.at(-1) ?? Number.NaN)} ms unter Angriff (n=${unter.length}, ${fehler} Fehler), Leerlauf p50 ${ms(percentile(idle, 50))} / p99 ${ms(percentile(idle, 99))} ms (n=${idle.length}; p99 ×${fmt(percentile(unter, 99) / percentile(idle, 99), 2)})`,
    );
    console.log(
      `Spitze RSS des Serverprozesses (Haupt- und Worker-Threads, VmRSS alle 20 ms, n=${rssProben.length}): ${mb(rssSpitze)} MB unter Angriff, im Leerlauf ${mb(rssLeerlauf)} MB (Median; ×${fmt(rssSpitze / rssLeerlauf, 2)})`,
    );
    console.log(
      `Spitze RSS der Kindprozesse des Servers: ${mb(kinderSpitze.andere)} MB (gs/ocrmypdf/tesseract), eingebettetes PostgreSQL ${mb(kinderSpitze.postgres)} MB`,
    );
    console.log("Ergebnis je Datei:");
    for (const d of dateien) {
      const zeile = d.art === "xdomea" ? xdomeaErgebnisse.get(d.name) : ausgang.get(d.name);
      console.log(`  ${d.name.padEnd(22)} ${fmt(d.groesse / 1024, 0).padStart(6)} KB  ${zeile}`);
    }
    console.log(`Maschine: ${machine()}, Last (1 min) ${fmt(os.loadavg()[0]!, 2)}`);
  } finally {
    messen = false;
    clearInterval(rssProbe);
    await kinderProbe;
    if (client && client.exitCode === null) client.kill();
    schritt("aufräumen");
    await db?.close();
    if (server && server.exitCode === null) {
      const ende = once(server, "exit");
      if (server.connected) server.disconnect();
      server.kill("SIGTERM");
      const zuLange = setTimeout(() => server?.kill("SIGKILL"), 60_000);
      await ende;
      clearTimeout(zuLange);
    }
    await rm(datenOrdner, { recursive: true, force: true });
    await rm(dateiOrdner, { recursive: true, force: true });
    schritt("fertig");
  }
}
