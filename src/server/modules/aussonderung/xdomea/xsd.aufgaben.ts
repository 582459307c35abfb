import { memoryPages, validateXML } from "xmllint-wasm";

/**
 * The XSD check of an xdomea message with libxml2 compiled to WebAssembly (xmllint-wasm): no
 * system xmllint needed, only the schema directory. Runs as a task of the parser pool, so a
 * message that makes the validator spin is stopped by the pool's time limit; the validator's
 * own memory is capped (WebAssembly pages), no network, no files but the ones handed in.
 */

/** One schema file, named by its path below the schema root (e.g. `3.1.0/xdomea.xsd`, `xoev/xoev-code.xsd`). */
export interface Schemadatei {
  name: string;
  inhalt: string;
}

/** A problem as the validator reports it. */
export interface XsdMeldung {
  zeile: number | null;
  text: string;
}

/** The memory the validator may use: the schemas, the message and its tree with room; at most 512 MiB. */
function speicherSeiten(xmlBytes: number): number {
  return Math.min(512 * memoryPages.MiB, Math.max(64 * memoryPages.MiB, Math.ceil((16 * xmlBytes) / 65536)));
}

export const aufgaben = {
  async pruefeXsd(e: {
    xml: string;
    hauptschema: string;
    schemas: Schemadatei[];
    /** Problems handed back at most (a hostile message may have millions). */
    maxMeldungen: number;
  }): Promise<XsdMeldung[]> {
    const haupt = e.schemas.find((s) => s.name === e.hauptschema);
    if (!haupt) throw new Error(`Schema ${e.hauptschema} fehlt`);
    const ergebnis = await validateXML({
      xml: { fileName: "nachricht.xml", contents: e.xml },
      schema: [{ fileName: haupt.name, contents: haupt.inhalt }],
      preload: e.schemas.filter((s) => s !== haupt).map((s) => ({ fileName: s.name, contents: s.inhalt })),
      maxMemoryPages: speicherSeiten(Buffer.byteLength(e.xml)),
      // No network: xmllint's own switch, as with the system program.
      modifyArguments: (args) => ["--nonet", ...args],
    });
    if (ergebnis.valid) return [];
    const meldungen = ergebnis.errors
      .slice(0, e.maxMeldungen)
      .map((f) => ({ zeile: f.loc?.lineNumber ?? null, text: f.message }));
    return meldungen.length
      ? meldungen
      : [{ zeile: null, text: ergebnis.rawOutput.slice(0, 500) || "ungültig" }];
  },
};
