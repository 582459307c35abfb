import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngMitGroesse, rechenPdf } from "../../../../test/helpers/feindlich.js";
import { einfachesPdf } from "../../demo/pdf.js";
import { AufgabenFehler, schliesseParserPool } from "../../platform/parser-pool/pool.js";
import { imPool, STANDARD_GRENZEN } from "./extraktion.js";
import { erzeugeVorschau, VORSCHAU_BREITE } from "./vorschau.js";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-vorschau-"));
});
afterAll(async () => {
  await schliesseParserPool();
  await fs.rm(dir, { recursive: true, force: true });
});

async function vorschau(name: string, inhalt: Buffer, mimeTyp: string, sekunden = 60) {
  const datei = path.join(dir, name);
  await fs.writeFile(datei, inhalt);
  return erzeugeVorschau({ datei, mimeTyp }, undefined, { ...STANDARD_GRENZEN, maxParserSekunden: sekunden });
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe("Vorschau: eine Datei hält den Server nie an", () => {
  it("gives no preview for a PDF whose 200,000 path operators keep the renderer busy, and draws the next one", async () => {
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const png = await vorschau("linien.pdf", rechenPdf(200_000, "pfad"), "application/pdf", 3);
    h.disable();
    expect(png).toBeNull();
    // Drawing on the main thread would block the loop for the whole 3 s limit; off the thread the
    // loop keeps turning (the bound is loose on purpose: a busy test machine must not fail it).
    expect(h.max / 1e6).toBeLessThan(1500);
    const normal = await vorschau("brief.pdf", einfachesPdf(["Ein Brief an das Bauamt"]), "application/pdf");
    expect(normal?.subarray(0, 4)).toEqual(PNG);
  });

  it("stops drawing a page after 50,000 operations with a German reason, not by the time limit", async () => {
    const datei = path.join(dir, "linien-200k.pdf");
    await fs.writeFile(datei, rechenPdf(200_000, "pfad"));
    // A time limit far beyond what the whole page takes: only the operation count can end it.
    const fehler = await imPool(
      "pdfVorschau",
      { datei, breite: VORSCHAU_BREITE, maxHoehe: 1200 },
      { maxParserSekunden: 600 },
    ).catch((e: unknown) => e);
    expect(fehler).toBeInstanceOf(AufgabenFehler);
    expect(fehler).toMatchObject({
      name: "ZuVieleZeichenbefehle",
      message: "Die erste Seite enthält mehr als 50.000 Zeichenbefehle; eine Vorschau wird nicht gezeichnet.",
    });
    expect(await vorschau("danach.pdf", einfachesPdf(["Ein Brief"]), "application/pdf")).not.toBeNull();
  });

  it("gives no preview for a PNG that claims 50,000 megapixels, decoding none of them", async () => {
    expect(await vorschau("riesig.png", pngMitGroesse(250_000, 200_000), "image/png")).toBeNull();
    const klein = await vorschau("klein.png", pngMitGroesse(40, 30), "image/png");
    expect(klein?.subarray(0, 4)).toEqual(PNG);
  });
});
