import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  docxBombe,
  odtBombe,
  pngMitGroesse,
  rechenPdf,
  zipMitLuegendenGroessen,
} from "../../../../test/helpers/feindlich.js";
import { einfachesPdf } from "../../demo/pdf.js";
import { aufgabenModul, ParserPool, schliesseParserPool } from "../../platform/parser-pool/pool.js";
import { detectTools, type ExternalTools } from "../../platform/tools.js";
import { erkenneInhaltstyp } from "../../platform/dateieingang/inhaltstyp.js";
import type { aufgaben } from "./aufgaben.js";
import { extrahiere, STANDARD_GRENZEN, textAusMarkup } from "./extraktion.js";

let dir: string;
let tools: ExternalTools;

async function pruefe(name: string, inhalt: Buffer, grenzen = STANDARD_GRENZEN) {
  const datei = path.join(dir, name);
  await fs.writeFile(datei, inhalt);
  const arbeit = await fs.mkdtemp(path.join(dir, "arbeit-"));
  const mime = await erkenneInhaltstyp(inhalt.subarray(0, 65536));
  return { mime, ergebnis: await extrahiere(datei, mime, tools, arbeit, grenzen) };
}

/** Event-loop delay of the test's thread while `arbeit` runs: p99 in milliseconds. */
async function mitLag<T>(arbeit: () => Promise<T>): Promise<{ ergebnis: T; lagP99: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  try {
    const ergebnis = await arbeit();
    return { ergebnis, lagP99: h.percentile(99) / 1e6 };
  } finally {
    h.disable();
  }
}

/** A .docx of `absaetze` paragraphs (some 60 bytes each) that compresses only about 25:1. */
function grosseDocx(absaetze: number): Buffer {
  const xml = Array.from(
    { length: absaetze },
    (_, i) => `<w:p><w:t>Bescheid Nr. ${i} über die Hundesteuer</w:t></w:p>`,
  ).join("");
  return zipMitLuegendenGroessen([
    {
      name: "[Content_Types].xml",
      daten: Buffer.from(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    { name: "word/document.xml", daten: Buffer.from(`<w:document>${xml}</w:document>`) },
  ]);
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-extraktion-"));
  tools = await detectTools();
});
afterAll(async () => {
  await schliesseParserPool();
  await fs.rm(dir, { recursive: true, force: true });
});

describe("Texterkennung: schwierige und feindliche Dateien", () => {
  it("reads the German text of a born-digital PDF", async () => {
    const { ergebnis } = await pruefe(
      "brief.pdf",
      einfachesPdf([
        "Bescheid über die Baugenehmigung",
        "Sehr geehrte Frau Müller, Ihrem Antrag wird stattgegeben.",
      ]),
    );
    expect(ergebnis).toMatchObject({ status: "fertig", quelle: "textlayer", seiten: 1 });
    expect(ergebnis.text).toContain("Frau Müller");
  });

  it("reports a truncated PDF as damaged, whether cut before or after its text, and never half-reads it", async () => {
    const voll = einfachesPdf(["Ein Schreiben, das mitten im Hochladen abbricht"]);
    // A quarter: cut before the text; nine tenths: the text is complete, the xref and trailer are not.
    for (const anteil of [0.25, 0.5, 0.9]) {
      const { ergebnis } = await pruefe(
        `abgeschnitten-${anteil}.pdf`,
        voll.subarray(0, Math.floor(voll.length * anteil)),
      );
      expect(ergebnis, `${anteil}`).toEqual({
        status: "fehlgeschlagen",
        grund: "Die PDF-Datei ist beschädigt und kann nicht gelesen werden.",
        abgebrochen: false,
      });
    }
  });

  it("reads a PDF with JavaScript without running it", async () => {
    const pdf = einfachesPdf(["Formular mit Skript"])
      .toString("latin1")
      .replace(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>",
      );
    const { ergebnis } = await pruefe("skript.pdf", Buffer.from(pdf, "latin1"));
    expect(ergebnis).toMatchObject({ status: "fertig" });
    expect(ergebnis.text).toContain("Formular mit Skript");
  });

  it("treats an SVG with a script as an image without text, and never as text to render", async () => {
    const { mime, ergebnis } = await pruefe(
      "bild.svg",
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>x</text></svg>'),
    );
    expect(mime).toBe("image/svg+xml");
    expect(ergebnis).toMatchObject({
      status: "fertig",
      quelle: "keine",
      grund: "Für diesen Dateityp gibt es keine Texterkennung.",
    });
  });

  it("refuses an image of 50,000 megapixels before decoding it", async () => {
    const { mime, ergebnis } = await pruefe("riesig.png", pngMitGroesse(250_000, 200_000));
    expect(mime).toBe("image/png");
    expect(ergebnis.status).toBe("fehlgeschlagen");
    if (ergebnis.status === "fehlgeschlagen") expect(ergebnis.grund).toMatch(/50\.000 Megapixeln zu groß/);
  });

  it("reads an e-mail with 20,000 recipients, keeping the text bounded", async () => {
    const an = Array.from({ length: 20_000 }, (_, i) => `empfaenger${i}@example.org`).join(", ");
    const eml = `From: Bürgerbüro <buergerbuero@example.org>\r\nTo: ${an}\r\nSubject: =?UTF-8?Q?Sprechzeiten_=C3=A4ndern_sich?=\r\nDate: Mon, 02 Mar 2026 08:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAb April öffnet das Bürgerbüro um 8 Uhr.\r\n`;
    const { mime, ergebnis } = await pruefe("rundmail.eml", Buffer.from(eml));
    expect(mime).toBe("message/rfc822");
    expect(ergebnis).toMatchObject({ status: "fertig", quelle: "email" });
    expect(ergebnis.text).toContain("Betreff: Sprechzeiten ändern sich");
    expect(ergebnis.text).toContain("Bürgerbüro um 8 Uhr");
    expect(ergebnis.text!.length).toBeLessThan(5000);
  });

  it("does not unpack a zip inside a zip", async () => {
    const innen = zipSync({ "geheim.txt": strToU8("inneres") });
    const { mime, ergebnis } = await pruefe(
      "verschachtelt.zip",
      Buffer.from(zipSync({ "innen.zip": innen })),
    );
    expect(mime).toBe("application/zip");
    expect(ergebnis).toMatchObject({
      status: "fertig",
      quelle: "keine",
      grund: expect.stringMatching(/nicht entpackt/),
    });
  });

  it("stops an Office zip bomb by its size and compression ratio", async () => {
    const bombe = zipSync({
      "[Content_Types].xml": strToU8(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      "word/document.xml": new Uint8Array(20 * 1024 * 1024),
    });
    const { mime, ergebnis } = await pruefe("bombe.docx", Buffer.from(bombe), {
      ...STANDARD_GRENZEN,
      maxEntpacktBytes: 10 * 1024 * 1024,
    });
    expect(mime).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(ergebnis).toMatchObject({ status: "fehlgeschlagen", grund: expect.stringMatching(/Zip-Bombe/) });
  });

  it("strips markup and decodes entities", () => {
    expect(
      textAusMarkup("<p>Stra&szlig;e &amp; Platz</p><script>alert(1)</script><p>&#252;ber&nbsp;uns</p>"),
    ).toBe("Straße & Platz\nüber uns");
  });
});

describe("Texterkennung: eine Datei hält den Server nie an", () => {
  it("kills the thread of a PDF whose 1,000,000 text operators keep pdf.js busy, the event loop stays free", async () => {
    // A second is far below what pdf.js needs for a million text operators on any machine, so the
    // hard limit (time, or the heap limit if that comes first) ends the thread, not the parser.
    const eineSekunde = { ...STANDARD_GRENZEN, maxParserSekunden: 1 };
    const { ergebnis, lagP99 } = await mitLag(() =>
      pruefe("rechnen.pdf", rechenPdf(1_000_000, "text"), eineSekunde),
    );
    expect(ergebnis.mime).toBe("application/pdf");
    // Killed by the hard limit (time, or heap or off-heap memory if that comes first), or refused by the item count
    // where a fast machine parses that far within the second: either way it ends with a reason.
    expect(ergebnis.ergebnis).toMatchObject({ status: "fehlgeschlagen" });
    expect((ergebnis.ergebnis as { grund: string }).grund).toMatch(
      /^Die PDF-Datei (konnte nicht gelesen werden: Die Verarbeitung (dauerte länger als 1 Sekunde|brauchte mehr als \d+ MB (Puffer)?[Ss]peicher) und wurde abgebrochen|enthält mehr als 500\.000 Textelemente; ihr Text wird nicht gelesen)\.$/,
    );
    expect(lagP99).toBeLessThan(200);
    // A fresh thread reads the next file.
    const { ergebnis: normal } = await pruefe(
      "danach.pdf",
      einfachesPdf(["Antrag auf Wohngeld für das Jahr 2026 nach dem Wohngeldgesetz"]),
    );
    expect(normal).toMatchObject({ status: "fertig", quelle: "textlayer" });
    expect(normal.text).toContain("Wohngeld");
  });

  it("refuses a PDF with more than 500,000 text elements with a reason, without holding them all", async () => {
    const { ergebnis } = await pruefe("elemente.pdf", rechenPdf(600_000, "text"));
    expect(ergebnis).toMatchObject({
      status: "fehlgeschlagen",
      grund: "Die PDF-Datei enthält mehr als 500.000 Textelemente; ihr Text wird nicht gelesen.",
    });
  });

  it("inflates no more of a PDF's 120 MB content stream than is read: 96 MB off-heap suffice to refuse it", async () => {
    // 3,000,000 text operators: 333 KB of file, 120 MB of page content once inflated. Inflated
    // whole (chunks plus their copy), the thread would pass 96 MB and be killed for memory; read
    // as far as the text limit, it is refused for its text items, and so is its preview.
    const datei = path.join(dir, "inhalt-120mb.pdf");
    await fs.writeFile(datei, rechenPdf(3_000_000, "text"));
    const pool = new ParserPool({ groesse: 1, maxHeapMb: 256, maxExternMb: 96 });
    const modul = aufgabenModul<typeof aufgaben>(import.meta.url, "./aufgaben");
    try {
      const text = await pool
        .run(modul, "pdfText", { datei, maxSeiten: 500 }, { maxSekunden: 600 })
        .catch((e: unknown) => e);
      expect(text).toMatchObject({ name: "ZuVieleTextelemente" });
      const vorschau = await pool
        .run(modul, "pdfVorschau", { datei, breite: 320, maxHoehe: 1200 }, { maxSekunden: 600 })
        .catch((e: unknown) => e);
      expect(vorschau).toMatchObject({ name: "ZuVieleZeichenbefehle" });
    } finally {
      await pool.close();
    }
  });

  it("refuses a .docx whose zip claims 1,000 bytes and inflates to 1 GB of zeros, counting what comes out", async () => {
    const { ergebnis, lagP99 } = await mitLag(() => pruefe("luege.docx", docxBombe(1024 ** 3)));
    expect(ergebnis.mime).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(ergebnis.ergebnis).toMatchObject({
      status: "fehlgeschlagen",
      grund: expect.stringMatching(
        /^Das Office-Dokument entpackt sich zu einer unzulässigen Größe \(Zip-Bombe\?\)/,
      ),
    });
    expect(lagP99).toBeLessThan(200);
  });

  it("refuses a .docx whose text inflates beyond 32 MB at an unsuspicious ratio, counting what comes out", async () => {
    // Some 40 MB of paragraphs that compress only 25:1: the ratio check lets them pass, the bytes
    // produced do not.
    const { mime, ergebnis } = await pruefe("gross.docx", grosseDocx(700_000));
    expect(mime).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(ergebnis).toEqual({
      status: "fehlgeschlagen",
      grund:
        "Das Office-Dokument entpackt sich zu einer unzulässigen Größe (Zip-Bombe?): Das Archiv entpackt sich auf mehr als 32 MB.",
      abgebrochen: true,
    });
  });

  it("still reads a large .docx within the limits: 8 MB of text, counted as it inflates", async () => {
    // Some 1,000 pages of text: the byte limit (32 MB) and the thread's memory limits leave it be.
    const { ergebnis } = await pruefe("gross-erlaubt.docx", grosseDocx(130_000));
    expect(ergebnis).toMatchObject({ status: "fertig", quelle: "office" });
    expect(ergebnis.text).toContain("Bescheid Nr. 0 über die Hundesteuer");
  });

  it("refuses an .odt bomb by its real size when the ratio allows it (limit 10 MB)", async () => {
    const { mime, ergebnis } = await pruefe("luege.odt", odtBombe(1024 ** 3), {
      ...STANDARD_GRENZEN,
      maxEntpacktBytes: 10 * 1024 * 1024,
    });
    expect(mime).toBe("application/vnd.oasis.opendocument.text");
    expect(ergebnis).toMatchObject({
      status: "fehlgeschlagen",
      grund: expect.stringMatching(/Zip-Bombe/),
    });
  });

  it("still reads a normal Office document after the bombs", async () => {
    const docx = zipSync({
      "[Content_Types].xml": strToU8(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      "word/document.xml": strToU8(
        "<w:document><w:p><w:t>Bescheid über Hundesteuer</w:t></w:p></w:document>",
      ),
    });
    const { ergebnis } = await pruefe("normal.docx", Buffer.from(docx));
    expect(ergebnis).toMatchObject({ status: "fertig", quelle: "office", text: "Bescheid über Hundesteuer" });
  });
});
