import type { XdomeaVersion } from "./pruefung.js";

/** Text for XML: escaped, and without characters XML 1.0 cannot carry. */
export function xmlText(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

type Kind = string | null | undefined | false | Kind[];

/** One xdomea element; empty (null/undefined/false) children vanish, so optional parts are easy. */
export function el(name: string, ...kinder: Kind[]): string {
  const inhalt = kinder
    .flat(10 as 1)
    .filter((k): k is string => typeof k === "string")
    .join("");
  return `<xdomea:${name}>${inhalt}</xdomea:${name}>`;
}
export const text = (name: string, value: string | null | undefined): string | null =>
  value === null || value === undefined || value === "" ? null : el(name, xmlText(value));
export const code = (name: string, list: string, value: string, listVersionID = "1.0"): string =>
  `<xdomea:${name} listURI="urn:xoev-de:xdomea:codeliste:${list}" listVersionID="${listVersionID}"><code>${xmlText(value)}</code></xdomea:${name}>`;

export interface Kopfdaten {
  prozessId: string;
  nachrichtentyp: string;
  erstellt: Date;
  absender: string;
  empfaenger: string;
  produktVersion: string;
  /** The confirmations the sender asks for, in the order the message's Kopf lists them. */
  bestaetigungen: ("Importbestaetigung" | "RueckmeldungArchivkennung" | "Empfangsbestaetigung")[];
}

const zeitpunkt = (d: Date) => d.toISOString().slice(0, 19);

export function kopf(k: Kopfdaten): string {
  return el(
    "Kopf",
    text("ProzessID", k.prozessId),
    `<xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>${k.nachrichtentyp}</code></xdomea:Nachrichtentyp>`,
    text("Erstellungszeitpunkt", zeitpunkt(k.erstellt)),
    el("Absender", el("Institution", text("Name", k.absender))),
    el("Empfaenger", el("Institution", text("Name", k.empfaenger))),
    el("SendendesSystem", text("Produktname", "Aktenwerk"), text("Version", k.produktVersion)),
    k.bestaetigungen.map((b) => text(b, "1")),
  );
}

export function nachricht(version: XdomeaVersion, wurzel: string, ...inhalt: Kind[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<xdomea:${wurzel} xmlns:xdomea="urn:xoev-de:xdomea:schema:${version}">${inhalt
    .flat(10 as 1)
    .filter((k): k is string => typeof k === "string")
    .join("")}</xdomea:${wurzel}>\n`;
}

/** File name of a message inside its container, as xdomea names them: <ProzessID>_<Typ>.<Nummer>.xml. */
export function nachrichtenName(prozessId: string, nachricht: string): string {
  return `${prozessId}_${nachricht}.xml`;
}

export const NACHRICHTEN = {
  "0501": "Aussonderung.Anbieteverzeichnis.0501",
  "0502": "Aussonderung.Bewertungsverzeichnis.0502",
  "0503": "Aussonderung.Aussonderung.0503",
  "0504": "Aussonderung.AnbietungEmpfangBestaetigen.0504",
  "0505": "Aussonderung.BewertungEmpfangBestaetigen.0505",
  "0506": "Aussonderung.AussonderungImportBestaetigen.0506",
  "0507": "Aussonderung.EmpfangBestaetigen.0507",
  "0401": "Abgabe.Abgabe.0401",
  "0402": "Abgabe.ImportBestaetigen.0402",
  "0403": "Abgabe.EmpfangBestaetigen.0403",
  "0301": "Aktenplan.Aktenplan.0301",
} as const;
export type Nachrichtentyp = keyof typeof NACHRICHTEN;
