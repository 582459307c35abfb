import type { Queryable } from "../../platform/database/database.js";
import { istUuid } from "../../platform/pruefungen.js";
import { benutzerJoin, personJson } from "../access/index.js";
import { vorgangJoin } from "../schriftgut/index.js";
import type { Person } from "./workflow.types.js";

// All SQL on `wiedervorlage`.

export interface WiedervorlageZeile {
  id: string;
  vorgang_id: string;
  datum: string;
  notiz: string;
  empfaenger: Person;
  erstellt_von: Person;
  erstellt_am: Date;
  erledigt_am: Date | null;
}

const SELECT = `SELECT w.id, w.vorgang_id, w.datum::text, w.notiz, ${personJson("e")} AS empfaenger, ${personJson("c")} AS erstellt_von,
  w.erstellt_am, w.erledigt_am FROM wiedervorlage w ${benutzerJoin("e", "w.empfaenger_id", "JOIN")}
  ${benutzerJoin("c", "w.erstellt_von", "JOIN")}`;

export async function ladeWiedervorlage(q: Queryable, id: string): Promise<WiedervorlageZeile | undefined> {
  const { rows } = await q.query<WiedervorlageZeile>(`${SELECT} WHERE w.id = $1`, [id]);
  return rows[0];
}

/** The Wiedervorlagen of a Vorgang, by date. */
export async function wiedervorlagenDesVorgangs(
  q: Queryable,
  vorgangId: string,
): Promise<WiedervorlageZeile[]> {
  const { rows } = await q.query<WiedervorlageZeile>(
    `${SELECT} WHERE w.vorgang_id = $1 ORDER BY w.datum, w.erstellt_am`,
    [vorgangId],
  );
  return rows;
}

export async function insertWiedervorlage(
  q: Queryable,
  w: { vorgangId: string; empfaengerId: string; datum: string; notiz: string; erstelltVon: string },
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO wiedervorlage (vorgang_id, empfaenger_id, datum, notiz, erstellt_von, erstellt_am)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [w.vorgangId, w.empfaengerId, w.datum, w.notiz, w.erstelltVon, now],
  );
  return rows[0]!.id;
}

/** Who a Wiedervorlage is for and from, whether it is done, and its Vorgang and Akte. */
export interface WiedervorlageKopf {
  empfaenger_id: string;
  erstellt_von: string;
  erledigt_am: Date | null;
  vorgang_id: string;
  akte_id: string;
}

/** A Wiedervorlage's Kopf, locked for the rest of the transaction (undefined for no UUID). */
export async function sperreWiedervorlage(q: Queryable, id: string): Promise<WiedervorlageKopf | undefined> {
  if (!istUuid(id)) return undefined;
  const { rows } = await q.query<WiedervorlageKopf>(
    `SELECT w.empfaenger_id, w.erstellt_von, w.erledigt_am, w.vorgang_id, v.akte_id
     FROM wiedervorlage w ${vorgangJoin("v", "w.vorgang_id")} WHERE w.id = $1 FOR UPDATE OF w`,
    [id],
  );
  return rows[0];
}

export async function erledigeWiedervorlage(
  q: Queryable,
  id: string,
  vonId: string,
  now: Date,
): Promise<void> {
  await q.query("UPDATE wiedervorlage SET erledigt_am = $2, erledigt_von = $3 WHERE id = $1", [
    id,
    now,
    vonId,
  ]);
}
