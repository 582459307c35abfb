import { benutzerJoin, oeJoin } from "../access/index.js";
import { einheitJoin } from "../aktenplan/index.js";
import type { Queryable } from "../../platform/database/database.js";
import type { Zugriffsprofil } from "./akten.policy.js";
import type { VorgangStatus } from "./vorgaenge.types.js";
import type {
  Akte,
  AkteKurz,
  AkteStatus,
  AkteZugriffsdaten,
  Vertraulichkeit,
  ZugriffEintrag,
} from "./akten.types.js";

/**
 * The visibility rule of `rechteFuer` as one SQL predicate over `a` (akte), so lists, counts and
 * search trim inside the query. Appends its parameters to `values`.
 */
export function sichtbarSql(
  profil: Zugriffsprofil,
  values: unknown[],
  alias = "a",
  options: { inhalt?: boolean } = {},
): string {
  // For content (search over text), the Registratur's metadata view of restricted Akten does not count.
  values.push(
    profil.leseOes,
    profil.registratur,
    options.inhalt ? false : profil.registratur,
    profil.benutzerId,
    profil.rollenSchluessel,
  );
  const [oes, reg, regBeschraenkt, uid, rollen] = [4, 3, 2, 1, 0].map((d) => `$${values.length - d}`);
  return `(
    (NOT ${alias}.zugriffsbeschraenkt AND (
      ${alias}.federfuehrende_oe_id = ANY(${oes}::uuid[])
      OR EXISTS (SELECT 1 FROM akte_beteiligte_oe b WHERE b.akte_id = ${alias}.id AND b.oe_id = ANY(${oes}::uuid[]))
      OR ${reg}::boolean))
    OR (${alias}.zugriffsbeschraenkt AND (
      ${regBeschraenkt}::boolean
      OR EXISTS (SELECT 1 FROM akte_zugriff z WHERE z.akte_id = ${alias}.id
        AND (z.benutzer_id = ${uid}::uuid OR (z.rolle || ':' || COALESCE(z.oe_id::text, '*')) = ANY(${rollen}::text[])))))
  )`;
}

interface KurzRow {
  id: string;
  aktenzeichen: string;
  betreff: string;
  status: AkteStatus;
  oe_id: string;
  oe_kuerzel: string;
  oe_name: string;
  ape_id: string;
  ape_kennzeichen: string;
  ape_titel: string;
  zugriffsbeschraenkt: boolean;
  vertraulichkeit: Vertraulichkeit;
  erstellt_am: Date;
  geaendert_am: Date;
}

const KURZ_SELECT = `SELECT a.id, a.aktenzeichen, a.betreff, a.status, o.id AS oe_id, o.kuerzel AS oe_kuerzel, o.name AS oe_name,
  e.id AS ape_id, e.kennzeichen AS ape_kennzeichen, e.titel AS ape_titel, a.zugriffsbeschraenkt, a.vertraulichkeit,
  a.erstellt_am, a.geaendert_am
  FROM akte a ${oeJoin("o", "a.federfuehrende_oe_id")} ${einheitJoin("e", "a.aktenplaneinheit_id")}`;

function toKurz(r: KurzRow): AkteKurz {
  return {
    id: r.id,
    aktenzeichen: r.aktenzeichen,
    betreff: r.betreff,
    status: r.status,
    federfuehrendeOe: { id: r.oe_id, kuerzel: r.oe_kuerzel, name: r.oe_name },
    aktenplaneinheit: { id: r.ape_id, kennzeichen: r.ape_kennzeichen, titel: r.ape_titel },
    zugriffsbeschraenkt: r.zugriffsbeschraenkt,
    vertraulichkeit: r.vertraulichkeit,
    erstelltAm: r.erstellt_am.toISOString(),
    geaendertAm: r.geaendert_am.toISOString(),
  };
}

export interface AktenFilter {
  oeId?: string;
  aktenplaneinheitId?: string;
  status?: AkteStatus;
  /** Fragment of Aktenzeichen or Betreff. */
  q?: string;
  aktenzeichen?: string;
  nach?: { erstelltAm: string; id: string };
  limit: number;
}

/** A page of visible Akten, newest first, keyset-paginated on (erstellt_am, id). */
export async function listAkten(
  q: Queryable,
  profil: Zugriffsprofil,
  filter: AktenFilter,
): Promise<AkteKurz[]> {
  const values: unknown[] = [];
  const where = ["a.geloescht_am IS NULL", sichtbarSql(profil, values)];
  if (filter.oeId) {
    values.push(filter.oeId);
    where.push(
      `(a.federfuehrende_oe_id = $${values.length} OR EXISTS (SELECT 1 FROM akte_beteiligte_oe bf WHERE bf.akte_id = a.id AND bf.oe_id = $${values.length}))`,
    );
  }
  if (filter.aktenplaneinheitId) {
    values.push(filter.aktenplaneinheitId);
    where.push(`a.aktenplaneinheit_id = $${values.length}`);
  }
  if (filter.status) {
    values.push(filter.status);
    where.push(`a.status = $${values.length}`);
  }
  if (filter.aktenzeichen) {
    values.push(filter.aktenzeichen);
    where.push(`a.aktenzeichen = $${values.length}`);
  }
  if (filter.q) {
    values.push(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(a.aktenzeichen ILIKE $${values.length} OR a.betreff ILIKE $${values.length})`);
  }
  if (filter.nach) {
    values.push(filter.nach.erstelltAm, filter.nach.id);
    where.push(`(a.erstellt_am, a.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  values.push(filter.limit);
  const { rows } = await q.query<KurzRow>(
    `${KURZ_SELECT} WHERE ${where.join(" AND ")} ORDER BY a.erstellt_am DESC, a.id DESC LIMIT $${values.length}`,
    values,
  );
  return rows.map(toKurz);
}

interface ZugriffsRow {
  id: string;
  federfuehrende_oe_id: string;
  zugriffsbeschraenkt: boolean;
  status: AkteStatus;
  beteiligte: string[] | null;
  zugriff: AkteZugriffsdaten["zugriff"] | null;
}

const ZUGRIFF_SPALTEN = `a.id, a.federfuehrende_oe_id, a.zugriffsbeschraenkt, a.status,
  (SELECT array_agg(b.oe_id) FROM akte_beteiligte_oe b WHERE b.akte_id = a.id) AS beteiligte,
  (SELECT json_agg(json_build_object('benutzerId', z.benutzer_id, 'rolle', z.rolle, 'oeId', z.oe_id, 'recht', z.recht))
     FROM akte_zugriff z WHERE z.akte_id = a.id) AS zugriff`;
const ZUGRIFF_SELECT = `SELECT ${ZUGRIFF_SPALTEN} FROM akte a`;

function toZugriffsdaten(r: ZugriffsRow): AkteZugriffsdaten {
  return {
    id: r.id,
    federfuehrendeOeId: r.federfuehrende_oe_id,
    beteiligteOeIds: r.beteiligte ?? [],
    zugriffsbeschraenkt: r.zugriffsbeschraenkt,
    status: r.status,
    zugriff: r.zugriff ?? [],
  };
}

/** The facts access decisions need, for one Akte (deleted ones are absent). */
export async function zugriffsdaten(q: Queryable, akteId: string): Promise<AkteZugriffsdaten | undefined> {
  const { rows } = await q.query<ZugriffsRow>(
    `${ZUGRIFF_SELECT} WHERE a.id = $1 AND a.geloescht_am IS NULL`,
    [akteId],
  );
  return rows[0] ? toZugriffsdaten(rows[0]) : undefined;
}

/**
 * The way to a Vorgang in one query, from the Vorgang or from one of its Dokumente: its id and
 * status and the access facts of its Akte (not deleted). Inside a transaction `sperre` locks the
 * Vorgang's row until commit: `teilen` keeps its status as read while others may do the same
 * (adding Dokumente side by side), `exklusiv` for changing the Vorgang itself.
 */
export async function zugriffUeberVorgang(
  q: Queryable,
  von: { vorgangId: string } | { dokumentId: string },
  sperre?: "teilen" | "exklusiv",
): Promise<{ vorgangId: string; status: VorgangStatus; akte: AkteZugriffsdaten } | undefined> {
  const lock = sperre === "teilen" ? "FOR SHARE OF v" : sperre === "exklusiv" ? "FOR UPDATE OF v" : "";
  const { rows } = await q.query<ZugriffsRow & { vorgang_id: string; vorgang_status: VorgangStatus }>(
    "vorgangId" in von
      ? `SELECT v.id AS vorgang_id, v.status AS vorgang_status, ${ZUGRIFF_SPALTEN}
         FROM vorgang v JOIN akte a ON a.id = v.akte_id AND a.geloescht_am IS NULL WHERE v.id = $1 ${lock}`
      : `SELECT v.id AS vorgang_id, v.status AS vorgang_status, ${ZUGRIFF_SPALTEN}
         FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id JOIN akte a ON a.id = v.akte_id AND a.geloescht_am IS NULL
         WHERE d.id = $1 ${lock}`,
    ["vorgangId" in von ? von.vorgangId : von.dokumentId],
  );
  const r = rows[0];
  return r ? { vorgangId: r.vorgang_id, status: r.vorgang_status, akte: toZugriffsdaten(r) } : undefined;
}

/** The same for many Akten in one query (lists). */
export async function zugriffsdatenVieler(
  q: Queryable,
  akteIds: string[],
): Promise<Map<string, AkteZugriffsdaten>> {
  if (akteIds.length === 0) return new Map();
  const { rows } = await q.query<ZugriffsRow>(
    `${ZUGRIFF_SELECT} WHERE a.id = ANY($1::uuid[]) AND a.geloescht_am IS NULL`,
    [akteIds],
  );
  return new Map(rows.map((r) => [r.id, toZugriffsdaten(r)]));
}

/**
 * The id of the Akte (not deleted) a reference names: its id when `istId`, else its Aktenzeichen.
 * Says nothing about who may see it.
 */
export async function akteIdVon(q: Queryable, ref: string, istId: boolean): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM akte WHERE geloescht_am IS NULL AND ${istId ? "id = $1::uuid" : "aktenzeichen = $1"}`,
    [ref],
  );
  return rows[0]?.id;
}

/** Aktenzeichen and Betreff of these Akten (cross-reference targets), in no particular order. */
export async function aktenzeichenUndBetreff(
  q: Queryable,
  ids: string[],
): Promise<{ id: string; aktenzeichen: string; betreff: string }[]> {
  const { rows } = await q.query<{ id: string; aktenzeichen: string; betreff: string }>(
    "SELECT id, aktenzeichen, betreff FROM akte WHERE id = ANY($1::uuid[])",
    [ids],
  );
  return rows;
}

/** What a new Vorgang needs to know of its Akte: the Aktenplaneinheit (metadata fields) and the status. */
export async function aktenplaneinheitUndStatus(
  q: Queryable,
  akteId: string,
): Promise<{ aktenplaneinheitId: string; status: AkteStatus } | undefined> {
  const { rows } = await q.query<{ aktenplaneinheit_id: string; status: AkteStatus }>(
    "SELECT aktenplaneinheit_id, status FROM akte WHERE id = $1",
    [akteId],
  );
  return rows[0] ? { aktenplaneinheitId: rows[0].aktenplaneinheit_id, status: rows[0].status } : undefined;
}

export async function getAkte(q: Queryable, id: string): Promise<Akte | undefined> {
  const { rows } = await q.query<
    KurzRow & { jahr: number; lfdnr: number; papierablage: string | null; erstellt_von: string | null }
  >(
    `${KURZ_SELECT.replace("a.erstellt_am, a.geaendert_am", "a.erstellt_am, a.geaendert_am, a.jahr, a.lfdnr, a.papierablage, a.erstellt_von")}
     WHERE a.id = $1 AND a.geloescht_am IS NULL`,
    [id],
  );
  const r = rows[0];
  if (!r) return undefined;
  // One after the other: `q` may be a transaction's single client.
  const beteiligte = await q.query<{ id: string; kuerzel: string; name: string }>(
    `SELECT o.id, o.kuerzel, o.name FROM akte_beteiligte_oe b ${oeJoin("o", "b.oe_id")} WHERE b.akte_id = $1 ORDER BY o.kuerzel`,
    [id],
  );
  const querverweise = await q.query<{ ziel_akte_id: string; bemerkung: string }>(
    "SELECT ziel_akte_id, bemerkung FROM akte_querverweis WHERE akte_id = $1",
    [id],
  );
  const baende = await q.query<{ nr: number; titel: string; beginn: string | null; ende: string | null }>(
    "SELECT nr, titel, beginn::text, ende::text FROM band WHERE akte_id = $1 ORDER BY nr",
    [id],
  );
  const zugriff = await zugriffsliste(q, id);
  return {
    ...toKurz(r),
    jahr: r.jahr,
    lfdnr: r.lfdnr,
    papierablage: r.papierablage,
    erstelltVon: r.erstellt_von,
    beteiligteOes: beteiligte.rows,
    // Targets are resolved by the service, which may show only those the user can see.
    querverweise: querverweise.rows.map((x) => ({
      akteId: x.ziel_akte_id,
      aktenzeichen: null,
      betreff: null,
      bemerkung: x.bemerkung,
    })),
    baende: baende.rows,
    zugriff,
  };
}

export async function zugriffsliste(q: Queryable, akteId: string): Promise<ZugriffEintrag[]> {
  const { rows } = await q.query<{
    benutzer_id: string | null;
    benutzername: string | null;
    vorname: string | null;
    nachname: string | null;
    rolle: string | null;
    oe_id: string | null;
    oe_kuerzel: string | null;
    oe_name: string | null;
    recht: "lesen" | "bearbeiten";
  }>(
    `SELECT z.benutzer_id, u.benutzername, u.vorname, u.nachname, z.rolle, z.oe_id, o.kuerzel AS oe_kuerzel, o.name AS oe_name, z.recht
     FROM akte_zugriff z ${benutzerJoin("u", "z.benutzer_id")} ${oeJoin("o", "z.oe_id", "LEFT JOIN")}
     WHERE z.akte_id = $1 ORDER BY u.nachname NULLS LAST, z.rolle`,
    [akteId],
  );
  return rows.map((r) =>
    r.benutzer_id
      ? {
          benutzer: {
            id: r.benutzer_id,
            benutzername: r.benutzername!,
            anzeigename: [r.vorname, r.nachname].filter(Boolean).join(" "),
          },
          recht: r.recht,
        }
      : {
          rolle: r.rolle!,
          oe: r.oe_id ? { id: r.oe_id, kuerzel: r.oe_kuerzel!, name: r.oe_name! } : null,
          recht: r.recht,
        },
  );
}

/**
 * Issues the next running number of a scope. The counter row stays locked until commit: parallel
 * creations queue, a rolled-back one gives its number back, so numbers are gap-free and unique.
 */
export async function naechsteLfdnr(q: Queryable, bereich: string): Promise<number> {
  const { rows } = await q.query<{ letzte_nr: number }>(
    `INSERT INTO aktenzeichen_zaehler (bereich, letzte_nr) VALUES ($1, 1)
     ON CONFLICT (bereich) DO UPDATE SET letzte_nr = aktenzeichen_zaehler.letzte_nr + 1 RETURNING letzte_nr`,
    [bereich],
  );
  return rows[0]!.letzte_nr;
}

export interface NeueAkteDaten {
  aktenplaneinheitId: string;
  aktenzeichen: string;
  lfdnr: number;
  jahr: number;
  betreff: string;
  federfuehrendeOeId: string;
  zugriffsbeschraenkt: boolean;
  vertraulichkeit: Vertraulichkeit;
  papierablage: string | null;
  erstelltVon: string | null;
}

export async function insertAkte(q: Queryable, d: NeueAkteDaten, now: Date): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO akte (aktenplaneinheit_id, aktenzeichen, lfdnr, jahr, betreff, federfuehrende_oe_id, zugriffsbeschraenkt,
       vertraulichkeit, papierablage, erstellt_am, erstellt_von, geaendert_am)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10) RETURNING id`,
    [
      d.aktenplaneinheitId,
      d.aktenzeichen,
      d.lfdnr,
      d.jahr,
      d.betreff,
      d.federfuehrendeOeId,
      d.zugriffsbeschraenkt,
      d.vertraulichkeit,
      d.papierablage,
      now,
      d.erstelltVon,
    ],
  );
  return rows[0]!.id;
}

export async function setBeteiligte(q: Queryable, akteId: string, oeIds: string[]): Promise<void> {
  await q.query("DELETE FROM akte_beteiligte_oe WHERE akte_id = $1", [akteId]);
  if (oeIds.length) {
    await q.query(
      "INSERT INTO akte_beteiligte_oe (akte_id, oe_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING",
      [akteId, oeIds],
    );
  }
}

export async function setZugriff(
  q: Queryable,
  akteId: string,
  eintraege: {
    benutzerId: string | null;
    rolle: string | null;
    oeId: string | null;
    recht: "lesen" | "bearbeiten";
  }[],
): Promise<void> {
  await q.query("DELETE FROM akte_zugriff WHERE akte_id = $1", [akteId]);
  for (const e of eintraege) {
    await q.query(
      "INSERT INTO akte_zugriff (akte_id, benutzer_id, rolle, oe_id, recht) VALUES ($1, $2, $3, $4, $5)",
      [akteId, e.benutzerId, e.rolle, e.oeId, e.recht],
    );
  }
}

/** Adds beteiligte OEs to those the Akte has; OEs already there stay as they are. */
export async function addBeteiligte(q: Queryable, akteId: string, oeIds: string[]): Promise<void> {
  for (const oe of oeIds)
    await q.query("INSERT INTO akte_beteiligte_oe (akte_id, oe_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [
      akteId,
      oe,
    ]);
}

/** Adds entries to the access list of a restricted Akte, all with the same right. */
export async function addZugriff(
  q: Queryable,
  akteId: string,
  eintraege: { benutzerId: string | null; rolle: string | null; oeId: string | null }[],
  recht: "lesen" | "bearbeiten",
): Promise<void> {
  for (const z of eintraege)
    await q.query(
      "INSERT INTO akte_zugriff (akte_id, benutzer_id, rolle, oe_id, recht) VALUES ($1, $2, $3, $4, $5)",
      [akteId, z.benutzerId, z.rolle, z.oeId, recht],
    );
}

export async function updateAkte(
  q: Queryable,
  id: string,
  patch: {
    betreff: string;
    status: AkteStatus;
    vertraulichkeit: Vertraulichkeit;
    papierablage: string | null;
    zugriffsbeschraenkt: boolean;
  },
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE akte SET betreff = $2, status = $3, vertraulichkeit = $4, papierablage = $5, zugriffsbeschraenkt = $6, geaendert_am = $7 WHERE id = $1`,
    [
      id,
      patch.betreff,
      patch.status,
      patch.vertraulichkeit,
      patch.papierablage,
      patch.zugriffsbeschraenkt,
      now,
    ],
  );
}

export async function lockAkte(q: Queryable, id: string): Promise<void> {
  await q.query("SELECT 1 FROM akte WHERE id = $1 FOR UPDATE", [id]);
}

export async function addQuerverweis(
  q: Queryable,
  akteId: string,
  zielId: string,
  bemerkung: string,
): Promise<void> {
  await q.query(
    "INSERT INTO akte_querverweis (akte_id, ziel_akte_id, bemerkung) VALUES ($1, $2, $3) ON CONFLICT (akte_id, ziel_akte_id) DO UPDATE SET bemerkung = EXCLUDED.bemerkung",
    [akteId, zielId, bemerkung],
  );
}

export async function removeQuerverweis(q: Queryable, akteId: string, zielId: string): Promise<boolean> {
  const { rowCount } = await q.query(
    "DELETE FROM akte_querverweis WHERE akte_id = $1 AND ziel_akte_id = $2",
    [akteId, zielId],
  );
  return rowCount === 1;
}

export async function addBand(
  q: Queryable,
  akteId: string,
  titel: string,
  beginn: string | null,
): Promise<number> {
  const { rows } = await q.query<{ nr: number }>(
    `WITH prev AS (UPDATE band SET ende = COALESCE(ende, $3::date) WHERE akte_id = $1 AND nr = (SELECT max(nr) FROM band WHERE akte_id = $1) RETURNING nr)
     INSERT INTO band (akte_id, nr, titel, beginn) VALUES ($1, COALESCE((SELECT max(nr) FROM band WHERE akte_id = $1), 0) + 1, $2, $3) RETURNING nr`,
    [akteId, titel, beginn],
  );
  return rows[0]!.nr;
}

export async function anzahlVorgaenge(q: Queryable, akteId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>("SELECT count(*)::int AS n FROM vorgang WHERE akte_id = $1", [
    akteId,
  ]);
  return rows[0]?.n ?? 0;
}

export async function markDeleted(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query("UPDATE akte SET geloescht_am = $2 WHERE id = $1", [id, now]);
}
