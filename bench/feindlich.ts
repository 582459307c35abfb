import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createBenutzer } from "../src/server/modules/access/access.service.js";
import { createWorker } from "../src/server/main.js";
import { schliesseParserPool } from "../src/server/platform/parser-pool/pool.js";
import { login } from "../test/helpers/factories.js";
import {
  docxBombe,
  odtBombe,
  ooxmlBombe,
  pngMitGroesse,
  rechenPdf,
  xdomeaBombe,
} from "../test/helpers/feindlich.js";
import { multipart } from "../test/helpers/multipart.js";
import { benchContext, benchDatabase, benchVorgang, fmt, machine, percentile } from "./harness.js";

/**
 * `npm run bench -- feindlich`: 20 hostile files (PDFs that keep pdf.js busy, Office and xdomea zip
 * bombs whose headers lie, images that claim billions of pixels) arrive through the API while a
 * client in another process asks `/api/v1/health` every 20 ms. Prints the server's event-loop lag
 * and the client's latency (idle and under attack), the peak memory, and how each file ended.
 */

const GB = 1024 ** 3;
/** The parser pool's time limit in this run (the server's default is 60 s; the attack would last minutes). */
const PARSER_SEKUNDEN = Number(process.env.BENCH_PARSER_SEKUNDEN ?? 10);
const LEERLAUF_MS = 5000;

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

/** Resident memory of this process's descendants (not the embedded PostgreSQL), and of PostgreSQL. */
async function kinderRss(): Promise<{ andere: number; postgres: number }> {
  const eltern = new Map<number, number>();
  const rss = new Map<number, number>();
  const name = new Map<number, string>();
  for (const eintrag of await readdir("/proc")) {
    if (!/^\d+$/.test(eintrag)) continue;
    try {
      const stat = await readFile(`/proc/${eintrag}/stat`, "utf8");
      const felder = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
      const pid = Number(eintrag);
      eltern.set(pid, Number(felder[1]));
      rss.set(pid, Number(felder[21]) * 4096);
      name.set(pid, stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")));
    } catch {
      // Gone meanwhile.
    }
  }
  const summe = { andere: 0, postgres: 0 };
  for (const [pid, ppid] of eltern) {
    let p = ppid;
    let nachfahre = false;
    for (let tiefe = 0; tiefe < 20 && p > 1; tiefe++) {
      if (p === process.pid) {
        nachfahre = true;
        break;
      }
      p = eltern.get(p) ?? 0;
    }
    if (!nachfahre) continue;
    if (name.get(pid) === "postgres") summe.postgres += rss.get(pid) ?? 0;
    else summe.andere += rss.get(pid) ?? 0;
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
  const code = await new Promise<number | null>((r) => kind.on("exit", r));
  if (code !== 0) throw new Error(`Erzeugen der Dateien fehlgeschlagen (Exit ${code})`);
  return JSON.parse(ausgabe) as { name: string; art: Feind["art"]; pfad: string; groesse: number }[];
}

const mb = (bytes: number) => fmt(bytes / 1024 / 1024, 0);
const ms = (n: number) => fmt(n, 1);

export async function run(): Promise<void> {
  const schritt = (text: string) => console.error(`[feindlich] ${text}`);
  schritt("Dateien erzeugen, Datenbank starten");
  const { db, dir, close } = await benchDatabase();
  const ctx = await benchContext(db, dir);
  ctx.config = { ...ctx.config, parserSekunden: PARSER_SEKUNDEN };
  const { app, session, vorgangId } = await benchVorgang(ctx);
  await createBenutzer(ctx, "system", {
    benutzername: "registratur",
    nachname: "Schulz",
    passwort: "Bench-Passwort-1",
    mitgliedschaften: [{ oe: "63", rolle: "Registratur" }],
  });
  const registratur = await login(app, "registratur", "Bench-Passwort-1");
  const worker = createWorker(ctx);
  worker.start();
  const adresse = await app.listen({ port: 0, host: "127.0.0.1" });
  const dateiOrdner = await mkdtemp(path.join(os.tmpdir(), "aktenwerk-feindlich-"));
  const dateien = await erzeugeFeinde(dateiOrdner);
  const client = spawn(process.execPath, ["-e", CLIENT, `${adresse}/api/v1/health`], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let clientAusgabe = "";
  client.stdout.on("data", (c: Buffer) => (clientAusgabe += c.toString("utf8")));

  // Memory: this process (main thread and the pool's worker threads) and its child processes.
  let rssSpitze = 0;
  let kinderSpitze = { andere: 0, postgres: 0 };
  let messen = true;
  const rssProbe = setInterval(() => (rssSpitze = Math.max(rssSpitze, process.memoryUsage().rss)), 20);
  const kinderProbe = (async () => {
    while (messen) {
      const k = await kinderRss();
      kinderSpitze = {
        andere: Math.max(kinderSpitze.andere, k.andere),
        postgres: Math.max(kinderSpitze.postgres, k.postgres),
      };
      await new Promise((r) => setTimeout(r, 200));
    }
  })();

  try {
    // Idle floor: warmed up (pdf.js loaded in the threads), nothing to do.
    await new Promise((r) => setTimeout(r, 2000));
    const leerlauf = monitorEventLoopDelay({ resolution: 10 });
    const leerlaufStart = Date.now();
    leerlauf.enable();
    await new Promise((r) => setTimeout(r, LEERLAUF_MS));
    leerlauf.disable();
    const leerlaufEnde = Date.now();
    const rssLeerlauf = process.memoryUsage().rss;

    schritt("Angriff: hochladen");
    const angriff = monitorEventLoopDelay({ resolution: 10 });
    const angriffStart = Date.now();
    angriff.enable();
    const start = performance.now();
    const xdomeaErgebnisse = new Map<string, string>();
    for (const d of dateien) {
      if (d.art === "upload") {
        const { payload, headers } = multipart(
          { metadaten: { typ: "Eingang", titel: d.name } },
          {
            filename: d.name,
            content: await readFile(d.pfad),
          },
        );
        const r = await app.inject({
          method: "POST",
          url: `/api/v1/vorgaenge/${vorgangId}/dokumente`,
          headers: { ...session.headers, ...headers },
          payload,
        });
        if (r.statusCode !== 201) throw new Error(`${d.name}: ${r.body}`);
      } else {
        // The xdomea import answers at once, so it runs beside the uploads' jobs.
        void app
          .inject({
            method: "POST",
            url: "/api/v1/xdomea/import",
            headers: { ...registratur.headers, "content-type": "application/zip" },
            payload: await readFile(d.pfad),
          })
          .then((r) => {
            const body = r.json() as { detail?: string };
            xdomeaErgebnisse.set(
              d.name,
              r.statusCode >= 400
                ? `fehlgeschlagen (HTTP ${r.statusCode}): ${body.detail ?? ""}`
                : `angenommen (HTTP ${r.statusCode})`,
            );
          });
      }
    }
    // Until every job has ended and every import has answered.
    schritt("warten, bis alle Jobs beendet sind");
    for (let runde = 0; ; runde++) {
      const { rows } = await db.query<{ offen: number }>(
        "SELECT count(*)::int AS offen FROM job WHERE status IN ('wartend', 'laufend')",
      );
      if (runde % 25 === 0)
        schritt(`offen: ${rows[0]!.offen} Jobs, ${xdomeaErgebnisse.size} xdomea-Antworten`);
      if (rows[0]!.offen === 0 && xdomeaErgebnisse.size === dateien.filter((d) => d.art === "xdomea").length)
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const sekunden = (performance.now() - start) / 1000;
    angriff.disable();
    const angriffEnde = Date.now();

    client.stdin.write("stop\n");
    await new Promise((r) => client.on("exit", r));
    const zeiten = JSON.parse(clientAusgabe) as [number, number, number][];
    const latenz = (von: number, bis: number) =>
      zeiten
        .filter(([t]) => t >= von && t <= bis)
        .map(([, d]) => d)
        .sort((a, b) => a - b);
    const idle = latenz(leerlaufStart, leerlaufEnde);
    const unter = latenz(angriffStart, angriffEnde);
    const fehler = zeiten.filter(([t, , s]) => t >= angriffStart && t <= angriffEnde && s !== 200).length;

    const { rows: status } = await db.query<{ titel: string; status: string; grund: string | null }>(
      `SELECT d.titel, i.status, i.grund FROM dokument d JOIN dokument_inhalt i ON i.dokument_id = d.id
       WHERE d.vorgang_id = $1 ORDER BY d.erstellt_am`,
      [vorgangId],
    );

    const lagIdle = leerlauf.percentile(99) / 1e6;
    const lagAngriff = angriff.percentile(99) / 1e6;
    console.log(
      `Feindliche Dateien: ${dateien.length} (${mb(dateien.reduce((s, d) => s + d.groesse, 0))} MB hochgeladen), Parser-Zeitgrenze ${PARSER_SEKUNDEN} s, ${fmt(sekunden)} s bis alle beendet`,
    );
    console.log(
      `Event-Loop-Verzögerung im Server p99: ${ms(lagAngriff)} ms unter Angriff, ${ms(lagIdle)} ms im Leerlauf (×${fmt(lagAngriff / lagIdle, 2)}); max ${ms(angriff.max / 1e6)} ms`,
    );
    console.log(
      `/api/v1/health aus eigenem Prozess alle 20 ms: p50 ${ms(percentile(unter, 50))} / p99 ${ms(percentile(unter, 99))} / max ${ms(unter.at(-1) ?? Number.NaN)} ms unter Angriff (n=${unter.length}, ${fehler} Fehler), Leerlauf p50 ${ms(percentile(idle, 50))} / p99 ${ms(percentile(idle, 99))} ms (n=${idle.length}; p99 ×${fmt(percentile(unter, 99) / percentile(idle, 99), 2)})`,
    );
    console.log(
      `Spitze RSS des Servers (Haupt- und Worker-Threads): ${mb(rssSpitze)} MB, im Leerlauf ${mb(rssLeerlauf)} MB (×${fmt(rssSpitze / rssLeerlauf, 2)})`,
    );
    console.log(
      `Spitze RSS der Kindprozesse: ${mb(kinderSpitze.andere)} MB (gs/ocrmypdf/tesseract), eingebettetes PostgreSQL ${mb(kinderSpitze.postgres)} MB`,
    );
    console.log("Ergebnis je Datei:");
    for (const d of dateien) {
      const zeile =
        d.art === "xdomea"
          ? xdomeaErgebnisse.get(d.name)
          : ((s) => (s ? `${s.status}${s.grund ? `: ${s.grund}` : ""}` : "kein Eintrag"))(
              status.find((s) => s.titel === d.name),
            );
      console.log(`  ${d.name.padEnd(22)} ${fmt(d.groesse / 1024, 0).padStart(6)} KB  ${zeile}`);
    }
    console.log(`Maschine: ${machine()}`);
  } finally {
    messen = false;
    clearInterval(rssProbe);
    await kinderProbe;
    if (client.exitCode === null) client.kill();
    schritt("aufräumen");
    await worker.stop();
    await schliesseParserPool();
    await app.close();
    await close();
    await rm(dateiOrdner, { recursive: true, force: true });
    schritt("fertig");
  }
}
