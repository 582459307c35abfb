import type { Queryable } from "../../platform/database/database.js";
import { istUuid } from "../../platform/pruefungen.js";
import { oeJoin } from "../access/index.js";
import type { Aktenplaneinheit, Archivwuerdigkeit, Metadatenfeld } from "./aktenplan.types.js";

interface Row {
  id: string;
  parent_id: string | null;
  kennzeichen: string;
  titel: string;
  beschreibung: string;
  aufbewahrungsfrist: number | null;
  aufbewahrung_unbefristet: boolean;
  archivwuerdigkeit: Archivwuerdigkeit | null;
  zugriffsbeschraenkung: boolean;
  zustaendige_oe_id: string | null;
  oe_kuerzel: string | null;
  oe_name: string | null;
  metadatenfelder: Metadatenfeld[];
  geschlossen: boolean;
  version: number;
}

const SELECT = `SELECT e.id, e.parent_id, e.kennzeichen, e.titel, e.beschreibung, e.aufbewahrungsfrist,
  e.aufbewahrung_unbefristet, e.archivwuerdigkeit, e.zugriffsbeschraenkung, e.zustaendige_oe_id,
  o.kuerzel AS oe_kuerzel, o.name AS oe_name, e.metadatenfelder, e.geschlossen, e.version
  FROM aktenplaneinheit e ${oeJoin("o", "e.zustaendige_oe_id", "LEFT JOIN")}`;

function toEinheit(r: Row): Aktenplaneinheit {
  return {
    id: r.id,
    parentId: r.parent_id,
    kennzeichen: r.kennzeichen,
    titel: r.titel,
    beschreibung: r.beschreibung,
    aufbewahrungsfrist: r.aufbewahrungsfrist,
    unbefristet: r.aufbewahrung_unbefristet,
    archivwuerdigkeit: r.archivwuerdigkeit,
    zugriffsbeschraenkung: r.zugriffsbeschraenkung,
    zustaendigeOe: r.zustaendige_oe_id
      ? { id: r.zustaendige_oe_id, kuerzel: r.oe_kuerzel!, name: r.oe_name! }
      : null,
    metadatenfelder: r.metadatenfelder,
    geschlossen: r.geschlossen,
    version: r.version,
  };
}

export async function listEinheiten(q: Queryable): Promise<Aktenplaneinheit[]> {
  const { rows } = await q.query<Row>(`${SELECT} ORDER BY e.kennzeichen`);
  return rows.map(toEinheit);
}

export async function findEinheit(
  q: Queryable,
  idOrKennzeichen: string,
): Promise<Aktenplaneinheit | undefined> {
  const { rows } = await q.query<Row>(
    `${SELECT} WHERE ${istUuid(idOrKennzeichen) ? "e.id = $1::uuid" : "e.kennzeichen = $1"}`,
    [idOrKennzeichen],
  );
  return rows[0] ? toEinheit(rows[0]) : undefined;
}

/** Locks the unit row for the rest of the transaction (concurrent edits, Akte creation). */
export async function lockEinheit(q: Queryable, id: string): Promise<void> {
  await q.query("SELECT 1 FROM aktenplaneinheit WHERE id = $1 FOR UPDATE", [id]);
}

export interface EinheitDaten {
  parentId: string | null;
  kennzeichen: string;
  titel: string;
  beschreibung: string;
  aufbewahrungsfrist: number | null;
  unbefristet: boolean;
  archivwuerdigkeit: Archivwuerdigkeit | null;
  zugriffsbeschraenkung: boolean;
  zustaendigeOeId: string | null;
  metadatenfelder: Metadatenfeld[];
  geschlossen: boolean;
}

/** The written columns of a unit in the order both insert and update bind them. */
function spalten(d: EinheitDaten): unknown[] {
  return [
    d.parentId,
    d.kennzeichen,
    d.titel,
    d.beschreibung,
    d.aufbewahrungsfrist,
    d.unbefristet,
    d.archivwuerdigkeit,
    d.zugriffsbeschraenkung,
    d.zustaendigeOeId,
    JSON.stringify(d.metadatenfelder),
    d.geschlossen,
  ];
}

export async function insertEinheit(q: Queryable, d: EinheitDaten, now: Date): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO aktenplaneinheit (parent_id, kennzeichen, titel, beschreibung, aufbewahrungsfrist,
       aufbewahrung_unbefristet, archivwuerdigkeit, zugriffsbeschraenkung, zustaendige_oe_id, metadatenfelder,
       geschlossen, erstellt_am, geaendert_am)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
    [...spalten(d), now],
  );
  return rows[0]!.id;
}

/** Saves the previous state as a version, then writes the new one. */
export async function updateEinheit(
  q: Queryable,
  id: string,
  previous: Aktenplaneinheit,
  d: EinheitDaten,
  now: Date,
  von: string,
): Promise<void> {
  await q.query(
    `INSERT INTO aktenplaneinheit_version (aktenplaneinheit_id, version, stand, gueltig_bis, geaendert_von)
     VALUES ($1, $2, $3, $4, $5)`,
    [id, previous.version, JSON.stringify(previous), now, von],
  );
  await q.query(
    `UPDATE aktenplaneinheit SET parent_id = $2, kennzeichen = $3, titel = $4, beschreibung = $5,
       aufbewahrungsfrist = $6, aufbewahrung_unbefristet = $7, archivwuerdigkeit = $8, zugriffsbeschraenkung = $9,
       zustaendige_oe_id = $10, metadatenfelder = $11, geschlossen = $12, version = version + 1, geaendert_am = $13
     WHERE id = $1`,
    [id, ...spalten(d), now],
  );
}

/** Deletes a unit with its versions. */
export async function deleteEinheit(q: Queryable, id: string): Promise<void> {
  await q.query("DELETE FROM aktenplaneinheit_version WHERE aktenplaneinheit_id = $1", [id]);
  await q.query("DELETE FROM aktenplaneinheit WHERE id = $1", [id]);
}

export async function versionen(
  q: Queryable,
  id: string,
): Promise<{ version: number; stand: Aktenplaneinheit; gueltigBis: string; geaendertVon: string }[]> {
  const { rows } = await q.query<{
    version: number;
    stand: Aktenplaneinheit;
    gueltig_bis: Date;
    geaendert_von: string;
  }>(
    `SELECT version, stand, gueltig_bis, geaendert_von FROM aktenplaneinheit_version
     WHERE aktenplaneinheit_id = $1 ORDER BY version DESC`,
    [id],
  );
  return rows.map((r) => ({
    version: r.version,
    stand: r.stand,
    gueltigBis: r.gueltig_bis.toISOString(),
    geaendertVon: r.geaendert_von,
  }));
}

export async function hatKinder(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query("SELECT 1 FROM aktenplaneinheit WHERE parent_id = $1 LIMIT 1", [id]);
  return (rowCount ?? 0) > 0;
}

/** The Aktenplan's overall version: one more with every change, for caches and exports. */
export async function stand(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    "SELECT (COALESCE(sum(version), 0))::int AS n FROM aktenplaneinheit",
  );
  return rows[0]?.n ?? 0;
}

/**
 * Frist and Archivwürdigkeit of every unit after inheritance (each from the nearest unit up the
 * tree that sets it), as a table other modules may join:
 * `LEFT JOIN ${wirksameAufbewahrungSql()} w ON w.einheit = x.aktenplaneinheit_id`. Columns:
 * `einheit`, `aufbewahrungsfrist` and `aufbewahrung_unbefristet` (both null when no unit up the
 * tree sets a Frist), `archivwuerdigkeit`.
 */
export function wirksameAufbewahrungSql(): string {
  return `(WITH RECURSIVE kette (einheit, knoten, tiefe) AS (
      SELECT id, id, 0 FROM aktenplaneinheit
      UNION ALL
      SELECT k.einheit, e.parent_id, k.tiefe + 1 FROM kette k JOIN aktenplaneinheit e ON e.id = k.knoten
      WHERE e.parent_id IS NOT NULL AND k.tiefe < 50),
    frist AS (
      SELECT DISTINCT ON (k.einheit) k.einheit, e.aufbewahrungsfrist, e.aufbewahrung_unbefristet
      FROM kette k JOIN aktenplaneinheit e ON e.id = k.knoten
      WHERE e.aufbewahrungsfrist IS NOT NULL OR e.aufbewahrung_unbefristet ORDER BY k.einheit, k.tiefe),
    wuerdigkeit AS (
      SELECT DISTINCT ON (k.einheit) k.einheit, e.archivwuerdigkeit
      FROM kette k JOIN aktenplaneinheit e ON e.id = k.knoten
      WHERE e.archivwuerdigkeit IS NOT NULL ORDER BY k.einheit, k.tiefe)
    SELECT u.id AS einheit, f.aufbewahrungsfrist, f.aufbewahrung_unbefristet, w.archivwuerdigkeit
    FROM aktenplaneinheit u LEFT JOIN frist f ON f.einheit = u.id LEFT JOIN wuerdigkeit w ON w.einheit = u.id)`;
}

/** The Kennzeichen of these units, by id. */
export async function kennzeichenDerEinheiten(q: Queryable, ids: string[]): Promise<Map<string, string>> {
  const { rows } = await q.query<{ id: string; kennzeichen: string }>(
    "SELECT id, kennzeichen FROM aktenplaneinheit WHERE id = ANY($1::uuid[])",
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.kennzeichen]));
}

/** A unit by its Kennzeichen: its id and the OE it names as responsible, if any. */
export async function einheitMitKennzeichen(
  q: Queryable,
  kennzeichen: string,
): Promise<{ id: string; zustaendigeOeId: string | null } | undefined> {
  const { rows } = await q.query<{ id: string; zustaendige_oe_id: string | null }>(
    "SELECT id, zustaendige_oe_id FROM aktenplaneinheit WHERE kennzeichen = $1",
    [kennzeichen],
  );
  return rows[0] ? { id: rows[0].id, zustaendigeOeId: rows[0].zustaendige_oe_id } : undefined;
}

/** A bare unit (no parent, nothing inherited) for Akten that arrive from outside under a Kennzeichen unknown here. */
export async function insertUebernommeneEinheit(
  q: Queryable,
  e: { kennzeichen: string; titel: string; beschreibung: string },
  now: Date,
): Promise<{ id: string; zustaendigeOeId: string | null }> {
  const { rows } = await q.query<{ id: string; zustaendige_oe_id: string | null }>(
    `INSERT INTO aktenplaneinheit (kennzeichen, titel, beschreibung, erstellt_am, geaendert_am)
     VALUES ($1, $2, $3, $4, $4) RETURNING id, zustaendige_oe_id`,
    [e.kennzeichen, e.titel, e.beschreibung, now],
  );
  return { id: rows[0]!.id, zustaendigeOeId: rows[0]!.zustaendige_oe_id };
}

/** Serialises imports of the whole Aktenplan for the rest of the transaction. */
export async function sperreAktenplan(q: Queryable): Promise<void> {
  await q.query("SELECT pg_advisory_xact_lock(hashtext('aktenwerk.aktenplan'))");
}
