import ExcelJS from "exceljs";
import { KATALOG, type Kennzahl } from "./katalog.js";
import type { GruppenFiguren, Uebersicht } from "./abfrage.service.js";

/** What a suppressed cell shows instead of a figure: the group has fewer than five people. */
export const UNTERDRUECKT = "< 5";

/** The unit a Kennzahl's value is given in, as the tables' column "Einheit" says it. */
export function einheit(k: Kennzahl): string {
  return { anteil: "%", anzahl: "Anzahl", bestand: "Anzahl (Monatsende)", dauer: "Stunden (Median)" }[k.art];
}

/**
 * The figures of an Übersicht as one table: a row per group and Kennzahl, a column per month.
 * A group that may not be shown gets "< 5" in every cell; a month without data stays empty (not
 * zero). Only what the suppression let through is in the Übersicht, so only that is here.
 */
export function kennzahlenTabelle(u: Uebersicht): { kopf: string[]; zeilen: (string | number)[][] } {
  const kopf = ["OE-Kürzel", "Organisationseinheit", "Personen", "Kennzahl", "Einheit", ...u.monate];
  const zeilen: (string | number)[][] = [];
  const gruppen: GruppenFiguren[] = [u.gruppe, ...u.unten];
  for (const g of gruppen)
    for (const k of KATALOG) {
      const werte = g.kennzahlen[k.schluessel] ?? [];
      zeilen.push([
        g.oe.kuerzel,
        g.oe.name,
        g.personen ?? UNTERDRUECKT,
        k.name,
        einheit(k),
        ...u.monate.map((m) =>
          g.unterdrueckt ? UNTERDRUECKT : (werte.find((w) => w.monat === m)?.wert ?? ""),
        ),
      ]);
    }
  return { kopf, zeilen };
}

/**
 * A cell as a spreadsheet may open it without running it: text that starts like a formula
 * (=, +, -, @, tab, carriage return) gets a leading apostrophe (OWASP "CSV injection").
 */
export function entschaerft(zelle: string | number): string | number {
  if (typeof zelle === "number") return zelle;
  return /^[=+\-@\t\r]/.test(zelle) ? `'${zelle}` : zelle;
}

/** The table as CSV for Excel: UTF-8 with BOM, semicolons, decimal commas, CRLF line ends. */
export function alsCsv(t: { kopf: string[]; zeilen: (string | number)[][] }): string {
  const feld = (z: string | number): string => {
    const e = entschaerft(z);
    const text = typeof e === "number" ? String(e).replace(".", ",") : e;
    return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[t.kopf, ...t.zeilen].map((z) => z.map(feld).join(";")).join("\r\n")}\r\n`;
}

/** The table as an XLSX workbook (one sheet, header row bold and frozen, numbers as numbers). */
export async function alsXlsx(
  t: { kopf: string[]; zeilen: (string | number)[][] },
  titel: string,
): Promise<Buffer> {
  const buch = new ExcelJS.Workbook();
  buch.creator = "Aktenwerk";
  const blatt = buch.addWorksheet("Kennzahlen", { views: [{ state: "frozen", ySplit: 1 }] });
  blatt.addRow(t.kopf).font = { bold: true };
  for (const z of t.zeilen) blatt.addRow(z.map(entschaerft));
  blatt.columns.forEach((c, i) => (c.width = i === 1 || i === 3 ? 40 : 12));
  buch.title = titel;
  return Buffer.from(await buch.xlsx.writeBuffer());
}
