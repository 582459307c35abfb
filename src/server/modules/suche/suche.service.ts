import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { erkannterText } from "../content/index.js";
import { indexdatenDesDokuments, profilFuer, zugriffsdaten } from "../schriftgut/index.js";
import { schreibweisen, teileAllerWoerter, woerter } from "./deutsch.js";
import * as repo from "./suche.repository.js";
import { schluesselDerZeile, schluesselDesLesers } from "./suche.policy.js";

/** Candidates ranked per query; more matches are shown as "1000+". */
export const KANDIDATEN = 1000;
const SNIPPET_ZEICHEN = 100_000;

/**
 * (Re)builds the index row of a Dokument from its metadata, its Vorgang and Akte, and the text of
 * its current version, with the parts of compound words as extra terms.
 */
export async function indexiereDokumentInTx(tx: Tx, dokumentId: string, now: Date): Promise<void> {
  const r = await indexdatenDesDokuments(tx, dokumentId);
  if (!r) return;
  const text = (await erkannterText(tx, dokumentId, r.aktuelleVersion)) ?? "";
  const sichtbarFuer = schluesselDerZeile(await zugriffsdaten(tx, r.akteId));
  const teile = teileAllerWoerter(`${r.titel} ${r.meta} ${text}`).join(" ");
  await repo.schreibeIndexzeile(
    tx,
    {
      dokumentId,
      titel: r.titel,
      typUndMeta: `${r.typ} ${r.meta}`,
      zeichen: r.zeichen,
      text,
      teile,
      inhalt: `${r.titel}\n${text}`.slice(0, SNIPPET_ZEICHEN),
      sichtbarFuer,
    },
    now,
  );
  // The lexicon for typo tolerance: every word of four letters or more, once.
  const lexikon = [
    ...new Set(woerter(`${r.titel} ${r.meta} ${text}`).filter((w) => w.length >= 4 && w.length <= 40)),
  ].slice(0, 20_000);
  await repo.merkeWoerter(tx, lexikon);
}

/**
 * Computes every index row anew, in batches of their own transactions: after the database moved to
 * another LC_CTYPE (job `nach-ctype-umzug`), the stored vectors still carry the old lexemes.
 */
export async function indexiereAllesNeu(ctx: AppContext): Promise<number> {
  let letzte = "00000000-0000-0000-0000-000000000000";
  let anzahl = 0;
  for (;;) {
    const ids = await repo.indexierteDokumente(ctx.db, letzte, 200);
    if (ids.length === 0) break;
    await ctx.db.transaction(async (tx) => {
      for (const id of ids) await indexiereDokumentInTx(tx, id, ctx.clock.now());
    });
    anzahl += ids.length;
    letzte = ids[ids.length - 1]!;
  }
  ctx.log.info({ anzahl }, "Suchindex nach dem Ctype-Umzug neu aufgebaut.");
  return anzahl;
}

export interface Treffer {
  /** What was found: a Dokument, or an Akte or a Vorgang by its own words. */
  art: repo.TrefferArt;
  dokument: { id: string; titel: string; typ: string; erstelltAm: string } | null;
  /** The Dokument's Vorgang, or the Vorgang found; null for an Akte. */
  vorgang: { id: string; zeichen: string; betreff: string; status: string } | null;
  akte: { id: string; aktenzeichen: string; betreff: string };
  /** Matches are marked «like this»; the client renders the marks, the text stays text. */
  ausschnitt: string;
  rang: number;
}

export interface Facette {
  wert: string;
  bezeichnung: string;
  anzahl: number;
}

export interface SuchErgebnis {
  anzahl: number;
  /** "1000+" when more candidates matched than were ranked. */
  anzahlText: string;
  treffer: Treffer[];
  facetten: {
    art: Facette[];
    aktenplaneinheit: Facette[];
    oe: Facette[];
    typ: Facette[];
    status: Facette[];
    jahr: Facette[];
  };
}

/** How hits are ordered: by relevance (exact reference first), or by date. */
export type Sortierung = "relevanz" | "neueste" | "aelteste";

const ART_TEXT: Record<repo.TrefferArt, string> = {
  dokument: "Dokumente",
  vorgang: "Vorgänge",
  akte: "Akten",
};

/**
 * Typo tolerance: for a word no readable Dokument contains, the words most like it that readable
 * Dokumente do contain (what hidden Dokumente contain must not change the answer).
 */
async function aehnlicheWoerter(ctx: AppContext, wort: string, leser: repo.Leser): Promise<string[]> {
  if (wort.length < 5) return [];
  if (await repo.istLesbaresWort(ctx.db.lesen, wort, leser)) return [];
  // Nearest first, each asked on its own (a constant tsquery the planner can cost), until three.
  const lesbar: string[] = [];
  for (const kandidat of await repo.aehnlicheWoerter(ctx.db.lesen, wort, 50)) {
    if (await repo.istLesbaresWort(ctx.db.lesen, kandidat, leser)) lesbar.push(kandidat);
    if (lesbar.length === 3) break;
  }
  return lesbar;
}

/**
 * What the index is asked for an input: per word its spellings and, for a word no readable
 * Dokument contains, the nearest readable words; the input as an exact reference if it may be one.
 */
export async function suchanfrage(
  ctx: AppContext,
  leser: repo.Leser,
  text: string,
): Promise<repo.Suchanfrage> {
  const worte: string[][] = [];
  for (const wort of [...new Set(woerter(text))].slice(0, 12))
    worte.push([...new Set([...schreibweisen(wort), ...(await aehnlicheWoerter(ctx, wort, leser))])]);
  const zeichen = text.trim();
  return { worte, zeichen: /\d/.test(zeichen) && /[./-]/.test(zeichen) ? zeichen : null };
}

/**
 * Full-text search over Dokumente, as the actor: German stemming, compound parts, umlaut spellings,
 * typo tolerance, exact Aktenzeichen and fremdes Geschäftszeichen. Trimmed to what the actor may
 * read inside the query, so hidden objects change no count and no facet. The index is read from the
 * replica (`ctx.db.lesen`); the permission profile from the primary.
 */
export async function suche(
  ctx: AppContext,
  actor: Akteur,
  eingabe: string,
  filter: repo.SuchFilter = {},
  seite = { limit: 20, offset: 0 },
  sortierung: Sortierung = "relevanz",
): Promise<SuchErgebnis> {
  const text = eingabe.normalize("NFC").slice(0, 1000);
  if (woerter(text).length === 0)
    throw new AppError("ungueltige_eingabe", "Bitte geben Sie einen Suchbegriff ein.", {
      fehler: [{ feld: "query:/q", meldung: "Suchbegriff fehlt." }],
    });
  const profil = await profilFuer(ctx, actor);
  const leser = { schluessel: schluesselDesLesers(profil), profil };
  const anfrage = await suchanfrage(ctx, leser, text);
  const worte = anfrage.worte;

  // Dokumente unless only Akten or Vorgänge are asked for; those unless a Dokumenttyp is.
  const mitDokumenten = !filter.art || filter.art === "dokument";
  const mitObjekten = filter.art !== "dokument" && !filter.typ;
  const [dokumente, objekte] = await Promise.all([
    mitDokumenten ? repo.kandidaten(ctx.db.lesen, anfrage, leser, filter, KANDIDATEN + 1) : [],
    mitObjekten ? repo.objektKandidaten(ctx.db.lesen, anfrage, profil, filter, KANDIDATEN + 1) : [],
  ]);
  const kandidaten = [...dokumente, ...objekte];
  const nachDatum = (x: repo.Kandidat, y: repo.Kandidat) => y.erstellt_am.getTime() - x.erstellt_am.getTime();
  kandidaten.sort(
    sortierung === "neueste"
      ? (x, y) => nachDatum(x, y) || x.id.localeCompare(y.id)
      : sortierung === "aelteste"
        ? (x, y) => nachDatum(y, x) || y.id.localeCompare(x.id)
        : (x, y) => Number(y.exakt) - Number(x.exakt) || y.rang - x.rang || nachDatum(x, y),
  );
  const seiteKandidaten = kandidaten.slice(seite.offset, seite.offset + seite.limit);
  const ids = (art: repo.TrefferArt[]) => seiteKandidaten.filter((k) => art.includes(k.art)).map((k) => k.id);
  // Snippets (ts_headline is the costly part) only for the page shown.
  const [details, objektDetails] = await Promise.all([
    repo.trefferdetails(ctx.db.lesen, worte, ids(["dokument"])),
    repo.objektdetails(ctx.db.lesen, worte, ids(["akte", "vorgang"]), profil),
  ]);
  const byId = new Map<string, Treffer>();
  for (const r of details)
    byId.set(r.dokument_id, {
      art: "dokument",
      dokument: { id: r.dokument_id, titel: r.titel, typ: r.typ, erstelltAm: r.erstellt_am.toISOString() },
      vorgang: { id: r.vorgang_id, zeichen: r.vorgang_zeichen, betreff: r.vorgang_betreff, status: r.status },
      akte: { id: r.akte_id, aktenzeichen: r.aktenzeichen, betreff: r.akte_betreff },
      ausschnitt: r.ausschnitt,
      rang: 0,
    });
  for (const r of objektDetails)
    byId.set(r.id, {
      art: r.art,
      dokument: null,
      vorgang:
        r.art === "vorgang"
          ? { id: r.vorgang_id!, zeichen: r.vorgang_zeichen!, betreff: r.betreff, status: r.status }
          : null,
      akte: { id: r.akte_id, aktenzeichen: r.aktenzeichen, betreff: r.akte_betreff },
      ausschnitt: r.ausschnitt,
      rang: 0,
    });
  const facette = (
    wert: (k: repo.Kandidat) => string,
    bezeichnung: (k: repo.Kandidat) => string,
    nur: (k: repo.Kandidat) => boolean = () => true,
  ): Facette[] => {
    const zaehler = new Map<string, Facette>();
    for (const k of kandidaten.slice(0, KANDIDATEN).filter(nur)) {
      const w = wert(k);
      const f = zaehler.get(w) ?? { wert: w, bezeichnung: bezeichnung(k), anzahl: 0 };
      f.anzahl++;
      zaehler.set(w, f);
    }
    return [...zaehler.values()].sort(
      (a, b) => b.anzahl - a.anzahl || a.bezeichnung.localeCompare(b.bezeichnung, "de"),
    );
  };
  return {
    anzahl: Math.min(kandidaten.length, KANDIDATEN),
    anzahlText: kandidaten.length > KANDIDATEN ? `${KANDIDATEN}+` : String(kandidaten.length),
    treffer: seiteKandidaten.flatMap((k) => {
      const t = byId.get(k.id);
      return t ? [{ ...t, rang: k.rang }] : [];
    }),
    facetten: {
      art: facette(
        (k) => k.art,
        (k) => ART_TEXT[k.art],
      ),
      aktenplaneinheit: facette(
        (k) => k.kennzeichen,
        (k) => `${k.kennzeichen} ${k.einheit_titel}`,
      ),
      oe: facette(
        (k) => k.oe_kuerzel,
        (k) => k.oe_name,
      ),
      typ: facette(
        (k) => k.typ,
        (k) => k.typ,
        (k) => k.art === "dokument",
      ),
      status: facette(
        (k) => k.status,
        (k) => (k.status === "zda" ? "zdA" : "in Bearbeitung"),
        (k) => k.art !== "akte",
      ),
      jahr: facette(
        (k) => String(k.erstellt_am.getUTCFullYear()),
        (k) => String(k.erstellt_am.getUTCFullYear()),
      ),
    },
  };
}

/** After an Akte's access changed (restriction, named, Beteiligte, moved Vorgänge): its Dokumente' keys. */
export async function aktualisiereSichtbarkeitInTx(tx: Tx, akteId: string): Promise<void> {
  const akte = await zugriffsdaten(tx, akteId);
  if (!akte) return;
  await repo.setzeSchluesselDerAkte(tx, akteId, schluesselDerZeile(akte));
}
