import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { anfrage } from "../../../test/helpers/anfrage.js";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../test/helpers/factories.js";
import { diagnose, type Befund } from "./diagnose.js";
import type { ExternalTools } from "./tools.js";

let ctx: TestContext;
let app: FastifyInstance;
let admin: Session;
let sb: Session;

beforeAll(async () => {
  ctx = await createTestContext({ config: { xdomeaSchemas: null } });
  app = await buildApp(ctx);
  await createOe(ctx, { kuerzel: "10", name: "Hauptamt" });
  await createUser(ctx, { benutzername: "adm", rollen: [{ oe: "10", rolle: "Administration" }] });
  await createUser(ctx, { benutzername: "sb", rollen: [{ oe: "10", rolle: "Sachbearbeitung" }] });
  admin = await login(app, "adm");
  sb = await login(app, "sb");
}, 120_000);
afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

const ohneWerkzeuge: ExternalTools = {
  ocrmypdf: { gefunden: false, version: null },
  tesseract: { gefunden: true, version: "5.3.0", sprachen: ["eng", "osd"] },
  ghostscript: { gefunden: false, version: null },
};
const finde = (befunde: Befund[], pruefung: string) => befunde.find((b) => b.pruefung === pruefung);

describe("Betrieb: aktenwerk doctor und die Startseite der Administration", () => {
  it("says what is missing and how to install it: OCRmyPDF, German for Tesseract, Ghostscript, xdomea schemas", async () => {
    const befunde = await diagnose({
      config: ctx.config,
      tools: ohneWerkzeuge,
      db: ctx.db,
      blobs: ctx.blobs,
    });
    expect(finde(befunde, "OCRmyPDF")).toMatchObject({
      stand: "hinweis",
      abhilfe: "sudo apt install ocrmypdf",
    });
    expect(finde(befunde, "Tesseract")).toMatchObject({
      stand: "hinweis",
      abhilfe: "sudo apt install tesseract-ocr-deu",
    });
    expect(finde(befunde, "Tesseract")!.text).toMatch(/kein Deutsch \(vorhanden: eng, osd\)/);
    expect(finde(befunde, "Ghostscript")!.abhilfe).toBe("sudo apt install ghostscript");
    expect(finde(befunde, "Schemas")).toMatchObject({ stand: "hinweis" });
    expect(finde(befunde, "Schemas")!.abhilfe).toMatch(/AKTENWERK_XDOMEA_SCHEMAS/);
    // The database this test runs on is a real one: version and durability settings are read.
    expect(finde(befunde, "Version")).toMatchObject({ stand: "ok" });
    expect(finde(befunde, "Version")!.text).toMatch(/^PostgreSQL \d+/);
    expect(finde(befunde, "Dauerhaftes Schreiben")).toMatchObject({ stand: "ok" });
    expect(finde(befunde, "Datenverzeichnis")!.text).toMatch(/GB frei/);
  });

  it("names configured schema directories that lack a version as an error", async () => {
    const befunde = await diagnose({
      config: { ...ctx.config, xdomeaSchemas: ctx.dataDir },
      tools: ctx.tools,
      db: ctx.db,
      blobs: ctx.blobs,
    });
    expect(finde(befunde, "Schemas")).toMatchObject({ stand: "fehler" });
    expect(finde(befunde, "Schemas")!.text).toMatch(/3\.0\.0\/xdomea\.xsd und 3\.1\.0\/xdomea\.xsd/);
  });

  it("reports an unreachable database with what to check, without throwing", async () => {
    const befunde = await diagnose({
      config: ctx.config,
      tools: ctx.tools,
      db: null,
      dbFehler: "Verbindung abgelehnt",
      blobs: null,
    });
    expect(finde(befunde, "Verbindung")).toMatchObject({ stand: "fehler" });
    expect(finde(befunde, "Verbindung")!.text).toMatch(/Verbindung abgelehnt/);
  });

  it("shows the same list to the Administration through the API, and to nobody else", async () => {
    const r = await anfrage(app, admin, "GET", "/betrieb/diagnose");
    expect(r.statusCode, r.body).toBe(200);
    const befunde = r.json() as Befund[];
    expect(befunde.map((b) => b.bereich)).toEqual(
      expect.arrayContaining(["Laufzeit", "Texterkennung", "xdomea", "Speicher", "Datenbank"]),
    );
    expect(finde(befunde, "Schemas")).toMatchObject({ stand: "hinweis" });
    expect((await anfrage(app, sb, "GET", "/betrieb/diagnose")).statusCode).toBe(403);
  });
});
