import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { absturzSzenario, type AbsturzErgebnis } from "../helpers/absturz.js";
import { tempDataDir } from "../helpers/process.js";

/**
 * The short form of `npm run bench -- absturz`: a real `aktenwerk serve` and `aktenwerk import` on
 * the embedded database, killed with SIGKILL while files come in (app processes three times, then
 * the PostgreSQL postmaster); nothing acknowledged may be lost, nothing left half written.
 */
let dataDir: string;
let ergebnis: AbsturzErgebnis;

beforeAll(async () => {
  dataDir = await tempDataDir();
  ergebnis = await absturzSzenario({
    dataDir,
    bodenDateien: 8,
    phasen: [
      { ziel: "app", dateien: 24, kills: 3 },
      { ziel: "datenbank", dateien: 16, kills: 1 },
    ],
    seed: 16,
  });
}, 600_000);

afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe.each(["app", "datenbank"] as const)("kill -9 of the %s during a bulk intake", (ziel) => {
  const phase = () => ergebnis.phasen.find((p) => p.ziel === ziel)!;

  it("was really killed, and the server came back each time", () => {
    const p = phase();
    if (ziel === "app") {
      // Kills follow the upload's progress; on a fast machine the last stretch may end before its
      // kill lands, so at least two of the three planned (and never more).
      expect(p.kills.serve + p.kills.import).toBeGreaterThanOrEqual(2);
      expect(p.kills.serve + p.kills.import).toBeLessThanOrEqual(3);
      expect(p.serveNeustarts).toBe(p.kills.serve);
      expect(p.wiederDa).toHaveLength(p.kills.serve);
    } else {
      expect(p.kills.postgres).toBe(1);
      expect(p.wiederDa).toHaveLength(1);
    }
    // serve never died on its own (before the fix, a killed database took it down with it).
    expect(p.serveUnerwartetBeendet).toBe(0);
  });

  it("every acknowledged upload exists with its exact bytes", () => {
    const p = phase();
    expect(p.http.bestaetigt).toBe(p.dateien / 2);
    expect(p.http.verloren).toBe(0);
    expect(p.http.geprueft).toBe(p.http.bestaetigt);
    // While the database restarts the answer is a 503 to retry, never a 500.
    expect(p.http.antworten["500"] ?? 0).toBe(0);
  });

  it("no Dokument is without its blob; fsck --repair leaves no orphan and no problem", () => {
    const p = phase();
    expect(p.ohneBlob).toBe(0);
    expect(p.fsck).toMatchObject({ verwaistNachher: 0, probleme: 0 });
    expect(p.fsck.entfernt).toBe(p.fsck.verwaistVorher);
  });

  it("the Protokoll's chain holds", () => {
    expect(phase().protokoll).toMatchObject({ ok: true });
    expect(phase().protokoll.anzahl).toBeGreaterThan(0);
  });

  it("the import resumed where it stopped: each file exactly once, and a further run adds nothing", () => {
    const p = phase();
    expect(p.import).toMatchObject({ doppelt: 0, fehlend: 0, dokumente: p.dateien / 2 });
    expect(p.import.wiederholung).toEqual({ aufgenommen: 0, uebersprungen: p.dateien / 2, probleme: 0 });
  });
});
