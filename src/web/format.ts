import type { AkteKurz, EinfuehrungEingabe, PosteingangEintrag, VorgangKurz } from "./api/types";
import type { Archivwuerdigkeit } from "../shared/aktenplan";

const datum = new Intl.DateTimeFormat("de-DE", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  timeZone: "Europe/Berlin",
});
const zeit = new Intl.DateTimeFormat("de-DE", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/Berlin",
});
const euro = new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" });
const zahl = new Intl.NumberFormat("de-DE");

/** 2026-03-02 → 02.03.2026; ISO timestamps in Berlin time. */
export function formatDatum(value: string | null | undefined): string {
  if (!value) return "–";
  return datum.format(new Date(value.length === 10 ? `${value}T12:00:00Z` : value));
}

export function formatZeit(value: string | null | undefined): string {
  return value ? zeit.format(new Date(value)) : "–";
}

export function formatEuro(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === "" ? "–" : euro.format(Number(value));
}

export function formatZahl(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : zahl.format(value);
}

export function formatGroesse(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "–";
  if (bytes >= 1024 ** 2)
    return `${(bytes / 1024 ** 2).toLocaleString("de-DE", { maximumFractionDigits: 1 })} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toLocaleString("de-DE", { maximumFractionDigits: 0 })} KB`;
  return `${bytes} Byte`;
}

/** The status of an Akte or a Vorgang, in words. */
export const STATUS_TEXT: Record<AkteKurz["status"] | VorgangKurz["status"], string> = {
  offen: "offen",
  geschlossen: "geschlossen",
  ausgesondert: "ausgesondert",
  in_bearbeitung: "in Bearbeitung",
  zda: "zdA",
};

/** A status the API gives as plain text (e.g. in search hits), in words where it is known. */
export function statusText(status: string): string {
  return Object.hasOwn(STATUS_TEXT, status) ? STATUS_TEXT[status as keyof typeof STATUS_TEXT] : status;
}

/** How a Posteingang item came in; the Postkorb names such an item by its channel. */
const EINGANG_PER: Record<PosteingangEintrag["kanal"], string> = {
  upload: "Eingang (hochgeladen)",
  scan: "Eingang (Scan)",
  email: "Eingang (E-Mail)",
  api: "Eingang (Fachverfahren)",
};

/** The kind of a Postkorb entry in words (a step's kind, "Wiedervorlage", or an Eingang by channel). */
export function postkorbArt(eintrag: { typ: string; art: string }): string {
  if (eintrag.typ !== "posteingang") return eintrag.art;
  return Object.hasOwn(EINGANG_PER, eintrag.art)
    ? EINGANG_PER[eintrag.art as PosteingangEintrag["kanal"]]
    : "Eingang";
}

/** The Archiv's assessment of an Akte in words, with its letter (A, B, V) for those who know them. */
export const ARCHIVWUERDIGKEIT_TEXT: Record<Archivwuerdigkeit, string> = {
  A: "A – archivwürdig",
  B: "B – vom Archiv zu bewerten",
  V: "V – vernichten",
};

/** The unit a Kennzahl's value is given in, with its leading space (" %", " Std."), or "". */
export function kennzahlEinheit(art: string | null | undefined): string {
  return art === "anteil" ? " %" : art === "dauer" ? " Std." : "";
}

/** The wave of an OE's Einführung, as the Steuerung pages name it. */
export const WELLE_TEXT: Record<EinfuehrungEingabe["welle"], string> = {
  geplant: "geplant",
  pilot: "Pilot",
  produktiv: "produktiv",
};
