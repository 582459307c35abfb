import type { Queryable } from "../../platform/database/database.js";
import { personNameSql } from "../access/index.js";
import { wirksameAufbewahrungSql } from "../aktenplan/index.js";
import { aufbewahrungsgrundlageSql } from "../schriftgut/index.js";
import type {
  Aufbewahrung,
  AussonderungslisteEintrag,
  Bewertung,
  LoeschprotokollEintrag,
  Loeschsperre,
  XdomeaNachricht,
} from "./aussonderung.types.js";

// --- Aufbewahrung ---------------------------------------------------------------------------------

/**
 * The effective Frist and Archivwürdigkeit per Akte (the Akte's own override, else what the
 * Aktenplan inherits downwards), its Aufbewahrungsende and active Löschsperren, so the
 * Aussonderungsliste is one query. Akte and Aktenplan come from their owners' SQL. `$1` is today.
 */
const aufbewahrungSql = () => `WITH aufbewahrung AS (
    SELECT g.akte_id, g.aktenzeichen, g.betreff, g.federfuehrende_oe_id, g.status, g.erstellt_am,
      COALESCE(g.aufbewahrungsfrist_abweichend, w.aufbewahrungsfrist) AS frist,
      (g.aufbewahrungsfrist_abweichend IS NULL AND COALESCE(w.aufbewahrung_unbefristet, false)) AS unbefristet,
      COALESCE(g.archivwuerdigkeit_abweichend, w.archivwuerdigkeit) AS archivwuerdigkeit,
      (g.aufbewahrungsfrist_abweichend IS NOT NULL OR g.archivwuerdigkeit_abweichend IS NOT NULL) AS abweichend,
      g.aufbewahrung_begruendung, g.letzte_zda
    FROM ${aufbewahrungsgrundlageSql()} g LEFT JOIN ${wirksameAufbewahrungSql()} w ON w.einheit = g.aktenplaneinheit_id)
  SELECT x.*, CASE WHEN x.letzte_zda IS NOT NULL AND NOT x.unbefristet AND x.frist IS NOT NULL
      THEN make_date(extract(year FROM x.letzte_zda)::int + x.frist, 12, 31) END AS ende,
    (SELECT coalesce(json_agg(json_build_object('id', s.id, 'grund', s.grund, 'bis', s.bis, 'gesetztVon',
       ${personNameSql("s.gesetzt_von")}, 'gesetztAm', s.gesetzt_am) ORDER BY s.gesetzt_am), '[]')
     FROM loeschsperre s
     WHERE s.akte_id = x.akte_id AND s.aufgehoben_am IS NULL AND (s.bis IS NULL OR s.bis >= $1::date)) AS sperren
  FROM aufbewahrung x`;

interface AufbewahrungZeile {
  akte_id: string;
  aktenzeichen: string;
  betreff: string;
  erstellt_am: Date;
  frist: number | null;
  unbefristet: boolean;
  archivwuerdigkeit: "A" | "B" | "V" | null;
  abweichend: boolean;
  aufbewahrung_begruendung: string | null;
  letzte_zda: Date | null;
  ende: Date | null;
  sperren: Loeschsperre[];
}

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

function alsAufbewahrung(r: AufbewahrungZeile): Aufbewahrung {
  return {
    akteId: r.akte_id,
    aktenzeichen: r.aktenzeichen,
    betreff: r.betreff,
    aufbewahrungsfrist: r.frist,
    unbefristet: r.unbefristet,
    archivwuerdigkeit: r.archivwuerdigkeit,
    abweichend: r.abweichend,
    begruendung: r.aufbewahrung_begruendung,
    laufzeitBeginn: r.erstellt_am.toISOString().slice(0, 10),
    letzteZda: iso(r.letzte_zda),
    aufbewahrungsende: iso(r.ende),
    loeschsperren: r.sperren,
  };
}

export async function aufbewahrungDerAkten(
  q: Queryable,
  tag: string,
  akteIds: string[],
): Promise<Aufbewahrung[]> {
  const { rows } = await q.query<AufbewahrungZeile>(
    `${aufbewahrungSql()} WHERE x.akte_id = ANY($2::uuid[])`,
    [tag, akteIds],
  );
  return rows.map(alsAufbewahrung);
}

/** Due for Aussonderung on `$1`: the Aufbewahrungsende passed, not ausgesondert, no Löschsperre. */
const FAELLIG = "y.ende < $1::date AND y.status <> 'ausgesondert' AND y.sperren::text = '[]'";

/**
 * Akten whose Aufbewahrungsende lies before `tag`, not yet ausgesondert and without a Löschsperre,
 * of one OE if asked, each with the Archiv's Bewertung; the earliest first.
 */
export async function faelligeAkten(
  q: Queryable,
  tag: string,
  oeId: string | null,
): Promise<AussonderungslisteEintrag[]> {
  const { rows } = await q.query<AufbewahrungZeile & { bewertung: BewertungZeile | null }>(
    `SELECT y.*, CASE WHEN b.akte_id IS NOT NULL THEN json_build_object('entscheidung', b.entscheidung,
         'notiz', b.notiz, 'von', ${personNameSql("b.bewertet_von")}, 'am', b.bewertet_am) END AS bewertung
     FROM (${aufbewahrungSql()}) y LEFT JOIN archivbewertung b ON b.akte_id = y.akte_id
     WHERE ${FAELLIG} AND ($2::uuid IS NULL OR y.federfuehrende_oe_id = $2)
     ORDER BY y.ende, y.aktenzeichen LIMIT 5000`,
    [tag, oeId],
  );
  return rows.map((r) => ({
    ...alsAufbewahrung(r),
    bewertung: r.bewertung ? { ...r.bewertung, am: new Date(r.bewertung.am).toISOString() } : null,
  }));
}

/** Whether the Akte is due for Aussonderung on `tag` (see `faelligeAkten`). */
export async function istFaellig(q: Queryable, tag: string, akteId: string): Promise<boolean> {
  const { rows } = await q.query(
    `SELECT 1 FROM (${aufbewahrungSql()}) y WHERE ${FAELLIG} AND y.akte_id = $2::uuid`,
    [tag, akteId],
  );
  return rows.length > 0;
}

// --- Archivbewertung ------------------------------------------------------------------------------

interface BewertungZeile {
  entscheidung: "A" | "B" | "V";
  notiz: string | null;
  von: string | null;
  am: string;
}

/** The Archiv's current Bewertung of an Akte, locked until commit; undefined when there is none. */
export async function lockBewertung(
  q: Queryable,
  akteId: string,
): Promise<{ entscheidung: "A" | "B" | "V"; notiz: string | null } | undefined> {
  const { rows } = await q.query<{ entscheidung: "A" | "B" | "V"; notiz: string | null }>(
    "SELECT entscheidung, notiz FROM archivbewertung WHERE akte_id = $1 FOR UPDATE",
    [akteId],
  );
  return rows[0];
}

/** Sets the Archiv's Bewertung of an Akte, replacing an earlier one. */
export async function speichereBewertung(
  q: Queryable,
  b: { akteId: string; entscheidung: "A" | "B" | "V"; notiz: string | null; von: string },
  now: Date,
): Promise<Bewertung> {
  const { rows } = await q.query<BewertungZeile>(
    `WITH b AS (
       INSERT INTO archivbewertung (akte_id, entscheidung, notiz, bewertet_von, bewertet_am)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (akte_id) DO UPDATE SET entscheidung = EXCLUDED.entscheidung, notiz = EXCLUDED.notiz,
         bewertet_von = EXCLUDED.bewertet_von, bewertet_am = EXCLUDED.bewertet_am
       RETURNING *)
     SELECT b.entscheidung, b.notiz, ${personNameSql("b.bewertet_von")} AS von, b.bewertet_am AS am FROM b`,
    [b.akteId, b.entscheidung, b.notiz, b.von, now],
  );
  const r = rows[0]!;
  return { ...r, am: new Date(r.am).toISOString() };
}

// --- Löschsperren ---------------------------------------------------------------------------------

export async function legeLoeschsperreAn(
  q: Queryable,
  s: { akteId: string; grund: string; bis: string | null; von: string },
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    "INSERT INTO loeschsperre (akte_id, grund, bis, gesetzt_von, gesetzt_am) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [s.akteId, s.grund, s.bis, s.von, now],
  );
  return rows[0]!.id;
}

/** The Akte of a Löschsperre still in force, locked until commit; undefined when there is none. */
export async function lockOffeneLoeschsperre(q: Queryable, sperreId: string): Promise<string | undefined> {
  const { rows } = await q.query<{ akte_id: string }>(
    "SELECT akte_id FROM loeschsperre WHERE id = $1 AND aufgehoben_am IS NULL FOR UPDATE",
    [sperreId],
  );
  return rows[0]?.akte_id;
}

export async function hebeLoeschsperreAuf(
  q: Queryable,
  sperreId: string,
  a: { von: string; grund: string },
  now: Date,
): Promise<void> {
  await q.query(
    "UPDATE loeschsperre SET aufgehoben_am = $2, aufgehoben_von = $3, aufhebungsgrund = $4 WHERE id = $1",
    [sperreId, now, a.von, a.grund],
  );
}

/** The Akten among `akteIds` an active Löschsperre protects on `tag`: nothing of them may go. */
export async function gesperrteAkten(q: Queryable, akteIds: string[], tag: string): Promise<Set<string>> {
  const { rows } = await q.query<{ akte_id: string }>(
    `SELECT DISTINCT akte_id FROM loeschsperre
     WHERE akte_id = ANY($1::uuid[]) AND aufgehoben_am IS NULL AND (bis IS NULL OR bis >= $2::date)`,
    [akteIds, tag],
  );
  return new Set(rows.map((r) => r.akte_id));
}

// --- Löschprotokoll -------------------------------------------------------------------------------

export async function schreibeLoeschprotokoll(
  q: Queryable,
  e: Omit<LoeschprotokollEintrag, "id" | "geloeschtAm"> & { akteId: string; geloeschtVonId: string | null },
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO loeschprotokoll (akte_id, aktenzeichen, betreff, laufzeit_beginn, laufzeit_ende, entscheidung, archiv,
       prozess_id, vorgaenge, dokumente, versionen, geloescht_am, geloescht_von, geloescht_von_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      e.akteId,
      e.aktenzeichen,
      e.betreff,
      e.laufzeitBeginn,
      e.laufzeitEnde,
      e.entscheidung,
      e.archiv,
      e.prozessId,
      e.vorgaenge,
      e.dokumente,
      e.versionen,
      now,
      e.geloeschtVonId,
      e.geloeschtVon,
    ],
  );
}

export async function listLoeschprotokoll(q: Queryable): Promise<LoeschprotokollEintrag[]> {
  const { rows } = await q.query<{
    id: string;
    aktenzeichen: string;
    betreff: string;
    laufzeit_beginn: Date;
    laufzeit_ende: Date | null;
    entscheidung: "A" | "V";
    archiv: string;
    prozess_id: string;
    vorgaenge: number;
    dokumente: number;
    versionen: number;
    geloescht_am: Date;
    geloescht_von_name: string;
  }>("SELECT * FROM loeschprotokoll ORDER BY geloescht_am DESC LIMIT 5000");
  return rows.map((r) => ({
    id: r.id,
    aktenzeichen: r.aktenzeichen,
    betreff: r.betreff,
    laufzeitBeginn: iso(r.laufzeit_beginn)!,
    laufzeitEnde: iso(r.laufzeit_ende),
    entscheidung: r.entscheidung,
    archiv: r.archiv,
    prozessId: r.prozess_id,
    vorgaenge: r.vorgaenge,
    dokumente: r.dokumente,
    versionen: r.versionen,
    geloeschtAm: r.geloescht_am.toISOString(),
    geloeschtVon: r.geloescht_von_name,
  }));
}

// --- xdomea-Nachrichten ---------------------------------------------------------------------------

export async function bucheNachricht(
  q: Queryable,
  n: {
    prozessId: string;
    nachrichtentyp: string;
    richtung: "ein" | "aus";
    version: string;
    sha256: string;
    inhalt: unknown[];
    von: string | null;
  },
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO xdomea_nachricht (prozess_id, nachrichtentyp, richtung, version, sha256, inhalt, erstellt_am, erstellt_von)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [n.prozessId, n.nachrichtentyp, n.richtung, n.version, n.sha256, JSON.stringify(n.inhalt), now, n.von],
  );
}

/** Whether a message of this process has been booked, in or out. */
export async function prozessBekannt(q: Queryable, prozessId: string): Promise<boolean> {
  const { rows } = await q.query("SELECT 1 FROM xdomea_nachricht WHERE prozess_id = $1", [prozessId]);
  return rows.length > 0;
}

/** Whether a message with exactly these bytes came in before. */
export async function schonEingegangen(q: Queryable, sha256: string): Promise<boolean> {
  const { rows } = await q.query("SELECT 1 FROM xdomea_nachricht WHERE richtung = 'ein' AND sha256 = $1", [
    sha256,
  ]);
  return rows.length > 0;
}

/**
 * The Akten we sent in this process with a message of type `nachrichtentyp`; null when we sent no
 * such message.
 */
export async function gesendeteAkten(
  q: Queryable,
  prozessId: string,
  nachrichtentyp: string,
): Promise<Set<string> | null> {
  const { rows } = await q.query<{ inhalt: { akteId: string }[] }>(
    "SELECT inhalt FROM xdomea_nachricht WHERE prozess_id = $1 AND richtung = 'aus' AND nachrichtentyp = $2",
    [prozessId, nachrichtentyp],
  );
  return rows.length ? new Set(rows.flatMap((r) => r.inhalt.map((x) => x.akteId))) : null;
}

interface NachrichtZeile {
  id: string;
  prozess_id: string;
  nachrichtentyp: string;
  richtung: "ein" | "aus";
  version: string;
  inhalt: Record<string, unknown>[];
  erstellt_am: Date;
}

const alsNachricht = (r: NachrichtZeile): XdomeaNachricht => ({
  id: r.id,
  prozessId: r.prozess_id,
  nachrichtentyp: r.nachrichtentyp,
  richtung: r.richtung,
  version: r.version,
  inhalt: r.inhalt,
  erstelltAm: r.erstellt_am.toISOString(),
});

export async function listNachrichten(q: Queryable): Promise<XdomeaNachricht[]> {
  const { rows } = await q.query<NachrichtZeile>(
    "SELECT id, prozess_id, nachrichtentyp, richtung, version, inhalt, erstellt_am FROM xdomea_nachricht ORDER BY erstellt_am DESC LIMIT 500",
  );
  return rows.map(alsNachricht);
}

/**
 * Messages we sent whose answer has not come in the same process: `antwort` maps each type we
 * send to the type that answers it. The oldest first, as the longest waiting.
 */
export async function listOffeneNachrichten(
  q: Queryable,
  antwort: Record<string, string>,
): Promise<XdomeaNachricht[]> {
  const { rows } = await q.query<NachrichtZeile>(
    `SELECT n.id, n.prozess_id, n.nachrichtentyp, n.richtung, n.version, n.inhalt, n.erstellt_am
     FROM xdomea_nachricht n JOIN unnest($1::text[], $2::text[]) AS e(gesendet, antwort) ON e.gesendet = n.nachrichtentyp
     WHERE n.richtung = 'aus' AND NOT EXISTS (SELECT 1 FROM xdomea_nachricht a
       WHERE a.prozess_id = n.prozess_id AND a.richtung = 'ein' AND a.nachrichtentyp = e.antwort)
     ORDER BY n.erstellt_am LIMIT 500`,
    [Object.keys(antwort), Object.values(antwort)],
  );
  return rows.map(alsNachricht);
}
