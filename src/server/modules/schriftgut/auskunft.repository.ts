import type { Queryable } from "../../platform/database/database.js";
import type { Zugriffsprofil } from "./akten.policy.js";
import { sichtbarSql } from "./akten.repository.js";

/**
 * What Schriftgut tells other modules about its tables: reads and SQL fragments for the search
 * index (suche), the counts the Aktenplan shows, the Vorgänge Posteingang and Workflow list or
 * suggest, and the facts of a Dokument a Geschäftsgang needs. Callers name none of these tables
 * themselves.
 */

/** The Akten a reader may see per unit, not deleted (the lists' rule); only `einheitIds` if given. */
export async function sichtbareAktenJeAktenplaneinheit(
  q: Queryable,
  profil: Zugriffsprofil,
  einheitIds?: readonly string[],
): Promise<Map<string, number>> {
  const values: unknown[] = [einheitIds ?? null];
  const sichtbar = sichtbarSql(profil, values, "a");
  const { rows } = await q.query<{ id: string; n: number }>(
    `SELECT a.aktenplaneinheit_id AS id, count(*)::int AS n FROM akte a
     WHERE a.geloescht_am IS NULL AND ($1::uuid[] IS NULL OR a.aktenplaneinheit_id = ANY($1::uuid[])) AND ${sichtbar}
     GROUP BY a.aktenplaneinheit_id`,
    values,
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** What the search index stores of a Dokument, from its metadata, its Vorgang and its Akte. */
export interface Indexdaten {
  titel: string;
  typ: string;
  /** Absender, Empfänger and the Betreffs of Vorgang and Akte, separated by spaces. */
  meta: string;
  /** Aktenzeichen, fremdes Geschäftszeichen and Vorgangszeichen, separated by spaces. */
  zeichen: string;
  akteId: string;
  aktuelleVersion: number;
}

/** The index data of many Dokumente in one query, by id (deleted Akten included; unknown ids absent). */
export async function indexdatenVieler(
  q: Queryable,
  dokumentIds: string[],
): Promise<Map<string, Indexdaten>> {
  if (dokumentIds.length === 0) return new Map();
  const { rows } = await q.query<{
    id: string;
    titel: string;
    typ: string;
    meta: string;
    zeichen: string;
    akte_id: string;
    aktuelle_version: number;
  }>(
    `SELECT d.id, d.titel, d.typ,
       concat_ws(' ', d.absender, d.empfaenger, v.betreff, a.betreff) AS meta,
       concat_ws(' ', a.aktenzeichen, d.fremdes_geschaeftszeichen, a.aktenzeichen || '-' || v.nr) AS zeichen,
       a.id AS akte_id, d.aktuelle_version
     FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id JOIN akte a ON a.id = v.akte_id
     WHERE d.id = ANY($1::uuid[])`,
    [dokumentIds],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        titel: r.titel,
        typ: r.typ,
        meta: r.meta,
        zeichen: r.zeichen,
        akteId: r.akte_id,
        aktuelleVersion: r.aktuelle_version,
      },
    ]),
  );
}

/**
 * SQL: every Dokument with its Vorgang and Akte as one relation, to be joined like a table
 * (`JOIN ${dokumenteSql(values)} d ON d.dokument_id = …`). Its columns: `dokument_id`, `titel`,
 * `typ`, `erstellt_am`, `fremdes_geschaeftszeichen`, `vorgang_id`, `vorgang_nr`,
 * `vorgang_betreff`, `vorgang_status`, `vorgang_zeichen` (Aktenzeichen-Nr), `akte_id`,
 * `aktenzeichen`, `akte_betreff`, `aktenplaneinheit_id`, `federfuehrende_oe_id`.
 *
 * With `inhaltLesbarFuer`, only Dokumente of undeleted Akten whose content the profile may read
 * (`sichtbarSql` for content). PostgreSQL merges the relation into the caller's query, so the join
 * plan is the same as if the caller had named the tables. Appends its parameters to `values`.
 */
export function dokumenteSql(values: unknown[], options: { inhaltLesbarFuer?: Zugriffsprofil } = {}): string {
  const lesbar = options.inhaltLesbarFuer
    ? `WHERE a.geloescht_am IS NULL AND ${sichtbarSql(options.inhaltLesbarFuer, values, "a", { inhalt: true })}`
    : "";
  return `(SELECT d.id AS dokument_id, d.titel, d.typ, d.erstellt_am, d.fremdes_geschaeftszeichen,
       v.id AS vorgang_id, v.nr AS vorgang_nr, v.betreff AS vorgang_betreff, v.status AS vorgang_status,
       a.aktenzeichen || '-' || v.nr AS vorgang_zeichen,
       a.id AS akte_id, a.aktenzeichen, a.betreff AS akte_betreff, a.aktenplaneinheit_id, a.federfuehrende_oe_id
     FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id JOIN akte a ON a.id = v.akte_id ${lesbar})`;
}

/** SQL: the ids of the Dokumente of the Akte whose id `akteId` stands for (a parameter or column). */
export function dokumenteDerAkteSql(akteId: string): string {
  return `SELECT d.id FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id WHERE v.akte_id = ${akteId}`;
}

/**
 * Akten filed per Aktenplaneinheit (all statuses, deleted ones included: a unit that ever held
 * Akten stays), for all units or only those in `einheitIds`.
 */
export async function aktenJeAktenplaneinheit(
  q: Queryable,
  einheitIds?: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = einheitIds
    ? await q.query<{ id: string; n: number }>(
        `SELECT aktenplaneinheit_id AS id, count(*)::int AS n FROM akte
         WHERE aktenplaneinheit_id = ANY($1::uuid[]) GROUP BY aktenplaneinheit_id`,
        [einheitIds],
      )
    : await q.query<{ id: string; n: number }>(
        "SELECT aktenplaneinheit_id AS id, count(*)::int AS n FROM akte GROUP BY aktenplaneinheit_id",
      );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/**
 * SQL fragments to name Vorgänge and Akten inside another module's query, joined like tables; the
 * columns listed are the contract. `sichtbarSql(profil, values, alias)` works on a joined Akte.
 */

/** The Vorgänge as `alias` after FROM (columns id, akte_id, nr, betreff, status, frist, erstellt_von, frist_eskaliert_am). */
export const vorgangFrom = (alias: string): string => `vorgang ${alias}`;

/** Joins a Vorgang as `alias` (the columns of `vorgangFrom`). */
export const vorgangJoin = (alias: string, spalte: string, art: "JOIN" | "LEFT JOIN" = "JOIN"): string =>
  `${art} vorgang ${alias} ON ${alias}.id = ${spalte}`;

/**
 * Joins an Akte as `alias` (columns id, aktenzeichen, federfuehrende_oe_id, aktenplaneinheit_id,
 * zugriffsbeschraenkt, geloescht_am).
 */
export const akteJoin = (alias: string, spalte: string, art: "JOIN" | "LEFT JOIN" = "JOIN"): string =>
  `${art} akte ${alias} ON ${alias}.id = ${spalte}`;

/** The Akten as `alias` after FROM (the columns of `akteJoin`). */
export const akteFrom = (alias: string): string => `akte ${alias}`;

/**
 * The Vorgänge of Akten not deleted whose content the reader may read (`sichtbarSql`, content
 * level: a Betreff is content), as a table other modules may join, with the columns `id`, `nr`,
 * `betreff` and `aktenzeichen`: `LEFT JOIN ${lesbareVorgaengeSql(profil, values)} v ON v.id = x.vorgang_id`.
 * Appends its parameters to `values`.
 */
export function lesbareVorgaengeSql(profil: Zugriffsprofil, values: unknown[]): string {
  const sichtbar = sichtbarSql(profil, values, "a", { inhalt: true });
  return `(SELECT v.id, v.nr, v.betreff, a.aktenzeichen FROM vorgang v JOIN akte a ON a.id = v.akte_id
    WHERE a.geloescht_am IS NULL AND ${sichtbar})`;
}

/** A predicate: the Vorgang whose id `spalte` holds is open (in Bearbeitung). */
export function vorgangOffenSql(spalte: string): string {
  return `EXISTS (SELECT 1 FROM vorgang vo WHERE vo.id = ${spalte} AND vo.status = 'in_bearbeitung')`;
}

/**
 * The Vorgang an Aktenzeichen found in a text points to: of the Akten (not deleted) with one of
 * these Aktenzeichen, the newest open Vorgang, else the newest closed one.
 */
export async function vorgangZuAktenzeichen(
  q: Queryable,
  aktenzeichen: string[],
): Promise<{ vorgangId: string; aktenzeichen: string } | undefined> {
  const { rows } = await q.query<{ vorgang_id: string; aktenzeichen: string }>(
    `SELECT v.id AS vorgang_id, a.aktenzeichen FROM akte a JOIN vorgang v ON v.akte_id = a.id
     WHERE a.aktenzeichen = ANY($1) AND a.geloescht_am IS NULL ORDER BY (v.status = 'in_bearbeitung') DESC, v.erstellt_am DESC LIMIT 1`,
    [aktenzeichen],
  );
  return rows[0] ? { vorgangId: rows[0].vorgang_id, aktenzeichen: rows[0].aktenzeichen } : undefined;
}

/**
 * The Dokument of this Vorgang that already holds this file (same content, same original file
 * name, in any of its versions): what lets a bulk import run again without duplicates.
 */
export async function dokumentMitDatei(
  q: Queryable,
  vorgangId: string,
  sha256: string,
  originaldateiname: string,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT d.id FROM dokument_version dv JOIN dokument d ON d.id = dv.dokument_id
     WHERE dv.sha256 = $2 AND dv.originaldateiname = $3 AND d.vorgang_id = $1 LIMIT 1`,
    [vorgangId, sha256, originaldateiname],
  );
  return rows[0]?.id;
}

/** The open Vorgang whose newest Dokument came from this Absender (case-insensitive), if any. */
export async function offenerVorgangVonAbsender(q: Queryable, absender: string): Promise<string | undefined> {
  const { rows } = await q.query<{ vorgang_id: string }>(
    "SELECT d.vorgang_id FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id WHERE lower(d.absender) = lower($1) AND v.status = 'in_bearbeitung' ORDER BY d.erstellt_am DESC LIMIT 1",
    [absender],
  );
  return rows[0]?.vorgang_id;
}

/** Facts about a Dokument the Geschäftsgang needs (without permission checks: the caller did them). */
export async function dokumentKopf(
  q: Queryable,
  id: string,
): Promise<
  { id: string; vorgangId: string; titel: string; gezeichnet: boolean; version: number } | undefined
> {
  const { rows } = await q.query<{
    id: string;
    vorgang_id: string;
    titel: string;
    gezeichnet_am: Date | null;
    aktuelle_version: number;
  }>("SELECT id, vorgang_id, titel, gezeichnet_am, aktuelle_version FROM dokument WHERE id = $1", [id]);
  const r = rows[0];
  return r
    ? {
        id: r.id,
        vorgangId: r.vorgang_id,
        titel: r.titel,
        gezeichnet: r.gezeichnet_am !== null,
        version: r.aktuelle_version,
      }
    : undefined;
}
