import type { AppContext } from "../../platform/context.js";
import type { Queryable, Tx } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { erkannteTexte, textGroessen } from "../content/index.js";
import {
  type AkteZugriffsdaten,
  type Indexdaten,
  indexdatenVieler,
  profilFuer,
  zugriffsdaten,
  zugriffsdatenVieler,
} from "../schriftgut/index.js";
import {
  ENDUNGEN,
  gefalteteWoerter,
  istBasiswort,
  istAbleitung,
  leseAnfrage,
  moeglicheTeile,
  schreibweisen,
  transliteriere,
  umlautiere,
  woerter,
  zweiteTeile,
  zerlege,
} from "./deutsch.js";
import * as repo from "./suche.repository.js";
import { schluesselDerZeile, schluesselDesLesers } from "./suche.policy.js";

/** Candidates ranked per query; more matches are shown as "1000+". */
export const KANDIDATEN = 1000;
const SNIPPET_ZEICHEN = 100_000;

/**
 * The version of the indexing rules. Rows written with an older one are indexed anew by the
 * resumable `indexiereNeu` (job `suchindex-neu`, `aktenwerk suche neu-indizieren`). 1: compounds
 * split against the index's own vocabulary (issue #16).
 */
export const SUCHINDEX_FASSUNG = 1;

/** Splits of words already seen, per process (bounded): most words of a county recur. */
const zerlegungen = new Map<string, string[]>();
const MAX_ZERLEGUNGEN = 200_000;
/**
 * Substrings asked of the lexicon per Dokument: a long OCR text of odd tokens must not ask millions.
 * Words beyond stay unsplit in this Dokument and are split when they come again (or by a rebuild).
 */
const MAX_KANDIDATEN = 50_000;

/** Forgets the splits seen, so that a rebuild splits against the lexicon as it is now. */
export function vergissZerlegungen(): void {
  zerlegungen.clear();
}

/**
 * The compound parts of the words of each text, split against the seed list, the lexicon
 * `suchwort` and the texts' own words. New words ask the lexicon once, together for all texts;
 * known ones come from memory.
 */
export async function teileMitLexikon(q: Queryable, texte: string[]): Promise<string[][]> {
  const alleJeText = texte.map((text) => [...new Set(woerter(text))]);
  const neu = new Set<string>();
  const kandidaten = new Set<string>();
  for (const alle of alleJeText) {
    // Bounded per text (a long OCR text of odd tokens must not ask millions of substrings).
    let anzahl = 0;
    for (const w of alle) {
      if (anzahl >= MAX_KANDIDATEN) break;
      if (zerlegungen.has(w) || neu.has(w) || w.length < 6 || w.length > 40 || /\d/.test(w)) continue;
      neu.add(w);
      for (const t of moeglicheTeile(w)) {
        kandidaten.add(t);
        anzahl++;
      }
    }
  }
  if (neu.size) {
    const bekannt = new Set(await repo.bekannteWoerter(q, [...kandidaten]));
    for (const alle of alleJeText) for (const w of alle) if (w.length >= 4) bekannt.add(w);
    if (zerlegungen.size + neu.size > MAX_ZERLEGUNGEN) zerlegungen.clear();
    for (const w of neu)
      zerlegungen.set(
        w,
        zerlege(w, (x) => bekannt.has(x)),
      );
  }
  return alleJeText.map((alle) => {
    const out = new Set<string>();
    for (const w of alle) for (const t of zerlegungen.get(w) ?? []) out.add(t);
    return [...out];
  });
}

/**
 * (Re)builds the index row of a Dokument from its metadata, its Vorgang and Akte, and the text of
 * its current version, with the parts of compound words and names without their marks as extra terms.
 */
export async function indexiereDokumentInTx(tx: Tx, dokumentId: string, now: Date): Promise<void> {
  await indexiereDokumenteInTx(tx, [dokumentId], now);
}

/** Texts held in memory at once while indexing many Dokumente (bytes as stored, UTF-8). */
const STAPEL_TEXTBYTES = 16 * 1024 * 1024;

/**
 * The index rows of many Dokumente, as `indexiereDokumentInTx` builds one, in a fixed number of
 * statements per part whatever their number: the re-index of a county's Dokumente is bound by
 * round trips. Parts are cut so that their texts stay within STAPEL_TEXTBYTES (one OCR text may
 * hold two million characters), so memory stays bounded whatever the batch.
 */
export async function indexiereDokumenteInTx(
  tx: Tx,
  dokumentIds: string[],
  now: Date,
  textbytes = STAPEL_TEXTBYTES,
): Promise<void> {
  const daten = await indexdatenVieler(tx, dokumentIds);
  const gefunden = dokumentIds.flatMap((id) => {
    const r = daten.get(id);
    return r ? [{ id, ...r }] : [];
  });
  if (gefunden.length === 0) return;
  // One Dokument (every upload and change) is one part: its size need not be asked.
  if (gefunden.length === 1) {
    const akte = await zugriffsdaten(tx, gefunden[0]!.akteId);
    return indexiereTeilInTx(tx, gefunden, new Map(akte ? [[gefunden[0]!.akteId, akte]] : []), now);
  }
  const [groessen, zugriff] = await Promise.all([
    textGroessen(
      tx,
      gefunden.map((r) => ({ dokumentId: r.id, nr: r.aktuelleVersion })),
    ),
    zugriffsdatenVieler(tx, [...new Set(gefunden.map((r) => r.akteId))]),
  ]);
  let teil: typeof gefunden = [];
  let bytes = 0;
  for (const r of gefunden) {
    const groesse = groessen.get(r.id) ?? 0;
    if (teil.length > 0 && bytes + groesse > textbytes) {
      await indexiereTeilInTx(tx, teil, zugriff, now);
      teil = [];
      bytes = 0;
    }
    teil.push(r);
    bytes += groesse;
  }
  await indexiereTeilInTx(tx, teil, zugriff, now);
}

async function indexiereTeilInTx(
  tx: Tx,
  dokumente: (Indexdaten & { id: string })[],
  zugriff: Map<string, AkteZugriffsdaten>,
  now: Date,
): Promise<void> {
  const texte = await erkannteTexte(
    tx,
    dokumente.map((r) => ({ dokumentId: r.id, nr: r.aktuelleVersion })),
  );
  const zeilen = dokumente.map((r) => {
    const text = texte.get(r.id) ?? "";
    return { r, text, alles: `${r.titel} ${r.meta} ${text}` };
  });
  const teile = await teileMitLexikon(
    tx,
    zeilen.map((z) => z.alles),
  );
  await repo.schreibeIndexzeilen(
    tx,
    zeilen.map(({ r, text, alles }, i) => ({
      dokumentId: r.id,
      titel: r.titel,
      typUndMeta: `${r.typ} ${r.meta}`,
      zeichen: r.zeichen,
      text,
      teile: [...teile[i]!, ...gefalteteWoerter(alles)].join(" "),
      inhalt: `${r.titel}\n${text}`.slice(0, SNIPPET_ZEICHEN),
      sichtbarFuer: schluesselDerZeile(zugriff.get(r.akteId)),
      fassung: SUCHINDEX_FASSUNG,
    })),
    now,
  );
  // The lexicon for typo tolerance and for splitting compounds: every word of four letters or
  // more, once, at most 20,000 per Dokument.
  const lexikon = new Set<string>();
  for (const { alles } of zeilen)
    for (const w of [...new Set(woerter(alles).filter((w) => w.length >= 4 && w.length <= 40))].slice(
      0,
      20_000,
    ))
      lexikon.add(w);
  await repo.merkeWoerter(tx, [...lexikon]);
}

/** Job: index anew every row written with older rules; resumable, each batch commits. */
export const JOB_SUCHINDEX_NEU = "suchindex-neu";

export interface NeuIndexierung {
  /** Rows indexed anew in this run. */
  anzahl: number;
  /** Rows that were current already when the run began (done by an earlier, stopped run). */
  schonAktuell: number;
  gesamt: number;
}

/**
 * Indexes anew, in batches of their own transactions, every index row written with rules older
 * than `SUCHINDEX_FASSUNG` (`alle`: every row, e.g. after the database moved to another LC_CTYPE,
 * when the stored vectors carry the old lexemes). Progress lives in the rows (`fassung`), so a run
 * killed at any moment (kill -9) continues with the next run where it stopped; memory is bounded
 * by the batch.
 */
export async function indexiereNeu(
  ctx: AppContext,
  optionen: {
    alle?: boolean;
    stapel?: number;
    fortschritt?: (erledigt: number, gesamt: number) => void;
  } = {},
): Promise<NeuIndexierung> {
  if (optionen.alle) await repo.markiereAllesVeraltet(ctx.db);
  vergissZerlegungen();
  const stand = await repo.indexStand(ctx.db, SUCHINDEX_FASSUNG);
  const schonAktuell = stand.gesamt - stand.veraltet;
  let letzte = "00000000-0000-0000-0000-000000000000";
  let anzahl = 0;
  optionen.fortschritt?.(schonAktuell, stand.gesamt);
  for (;;) {
    const ids = await repo.veralteteIndexzeilen(ctx.db, SUCHINDEX_FASSUNG, letzte, optionen.stapel ?? 200);
    if (ids.length === 0) break;
    await ctx.db.transaction(async (tx) => {
      await indexiereDokumenteInTx(tx, ids, ctx.clock.now());
    });
    anzahl += ids.length;
    letzte = ids[ids.length - 1]!;
    optionen.fortschritt?.(Math.min(stand.gesamt, schonAktuell + anzahl), stand.gesamt);
  }
  // The periodic job finds nothing to do most of the time: only work done is worth a line.
  if (anzahl > 0) ctx.log.info({ anzahl, schonAktuell }, "Suchindex neu aufgebaut.");
  return { anzahl, schonAktuell, gesamt: stand.gesamt };
}

/** After the database moved to another LC_CTYPE (job `nach-ctype-umzug`): every row anew. */
export async function indexiereAllesNeu(ctx: AppContext): Promise<number> {
  return (await indexiereNeu(ctx, { alle: true })).anzahl;
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
  if (wort.length < 5 || /\d/.test(wort)) return [];
  if (await repo.brauchtKeineKorrektur(ctx.db.lesen, wort, leser)) return [];
  // Each spelling ("laermschutzwnd" is nearer to "lärmschutzwand" as "lärmschutzwnd"); per spelling
  // the nearest first, each asked on its own (a constant tsquery the planner can cost), until three.
  // The readability of three neighbours is asked at a time, their order kept.
  const lesbar = new Set<string>();
  for (const form of schreibweisen(wort).slice(0, 3)) {
    const kandidaten = await repo.aehnlicheWoerter(ctx.db.lesen, form, 50);
    for (let i = 0; i < kandidaten.length; i += 3) {
      const gruppe = kandidaten.slice(i, i + 3).filter((k) => !lesbar.has(k));
      const antworten = await Promise.all(gruppe.map((k) => repo.istLesbaresWort(ctx.db.lesen, k, leser)));
      for (const [j, k] of gruppe.entries()) {
        if (antworten[j]) lesbar.add(k);
        if (lesbar.size === 3) return [...lesbar];
      }
    }
  }
  return [...lesbar];
}

/**
 * What the index is asked for an input: per term its spellings, for a word no readable Dokument
 * contains the nearest readable words, and the known compounds it is part of; quoted phrases as
 * phrases; "-wort" as words to exclude; the input as an exact reference if it may be one.
 */
export async function suchanfrage(
  ctx: AppContext,
  leser: repo.Leser,
  text: string,
): Promise<repo.Suchanfrage> {
  const gelesen = leseAnfrage(text);
  // Every term, and per term its typo check and its compounds, asked at the same time: each is a
  // few round trips to the index, and a query of several words must not add them up.
  const worte = await Promise.all(
    gelesen.begriffe.slice(0, 12).map(async (begriff) => {
      if (begriff.includes(" ")) return [...new Set([begriff, transliteriere(begriff)])];
      const [aehnlich, zusammengesetzt] = await Promise.all([
        aehnlicheWoerter(ctx, begriff, leser),
        komposita(ctx, begriff),
      ]);
      return [...new Set([...schreibweisen(begriff), ...aehnlich, ...zusammengesetzt])];
    }),
  );
  const ohne = gelesen.ohne.map((w) => (w.includes(" ") ? [w, transliteriere(w)] : schreibweisen(w)));
  const zeichen = text.trim();
  return { worte, ohne, zeichen: /\d/.test(zeichen) && /[./-]/.test(zeichen) ? zeichen : null };
}

/** At most this many known compounds stand in for one query word. */
export const MAX_KOMPOSITA = 24;

/**
 * The known compounds that `wort` is part of, in any spelling: with it as head, also inflected and
 * with the umlaut plural ("genehmigung" → "baugenehmigung"; "baum" → "straßenbäume"), and with it
 * as front part, also with a Fuge ("rückbau" → "rückbauverpflichtung"; "garage" →
 * "garagenzufahrt"). Derived words ("ver|fahren") and words that merely begin alike ("hund|ert")
 * are no compounds. The shortest first, at most MAX_KOMPOSITA, so the query stays bounded however
 * large the lexicon. The lexicon holds words of hidden Dokumente too; hits are trimmed as always.
 */
async function komposita(ctx: AppContext, wort: string): Promise<string[]> {
  if (wort.length < 4 || /\d/.test(wort)) return [];
  const formen = [...new Set(schreibweisen(wort).filter((f) => !f.includes(" ")))];
  const enden = formen.flatMap((k) => [
    ...["", ...ENDUNGEN].map((e) => k + e),
    ...["e", "en", "er", "ern"].map((e) => umlautiere(k) + e).filter((e) => !formen.includes(e)),
  ]);
  const anfaenge = formen.flatMap((k) => (k.endsWith("e") ? [k, k.slice(0, -1)] : [k]));
  const [mitKopf, mitAnfang] = await Promise.all([
    repo.woerterMit(ctx.db.lesen, "ende", [...new Set(enden)], 3, 50),
    repo.woerterMit(ctx.db.lesen, "anfang", [...new Set(anfaenge)], 4, 50),
  ]);
  const kopfTreffer = mitKopf.filter((w) => !enden.some((e) => w.endsWith(e) && istAbleitung(w, e)));
  // After a front part must come a word: one the lexicon knows, or a long one ("mitte|ilung" is none).
  const reste = new Map<string, string[]>();
  for (const w of mitAnfang)
    reste.set(
      w,
      anfaenge.filter((a) => w.startsWith(a)).flatMap((a) => zweiteTeile(w.slice(a.length))),
    );
  const bekannt = new Set(await repo.bekannteWoerter(ctx.db.lesen, [...new Set([...reste.values()].flat())]));
  const anfangTreffer = mitAnfang.filter((w) =>
    reste.get(w)!.some((r) => bekannt.has(r) || istBasiswort(r) || r.length >= LANGER_REST),
  );
  return [...new Set([...kopfTreffer, ...anfangTreffer])]
    .sort((a, b) => a.length - b.length || a.localeCompare(b))
    .slice(0, MAX_KOMPOSITA);
}

/** A rest after a front part this long counts as a word even if the lexicon does not know it. */
const LANGER_REST = 6;

/**
 * Full-text search over Dokumente, as the actor: German stemming, compound parts (split at index
 * time, and the query word expanded to the known compounds ending in it), umlaut spellings, typo
 * tolerance, quoted phrases, "-wort" to exclude, exact Aktenzeichen and fremdes Geschäftszeichen.
 * Trimmed to what the actor may read inside the query, so hidden objects change no count and no
 * facet. The index is read from the replica (`ctx.db.lesen`); the permission profile from the primary.
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
  const gelesen = leseAnfrage(text);
  if (gelesen.begriffe.length === 0)
    throw new AppError("ungueltige_eingabe", "Bitte geben Sie einen Suchbegriff ein.", {
      fehler: [
        {
          feld: "query:/q",
          meldung: gelesen.ohne.length
            ? "Nur ausgeschlossene Begriffe: bitte mindestens einen Begriff ohne „-“ angeben."
            : "Suchbegriff fehlt.",
        },
      ],
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
