import { XMLParser } from "fast-xml-parser";
import { AppError } from "../../../platform/errors.js";
import { entpackeContainer, type Container } from "./container.js";
import { pruefeRohform, versionDer, type XdomeaVersion } from "./pruefung.js";

/**
 * What parses an xdomea message from outside: unpacking the container and reading the XML. These
 * run in the parser pool's threads (platform/parser-pool), never on the server's event loop.
 */

/** A parsed XML element: child elements by name, text under "#text". */
export type Knoten = Record<string, unknown>;

const LISTEN = new Set([
  "Schriftgutobjekt",
  "Vorgang",
  "Dokument",
  "Version",
  "Format",
  "Akte",
  "BewertetesObjekt",
]);
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  // Only the predefined entities and character references: a DTD never gets this far (pruefeRohform).
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => LISTEN.has(name),
});

/** A message read: its text (for the XSD check), its declared version and its tree. */
export interface GeleseneNachricht {
  xml: string;
  version: XdomeaVersion;
  /** null when the XML is not well-formed; the XSD check then says where. */
  baum: Knoten | null;
}

/** The tasks of the xdomea import, run by the parser pool. */
export const aufgaben = {
  /** See `entpackeContainer`: the container unpacked into `ordner`, under its limits. */
  entpackeContainer(e: { quelle: string; ordner: string }): Promise<Container> {
    return entpackeContainer(e.quelle, e.ordner);
  },

  /** The message as UTF-8 text, checked for DTDs and size, its version, and its parsed tree. */
  leseNachricht(e: { xml: Uint8Array }): GeleseneNachricht {
    let xml: string;
    try {
      xml = new TextDecoder("utf-8", { fatal: true }).decode(e.xml);
    } catch {
      throw new AppError("ungueltige_eingabe", "Die Nachricht ist kein gültiges UTF-8.");
    }
    pruefeRohform(xml, e.xml.length);
    const version = versionDer(xml);
    let baum: Knoten | null;
    try {
      baum = parser.parse(xml) as Knoten;
    } catch {
      baum = null;
    }
    return { xml, version, baum };
  },
};
