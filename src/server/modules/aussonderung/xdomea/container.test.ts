import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { xdomeaBombe } from "../../../../../test/helpers/feindlich.js";
import { AppError } from "../../../platform/errors.js";
import { aufgabenModul, AufgabenFehler, ParserPool } from "../../../platform/parser-pool/pool.js";
import type { aufgaben } from "./aufgaben.js";
import { entpackeContainer } from "./container.js";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-container-"));
});
afterAll(async () => fs.rm(dir, { recursive: true, force: true }));

async function ablegen(name: string, inhalt: Buffer): Promise<{ datei: string; ordner: string }> {
  const datei = path.join(dir, name);
  await fs.writeFile(datei, inhalt);
  const ordner = await fs.mkdtemp(path.join(dir, "entpackt-"));
  return { datei, ordner };
}

describe("xdomea-Container: Zip-Bomben", () => {
  it("refuses a 4 GB bomb whose headers claim 4 GB, with bounded memory, by the bytes it inflates", async () => {
    const { datei, ordner } = await ablegen("bombe.zip", xdomeaBombe(4 * 1024 ** 3));
    const vorher = process.memoryUsage().rss;
    let spitze = vorher;
    const messung = setInterval(() => (spitze = Math.max(spitze, process.memoryUsage().rss)), 5);
    const fehler = await entpackeContainer(datei, ordner).catch((e: unknown) => e);
    clearInterval(messung);
    spitze = Math.max(spitze, process.memoryUsage().rss);
    expect(fehler).toBeInstanceOf(AppError);
    expect((fehler as AppError).message).toMatch(
      /„dokument\.pdf“ ist verdächtig stark komprimiert \(Zip-Bombe\?\)/,
    );
    // Generous: a step of 16 KB inflates to at most ~16 MB; the old code held gigabytes.
    expect((spitze - vorher) / 1024 / 1024).toBeLessThan(150);
    // Nothing near the bomb's size reached the disk.
    const geschrieben = await Promise.all(
      (await fs.readdir(ordner)).map(async (n) => (await fs.stat(path.join(ordner, n))).size),
    );
    expect(geschrieben.reduce((a, b) => a + b, 0)).toBeLessThan(64 * 1024 * 1024);
  });

  it("refuses an entry whose headers understate its size, by the bytes counted", async () => {
    const { datei, ordner } = await ablegen("luege.zip", xdomeaBombe(64 * 1024 * 1024, 1000));
    await expect(entpackeContainer(datei, ordner)).rejects.toThrow(
      /„dokument\.pdf“ ist (größer als angegeben|verdächtig stark komprimiert) \(Zip-Bombe\?\)/,
    );
  });

  it("unpacks in a parser-pool thread: the refusal keeps its code, the event loop stays free", async () => {
    const pool = new ParserPool({ groesse: 1, maxHeapMb: 128 });
    try {
      const { datei, ordner } = await ablegen("bombe2.zip", xdomeaBombe(2 * 1024 ** 3));
      const h = monitorEventLoopDelay({ resolution: 10 });
      h.enable();
      const fehler = await pool
        .run(
          aufgabenModul<typeof aufgaben>(import.meta.url, "./aufgaben"),
          "entpackeContainer",
          { quelle: datei, ordner },
          { maxSekunden: 60 },
        )
        .catch((e: unknown) => e);
      h.disable();
      expect(fehler).toBeInstanceOf(AufgabenFehler);
      expect(fehler).toMatchObject({ name: "AppError", code: "ungueltige_eingabe" });
      expect((fehler as Error).message).toMatch(/Zip-Bombe/);
      expect(h.percentile(99) / 1e6).toBeLessThan(200);
    } finally {
      await pool.close();
    }
  });
});
