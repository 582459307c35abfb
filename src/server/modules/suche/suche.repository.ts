import type { Lesezugriff, Queryable } from "../../platform/database/database.js";
import { oeJoin } from "../access/index.js";
import { einheitJoin } from "../aktenplan/index.js";
import {
  dokumenteSql,
  dokumenteDerAkteSql,
  suchobjekteSql,
  type Zugriffsprofil,
} from "../schriftgut/index.js";
import { transliteriere } from "./deutsch.js";

/**
 * All SQL of the search: its own tables `suchindex` (one row per Dokument: weighted vector,
 * snippet text, access keys) and `suchwort` (the lexicon for typo tolerance). Dokumente, Vorgänge,
 * Akten, Aktenplaneinheiten and OEs come in through their owners' fragments, inside one query.
 */

/** One index row, as `indexiereDokumenteInTx` computed it. */
export interface Indexzeile {
  dokumentId: string;
  /** Weight A. */
  titel: string;
  /** Weight B (German): the Dokument's type and its metadata. */
  typUndMeta: string;
  /** Weight B ('simple', for reference numbers): Aktenzeichen and Geschäftszeichen. */
  zeichen: string;
  /** Weight C: the recognised text. */
  text: string;
  /** Weight D: the parts of compound words. */
  teile: string;
  /** What snippets are cut from. */
  inhalt: string;
  sichtbarFuer: string[];
  /** The version of the indexing rules (`SUCHINDEX_FASSUNG`). */
  fassung: number;
}

/**
 * The weighted vector of an index row from its parts (SQL expressions, in the order of
 * `Indexzeile`): the one expression the live index and bulk loads use.
 */
export function suchvektorSql(
  titel: string,
  typUndMeta: string,
  zeichen: string,
  text: string,
  teile: string,
): string {
  return `setweight(to_tsvector('german', ${titel}), 'A') || setweight(to_tsvector('german', ${typUndMeta}), 'B') ||
       setweight(to_tsvector('simple', ${zeichen}), 'B') || setweight(to_tsvector('german', ${text}), 'C') ||
       setweight(to_tsvector('german', ${teile}), 'D')`;
}

/**
 * Writes many index rows in one statement, each row's vector computed by the server. The rows'
 * keys travel as one JSON array of arrays (an SQL array cannot hold rows of different lengths).
 */
export async function schreibeIndexzeilen(q: Queryable, zeilen: Indexzeile[], now: Date): Promise<void> {
  if (zeilen.length === 0) return;
  const spalte = <T>(f: (z: Indexzeile) => T) => zeilen.map(f);
  await q.query(
    `INSERT INTO suchindex (dokument_id, tsv, inhalt, aktualisiert_am, sichtbar_fuer, fassung)
     SELECT z.id, ${suchvektorSql("z.titel", "z.meta", "z.zeichen", "z.text", "z.teile")}, z.inhalt, $9,
            ARRAY(SELECT jsonb_array_elements_text($10::jsonb -> (z.i::int - 1))), z.fassung
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])
       WITH ORDINALITY AS z(id, titel, meta, zeichen, text, teile, inhalt, fassung, i)
     ON CONFLICT (dokument_id) DO UPDATE SET tsv = EXCLUDED.tsv, inhalt = EXCLUDED.inhalt, aktualisiert_am = EXCLUDED.aktualisiert_am,
       sichtbar_fuer = EXCLUDED.sichtbar_fuer, fassung = EXCLUDED.fassung`,
    [
      spalte((z) => z.dokumentId),
      spalte((z) => z.titel),
      spalte((z) => z.typUndMeta),
      spalte((z) => z.zeichen),
      spalte((z) => z.text),
      spalte((z) => z.teile),
      spalte((z) => z.inhalt),
      spalte((z) => z.fassung),
      now,
      JSON.stringify(spalte((z) => z.sichtbarFuer)),
    ],
  );
}

/** Which of `kandidaten` the lexicon knows (the vocabulary the decompounder splits against). */
export async function bekannteWoerter(q: Queryable, kandidaten: string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < kandidaten.length; i += 20_000) {
    const { rows } = await q.query<{ wort: string }>(
      "SELECT wort FROM suchwort WHERE wort = ANY($1::text[])",
      [kandidaten.slice(i, i + 20_000)],
    );
    for (const r of rows) out.push(r.wort);
  }
  return out;
}

const likeMuster = (text: string) => `${text.replace(/[\\%_]/g, "\\$&")}%`;

/**
 * Known words that end in one of `enden` (`am: "ende"`) or begin with one of them (`am: "anfang"`)
 * and are at least `mehr` letters longer: the compounds with that head or that front part, through
 * the B-tree on the reversed or the plain spelling; at most `grenze` per pattern.
 */
export async function woerterMit(
  q: Queryable,
  am: "ende" | "anfang",
  muster: string[],
  mehr: number,
  grenze: number,
): Promise<string[]> {
  if (muster.length === 0) return [];
  const values: unknown[] = [];
  const teile = muster.map((m) => {
    values.push(likeMuster(am === "ende" ? [...m].reverse().join("") : m), m.length + mehr);
    const spalte = am === "ende" ? "reverse(wort)" : "wort";
    return `(SELECT wort FROM suchwort WHERE ${spalte} LIKE $${values.length - 1} AND length(wort) >= $${values.length} LIMIT ${grenze})`;
  });
  const { rows } = await q.query<{ wort: string }>(teile.join(" UNION "), values);
  return rows.map((r) => r.wort);
}

/** Index rows written with older rules than `fassung`, after `nach`, by id: the next batch to index anew. */
export async function veralteteIndexzeilen(
  q: Queryable,
  fassung: number,
  nach: string,
  anzahl: number,
): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    "SELECT dokument_id AS id FROM suchindex WHERE dokument_id > $1 AND fassung < $2 ORDER BY dokument_id LIMIT $3",
    [nach, fassung, anzahl],
  );
  return rows.map((r) => r.id);
}

/** How many index rows are older than `fassung`, and how many rows there are. */
export async function indexStand(
  q: Queryable,
  fassung: number,
): Promise<{ veraltet: number; gesamt: number }> {
  const { rows } = await q.query<{ veraltet: number; gesamt: number }>(
    "SELECT count(*) FILTER (WHERE fassung < $1)::int AS veraltet, count(*)::int AS gesamt FROM suchindex",
    [fassung],
  );
  return rows[0]!;
}

/** Marks every row as indexed with old rules (a forced rebuild, e.g. after a ctype move). */
export async function markiereAllesVeraltet(q: Queryable): Promise<void> {
  await q.query("UPDATE suchindex SET fassung = 0 WHERE fassung <> 0");
}

/** Adds words to the lexicon (each once). */
export async function merkeWoerter(q: Queryable, woerter: string[]): Promise<void> {
  if (woerter.length)
    await q.query("INSERT INTO suchwort (wort) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", [woerter]);
}

/** After an Akte's access changed: the new keys on the index rows of all its Dokumente. */
export async function setzeSchluesselDerAkte(
  q: Queryable,
  akteId: string,
  schluessel: string[],
): Promise<void> {
  await q.query(
    `UPDATE suchindex SET sichtbar_fuer = $2 WHERE dokument_id IN (${dokumenteDerAkteSql("$1")})`,
    [akteId, schluessel],
  );
}

/**
 * The Dokument of index row `s` from the relation `dokumente`, looked up per row by its key
 * (`CROSS JOIN LATERAL ${jeZeile(dokumente)} d`): the fence (OFFSET 0) keeps the planner from
 * joining all Dokumente by hash when it overestimates a rare word's rows; the candidates are
 * bounded, so a lookup per row is always the cheap way.
 */
function jeZeile(dokumente: string): string {
  return `(SELECT * FROM ${dokumente} d0 WHERE d0.dokument_id = s.dokument_id OFFSET 0)`;
}

/**
 * Whether `wort` occurs in a Dokument the reader may read. The lexicon `suchwort` holds the words
 * of every Dokument, readable or not: asked directly, it would tell anyone whether a name occurs in
 * a restricted Akte. So every answer goes through the reader's rule.
 */
export async function istLesbaresWort(q: Queryable, wort: string, leser: Leser): Promise<boolean> {
  return lesbaresWort(q, wort, leser, await plan(q, [[wort]], leser.schluessel, 1));
}

/**
 * Whether a query word needs no correction: the statistics know it as common (it would be read by
 * rows, see `plan`), or a Dokument the reader may read contains it. A common word the reader
 * cannot find is spelled right all the same: no neighbour is offered for it, so nothing is told.
 */
export async function brauchtKeineKorrektur(q: Queryable, wort: string, leser: Leser): Promise<boolean> {
  const gewaehlt = await plan(q, [[wort]], leser.schluessel, 1);
  return gewaehlt.zeilenweise || lesbaresWort(q, wort, leser, gewaehlt);
}

async function lesbaresWort(
  q: Queryable,
  wort: string,
  leser: Leser,
  { zeilenweise, ohneSeqScan }: { zeilenweise: boolean; ohneSeqScan: boolean },
): Promise<boolean> {
  const values: unknown[] = [wort, leser.schluessel];
  const dokumente = dokumenteSql(values, { inhaltLesbarFuer: leser.profil });
  const text = zeilenweise
    ? "(s.tsv @@ plainto_tsquery('german', $1)) IS TRUE"
    : "s.tsv @@ plainto_tsquery('german', $1)";
  const { rows } = await mitPlan(q, ohneSeqScan, (q) =>
    q.query(
      `SELECT 1 FROM suchindex s CROSS JOIN LATERAL ${jeZeile(dokumente)} d
       WHERE s.sichtbar_fuer && $2::text[] AND ${text} LIMIT 1`,
      values,
    ),
  );
  return rows.length > 0;
}

/**
 * The known words most like `wort` (trigram similarity above 0.45), best first, at most `anzahl`:
 * readable or not, so the caller must ask `istLesbaresWort` before using one.
 */
export async function aehnlicheWoerter(q: Queryable, wort: string, anzahl: number): Promise<string[]> {
  const { rows } = await q.query<{ wort: string }>(
    `SELECT wort FROM suchwort WHERE wort % $1 AND similarity(wort, $1) > 0.45
     ORDER BY similarity(wort, $1) DESC, wort LIMIT $2`,
    [wort, anzahl],
  );
  return rows.map((r) => r.wort);
}

/**
 * The tsquery of a search: every word must match (AND), each in any of its spellings (OR), and
 * none of the words of `ohne` (NOT). plainto_tsquery ignores operators, so input can never become
 * tsquery syntax; a variant with a space is a phrase (its words in this order). The 'simple'
 * spelling is for reference numbers (digits); words are found by the German stemmer. Its
 * parameters are the first in `values`.
 */
function tsquerySql(worte: string[][], values: unknown[], ohne: string[][] = []): string {
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const oder = (varianten: string[]) => {
    const alternativen = varianten.flatMap((v) =>
      v.includes(" ")
        ? [`phraseto_tsquery('german', ${p(v)})`]
        : /\d/.test(v)
          ? [`plainto_tsquery('german', ${p(v)})`, `plainto_tsquery('simple', ${p(transliteriere(v))})`]
          : [`plainto_tsquery('german', ${p(v)})`],
    );
    return `(${alternativen.join(" || ")})`;
  };
  return [...worte.map(oder), ...ohne.map((varianten) => `!!${oder(varianten)}`)].join(" && ");
}

/** The tsquery of `worte` as text (`tsquery::text`), e.g. for the benchmark's bare match. */
export async function tsqueryText(q: Queryable, worte: string[][]): Promise<string> {
  const values: unknown[] = [];
  const { rows } = await q.query<{ q: string }>(`SELECT (${tsquerySql(worte, values)})::text AS q`, values);
  return rows[0]!.q;
}

/**
 * The bare match: the first `grenze` index rows matching a tsquery, without rank and without any
 * access rule. Not for readers; the floor the benchmark measures the search against.
 */
export async function nackteTreffer(q: Queryable, tsquery: string, grenze: number): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM (SELECT 1 FROM suchindex WHERE tsv @@ $1::tsquery LIMIT $2) t",
    [tsquery, grenze],
  );
  return rows[0]!.n;
}

/** What a hit is: a Dokument, or an Akte or a Vorgang found by its own words. */
export type TrefferArt = "dokument" | "vorgang" | "akte";

export interface SuchFilter {
  art?: TrefferArt;
  aktenplaneinheit?: string;
  oe?: string;
  typ?: string;
  status?: string;
  jahr?: number;
}

/** A search as the index runs it. */
export interface Suchanfrage {
  /** Per word (or quoted phrase) of the input, its spellings and the compounds it may stand for. */
  worte: string[][];
  /** Per word prefixed with "-", its spellings: no hit may contain one. */
  ohne?: string[][];
  /** The input as an exact Aktenzeichen, fremdes Geschäftszeichen or Vorgangszeichen, if it may be one. */
  zeichen: string | null;
}

/** Who searches: the keys of `suche.policy.ts` (index-assisted) and the profile for the exact rule. */
export interface Leser {
  schluessel: string[];
  profil: Zugriffsprofil;
}

export interface Kandidat {
  /** The Dokument's, Vorgang's or Akte's id. */
  id: string;
  art: TrefferArt;
  exakt: boolean;
  rang: number;
  erstellt_am: Date;
  kennzeichen: string;
  einheit_titel: string;
  oe_kuerzel: string;
  oe_name: string;
  typ: string;
  status: string;
}

/**
 * What the planner expects from its statistics (most common lexemes and keys): the share of index
 * rows a tsquery matches, the share carrying one of the reader's keys, and how many rows there are.
 */
async function schaetzung(
  q: Queryable,
  worte: string[][],
  schluessel: string[],
): Promise<{ anteil: number; lesbar: number; zeilen: number }> {
  const values: unknown[] = [];
  const tsquery = tsquerySql(worte, values);
  values.push(schluessel);
  const { rows } = await q.query<{ "QUERY PLAN": [{ Plan: { Plans: { "Plan Rows": number }[] } }] }>(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM suchindex WHERE tsv @@ (${tsquery})
     UNION ALL SELECT 1 FROM suchindex WHERE sichtbar_fuer && $${values.length}::text[]
     UNION ALL SELECT 1 FROM suchindex`,
    values,
  );
  const [treffer, lesbar, alle] = rows[0]!["QUERY PLAN"][0].Plan.Plans.map((p) => p["Plan Rows"]);
  const zeilen = Math.max(1, alle ?? 1);
  return {
    anteil: Math.min(1, (treffer ?? 0) / zeilen),
    lesbar: Math.min(1, (lesbar ?? 0) / zeilen),
    zeilen,
  };
}

/**
 * How to find up to `grenze` matches. Through the text index, which decodes every posting of the
 * query's lexemes (share × rows) before the first match; or by reading rows and testing their
 * vectors, which stops after about grenze / share rows (a row read and tested costs about as much
 * as 15 decoded postings, measured with `npm run bench -- search`). Only a query the statistics
 * know as common (5 % or more) is read by rows: a rare word's estimate is a default, often far too
 * high. Rows are read through the reader's keys when those are selective, else all of them; the
 * planner is told so (no sequential scan) where its cost model would pick one for LIMIT's sake.
 */
async function plan(
  q: Queryable,
  worte: string[][],
  schluessel: string[],
  grenze: number,
): Promise<{ zeilenweise: boolean; ohneSeqScan: boolean }> {
  const { anteil, lesbar, zeilen } = await schaetzung(q, worte, schluessel);
  const zeilenweise = anteil >= 0.05 && anteil * zeilen > 15 * (grenze / anteil);
  return { zeilenweise, ohneSeqScan: !zeilenweise || lesbar < 0.5 };
}

/**
 * Runs `work` with sequential scans disabled for the planner if `ohneSeqScan`: in a read-only
 * transaction of its own (SET LOCAL holds for its statements only) on the server `q` reads from,
 * else inside the caller's transaction and switched back afterwards.
 */
async function mitPlan<T>(
  q: Queryable,
  ohneSeqScan: boolean,
  work: (q: Queryable) => Promise<T>,
): Promise<T> {
  if (!ohneSeqScan) return work(q);
  if (istLesezugriff(q))
    return q.leseTransaktion(async (tx) => {
      await tx.query("SET LOCAL enable_seqscan = off");
      return work(tx);
    });
  await q.query("SET LOCAL enable_seqscan = off");
  try {
    return await work(q);
  } finally {
    await q.query("SET LOCAL enable_seqscan = on");
  }
}

function istLesezugriff(q: Queryable): q is Lesezugriff {
  return typeof (q as Partial<Lesezugriff>).leseTransaktion === "function";
}

/**
 * A bounded candidate set: Dokumente whose text matches (up to `grenze`, in no particular order)
 * and those whose Aktenzeichen, fremdes Geschäftszeichen or Vorgangszeichen is the input, with rank
 * and facet fields, trimmed to what the reader may read inside the query: the keys first
 * (index-assisted), then Schriftgut's exact rule; both must hold. The exact matches come first.
 */
export async function kandidaten(
  q: Queryable,
  anfrage: Suchanfrage,
  leser: Leser,
  filter: SuchFilter,
  grenze: number,
  /**
   * How to find the text matches; by default chosen from the planner's estimate. "filter": the
   * Dokumente of the filtered OE or Aktenplaneinheit, each row read and tested.
   */
  weg?: "index" | "zeilen" | "filter",
): Promise<Kandidat[]> {
  const gewaehlt =
    weg === undefined
      ? await plan(q, anfrage.worte, leser.schluessel, grenze)
      : { zeilenweise: weg !== "index", ohneSeqScan: false };
  // A common query within one OE or Aktenplaneinheit: that unit's Dokumente are read (found by
  // their Akten), not every row of the index until enough of them happen to lie in it.
  const nachFilter =
    weg === "filter" ||
    (weg === undefined && gewaehlt.zeilenweise && !!(filter.oe || filter.aktenplaneinheit));
  // For a common query, the text test is written so that no index can take it: the planner then
  // reads rows (through the reader's keys, or all) and stops at `grenze`.
  const text = gewaehlt.zeilenweise ? "(s.tsv @@ anfrage.q) IS TRUE" : "s.tsv @@ anfrage.q";
  const [genaue, nachText] = await Promise.all([
    anfrage.zeichen
      ? dokumentKandidaten(q, anfrage, leser, filter, grenze, (d, p) => zeichenSql(d, anfrage.zeichen!, p))
      : [],
    nachFilter
      ? dokumentKandidaten(q, anfrage, leser, filter, grenze, () => text, "filter")
      : mitPlan(q, gewaehlt.ohneSeqScan, (q) =>
          dokumentKandidaten(q, anfrage, leser, filter, grenze, () => text),
        ),
  ]);
  const exakt = new Set(genaue.map((k) => k.id));
  return [...genaue, ...nachText.filter((k) => !exakt.has(k.id))].slice(0, grenze);
}

/**
 * SQL: the Dokumente (of relation `d`) whose Aktenzeichen, fremdes Geschäftszeichen or
 * Vorgangszeichen ("<Aktenzeichen>-<Nr>") is `zeichen`, as a set of ids each of whose parts an
 * index finds.
 */
function zeichenSql(d: string, zeichen: string, p: (v: unknown) => string): string {
  const vorgang = /^(.+)-(\d{1,9})$/.exec(zeichen);
  const z = p(zeichen);
  return `s.dokument_id IN (
      SELECT x.dokument_id FROM ${d}_zeichen x WHERE x.aktenzeichen = ${z}
      UNION SELECT x.dokument_id FROM ${d}_zeichen x
        WHERE x.fremdes_geschaeftszeichen IS NOT NULL AND lower(x.fremdes_geschaeftszeichen) = lower(${z})
      ${vorgang ? `UNION SELECT x.dokument_id FROM ${d}_zeichen x WHERE x.aktenzeichen = ${p(vorgang[1])} AND x.vorgang_nr = ${p(Number(vorgang[2]))}` : ""})`;
}

async function dokumentKandidaten(
  q: Queryable,
  anfrage: Suchanfrage,
  leser: Leser,
  filter: SuchFilter,
  grenze: number,
  treffer: (d: string, p: (v: unknown) => string) => string,
  /** "index": from the index rows (each row's Dokument looked up); "filter": from the filtered Dokumente. */
  von: "index" | "filter" = "index",
): Promise<Kandidat[]> {
  const values: unknown[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const tsquery = tsquerySql(anfrage.worte, values, anfrage.ohne);
  const genau = anfrage.zeichen
    ? `(d.aktenzeichen = ${p(anfrage.zeichen)} OR lower(d.fremdes_geschaeftszeichen) = lower(${p(anfrage.zeichen)}) OR d.vorgang_zeichen = ${p(anfrage.zeichen)})`
    : "false";
  const schluessel = `s.sichtbar_fuer && ${p(leser.schluessel)}::text[]`;
  const dokumente = dokumenteSql(values, { inhaltLesbarFuer: leser.profil });
  const where = [treffer("d", p), schluessel];
  // The facet filters inside the per-row lookup, beside the key they test: a row another type,
  // status or year is dropped at its Dokument, before its Vorgang, Akte and names are looked up.
  const innen: string[] = [];
  if (filter.aktenplaneinheit) innen.push(`e.kennzeichen = ${p(filter.aktenplaneinheit)}`);
  if (filter.oe) innen.push(`o.kuerzel = ${p(filter.oe)}`);
  if (filter.typ) {
    innen.push(`d0.typ = ${p(filter.typ)}`);
    // A necessary test on the row itself: the Dokumenttyp's words are in its vector at weight B
    // (`suchvektorSql`), so a row without them is dropped before its Dokument is looked up.
    where.push(`(anfrage.typ IS NULL OR (s.tsv @@ anfrage.typ) IS TRUE)`);
  }
  if (filter.status) innen.push(`d0.vorgang_status = ${p(filter.status)}`);
  if (filter.jahr) innen.push(`extract(year FROM d0.erstellt_am)::int = ${p(filter.jahr)}`);
  const typSql = filter.typ
    ? `(SELECT string_agg(quote_literal(lexeme) || ':B', ' & ') FROM unnest(to_tsvector('german', ${p(filter.typ)})))::tsquery`
    : "NULL::tsquery";
  const mitNamen = `SELECT d0.*, e.kennzeichen, e.titel AS einheit_titel, o.kuerzel AS oe_kuerzel, o.name AS oe_name
       FROM ${dokumente} d0 ${einheitJoin("e", "d0.aktenplaneinheit_id")} ${oeJoin("o", "d0.federfuehrende_oe_id")}`;
  const quelle =
    von === "index"
      ? `suchindex s CROSS JOIN anfrage CROSS JOIN LATERAL (${mitNamen} WHERE ${["d0.dokument_id = s.dokument_id", ...innen].join(" AND ")} OFFSET 0) d`
      : `(${mitNamen} WHERE ${["true", ...innen].join(" AND ")}) d
         CROSS JOIN LATERAL (SELECT * FROM suchindex s0 WHERE s0.dokument_id = d.dokument_id OFFSET 0) s CROSS JOIN anfrage`;
  const { rows } = await q.query<Kandidat>(
    `WITH anfrage AS (SELECT ${tsquery} AS q, ${typSql} AS typ), d_zeichen AS NOT MATERIALIZED (SELECT * FROM ${dokumenteSql(values)} x)
     SELECT s.dokument_id AS id, 'dokument' AS art, ${genau} AS exakt, ts_rank(s.tsv, anfrage.q) AS rang, d.erstellt_am, d.typ, d.vorgang_status AS status,
            d.kennzeichen, d.einheit_titel, d.oe_kuerzel, d.oe_name
     FROM ${quelle}
     WHERE ${where.join(" AND ")}
     LIMIT ${grenze}`,
    values,
  );
  return rows;
}

export interface Trefferdetails {
  dokument_id: string;
  titel: string;
  typ: string;
  erstellt_am: Date;
  vorgang_id: string;
  vorgang_zeichen: string;
  vorgang_betreff: string;
  status: string;
  akte_id: string;
  aktenzeichen: string;
  akte_betreff: string;
  ausschnitt: string;
}

/** What a page of hits shows, with snippets (ts_headline is the costly part, so only for these). */
export async function trefferdetails(
  q: Queryable,
  worte: string[][],
  dokumentIds: string[],
): Promise<Trefferdetails[]> {
  const values: unknown[] = [];
  const tsquery = tsquerySql(worte, values);
  values.push(dokumentIds);
  const ids = `$${values.length}`;
  const { rows } = await q.query<Trefferdetails>(
    `WITH anfrage AS (SELECT ${tsquery} AS q)
     SELECT d.dokument_id, d.titel, d.typ, d.erstellt_am, d.vorgang_id, d.vorgang_zeichen, d.vorgang_betreff,
            d.vorgang_status AS status, d.akte_id, d.aktenzeichen, d.akte_betreff,
            ts_headline('german', s.inhalt, anfrage.q, 'StartSel=«, StopSel=», MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter= … ') AS ausschnitt
     FROM suchindex s CROSS JOIN anfrage JOIN ${dokumenteSql(values)} d ON d.dokument_id = s.dokument_id
     WHERE s.dokument_id = ANY(${ids}::uuid[])`,
    values,
  );
  return rows;
}

/**
 * The Akten and Vorgänge whose own words match (Aktenzeichen, Betreff, the Vorgang's metadata),
 * as the reader may see them, with the same facet fields as Dokumente (`typ` is "Akte" or
 * "Vorgang"). A Dokument-type filter (`typ`) finds none of them.
 */
export async function objektKandidaten(
  q: Queryable,
  anfrage: Suchanfrage,
  profil: Zugriffsprofil,
  filter: SuchFilter,
  grenze: number,
): Promise<Kandidat[]> {
  const [genaue, nachText] = await Promise.all([
    anfrage.zeichen ? objektKandidatenNach(q, "zeichen", anfrage, profil, filter, grenze) : [],
    objektKandidatenNach(q, "text", anfrage, profil, filter, grenze),
  ]);
  const exakt = new Set(genaue.map((k) => k.id));
  return [...genaue, ...nachText.filter((k) => !exakt.has(k.id))].slice(0, grenze);
}

async function objektKandidatenNach(
  q: Queryable,
  art: "zeichen" | "text",
  anfrage: Suchanfrage,
  profil: Zugriffsprofil,
  filter: SuchFilter,
  grenze: number,
): Promise<Kandidat[]> {
  const values: unknown[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const tsquery = tsquerySql(anfrage.worte, values, anfrage.ohne);
  const genau = anfrage.zeichen
    ? `(o.aktenzeichen = ${p(anfrage.zeichen)} OR o.vorgang_zeichen = ${p(anfrage.zeichen)})`
    : "false";
  // An exact reference on its own: "<Aktenzeichen>" or "<Aktenzeichen>-<Nr>", each found by the
  // Aktenzeichen's index (an OR with the text test would read every Akte and Vorgang).
  const vorgang = anfrage.zeichen ? /^(.+)-(\d{1,9})$/.exec(anfrage.zeichen) : null;
  const treffer =
    art === "zeichen"
      ? `(o.aktenzeichen = ${p(anfrage.zeichen)}${vorgang ? ` OR (o.aktenzeichen = ${p(vorgang[1])} AND o.vorgang_zeichen = ${p(anfrage.zeichen)})` : ""})`
      : "o.tsv @@ anfrage.q";
  const objekte = suchobjekteSql(profil, values);
  const where: string[] = [treffer];
  if (filter.art === "akte" || filter.art === "vorgang") where.push(`o.art = ${p(filter.art)}`);
  if (filter.aktenplaneinheit) where.push(`e.kennzeichen = ${p(filter.aktenplaneinheit)}`);
  if (filter.oe) where.push(`oe.kuerzel = ${p(filter.oe)}`);
  if (filter.status) where.push(`o.art = 'vorgang' AND o.status = ${p(filter.status)}`);
  if (filter.jahr) where.push(`extract(year FROM o.erstellt_am)::int = ${p(filter.jahr)}`);
  const { rows } = await q.query<Kandidat>(
    `WITH anfrage AS (SELECT ${tsquery} AS q)
     SELECT o.objekt_id AS id, o.art, ${genau} AS exakt, ts_rank(o.tsv, anfrage.q) AS rang, o.erstellt_am,
            CASE o.art WHEN 'akte' THEN 'Akte' ELSE 'Vorgang' END AS typ,
            CASE o.art WHEN 'akte' THEN 'akte_' || o.status ELSE o.status END AS status,
            e.kennzeichen, e.titel AS einheit_titel, oe.kuerzel AS oe_kuerzel, oe.name AS oe_name
     FROM ${objekte} o CROSS JOIN anfrage
     ${einheitJoin("e", "o.aktenplaneinheit_id")} ${oeJoin("oe", "o.federfuehrende_oe_id")}
     WHERE ${where.join(" AND ")}
     LIMIT ${grenze}`,
    values,
  );
  return rows;
}

export interface Objektdetails {
  id: string;
  art: "akte" | "vorgang";
  erstellt_am: Date;
  akte_id: string;
  aktenzeichen: string;
  akte_betreff: string;
  vorgang_id: string | null;
  vorgang_zeichen: string | null;
  betreff: string;
  status: string;
  ausschnitt: string;
}

/** What a page of Akte and Vorgang hits shows, with snippets; again only what the reader may see. */
export async function objektdetails(
  q: Queryable,
  worte: string[][],
  ids: string[],
  profil: Zugriffsprofil,
): Promise<Objektdetails[]> {
  if (ids.length === 0) return [];
  const values: unknown[] = [];
  const tsquery = tsquerySql(worte, values);
  const objekte = suchobjekteSql(profil, values);
  values.push(ids);
  const { rows } = await q.query<Objektdetails>(
    `WITH anfrage AS (SELECT ${tsquery} AS q)
     SELECT o.objekt_id AS id, o.art, o.erstellt_am, o.akte_id, o.aktenzeichen, o.akte_betreff, o.vorgang_id,
            o.vorgang_zeichen, o.betreff, o.status,
            ts_headline('german', o.text, anfrage.q, 'StartSel=«, StopSel=», MaxWords=30, MinWords=12') AS ausschnitt
     FROM ${objekte} o CROSS JOIN anfrage
     WHERE o.objekt_id = ANY($${values.length}::uuid[])`,
    values,
  );
  return rows;
}
