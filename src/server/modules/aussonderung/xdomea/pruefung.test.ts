import { readFile } from "node:fs/promises";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  programmDa,
  voraussetzung,
  XDOMEA_SCHEMAS,
  xdomeaSchemasDa,
} from "../../../../../test/helpers/voraussetzung.js";
import { MAX_WASM_XML_BYTES, schemaDatei, validiere } from "./pruefung.js";

const da = voraussetzung(
  "xdomea-Schemas",
  xdomeaSchemasDa(),
  `3.0.0, 3.1.0 und samples fehlen unter ${XDOMEA_SCHEMAS}`,
);

async function beispiel0503(): Promise<string> {
  const zip = await readFile(
    path.join(
      XDOMEA_SCHEMAS,
      "samples",
      "9a75050f-323a-4e84-94c9-a889aa2b4fe8_Aussonderung.Aussonderung.0503.zip",
    ),
  );
  const inhalt = unzipSync(new Uint8Array(zip));
  const name = Object.keys(inhalt).find((n) => n.endsWith(".xml"))!;
  return Buffer.from(inhalt[name]!).toString("utf8");
}

describe.runIf(da)("xdomea: Schemaprüfung ohne Systemprogramm", () => {
  it("validates with nothing but the schema directory: no xmllint on the PATH", async () => {
    const pfad = process.env.PATH;
    process.env.PATH = "";
    try {
      const xml = await beispiel0503();
      const version = /urn:xoev-de:xdomea:schema:(\d+\.\d+\.\d+)/.exec(xml)![1] as "3.0.0" | "3.1.0";
      const xsd = schemaDatei(XDOMEA_SCHEMAS, version);
      expect(await validiere(xml, xsd)).toEqual([]);
      // The same message with an element the schema does not know: line and element are named.
      const zeilen = xml.split("\n");
      const kopfEnde = zeilen.findIndex((z) => z.includes("</xdomea:Kopf>"));
      zeilen.splice(kopfEnde + 1, 0, "<xdomea:Unbekannt/>");
      const fehler = await validiere(zeilen.join("\n"), xsd);
      expect(fehler[0]).toMatchObject({ zeile: kopfEnde + 2, element: "xdomea:Unbekannt" });
      expect(fehler[0]!.meldung).toMatch(/not expected/);
      // With the system's xmllint (where installed) the same line is named.
      process.env.PATH = pfad;
      if (programmDa("xmllint")) {
        const mitSystem = await validiere(zeilen.join("\n"), xsd);
        expect(mitSystem[0]).toMatchObject({ zeile: kopfEnde + 2 });
        expect(mitSystem[0]!.meldung).toMatch(/not expected/);
      }
    } finally {
      process.env.PATH = pfad;
    }
  }, 120_000);

  it("without xmllint refuses a message beyond the WebAssembly limit in German, and cuts hostile error lists", async () => {
    const pfad = process.env.PATH;
    process.env.PATH = "";
    try {
      const xsd = schemaDatei(XDOMEA_SCHEMAS, "3.0.0");
      const gross = `<a>${"x".repeat(MAX_WASM_XML_BYTES)}</a>`;
      await expect(validiere(gross, xsd)).rejects.toMatchObject({
        code: "zu_gross",
        message: expect.stringMatching(/Ohne xmllint prüft Aktenwerk Nachrichten bis 16 MB/),
      });
      // Ten thousand wrong elements: at most 50 problems come back.
      const viele = `<?xml version="1.0" encoding="UTF-8"?>\n<xdomea:Aussonderung.Aussonderung.0503 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">\n${"<x/>\n".repeat(10_000)}</xdomea:Aussonderung.Aussonderung.0503>`;
      const fehler = await validiere(viele, xsd);
      expect(fehler.length).toBeGreaterThan(0);
      expect(fehler.length).toBeLessThanOrEqual(50);
    } finally {
      process.env.PATH = pfad;
    }
  }, 120_000);
});
