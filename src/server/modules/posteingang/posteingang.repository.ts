import type { Queryable } from "../../platform/database/database.js";
import { oeKurzSql } from "../access/index.js";
import { lesbareVorgaengeSql, type Zugriffsprofil } from "../schriftgut/index.js";
import type { Eintrag, EintragStatus, Kanal } from "./posteingang.types.js";

/** No Vorgang at all, in the shape of `lesbareVorgaengeSql`: the system reads no Akte's content. */
const KEINE_VORGAENGE =
  "(SELECT NULL::uuid AS id, NULL::integer AS nr, NULL::text AS betreff, NULL::text AS aktenzeichen WHERE false)";

/** Characters of the recognised text the list shows where no page picture could be drawn. */
const TEXT_AUSZUG = 3000;

/**
 * Items with their Vorschlag as this reader may see it: the proposed Vorgang is joined only when
 * the one visibility rule (Schriftgut's `lesbareVorgaengeSql`, content level: a Vorschlag names the
 * Vorgang's Betreff) lets the reader read its Akte. A Vorschlag for something the reader cannot see
 * is simply absent, with its Grund (which may name an Aktenzeichen or a sender known from that
 * Akte). Appends its parameters to `values`.
 */
function selectFuer(profil: Zugriffsprofil | null, values: unknown[]): string {
  const vorgaenge = profil ? lesbareVorgaengeSql(profil, values) : KEINE_VORGAENGE;
  return `SELECT p.id, p.oe_id, o.kuerzel, o.name, p.kanal, p.status, p.dateiname, p.mime_typ, p.groesse, p.angaben, p.scanprotokoll,
  p.texterkennung, v.id AS vorschlag_vorgang_id, CASE WHEN v.id IS NOT NULL THEN p.vorschlag_grund END AS vorschlag_grund,
  p.dokument_id, p.erstellt_am, p.erstellt_am::text AS erstellt_am_genau, p.vorschau_sha256 IS NOT NULL AS vorschau,
  left(p.text, ${TEXT_AUSZUG}) AS text_auszug, v.nr AS vorschlag_nr, v.betreff AS vorschlag_betreff, v.aktenzeichen AS vorschlag_aktenzeichen
  FROM posteingang_eintrag p JOIN ${oeKurzSql()} o ON o.id = p.oe_id
  LEFT JOIN ${vorgaenge} v ON v.id = p.vorschlag_vorgang_id`;
}

interface Row {
  id: string;
  oe_id: string;
  kuerzel: string;
  name: string;
  kanal: Kanal;
  status: EintragStatus;
  dateiname: string;
  mime_typ: string;
  groesse: number;
  angaben: Record<string, unknown>;
  scanprotokoll: Record<string, unknown> | null;
  texterkennung: string;
  vorschlag_vorgang_id: string | null;
  vorschlag_grund: string | null;
  dokument_id: string | null;
  erstellt_am: Date;
  /** Microsecond precision for the cursor (a JS Date keeps milliseconds only). */
  erstellt_am_genau: string;
  vorschlag_nr: number | null;
  vorschlag_betreff: string | null;
  vorschlag_aktenzeichen: string | null;
  vorschau: boolean;
  text_auszug: string | null;
}

function toEintrag(r: Row): Eintrag {
  return {
    id: r.id,
    oe: { id: r.oe_id, kuerzel: r.kuerzel, name: r.name },
    kanal: r.kanal,
    status: r.status,
    dateiname: r.dateiname,
    mimeTyp: r.mime_typ,
    groesse: r.groesse,
    angaben: r.angaben,
    scanprotokoll: r.scanprotokoll,
    texterkennung: r.texterkennung,
    vorschlag: r.vorschlag_vorgang_id
      ? {
          vorgangId: r.vorschlag_vorgang_id,
          zeichen: `${r.vorschlag_aktenzeichen}-${r.vorschlag_nr}`,
          betreff: r.vorschlag_betreff ?? "",
          grund: r.vorschlag_grund ?? "",
        }
      : null,
    dokumentId: r.dokument_id,
    erstelltAm: r.erstellt_am.toISOString(),
    vorschau: r.vorschau,
    textAuszug: r.text_auszug || null,
  };
}

export async function insertEintrag(
  q: Queryable,
  e: {
    oeId: string;
    kanal: Kanal;
    sha256: string;
    dateiname: string;
    originaldateiname: string;
    mimeTyp: string;
    groesse: number;
    angaben: Record<string, unknown>;
    scanprotokoll: Record<string, unknown> | null;
    von: string | null;
  },
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO posteingang_eintrag (oe_id, kanal, sha256, dateiname, originaldateiname, mime_typ, groesse, angaben, scanprotokoll, erstellt_am, erstellt_von)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      e.oeId,
      e.kanal,
      e.sha256,
      e.dateiname,
      e.originaldateiname,
      e.mimeTyp,
      e.groesse,
      JSON.stringify(e.angaben),
      e.scanprotokoll ? JSON.stringify(e.scanprotokoll) : null,
      now,
      e.von,
    ],
  );
  return rows[0]!.id;
}

/**
 * The item of this OE's Posteingang that already holds this file (same content, same original file
 * name), whatever became of it since: what lets a bulk import run again without duplicates.
 */
export async function eintragMitDatei(
  q: Queryable,
  oeId: string,
  sha256: string,
  originaldateiname: string,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    "SELECT id FROM posteingang_eintrag WHERE oe_id = $1 AND sha256 = $2 AND originaldateiname = $3 LIMIT 1",
    [oeId, sha256, originaldateiname],
  );
  return rows[0]?.id;
}

/** One item with its Vorschlag as the reader (null: the system) may see it. */
export async function findeEintrag(
  q: Queryable,
  profil: Zugriffsprofil | null,
  id: string,
): Promise<Eintrag | undefined> {
  const values: unknown[] = [];
  const select = selectFuer(profil, values);
  values.push(id);
  const { rows } = await q.query<Row>(`${select} WHERE p.id = $${values.length}`, values);
  return rows[0] ? toEintrag(rows[0]) : undefined;
}

export interface OffeneFilter {
  /** Only this OE's items (null: all the reader sees). */
  oeId: string | null;
  /** Whose items the reader sees: every OE's, or these OEs'. */
  oes: { alle: boolean; oeIds: string[] };
  /** After this row's (erstellt_am with microseconds, id). */
  nach?: [string, string];
  limit: number;
}

/**
 * A page of open items, oldest first, and the position of its last row when more follow. The
 * permission is part of the query, so a small OE finds its own items however many other OEs have.
 */
export async function listeOffene(
  q: Queryable,
  profil: Zugriffsprofil,
  filter: OffeneFilter,
): Promise<{ eintraege: Eintrag[]; weiterNach: [string, string] | null }> {
  const values: unknown[] = [];
  const select = selectFuer(profil, values);
  values.push(filter.oeId, filter.oes.alle, filter.oes.oeIds);
  const n = values.length;
  const where = [
    "p.status = 'neu'",
    `($${n - 2}::uuid IS NULL OR p.oe_id = $${n - 2})`,
    `($${n - 1}::boolean OR p.oe_id = ANY($${n}::uuid[]))`,
  ];
  if (filter.nach) {
    values.push(...filter.nach);
    where.push(`(p.erstellt_am, p.id) > ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  values.push(filter.limit + 1);
  const { rows } = await q.query<Row>(
    `${select} WHERE ${where.join(" AND ")} ORDER BY p.erstellt_am, p.id LIMIT $${values.length}`,
    values,
  );
  const seite = rows.slice(0, filter.limit);
  const letzte = seite.at(-1);
  return {
    eintraege: seite.map(toEintrag),
    weiterNach: rows.length > filter.limit && letzte ? [letzte.erstellt_am_genau, letzte.id] : null,
  };
}

/** Where an item's content lies, and the name it came with. */
export async function dateiDes(
  q: Queryable,
  id: string,
): Promise<{ sha256: string; originaldateiname: string } | undefined> {
  const { rows } = await q.query<{ sha256: string; originaldateiname: string }>(
    "SELECT sha256, originaldateiname FROM posteingang_eintrag WHERE id = $1",
    [id],
  );
  return rows[0];
}

/** Locks an item's row; its status and OE as they stand under the lock. */
export async function sperreEintrag(
  q: Queryable,
  id: string,
): Promise<{ status: string; oeId: string } | undefined> {
  const { rows } = await q.query<{ status: string; oe_id: string }>(
    "SELECT status, oe_id FROM posteingang_eintrag WHERE id = $1 FOR UPDATE",
    [id],
  );
  return rows[0] ? { status: rows[0].status, oeId: rows[0].oe_id } : undefined;
}

export async function markiereRegistriert(
  q: Queryable,
  id: string,
  dokumentId: string,
  von: string,
  now: Date,
): Promise<void> {
  await q.query(
    "UPDATE posteingang_eintrag SET status = 'registriert', dokument_id = $2, erledigt_am = $3, erledigt_von = $4 WHERE id = $1",
    [id, dokumentId, now, von],
  );
}

export async function markiereVerworfen(q: Queryable, id: string, von: string, now: Date): Promise<void> {
  await q.query(
    "UPDATE posteingang_eintrag SET status = 'verworfen', erledigt_am = $2, erledigt_von = $3 WHERE id = $1",
    [id, now, von],
  );
}

/** What the text recognition of an item needs. */
export async function eintragZurErkennung(
  q: Queryable,
  id: string,
): Promise<{ sha256: string; mimeTyp: string; angaben: Record<string, unknown>; oeId: string } | undefined> {
  const { rows } = await q.query<{
    sha256: string;
    mime_typ: string;
    angaben: Record<string, unknown>;
    oe_id: string;
  }>("SELECT sha256, mime_typ, angaben, oe_id FROM posteingang_eintrag WHERE id = $1", [id]);
  const r = rows[0];
  return r ? { sha256: r.sha256, mimeTyp: r.mime_typ, angaben: r.angaben, oeId: r.oe_id } : undefined;
}

/** The picture of an item's first page (a blob the caller registered). */
export async function setzeVorschau(q: Queryable, id: string, sha256: string): Promise<void> {
  await q.query("UPDATE posteingang_eintrag SET vorschau_sha256 = $2 WHERE id = $1", [id, sha256]);
}

/** Where the picture of an item's first page lies, if one was drawn. */
export async function vorschauDes(q: Queryable, id: string): Promise<string | undefined> {
  const { rows } = await q.query<{ vorschau_sha256: string | null }>(
    "SELECT vorschau_sha256 FROM posteingang_eintrag WHERE id = $1",
    [id],
  );
  return rows[0]?.vorschau_sha256 ?? undefined;
}

/** The recognised text, its outcome and the Vorschlag; Betreff and Absender join the Angaben. */
export async function speichereErkennung(
  q: Queryable,
  id: string,
  e: {
    text: string;
    texterkennung: string;
    vorschlag: { vorgang: string; grund: string } | null;
    betreff: string | null;
    absender: string | null;
  },
): Promise<void> {
  await q.query(
    `UPDATE posteingang_eintrag SET text = $2, texterkennung = $3, vorschlag_vorgang_id = $4, vorschlag_grund = $5,
       angaben = angaben || jsonb_strip_nulls(jsonb_build_object('betreff', $6::text, 'absender', $7::text))
     WHERE id = $1`,
    [
      id,
      e.text,
      e.texterkennung,
      e.vorschlag?.vorgang ?? null,
      e.vorschlag?.grund ?? null,
      e.betreff,
      e.absender,
    ],
  );
}

/** Whether this e-mail (same content) is already in the Posteingang of the OE with this Kürzel. */
export async function emailSchonAufgenommen(
  q: Queryable,
  sha256: string,
  oeKuerzel: string,
): Promise<boolean> {
  const { rows } = await q.query(
    `SELECT 1 FROM posteingang_eintrag p JOIN ${oeKurzSql()} o ON o.id = p.oe_id
     WHERE p.sha256 = $1 AND lower(o.kuerzel) = lower($2) AND p.kanal = 'email'`,
    [sha256, oeKuerzel],
  );
  return rows.length > 0;
}
