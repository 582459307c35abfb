import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import { absturzSzenario, type PhasenErgebnis } from "../test/helpers/absturz.js";
import { BIN, tempDataDir } from "../test/helpers/process.js";
import { fmt, machine, summary } from "./harness.js";

/**
 * `npm run bench -- absturz [--kurz]`: crashes lose nothing. A bulk intake (half HTTP uploads into
 * a real `aktenwerk serve`, half `aktenwerk import`) while the app processes are killed with
 * SIGKILL at random moments, then the same while the embedded PostgreSQL's postmaster is killed.
 * Afterwards: every acknowledged upload downloaded and compared, no Dokument without its blob,
 * fsck --repair leaves no orphan, protokoll verify clean, the import run again adds nothing.
 * Full: 2,000 files and 50 kills per phase; --kurz: 200 files and 5 kills.
 */
export async function run(): Promise<void> {
  const kurz = process.argv.includes("--kurz");
  const dateien = kurz ? 200 : Number(process.env.BENCH_DATEIEN ?? 2000);
  const kills = kurz ? 5 : Number(process.env.BENCH_KILLS ?? 50);
  const boden = Math.max(40, Math.round(dateien / 10));
  if (!existsSync(new URL("../dist/server/cli.js", import.meta.url)))
    throw new Error(`Der Bench startet das echte Programm (${BIN}): bitte zuerst \`npm run build\`.`);
  console.log(`Absturz (kill -9 während eines Massenimports) – ${machine()}`);
  console.log(
    `${dateien} Dateien je Phase (je zur Hälfte HTTP-Upload an \`aktenwerk serve\` und \`aktenwerk import\`), ${kills} Kills je Phase; Boden: ${boden} Uploads ohne Kill.\n`,
  );
  const dataDir = await tempDataDir();
  const t0 = performance.now();
  try {
    const ergebnis = await absturzSzenario({
      dataDir,
      bodenDateien: boden,
      phasen: [
        { ziel: "app", dateien, kills },
        { ziel: "datenbank", dateien, kills },
      ],
      log: (z) => console.log(`  … ${z}`),
    });
    const bodenRate = ergebnis.bodenDateienProSekunde;
    console.log(
      `\nBoden (gleicher Client, keine Kills): ${fmt(bodenRate)} Dateien/s; sauberer Start von serve: ${fmt(ergebnis.startMs, 0)} ms.`,
    );
    let ok = true;
    for (const p of ergebnis.phasen) ok = druckePhase(p, bodenRate, ergebnis.startMs) && ok;
    console.log(`\nGesamtzeit: ${fmt((performance.now() - t0) / 1000, 0)} s.`);
    console.log(
      ok ? "Ergebnis: NICHTS VERLOREN – alle Prüfungen bestanden." : "Ergebnis: PRÜFUNG FEHLGESCHLAGEN.",
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

function druckePhase(p: PhasenErgebnis, bodenRate: number, startMs: number): boolean {
  const titel =
    p.ziel === "app"
      ? "Phase 1: App-Prozesse mit kill -9 beendet (serve und import)"
      : "Phase 2: eingebetteter PostgreSQL (Postmaster) mit kill -9 beendet";
  const rate = p.dateien / (p.ms / 1000);
  const wieder = summary(p.wiederDa);
  const zeilen: [string, string, boolean][] = [
    [
      "Quittierte Uploads vorhanden, Bytes gleich",
      `${p.http.geprueft} von ${p.http.bestaetigt} (verloren: ${p.http.verloren})`,
      p.http.verloren === 0 && p.http.geprueft === p.http.bestaetigt && p.http.bestaetigt === p.dateien / 2,
    ],
    ["Dokumente ohne ihren Inhalt", String(p.ohneBlob), p.ohneBlob === 0],
    [
      "Import: jede Datei genau einmal",
      `${p.import.dokumente} Dokumente, ${p.import.doppelt} doppelt, ${p.import.fehlend} fehlend`,
      p.import.doppelt === 0 && p.import.fehlend === 0,
    ],
    [
      "Import erneut über denselben Ordner",
      `${p.import.wiederholung.aufgenommen} neu, ${p.import.wiederholung.uebersprungen} übersprungen, ${p.import.wiederholung.probleme} Probleme`,
      p.import.wiederholung.aufgenommen === 0 && p.import.wiederholung.probleme === 0,
    ],
    [
      "fsck --repair",
      `${p.fsck.verwaistVorher} verwaist vorher, ${p.fsck.entfernt} entfernt, danach ${p.fsck.verwaistNachher} verwaist, ${p.fsck.probleme} Probleme`,
      p.fsck.verwaistNachher === 0 && p.fsck.probleme === 0,
    ],
    [
      "protokoll verify",
      p.protokoll.ok
        ? `in Ordnung (${p.protokoll.anzahl} Einträge)`
        : `NICHT in Ordnung: ${p.protokoll.grund}`,
      p.protokoll.ok,
    ],
  ];
  console.log(`\n${titel}`);
  console.log(
    `  Kills: ${p.kills.serve} serve, ${p.kills.import} import, ${p.kills.postgres} postgres; serve neu gestartet: ${p.serveNeustarts} (davon ohne Kill beendet: ${p.serveUnerwartetBeendet}); Import-Läufe bis vollständig: ${p.importLaeufe}`,
  );
  console.log(
    `  Zeit: ${fmt(p.ms / 1000, 0)} s für ${p.dateien} Dateien → ${fmt(rate)} Dateien/s = ${fmt(rate / bodenRate, 2)} × Boden`,
  );
  if (wieder.n > 0)
    console.log(
      `  Wieder erreichbar nach Kill: p50 ${fmt(wieder.p50, 0)} ms, p95 ${fmt(wieder.p95, 0)} ms (${p.ziel === "app" ? "Neustart" : "Datenbank-Neustart durch serve"}) = ${fmt(wieder.p50 / startMs, 2)} × sauberer Start`,
    );
  console.log(
    `  HTTP: ${p.http.wiederholungen} Wiederholungen (Antworten: ${
      Object.entries(p.http.antworten)
        .map(([s, n]) => `${s === "0" ? "keine Verbindung" : s} ×${n}`)
        .join(", ") || "–"
    }); doppelt, weil die Antwort verloren ging: ${p.http.doppelt}`,
  );
  let ok = true;
  for (const [was, wert, gut] of zeilen) {
    console.log(`  ${gut ? "✓" : "✗"} ${was}: ${wert}`);
    ok &&= gut;
  }
  return ok;
}
