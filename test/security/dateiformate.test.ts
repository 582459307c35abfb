import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { einfachesPdf } from "../../src/server/demo/pdf.js";
import { extrahiere, STANDARD_GRENZEN } from "../../src/server/modules/content/extraktion.js";
import { erzeugeVorschau } from "../../src/server/modules/content/vorschau.js";
import { erkenneInhaltstyp } from "../../src/server/platform/dateieingang/inhaltstyp.js";
import { detectTools, type ExternalTools } from "../../src/server/platform/tools.js";
import { programmDa, voraussetzung } from "../helpers/voraussetzung.js";

// The peers' advisories about file parsers (issue #11, finding 8): XXE in Office XML, pdf.js font
// code execution, Ghostscript %pipe%. Each test fails if the protection it names were removed.

const run = promisify(execFile);
const SRC = path.resolve(import.meta.dirname, "../../src/server");
let tmp: string;
let tools: ExternalTools;

/** Every TypeScript source file of the server (tests excluded). */
async function quellen(): Promise<{ datei: string; text: string }[]> {
  const out = [];
  for (const e of await fs.readdir(SRC, { withFileTypes: true, recursive: true }))
    if (e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) {
      const datei = path.join(e.parentPath, e.name);
      out.push({ datei, text: await fs.readFile(datei, "utf8") });
    }
  return out;
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-formate-"));
  tools = await detectTools();
});

afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe("OpenKM CVE-2022-2131: XXE in Office XML", () => {
  it("does not expand external entities or entity bombs in DOCX and ODT XML", async () => {
    const dtd = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY lol "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>`;
    const faelle: [string, string, Record<string, Uint8Array>][] = [
      [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "x.docx",
        {
          "[Content_Types].xml": strToU8(
            `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
          ),
          "word/document.xml": strToU8(
            `${dtd}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Antrag &xxe; &lol;</w:t></w:r></w:p></w:body></w:document>`,
          ),
        },
      ],
      [
        "application/vnd.oasis.opendocument.text",
        "x.odt",
        {
          mimetype: strToU8("application/vnd.oasis.opendocument.text"),
          "content.xml": strToU8(
            `${dtd}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Antrag &xxe; &lol;</text:p></office:text></office:body></office:document-content>`,
          ),
        },
      ],
    ];
    for (const [mime, name, teile] of faelle) {
      const datei = path.join(tmp, name);
      await fs.writeFile(datei, zipSync(teile));
      const ergebnis = await extrahiere(datei, mime, tools, tmp);
      const text = ergebnis.text ?? "";
      expect(text, name).not.toMatch(/root:|\/bin\/(ba)?sh/);
      expect(text, name).not.toContain("hahaha");
      expect(text.length, name).toBeLessThan(2000);
    }
  });
});

describe("pdf.js CVE-2024-4367: font code execution via FontMatrix", () => {
  it("uses a pdf.js with the fix, with isEvalSupported: false at every getDocument call", async () => {
    const { version } = JSON.parse(
      await fs.readFile(
        path.resolve(import.meta.dirname, "../../node_modules/pdfjs-dist/package.json"),
        "utf8",
      ),
    ) as { version: string };
    const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
    expect(major * 1e6 + minor * 1e3 + patch, version).toBeGreaterThanOrEqual(4 * 1e6 + 2 * 1e3 + 67);

    let aufrufe = 0;
    for (const { datei, text } of await quellen()) {
      for (const m of text.matchAll(/getDocument\s*\(/g)) {
        aufrufe++;
        // The options object of this call: up to its closing "})".
        const optionen = text.slice(m.index, text.indexOf("})", m.index) + 2);
        expect(optionen, `${path.relative(SRC, datei)}: getDocument ohne isEvalSupported: false`).toMatch(
          /isEvalSupported:\s*false/,
        );
      }
    }
    expect(aufrufe).toBeGreaterThan(0);
  });

  it("extracts and previews a PDF whose FontMatrix carries script without running it", async () => {
    const nutzlast = `globalThis.aktenwerkPdfjsEval = 1`;
    const pdf = einfachesPdf(["Schadcode-Test"])
      .toString("latin1")
      .replace(/\/Type\s*\/Font/, `/Type /Font /FontMatrix [1 0 0 1 0 (1\\); ${nutzlast}; //)]`);
    expect(pdf).toContain("FontMatrix");
    const datei = path.join(tmp, "fontmatrix.pdf");
    await fs.writeFile(datei, Buffer.from(pdf, "latin1"));
    await extrahiere(datei, "application/pdf", tools, tmp);
    await erzeugeVorschau({ datei, mimeTyp: "application/pdf" }, undefined, STANDARD_GRENZEN);
    expect((globalThis as Record<string, unknown>).aktenwerkPdfjsEval).toBeUndefined();
  });
});

const ghostscriptDa = voraussetzung("Ghostscript", programmDa("gs"), "Debian-Paket ghostscript");

describe("Ghostscript CVE-2023-36664: %pipe% from a document", () => {
  it("runs every Ghostscript call of the server with -dSAFER", async () => {
    let aufrufe = 0;
    for (const { datei, text } of await quellen()) {
      for (const m of text.matchAll(/["']gs["']\s*,\s*\[/g)) {
        const args = text.slice(m.index, text.indexOf("]", m.index));
        // Asking for the version reads no document.
        if (/^["']gs["']\s*,\s*\[\s*["']--version["']\s*$/.test(args)) continue;
        aufrufe++;
        expect(args, path.relative(SRC, datei)).toContain('"-dSAFER"');
        expect(args, path.relative(SRC, datei)).not.toMatch(/NOSAFER/);
      }
    }
    expect(aufrufe).toBeGreaterThan(0);
  });

  it.runIf(ghostscriptDa)(
    "a PostScript file with %pipe% creates no file: not passed to gs as upload, and gs -dSAFER refuses it",
    async () => {
      const marker = path.join(tmp, "gepwnt");
      const ps = [
        "%!PS",
        `(%pipe%touch ${marker}) (w) file closefile`,
        `(%pipe%${tmp}/;touch ${marker}) (w) file closefile`,
        `(|touch ${marker}) (w) file closefile`,
        "showpage",
      ].join("\n");
      const datei = path.join(tmp, "boese.ps");
      await fs.writeFile(datei, ps);
      // An upload of it is PostScript by content: neither previewed nor given to OCR.
      const typ = await erkenneInhaltstyp(Buffer.from(ps));
      expect(typ).not.toBe("application/pdf");
      expect(await erzeugeVorschau({ datei, mimeTyp: typ }, undefined, STANDARD_GRENZEN, true)).toBeNull();
      const ergebnis = await extrahiere(datei, typ, tools, tmp);
      expect(ergebnis.status === "fertig" ? ergebnis.quelle : "keine").not.toBe("ocr");
      // Posing as the OCR rendition (gs draws those): still nothing is executed.
      await erzeugeVorschau({ datei, mimeTyp: "application/pdf" }, datei, STANDARD_GRENZEN, true);
      // And gs itself, with our flags, refuses the pipe.
      await run("gs", ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=nullpage", "-f", datei]).catch(
        () => undefined,
      );
      expect(existsSync(marker)).toBe(false);
    },
  );
});
