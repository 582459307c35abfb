import type { Queryable } from "../../platform/database/database.js";
import type { Benutzer, Rolle } from "./access.types.js";
import type {
  Anmeldequelle,
  Gruppenzuordnung,
  MitgliedschaftMitHerkunft,
  Verzeichnisquelle,
} from "./verzeichnis.types.js";

// --- Gruppenzuordnung ----------------------------------------------------------------------

interface ZuordnungRow {
  id: string;
  gruppe: string;
  oe_id: string;
  kuerzel: string;
  name: string;
  aktiv: boolean;
  rolle: Rolle;
}

const toZuordnung = (r: ZuordnungRow): Gruppenzuordnung => ({
  id: r.id,
  gruppe: r.gruppe,
  oeId: r.oe_id,
  oeKuerzel: r.kuerzel,
  oeName: r.name,
  oeAktiv: r.aktiv,
  rolle: r.rolle,
});

const ZUORDNUNG_SELECT = `SELECT z.id, z.gruppe, z.oe_id, o.kuerzel, o.name, o.aktiv, z.rolle
  FROM gruppenzuordnung z JOIN organisationseinheit o ON o.id = z.oe_id`;

/** The whole mapping, by group then OE. */
export async function listGruppenzuordnungen(q: Queryable): Promise<Gruppenzuordnung[]> {
  const { rows } = await q.query<ZuordnungRow>(
    `${ZUORDNUNG_SELECT} ORDER BY lower(z.gruppe), o.kuerzel, z.rolle`,
  );
  return rows.map(toZuordnung);
}

export async function findGruppenzuordnung(q: Queryable, id: string): Promise<Gruppenzuordnung | undefined> {
  const { rows } = await q.query<ZuordnungRow>(`${ZUORDNUNG_SELECT} WHERE z.id = $1`, [id]);
  return rows[0] ? toZuordnung(rows[0]) : undefined;
}

export async function insertGruppenzuordnung(
  q: Queryable,
  z: { gruppe: string; oeId: string; rolle: Rolle },
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    "INSERT INTO gruppenzuordnung (gruppe, oe_id, rolle, erstellt_am) VALUES ($1, $2, $3, $4) RETURNING id",
    [z.gruppe, z.oeId, z.rolle, now],
  );
  return rows[0]!.id;
}

export async function updateGruppenzuordnung(
  q: Queryable,
  id: string,
  z: { gruppe: string; oeId: string; rolle: Rolle },
): Promise<void> {
  await q.query("UPDATE gruppenzuordnung SET gruppe = $2, oe_id = $3, rolle = $4 WHERE id = $1", [
    id,
    z.gruppe,
    z.oeId,
    z.rolle,
  ]);
}

export async function deleteGruppenzuordnung(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query("DELETE FROM gruppenzuordnung WHERE id = $1", [id]);
  return rowCount === 1;
}

/**
 * Active users whose last known directory groups contain `gruppe` (case-insensitive), each
 * with whether they already hold `rolle` in the OE: what a mapping row would do.
 */
export async function benutzerInGruppe(
  q: Queryable,
  gruppe: string,
  oeId: string,
  rolle: Rolle,
  limit: number,
): Promise<{ anzahl: number; neu: number; benutzer: (VerzeichnisPerson & { hatBereits: boolean })[] }> {
  const { rows } = await q.query<{
    id: string;
    benutzername: string;
    anzeigename: string;
    anmeldequelle: Verzeichnisquelle;
    hat: boolean;
    anzahl: number;
    neu: number;
  }>(
    `WITH t AS (
       SELECT b.id, b.benutzername, trim(b.vorname || ' ' || b.nachname) AS anzeigename, b.anmeldequelle,
         b.nachname, b.vorname,
         EXISTS (SELECT 1 FROM mitgliedschaft m WHERE m.benutzer_id = b.id AND m.oe_id = $2 AND m.rolle = $3) AS hat
       FROM benutzer b
       WHERE b.aktiv AND b.verzeichnisgruppen IS NOT NULL
         AND EXISTS (SELECT 1 FROM unnest(b.verzeichnisgruppen) g WHERE lower(btrim(g)) = lower(btrim($1))))
     SELECT id, benutzername, anzeigename, anmeldequelle, hat,
       (SELECT count(*)::int FROM t) AS anzahl, (SELECT count(*)::int FROM t WHERE NOT hat) AS neu
     FROM t ORDER BY hat, nachname, vorname LIMIT $4`,
    [gruppe, oeId, rolle, limit],
  );
  return {
    anzahl: rows[0]?.anzahl ?? 0,
    neu: rows[0]?.neu ?? 0,
    benutzer: rows.map((r) => ({
      id: r.id,
      benutzername: r.benutzername,
      anzeigename: r.anzeigename,
      quelle: r.anmeldequelle,
      hatBereits: r.hat,
    })),
  };
}

/** A directory user as the preview lists them. */
export interface VerzeichnisPerson {
  id: string;
  benutzername: string;
  anzeigename: string;
  quelle: Verzeichnisquelle;
}

// --- Verzeichnisbenutzer -------------------------------------------------------------------

interface KontoRow {
  id: string;
  benutzername: string;
  vorname: string;
  nachname: string;
  email: string | null;
  aktiv: boolean;
}

const toBenutzer = (r: KontoRow): Benutzer => ({
  id: r.id,
  benutzername: r.benutzername,
  vorname: r.vorname,
  nachname: r.nachname,
  anzeigename: [r.vorname, r.nachname].filter(Boolean).join(" "),
  email: r.email,
  aktiv: r.aktiv,
});

const KONTO_COLUMNS = "id, benutzername, vorname, nachname, email, aktiv";

/** The account a directory knows under `kennung`, locked for the update that follows. */
export async function findBenutzerNachKennung(
  q: Queryable,
  quelle: Verzeichnisquelle,
  kennung: string,
): Promise<Benutzer | undefined> {
  const { rows } = await q.query<KontoRow>(
    `SELECT ${KONTO_COLUMNS} FROM benutzer WHERE anmeldequelle = $1 AND externe_kennung = $2 FOR UPDATE`,
    [quelle, kennung],
  );
  return rows[0] ? toBenutzer(rows[0]) : undefined;
}

/** Which of the given Benutzernamen are taken. */
export async function vergebeneBenutzernamen(q: Queryable, namen: string[]): Promise<Set<string>> {
  const { rows } = await q.query<{ benutzername: string }>(
    "SELECT benutzername FROM benutzer WHERE benutzername = ANY($1::text[])",
    [namen],
  );
  return new Set(rows.map((r) => r.benutzername));
}

export async function insertVerzeichnisbenutzer(
  q: Queryable,
  b: {
    quelle: Verzeichnisquelle;
    kennung: string;
    benutzername: string;
    vorname: string;
    nachname: string;
    email: string | null;
    gruppen: string[];
  },
  now: Date,
): Promise<Benutzer> {
  const { rows } = await q.query<KontoRow>(
    `INSERT INTO benutzer (benutzername, vorname, nachname, email, passwort_hash, anmeldequelle, externe_kennung,
       verzeichnisgruppen, verzeichnis_abgleich_am, erstellt_am, geaendert_am)
     VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $8, $8) RETURNING ${KONTO_COLUMNS}`,
    [b.benutzername, b.vorname, b.nachname, b.email, b.quelle, b.kennung, b.gruppen, now],
  );
  return toBenutzer(rows[0]!);
}

export async function updateVerzeichnisbenutzer(
  q: Queryable,
  id: string,
  b: { benutzername: string; vorname: string; nachname: string; email: string | null; gruppen: string[] },
  geaendert: boolean,
  now: Date,
): Promise<Benutzer> {
  const { rows } = await q.query<KontoRow>(
    `UPDATE benutzer SET benutzername = $2, vorname = $3, nachname = $4, email = $5, verzeichnisgruppen = $6,
       verzeichnis_abgleich_am = $7, geaendert_am = CASE WHEN $8 THEN $7 ELSE geaendert_am END
     WHERE id = $1 RETURNING ${KONTO_COLUMNS}`,
    [id, b.benutzername, b.vorname, b.nachname, b.email, b.gruppen, now, geaendert],
  );
  return toBenutzer(rows[0]!);
}

/** Where a person signs in, for the local-login switch and the break-glass account. */
export async function anmeldequelleVon(q: Queryable, benutzerId: string): Promise<Anmeldequelle | undefined> {
  const { rows } = await q.query<{ anmeldequelle: Anmeldequelle }>(
    "SELECT anmeldequelle FROM benutzer WHERE id = $1",
    [benutzerId],
  );
  return rows[0]?.anmeldequelle;
}

// --- Mitgliedschaften mit Herkunft ---------------------------------------------------------

export async function mitgliedschaftenMitHerkunft(
  q: Queryable,
  benutzerId: string,
): Promise<MitgliedschaftMitHerkunft[]> {
  const { rows } = await q.query<{
    oe_id: string;
    kuerzel: string;
    rolle: Rolle;
    herkunft: "manuell" | "verzeichnis";
  }>(
    `SELECT m.oe_id, o.kuerzel, m.rolle, m.herkunft FROM mitgliedschaft m
     JOIN organisationseinheit o ON o.id = m.oe_id WHERE m.benutzer_id = $1`,
    [benutzerId],
  );
  return rows.map((r) => ({ oeId: r.oe_id, oeKuerzel: r.kuerzel, rolle: r.rolle, herkunft: r.herkunft }));
}

/** Adds a membership the directory grants; an existing one (manual or not) stays as it is. */
export async function insertMitgliedschaftAusVerzeichnis(
  q: Queryable,
  benutzerId: string,
  oeId: string,
  rolle: Rolle,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO mitgliedschaft (benutzer_id, oe_id, rolle, herkunft) VALUES ($1, $2, $3, 'verzeichnis')
     ON CONFLICT DO NOTHING`,
    [benutzerId, oeId, rolle],
  );
  return rowCount === 1;
}

/** Removes a membership only when the directory granted it. */
export async function deleteMitgliedschaftAusVerzeichnis(
  q: Queryable,
  benutzerId: string,
  oeId: string,
  rolle: Rolle,
): Promise<boolean> {
  const { rowCount } = await q.query(
    "DELETE FROM mitgliedschaft WHERE benutzer_id = $1 AND oe_id = $2 AND rolle = $3 AND herkunft = 'verzeichnis'",
    [benutzerId, oeId, rolle],
  );
  return rowCount === 1;
}
