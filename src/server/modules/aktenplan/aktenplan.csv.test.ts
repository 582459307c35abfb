import { describe, expect, it } from "vitest";
import { parseAktenplanCsv } from "./aktenplan.csv.js";

const KOPF =
  "kennzeichen;titel;uebergeordnet;beschreibung;aufbewahrungsfrist;archivwuerdigkeit;zugriffsbeschraenkung;zustaendige_oe;geschlossen;metadatenfelder";

describe("Aktenplan-CSV lesen", () => {
  it("reads a file whose line ends mix CRLF and LF (edited on two systems) like a clean one", () => {
    const zeilen = [
      KOPF,
      "6;Bauwesen;;;30;B;nein;;nein;",
      "63;Bauaufsicht;6;;;;nein;;nein;",
      "63.10;Baugenehmigungen;63;;;;nein;;nein;",
    ];
    const sauber = parseAktenplanCsv(`${zeilen.join("\n")}\n`);
    const gemischt = parseAktenplanCsv(`${zeilen[0]}\r\n${zeilen[1]}\n${zeilen[2]}\r\n${zeilen[3]}\n`);
    expect(sauber.fehler).toEqual([]);
    expect(gemischt.fehler).toEqual([]);
    expect(gemischt.zeilen.map((z) => z.kennzeichen)).toEqual(["6", "63", "63.10"]);
    expect(gemischt.zeilen).toEqual(sauber.zeilen);
  });
});
