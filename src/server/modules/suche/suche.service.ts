import type { AppContext } from "../../platform/context.js";
import type { Queryable } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import {
  sichtbarSql,
  zugriffsdaten,
  inhaltSchluesselDerAkte,
  inhaltSchluesselDesProfils,
  profilFuer,
} from "../schriftgut/index.js";
import { schreibweisen, teileAllerWoerter, transliteriere, woerter } from "./deutsch.js";

/** Candidates ranked per query; more matches are shown as "1000+". */
export const KANDIDATEN = 1000;
const SNIPPET_ZEICHEN = 100_000;

/**
 * (Re)builds the index row of a Dokument from its metadata, its Vorgang and Akte, and the text of
 * its current version, with the parts of compound words as extra terms.
 */
export async function indexiereDokument(q: Queryable, dokumentId: string, now: Date): Promise<void> {
  const { rows } = await q.query<{
    titel: string;
    typ: string;
    meta: string;
    zeichen: string;
    text: string | null;
  }>(
    `SELECT d.titel, d.typ,
       concat_ws(' ', d.absender, d.empfaenger, v.betreff, a.betreff) AS meta,
       concat_ws(' ', a.aktenzeichen, d.fremdes_geschaeftszeichen, a.aktenzeichen || '-' || v.nr) AS zeichen,
       i.text
     FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id JOIN akte a ON a.id = v.akte_id
     LEFT JOIN dokument_inhalt i ON i.dokument_id = d.id AND i.nr = d.aktuelle_version
     WHERE d.id = $1`,
    [dokumentId],
  );
  const r = rows[0];
  if (!r) return;
  const text = r.text ?? "";
  const { rows: akteRows } = await q.query<{ akte_id: string }>(
    "SELECT v.akte_id FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id WHERE d.id = $1",
    [dokumentId],
  );
  const akte = akteRows[0] ? await zugriffsdaten(q, akteRows[0].akte_id) : undefined;
  const sichtbarFuer = akte ? inhaltSchluesselDerAkte(akte) : [];
  const teile = teileAllerWoerter(`${r.titel} ${r.meta} ${text}`).join(" ");
  await q.query(
    `INSERT INTO suchindex (dokument_id, tsv, inhalt, aktualisiert_am, sichtbar_fuer)
     VALUES ($1,
       setweight(to_tsvector('german', $2), 'A') || setweight(to_tsvector('german', $3), 'B') ||
       setweight(to_tsvector('simple', $4), 'B') || setweight(to_tsvector('german', $5), 'C') ||
       setweight(to_tsvector('german', $6), 'D'),
       $7, $8, $9)
     ON CONFLICT (dokument_id) DO UPDATE SET tsv = EXCLUDED.tsv, inhalt = EXCLUDED.inhalt, aktualisiert_am = EXCLUDED.aktualisiert_am,
       sichtbar_fuer = EXCLUDED.sichtbar_fuer`,
    [
      dokumentId,
      r.titel,
      `${r.typ} ${r.meta}`,
      r.zeichen,
      text,
      teile,
      `${r.titel}\n${text}`.slice(0, SNIPPET_ZEICHEN),
      now,
      sichtbarFuer,
    ],
  );
  // The lexicon for typo tolerance: every word of four letters or more, once.
  const lexikon = [
    ...new Set(woerter(`${r.titel} ${r.meta} ${text}`).filter((w) => w.length >= 4 && w.length <= 40)),
  ].slice(0, 20_000);
  if (lexikon.length)
    await q.query("INSERT INTO suchwort (wort) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", [lexikon]);
}

/**
 * Computes every index row anew, in batches of their own transactions: after the database moved to
 * another LC_CTYPE (job `nach-ctype-umzug`), the stored vectors still carry the old lexemes.
 */
export async function indexiereAllesNeu(ctx: AppContext): Promise<number> {
  let letzte = "00000000-0000-0000-0000-000000000000";
  let anzahl = 0;
  for (;;) {
    const { rows } = await ctx.db.query<{ id: string }>(
      "SELECT dokument_id AS id FROM suchindex WHERE dokument_id > $1 ORDER BY dokument_id LIMIT 200",
      [letzte],
    );
    if (rows.length === 0) break;
    await ctx.db.transaction(async (tx) => {
      for (const { id } of rows) await indexiereDokument(tx, id, ctx.clock.now());
    });
    anzahl += rows.length;
    letzte = rows[rows.length - 1]!.id;
  }
  ctx.log.info({ anzahl }, "Suchindex nach dem Ctype-Umzug neu aufgebaut.");
  return anzahl;
}

export interface SuchFilter {
  aktenplaneinheit?: string;
  oe?: string;
  typ?: string;
  status?: string;
  jahr?: number;
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
async function aehnlicheWoerter(q: Queryable, wort: string): Promise<string[]> {
  if (wort.length < 5) return [];
  const { rows: bekannt } = await q.query("SELECT 1 FROM suchwort WHERE wort = $1", [wort]);
  if (bekannt.length) return [];
  const { rows } = await q.query<{ wort: string }>(
    "SELECT wort FROM suchwort WHERE wort % $1 AND similarity(wort, $1) > 0.45 ORDER BY similarity(wort, $1) DESC LIMIT 3",
    [wort],
  );
  return rows.map((r) => r.wort);
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
  filter: SuchFilter = {},
  seite = { limit: 20, offset: 0 },
): Promise<SuchErgebnis> {
  const text = eingabe.normalize("NFC").slice(0, 1000);
  const worte = [...new Set(woerter(text))].slice(0, 12);
  if (worte.length === 0)
    throw new AppError("ungueltige_eingabe", "Bitte geben Sie einen Suchbegriff ein.", {
      fehler: [{ feld: "query:/q", meldung: "Suchbegriff fehlt." }],
    });
  const values: unknown[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  // Every word must match (AND); each word in any of its spellings (OR). plainto_tsquery ignores
  // operators, so input can never become tsquery syntax.
  const teile: string[] = [];
  for (const wort of worte) {
    const varianten = new Set([...schreibweisen(wort), ...(await aehnlicheWoerter(ctx.db, wort))]);
    // The 'simple' spelling is for reference numbers (digits); words are found by the German stemmer.
    const alternativen = [...varianten].flatMap((v) =>
      /\d/.test(v)
        ? [`plainto_tsquery('german', ${p(v)})`, `plainto_tsquery('simple', ${p(transliteriere(v))})`]
        : [`plainto_tsquery('german', ${p(v)})`],
    );
    teile.push(`(${alternativen.join(" || ")})`);
  }
  const tsquery = teile.join(" && ");
  const tsqueryParameter = values.length;
  const zeichen = text.trim();
  const genau =
    /\d/.test(zeichen) && /[./-]/.test(zeichen)
      ? `(a.aktenzeichen = ${p(zeichen)} OR lower(d.fremdes_geschaeftszeichen) = lower(${p(zeichen)}) OR a.aktenzeichen || '-' || v.nr = ${p(zeichen)})`
      : "false";
  const profil = await profilFuer(ctx, actor);
  // Tokens first (index-assisted), then the exact rule: both must hold.
  const where = [
    `s.sichtbar_fuer && ${p(inhaltSchluesselDesProfils(profil))}::text[]`,
    "a.geloescht_am IS NULL",
    sichtbarSql(profil, values, "a", { inhalt: true }),
  ];
  if (filter.aktenplaneinheit) where.push(`e.kennzeichen = ${p(filter.aktenplaneinheit)}`);
  if (filter.oe) where.push(`o.kuerzel = ${p(filter.oe)}`);
  if (filter.typ) where.push(`d.typ = ${p(filter.typ)}`);
  if (filter.status) where.push(`v.status = ${p(filter.status)}`);
  if (filter.jahr) where.push(`extract(year FROM d.erstellt_am)::int = ${p(filter.jahr)}`);
  // One pass over a bounded candidate set: what matched (up to 1001), with rank and facet fields.
  const { rows: kandidaten } = await ctx.db.query<{
    dokument_id: string;
    exakt: boolean;
    rang: number;
    erstellt_am: Date;
    kennzeichen: string;
    einheit_titel: string;
    oe_kuerzel: string;
    oe_name: string;
    typ: string;
    status: string;
  }>(
    `WITH anfrage AS (SELECT ${tsquery} AS q)
     SELECT s.dokument_id, ${genau} AS exakt, ts_rank(s.tsv, anfrage.q) AS rang, d.erstellt_am, d.typ, v.status,
            e.kennzeichen, e.titel AS einheit_titel, o.kuerzel AS oe_kuerzel, o.name AS oe_name
     FROM suchindex s CROSS JOIN anfrage
     JOIN dokument d ON d.id = s.dokument_id JOIN vorgang v ON v.id = d.vorgang_id JOIN akte a ON a.id = v.akte_id
     JOIN aktenplaneinheit e ON e.id = a.aktenplaneinheit_id JOIN organisationseinheit o ON o.id = a.federfuehrende_oe_id
     WHERE (s.tsv @@ anfrage.q OR ${genau}) AND ${where.join(" AND ")}
     LIMIT ${KANDIDATEN + 1}`,
    values,
  );
  kandidaten.sort(
    (x, y) =>
      Number(y.exakt) - Number(x.exakt) ||
      y.rang - x.rang ||
      y.erstellt_am.getTime() - x.erstellt_am.getTime(),
  );
  const seiteIds = kandidaten.slice(seite.offset, seite.offset + seite.limit).map((k) => k.dokument_id);
  // Snippets (ts_headline is the costly part) only for the page shown.
  const snippetValues = [...values.slice(0, tsqueryParameter), seiteIds];
  const { rows: details } = await ctx.db.query<{
    dokument_id: string;
    titel: string;
    typ: string;
    erstellt_am: Date;
    vorgang_id: string;
    nr: number;
    vorgang_betreff: string;
    status: string;
    akte_id: string;
    aktenzeichen: string;
    akte_betreff: string;
    ausschnitt: string;
  }>(
    `WITH anfrage AS (SELECT ${tsquery} AS q)
     SELECT d.id AS dokument_id, d.titel, d.typ, d.erstellt_am, v.id AS vorgang_id, v.nr, v.betreff AS vorgang_betreff, v.status,
            a.id AS akte_id, a.aktenzeichen, a.betreff AS akte_betreff,
            ts_headline('german', s.inhalt, anfrage.q, 'StartSel=«, StopSel=», MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter= … ') AS ausschnitt
     FROM suchindex s CROSS JOIN anfrage JOIN dokument d ON d.id = s.dokument_id JOIN vorgang v ON v.id = d.vorgang_id JOIN akte a ON a.id = v.akte_id
     WHERE s.dokument_id = ANY($${snippetValues.length}::uuid[])`,
    snippetValues,
  );
  const byId = new Map(details.map((d) => [d.dokument_id, d]));
  const rang = new Map(kandidaten.map((k) => [k.dokument_id, k.rang]));
  const facette = (
    wert: (k: (typeof kandidaten)[number]) => string,
    bezeichnung: (k: (typeof kandidaten)[number]) => string,
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
          zeichen: `${r.aktenzeichen}-${r.nr}`,
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

/** After an Akte's access changed (restriction, named, Beteiligte, moved Vorgänge): its Dokumente' tokens. */
export async function aktualisiereSichtbarkeit(q: Queryable, akteId: string): Promise<void> {
  const akte = await zugriffsdaten(q, akteId);
  if (!akte) return;
  await q.query(
    `UPDATE suchindex SET sichtbar_fuer = $2 WHERE dokument_id IN
       (SELECT d.id FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id WHERE v.akte_id = $1)`,
    [akteId, inhaltSchluesselDerAkte(akte)],
  );
}
