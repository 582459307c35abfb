import { parse } from "csv-parse/sync";
import type { FieldProblem } from "../../platform/errors.js";
import type { Aktenplaneinheit, Archivwuerdigkeit, Metadatenfeld } from "./aktenplan.types.js";
import { pruefeFelddefinitionen } from "./metadaten.js";

/**
 * The documented CSV format of the Aktenplan (see docs/aktenplan-csv.md): UTF-8 (a BOM is
 * accepted), separator `;`, quotes as in RFC 4180, one header line with these columns.
 */
export const CSV_SPALTEN = [
  "kennzeichen",
  "titel",
  "uebergeordnet",
  "beschreibung",
  "aufbewahrungsfrist",
  "archivwuerdigkeit",
  "zugriffsbeschraenkung",
  "zustaendige_oe",
  "geschlossen",
  "metadatenfelder",
] as const;

export interface CsvZeile {
  zeile: number;
  kennzeichen: string;
  titel: string;
  uebergeordnet: string | null;
  beschreibung: string;
  aufbewahrungsfrist: number | null;
  unbefristet: boolean;
  archivwuerdigkeit: Archivwuerdigkeit | null;
  zugriffsbeschraenkung: boolean;
  zustaendigeOe: string | null;
  geschlossen: boolean;
  metadatenfelder: Metadatenfeld[];
}

const KENNZEICHEN = /^[0-9A-Za-z]+([./-][0-9A-Za-z]+)*$/;

function janein(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === "" || v === "nein" || v === "n" || v === "0" || v === "false") return false;
  if (v === "ja" || v === "j" || v === "1" || v === "true") return true;
  return undefined;
}

/** Parses and checks every row; all problems are returned at once, each with line and column. */
export function parseAktenplanCsv(text: string): { zeilen: CsvZeile[]; fehler: FieldProblem[] } {
  const fehler: FieldProblem[] = [];
  const at = (zeile: number, spalte: string, meldung: string) => {
    const nr = CSV_SPALTEN.indexOf(spalte as (typeof CSV_SPALTEN)[number]) + 1;
    fehler.push({ feld: `Zeile ${zeile}, Spalte ${nr} (${spalte})`, meldung });
  };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // relax_quotes: a JSON column written without CSV quoting (by hand) is still read as written.
    // Line ends are made one kind first: csv-parse takes the first line's end for the whole file,
    // and a file edited on two systems mixes CRLF and LF.
    records = parse(text.replace(/\r\n?/g, "\n"), {
      bom: true,
      delimiter: ";",
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
      trim: false,
    }) as never;
  } catch (error) {
    const e = error as { lines?: number; column?: number; message: string; code?: string };
    const meldung =
      e.code === "CSV_QUOTE_NOT_CLOSED"
        ? "Ein Anführungszeichen wird nicht geschlossen."
        : e.code?.includes("QUOTE")
          ? "Anführungszeichen stehen falsch: ein Feld in Anführungszeichen muss direkt danach enden; innere Anführungszeichen werden verdoppelt."
          : "Die Datei ist kein gültiges CSV.";
    return {
      zeilen: [],
      fehler: [
        {
          feld: `Zeile ${e.lines ?? "?"}${e.column !== undefined ? `, Spalte ${e.column + 1}` : ""}`,
          meldung,
        },
      ],
    };
  }
  if (records.length === 0)
    return { zeilen: [], fehler: [{ feld: "Zeile 1", meldung: "Die Datei ist leer." }] };
  const header = records[0]!.record.map((h) => h.trim().toLowerCase());
  const missing = CSV_SPALTEN.slice(0, 2).filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !(CSV_SPALTEN as readonly string[]).includes(h));
  if (missing.length || unknown.length) {
    return {
      zeilen: [],
      fehler: [
        ...missing.map((c) => ({ feld: "Zeile 1", meldung: `Die Spalte „${c}“ fehlt in der Kopfzeile.` })),
        ...unknown.map((c) => ({
          feld: `Zeile 1, Spalte ${header.indexOf(c) + 1}`,
          meldung: `Unbekannte Spalte „${c}“.`,
        })),
      ],
    };
  }
  const zeilen: CsvZeile[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const zeile = info.lines;
    if (record.length !== header.length) {
      fehler.push({ feld: `Zeile ${zeile}`, meldung: `${record.length} statt ${header.length} Spalten.` });
      continue;
    }
    const get = (c: (typeof CSV_SPALTEN)[number]) => {
      const i = header.indexOf(c);
      return i < 0 ? "" : (record[i] ?? "").normalize("NFC").trim();
    };
    const kennzeichen = get("kennzeichen");
    if (!KENNZEICHEN.test(kennzeichen) || kennzeichen.length > 40)
      at(zeile, "kennzeichen", `„${kennzeichen}“ ist kein gültiges Kennzeichen (z. B. 63.10).`);
    else if (seen.has(kennzeichen))
      at(
        zeile,
        "kennzeichen",
        `Das Kennzeichen ${kennzeichen} steht schon in Zeile ${seen.get(kennzeichen)}.`,
      );
    else seen.set(kennzeichen, zeile);
    const titel = get("titel");
    if (!titel) at(zeile, "titel", "Der Titel fehlt.");
    if (titel.length > 300) at(zeile, "titel", "Höchstens 300 Zeichen.");
    const fristText = get("aufbewahrungsfrist").toLowerCase();
    let aufbewahrungsfrist: number | null = null;
    const unbefristet = fristText === "unbefristet" || fristText === "dauernd";
    if (fristText && !unbefristet) {
      if (!/^\d{1,3}$/.test(fristText) || Number(fristText) > 200)
        at(zeile, "aufbewahrungsfrist", "Jahre (0–200), „unbefristet“ oder leer (geerbt).");
      else aufbewahrungsfrist = Number(fristText);
    }
    const aw = get("archivwuerdigkeit").toUpperCase();
    if (aw && !["A", "B", "V"].includes(aw))
      at(zeile, "archivwuerdigkeit", "A (archivwürdig), B (bewerten), V (vernichten) oder leer.");
    const beschraenkt = janein(get("zugriffsbeschraenkung"));
    if (beschraenkt === undefined) at(zeile, "zugriffsbeschraenkung", "ja oder nein.");
    const geschlossen = janein(get("geschlossen"));
    if (geschlossen === undefined) at(zeile, "geschlossen", "ja oder nein.");
    let metadatenfelder: Metadatenfeld[] = [];
    const felderText = get("metadatenfelder");
    if (felderText) {
      try {
        const checked = pruefeFelddefinitionen(JSON.parse(felderText));
        metadatenfelder = checked.felder;
        for (const f of checked.fehler) at(zeile, "metadatenfelder", `${f.feld}: ${f.meldung}`);
      } catch {
        at(
          zeile,
          "metadatenfelder",
          'Muss eine JSON-Liste sein, z. B. [{"schluessel":"bauvorhaben","bezeichnung":"Bauvorhaben","typ":"Text"}].',
        );
      }
    }
    zeilen.push({
      zeile,
      kennzeichen,
      titel,
      uebergeordnet: get("uebergeordnet") || null,
      beschreibung: get("beschreibung"),
      aufbewahrungsfrist,
      unbefristet,
      archivwuerdigkeit: (aw || null) as Archivwuerdigkeit | null,
      zugriffsbeschraenkung: beschraenkt === true,
      zustaendigeOe: get("zustaendige_oe") || null,
      geschlossen: geschlossen === true,
      metadatenfelder,
    });
  }
  return { zeilen, fehler };
}

function cell(value: string): string {
  return /[;"\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The Aktenplan as CSV in the import format (the import accepts any row order). */
export function toAktenplanCsv(einheiten: Aktenplaneinheit[]): string {
  const byId = new Map(einheiten.map((e) => [e.id, e]));
  const lines = [CSV_SPALTEN.join(";")];
  for (const e of einheiten) {
    lines.push(
      [
        e.kennzeichen,
        e.titel,
        e.parentId ? (byId.get(e.parentId)?.kennzeichen ?? "") : "",
        e.beschreibung,
        e.unbefristet ? "unbefristet" : e.aufbewahrungsfrist === null ? "" : String(e.aufbewahrungsfrist),
        e.archivwuerdigkeit ?? "",
        e.zugriffsbeschraenkung ? "ja" : "nein",
        e.zustaendigeOe?.kuerzel ?? "",
        e.geschlossen ? "ja" : "nein",
        e.metadatenfelder.length ? JSON.stringify(e.metadatenfelder) : "",
      ]
        .map(cell)
        .join(";"),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
