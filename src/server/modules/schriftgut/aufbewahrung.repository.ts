import type { Queryable } from "../../platform/database/database.js";
import type { AkteStatus } from "./akten.types.js";

/**
 * What the retention of every (not deleted) Akte depends on, as a table other modules may join:
 * `akte_id`, `aktenzeichen`, `betreff`, `federfuehrende_oe_id`, `status`, `erstellt_am`,
 * `aktenplaneinheit_id`, the Akte's own `aufbewahrungsfrist_abweichend`,
 * `archivwuerdigkeit_abweichend` and `aufbewahrung_begruendung`, and `letzte_zda`: the day (in
 * Berlin) of the last zdA once every Vorgang is zdA, else null.
 */
export function aufbewahrungsgrundlageSql(): string {
  return `(SELECT a.id AS akte_id, a.aktenzeichen, a.betreff, a.federfuehrende_oe_id, a.status, a.erstellt_am,
      a.aktenplaneinheit_id, a.aufbewahrungsfrist_abweichend, a.archivwuerdigkeit_abweichend, a.aufbewahrung_begruendung,
      CASE WHEN l.alle > 0 AND l.offen = 0 THEN (l.letzte_zda AT TIME ZONE 'Europe/Berlin')::date END AS letzte_zda
    FROM akte a LEFT JOIN (
      SELECT v.akte_id, count(*) FILTER (WHERE v.status <> 'zda') AS offen, count(*) AS alle, max(v.zda_am) AS letzte_zda
      FROM vorgang v GROUP BY v.akte_id) l ON l.akte_id = a.id
    WHERE a.geloescht_am IS NULL)`;
}

/** SQL predicate: a version of a Dokument still is the blob `sha256` (an SQL expression). */
export function versionNutztBlobSql(sha256: string): string {
  return `EXISTS (SELECT 1 FROM dokument_version x WHERE x.sha256 = ${sha256})`;
}

export async function setzeAufbewahrung(
  q: Queryable,
  akteId: string,
  werte: {
    aufbewahrungsfrist: number | null;
    archivwuerdigkeit: "A" | "B" | "V" | null;
    begruendung: string | null;
  },
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE akte SET aufbewahrungsfrist_abweichend = $2, archivwuerdigkeit_abweichend = $3, aufbewahrung_begruendung = $4,
       geaendert_am = $5 WHERE id = $1`,
    [akteId, werte.aufbewahrungsfrist, werte.archivwuerdigkeit, werte.begruendung, now],
  );
}

/** Locks the Akte row until commit and tells its status (undefined: no such Akte). */
export async function lockAkteStatus(q: Queryable, akteId: string): Promise<AkteStatus | undefined> {
  const { rows } = await q.query<{ status: AkteStatus }>("SELECT status FROM akte WHERE id = $1 FOR UPDATE", [
    akteId,
  ]);
  return rows[0]?.status;
}

/** Everything in an Akte by id: its Vorgänge, their Dokumente, and the versions' blobs and count. */
export async function inhaltDerAkte(
  q: Queryable,
  akteId: string,
): Promise<{
  aktenzeichen: string;
  vorgaenge: string[];
  dokumente: string[];
  blobs: string[];
  versionen: number;
}> {
  const { rows: akte } = await q.query<{ aktenzeichen: string }>(
    "SELECT aktenzeichen FROM akte WHERE id = $1",
    [akteId],
  );
  const { rows: v } = await q.query<{ id: string }>("SELECT id FROM vorgang WHERE akte_id = $1", [akteId]);
  const vorgaenge = v.map((r) => r.id);
  const { rows: d } = await q.query<{ id: string }>("SELECT id FROM dokument WHERE vorgang_id = ANY($1)", [
    vorgaenge,
  ]);
  const dokumente = d.map((r) => r.id);
  const { rows: b } = await q.query<{ sha256: string }>(
    "SELECT DISTINCT sha256 FROM dokument_version WHERE dokument_id = ANY($1)",
    [dokumente],
  );
  const { rows: n } = await q.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM dokument_version WHERE dokument_id = ANY($1)",
    [dokumente],
  );
  return {
    aktenzeichen: akte[0]?.aktenzeichen ?? "",
    vorgaenge,
    dokumente,
    blobs: b.map((r) => r.sha256),
    versionen: n[0]!.n,
  };
}

/**
 * Deletes the Vorgänge and Dokumente of an Akte with their versions and Umprotokollierungen, and
 * the Akte's cross-references; the Akte stays, marked "ausgesondert". Whatever refers to them from
 * other modules must be gone already.
 */
export async function loescheInhalt(
  q: Queryable,
  akteId: string,
  ids: { vorgaenge: string[]; dokumente: string[] },
  now: Date,
): Promise<void> {
  const schritte = [
    ["DELETE FROM dokument_version WHERE dokument_id = ANY($1)", ids.dokumente],
    ["DELETE FROM dokument WHERE id = ANY($1)", ids.dokumente],
    ["DELETE FROM vorgang_umprotokollierung WHERE vorgang_id = ANY($1)", ids.vorgaenge],
    ["DELETE FROM vorgang WHERE id = ANY($1)", ids.vorgaenge],
  ] as const;
  for (const [sql, werte] of schritte) if (werte.length) await q.query(sql, [werte]);
  await q.query("DELETE FROM akte_querverweis WHERE akte_id = $1 OR ziel_akte_id = $1", [akteId]);
  await q.query("UPDATE akte SET status = 'ausgesondert', geaendert_am = $2 WHERE id = $1", [akteId, now]);
}
