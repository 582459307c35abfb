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
  dokument: { id: string; titel: string; typ: string; erstelltAm: string };
  vorgang: { id: string; zeichen: string; betreff: string; status: string };
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
    aktenplaneinheit: Facette[];
    oe: Facette[];
    typ: Facette[];
    status: Facette[];
    jahr: Facette[];
  };
}

/** Typo tolerance: for a word the index does not know, the known words most like it. */
async function aehnlicheWoerter(ctx: AppContext, wort: string): Promise<string[]> {
  if (wort.length < 5) return [];
  if (await repo.istBekanntesWort(ctx.db, wort)) return [];
  return repo.aehnlicheBekannteWoerter(ctx.db, wort);
}

/**
 * Full-text search over Dokumente, as the actor: German stemming, compound parts, umlaut spellings,
 * typo tolerance, exact Aktenzeichen and fremdes Geschäftszeichen. Trimmed to what the actor may
 * read inside the query, so hidden objects change no count and no facet.
 */
export async function suche(
  ctx: AppContext,
  actor: Akteur,
  eingabe: string,
  filter: repo.SuchFilter = {},
  seite = { limit: 20, offset: 0 },
): Promise<SuchErgebnis> {
  const text = eingabe.normalize("NFC").slice(0, 1000);
  const eingabeWorte = [...new Set(woerter(text))].slice(0, 12);
  if (eingabeWorte.length === 0)
    throw new AppError("ungueltige_eingabe", "Bitte geben Sie einen Suchbegriff ein.", {
      fehler: [{ feld: "query:/q", meldung: "Suchbegriff fehlt." }],
    });
  const worte: string[][] = [];
  for (const wort of eingabeWorte)
    worte.push([...new Set([...schreibweisen(wort), ...(await aehnlicheWoerter(ctx, wort))])]);
  const zeichen = text.trim();
  const anfrage: repo.Suchanfrage = {
    worte,
    zeichen: /\d/.test(zeichen) && /[./-]/.test(zeichen) ? zeichen : null,
  };
  const profil = await profilFuer(ctx, actor);
  const leser = { schluessel: schluesselDesLesers(profil), profil };
  const kandidaten = await repo.kandidaten(ctx.db, anfrage, leser, filter, KANDIDATEN + 1);
  kandidaten.sort(
    (x, y) =>
      Number(y.exakt) - Number(x.exakt) ||
      y.rang - x.rang ||
      y.erstellt_am.getTime() - x.erstellt_am.getTime(),
  );
  const seiteIds = kandidaten.slice(seite.offset, seite.offset + seite.limit).map((k) => k.dokument_id);
  // Snippets (ts_headline is the costly part) only for the page shown.
  const details = await repo.trefferdetails(ctx.db, worte, seiteIds);
  const byId = new Map(details.map((d) => [d.dokument_id, d]));
  const rang = new Map(kandidaten.map((k) => [k.dokument_id, k.rang]));
  const facette = (
    wert: (k: repo.Kandidat) => string,
    bezeichnung: (k: repo.Kandidat) => string,
  ): Facette[] => {
    const zaehler = new Map<string, Facette>();
    for (const k of kandidaten.slice(0, KANDIDATEN)) {
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
    treffer: seiteIds
      .map((id) => byId.get(id))
      .filter((r): r is NonNullable<typeof r> => r !== undefined)
      .map((r) => ({
        dokument: { id: r.dokument_id, titel: r.titel, typ: r.typ, erstelltAm: r.erstellt_am.toISOString() },
        vorgang: {
          id: r.vorgang_id,
          zeichen: r.vorgang_zeichen,
          betreff: r.vorgang_betreff,
          status: r.status,
        },
        akte: { id: r.akte_id, aktenzeichen: r.aktenzeichen, betreff: r.akte_betreff },
        ausschnitt: r.ausschnitt,
        rang: rang.get(r.dokument_id) ?? 0,
      })),
    facetten: {
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
      ),
      status: facette(
        (k) => k.status,
        (k) => (k.status === "zda" ? "zdA" : "in Bearbeitung"),
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
