import type { Queryable } from "../../platform/database/database.js";
import type { ProtokollEintrag } from "./protokoll.types.js";

interface Row {
  nr: number;
  zeit: Date;
  akteur_id: string | null;
  akteur_name: string;
  im_auftrag_von_id: string | null;
  im_auftrag_von_name: string | null;
  aktion: string;
  objekt_art: string;
  objekt_id: string;
  details: Record<string, unknown>;
  vorheriger_hash: string;
  hash: string;
}

const COLUMNS = `nr, zeit, akteur_id, akteur_name, im_auftrag_von_id, im_auftrag_von_name, aktion, objekt_art,
  objekt_id, details, vorheriger_hash, hash`;

function toEintrag(row: Row): ProtokollEintrag {
  return {
    nr: row.nr,
    zeit: row.zeit.toISOString(),
    akteurId: row.akteur_id,
    akteurName: row.akteur_name,
    imAuftragVonId: row.im_auftrag_von_id,
    imAuftragVonName: row.im_auftrag_von_name,
    aktion: row.aktion,
    objektArt: row.objekt_art,
    objektId: row.objekt_id,
    details: row.details,
    vorherigerHash: row.vorheriger_hash,
    hash: row.hash,
  };
}

/** Serialises appends for the whole chain until the transaction ends. */
export async function lockChain(tx: Queryable): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('aktenwerk.protokoll'))");
}

export async function lastEntry(tx: Queryable): Promise<{ nr: number; hash: string } | undefined> {
  const { rows } = await tx.query<{ nr: number; hash: string }>(
    "SELECT nr, hash FROM protokoll ORDER BY nr DESC LIMIT 1",
  );
  return rows[0];
}

/** Entries after `afterNr` in chain order, one page at a time (verification walks the whole chain). */
export async function entriesAfter(
  db: Queryable,
  afterNr: number,
  limit: number,
): Promise<ProtokollEintrag[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM protokoll WHERE nr > $1 ORDER BY nr LIMIT $2`,
    [afterNr, limit],
  );
  return rows.map(toEintrag);
}

export interface ProtokollFilter {
  objektArt?: string;
  objektId?: string;
  akteurId?: string;
  /** Entries with nr below this (cursor for newest-first pages). */
  vorNr?: number;
  limit: number;
}

export async function findEntries(db: Queryable, filter: ProtokollFilter): Promise<ProtokollEintrag[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  if (filter.objektArt !== undefined) {
    values.push(filter.objektArt);
    where.push(`objekt_art = $${values.length}`);
  }
  if (filter.objektId !== undefined) {
    values.push(filter.objektId);
    where.push(`objekt_id = $${values.length}`);
  }
  if (filter.akteurId !== undefined) {
    values.push(filter.akteurId);
    where.push(`(akteur_id = $${values.length} OR im_auftrag_von_id = $${values.length})`);
  }
  if (filter.vorNr !== undefined) {
    values.push(filter.vorNr);
    where.push(`nr < $${values.length}`);
  }
  values.push(filter.limit);
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM protokoll ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY nr DESC LIMIT $${values.length}`,
    values,
  );
  return rows.map(toEintrag);
}

/**
 * The entries that name an Akte: its own (`objekt_art = 'akte'`) and those of its Vorgänge and
 * Dokumente, which carry `details.akteId`; newest first, a page of `limit` before entry `vor`.
 */
export async function eintraegeZurAkte(q: Queryable, akteId: string, limit: number, vor?: number) {
  const values: unknown[] = [akteId, limit];
  const { rows } = await q.query<{
    nr: number;
    zeit: Date;
    akteur_name: string;
    im_auftrag_von_name: string | null;
    aktion: string;
    objekt_art: string;
    objekt_id: string;
    details: Record<string, unknown>;
  }>(
    `SELECT nr, zeit, akteur_name, im_auftrag_von_name, aktion, objekt_art, objekt_id, details FROM protokoll
     WHERE ((objekt_art = 'akte' AND objekt_id = $1::text) OR details->>'akteId' = $1::text) ${vor ? "AND nr < $3" : ""}
     ORDER BY nr DESC LIMIT $2`,
    vor ? [...values, vor] : values,
  );
  return rows;
}

/** How many entries the chain has (for a progress bar over the whole of it). */
export async function anzahlProtokolleintraege(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM protokoll");
  return rows[0]?.n ?? 0;
}

/**
 * Who acted on which day of [$1, $2] (Europe/Berlin), as a table with the columns `tag` and
 * `akteur_id`, for figures about groups only (the Steuerung's share of active members per OE):
 * `LEFT JOIN ${aktiveAkteureSql()} a ON …`. Reads the index on `zeit`.
 */
export const aktiveAkteureSql = (): string =>
  `(SELECT DISTINCT (p.zeit AT TIME ZONE 'Europe/Berlin')::date AS tag, p.akteur_id FROM protokoll p
    WHERE p.akteur_id IS NOT NULL AND p.zeit >= ($1::date::timestamp AT TIME ZONE 'Europe/Berlin')
      AND p.zeit < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin'))`;

/**
 * The sign-ins (`anmeldung`) of [$1, $2] (Europe/Berlin) whose entry records the device class, as
 * a table with the columns `tag`, `akteur_id` and `geraet` (telefon, tablet, desktop; NULL when the
 * User-Agent named none), for figures about groups only (the Steuerung's share of sign-ins from
 * phones and tablets per OE): `JOIN ${anmeldungenMitGeraetSql()} an ON …`. Entries written before
 * the class was recorded are left out, so they do not count as desktops. Reads the index on `zeit`.
 */
export const anmeldungenMitGeraetSql = (): string =>
  `(SELECT (p.zeit AT TIME ZONE 'Europe/Berlin')::date AS tag, p.akteur_id, p.details->>'geraet' AS geraet
    FROM protokoll p
    WHERE p.aktion = 'anmeldung' AND p.akteur_id IS NOT NULL AND p.details ? 'geraet'
      AND p.zeit >= ($1::date::timestamp AT TIME ZONE 'Europe/Berlin')
      AND p.zeit < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin'))`;

/**
 * The details of the newest entry with `aktion` about one object, or undefined when there is
 * none (read through the index on the object, so it stays cheap on a long chain).
 */
export async function letzteDetailsZumObjekt(
  q: Queryable,
  objekt: { art: string; id: string },
  aktion: string,
): Promise<Record<string, unknown> | undefined> {
  const { rows } = await q.query<{ details: Record<string, unknown> }>(
    `SELECT details FROM protokoll WHERE objekt_art = $1 AND objekt_id = $2 AND aktion = $3 ORDER BY nr DESC LIMIT 1`,
    [objekt.art, objekt.id, aktion],
  );
  return rows[0]?.details;
}

/** Appends entries already numbered and hashed, in one statement per 5,000 (the demo history). */
export async function insertEntries(tx: Queryable, eintraege: ProtokollEintrag[]): Promise<void> {
  for (let i = 0; i < eintraege.length; i += 5000) {
    await tx.query(
      `INSERT INTO protokoll (${COLUMNS})
       SELECT e.nr, e.zeit, e."akteurId", e."akteurName", e."imAuftragVonId", e."imAuftragVonName", e.aktion,
         e."objektArt", e."objektId", e.details, e."vorherigerHash", e.hash
       FROM json_to_recordset($1::json) AS e(nr bigint, zeit timestamptz, "akteurId" uuid, "akteurName" text,
         "imAuftragVonId" uuid, "imAuftragVonName" text, aktion text, "objektArt" text, "objektId" text,
         details jsonb, "vorherigerHash" text, hash text)`,
      [JSON.stringify(eintraege.slice(i, i + 5000))],
    );
  }
}
