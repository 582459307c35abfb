import { voraussetzung } from "../helpers/voraussetzung.js";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { createWorker } from "../../src/server/main.js";
import { detectTools } from "../../src/server/platform/tools.js";
import { anfrage } from "../helpers/anfrage.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { dokumentHochladen } from "../helpers/dokumente.js";
import { createOe, createUser, login, type Session } from "../helpers/factories.js";
import { pdfText } from "../helpers/pdf.js";
import { importTestAktenplan } from "../helpers/schriftgut.js";

// The download of the searchable PDF/A the OCR makes of a scan (issue #12 item 9): the original
// stays as it came, the rendition carries the recognised text.

const KORPUS = path.resolve(import.meta.dirname, "../../../shared/corpus");
const tools = await detectTools();
const grund = !existsSync(KORPUS)
  ? `Testkorpus fehlt unter ${KORPUS}`
  : !tools.ocrmypdf.gefunden || !tools.tesseract.gefunden
    ? "ocrmypdf oder tesseract fehlt (Debian-Pakete ocrmypdf, tesseract-ocr-deu)"
    : null;
const bereit = voraussetzung("Korpus und OCR", grund === null, grund ?? "");

let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};

describe.runIf(bereit)("the OCR rendition download", () => {
  beforeAll(async () => {
    ctx = await createTestContext();
    app = await buildApp(ctx);
    await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
    await createOe(ctx, { kuerzel: "51", name: "Jugendamt" });
    await createOe(ctx, { kuerzel: "11", name: "Personalamt" });
    await importTestAktenplan(ctx);
    for (const [name, oe] of [
      ["sb63", "63"],
      ["sb51", "51"],
    ] as const) {
      await createUser(ctx, { benutzername: name, rollen: [{ oe, rolle: "Sachbearbeitung" }] });
      s[name] = await login(app, name);
    }
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  it("serves the searchable PDF/A of a scanned PDF next to the untouched original, to those who see the Dokument", async () => {
    const akte = await anfrage(app, s.sb63!, "POST", "/akten", {
      aktenplaneinheit: "63.20",
      betreff: "Vorbescheid Gartenweg 3",
      federfuehrendeOe: "63",
    });
    const vorgang = await anfrage(app, s.sb63!, "POST", `/akten/${akte.json().id}/vorgaenge`, {
      betreff: "Eingescannte Unterlagen",
    });
    const scan = await readFile(path.join(KORPUS, "multi-page-images.pdf"));
    const id = await dokumentHochladen(app, s.sb63!, vorgang.json().id, {
      filename: "scan.pdf",
      content: scan,
    });
    const text = await dokumentHochladen(app, s.sb63!, vorgang.json().id, {
      filename: "notiz.txt",
      content: "Nur Text.",
    });
    await createWorker(ctx, 2).drain();

    const dokument = (await anfrage(app, s.sb63!, "GET", `/dokumente/${id}`)).json();
    expect(dokument.texterkennung, JSON.stringify(dokument.texterkennung)).toMatchObject({
      status: "fertig",
      quelle: "ocr",
      rendition: true,
    });

    const r = await anfrage(app, s.sb63!, "GET", `/dokumente/${id}/versionen/1/rendition`);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers["content-type"]).toBe("application/pdf");
    expect(r.headers["content-disposition"]).toMatch(/^attachment; filename="scan \(durchsuchbar\)\.pdf"/);
    expect(r.headers["content-security-policy"]).toMatch(/sandbox/);
    expect(r.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect(r.rawPayload.equals(scan)).toBe(false);
    // PDF/A, as ocrmypdf --output-type pdfa writes it: the XMP metadata names the part.
    expect(r.rawPayload.toString("latin1")).toMatch(/pdfaid:part/);
    expect((await pdfText(r.rawPayload)).toLowerCase()).toContain("multi page");

    const original = await anfrage(app, s.sb63!, "GET", `/dokumente/${id}/versionen/1/inhalt`);
    expect(original.rawPayload.equals(scan)).toBe(true);

    const fremd = await anfrage(app, s.sb51!, "GET", `/dokumente/${id}/versionen/1/rendition`);
    expect(fremd.statusCode).toBe(404);
    const keine = await anfrage(app, s.sb63!, "GET", `/dokumente/${text}/versionen/1/rendition`);
    expect(keine.statusCode).toBe(404);
    expect(keine.json().detail).toBe("Die durchsuchbare Fassung wurde nicht gefunden.");
  }, 240_000);
});
