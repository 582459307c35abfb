import type { Queryable } from "../../platform/database/database.js";
import { istUuid } from "../../platform/pruefungen.js";
import { oeJoin } from "../access/index.js";
import type { ZeichnungsRegel } from "./workflow.policy.js";
import type { SchrittEingabe } from "./workflow.types.js";

// All SQL on `zeichnungsbefugnis` and `laufwegvorlage`.

export interface ZeichnungsbefugnisZeile {
  id: string;
  rolle: "Sachbearbeitung" | "Leitung";
  kuerzel: string | null;
  name: string | null;
  aktenplan_praefix: string | null;
}

export async function listZeichnungsbefugnisse(q: Queryable): Promise<ZeichnungsbefugnisZeile[]> {
  const { rows } = await q.query<ZeichnungsbefugnisZeile>(
    `SELECT z.id, z.rolle, o.kuerzel, o.name, z.aktenplan_praefix FROM zeichnungsbefugnis z
     ${oeJoin("o", "z.oe_id", "LEFT JOIN")} ORDER BY z.rolle, o.kuerzel NULLS FIRST, z.aktenplan_praefix NULLS FIRST`,
  );
  return rows;
}

/** Every rule, for deciding a Zeichnung (`hatZeichnungsbefugnis`). */
export async function zeichnungsRegeln(q: Queryable): Promise<ZeichnungsRegel[]> {
  const { rows } = await q.query<ZeichnungsRegel>(
    "SELECT rolle, oe_id, aktenplan_praefix FROM zeichnungsbefugnis",
  );
  return rows;
}

export async function insertZeichnungsbefugnis(
  q: Queryable,
  z: { rolle: "Sachbearbeitung" | "Leitung"; oeId: string | null; aktenplanPraefix: string | null },
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    "INSERT INTO zeichnungsbefugnis (rolle, oe_id, aktenplan_praefix, erstellt_am) VALUES ($1, $2, $3, $4) RETURNING id",
    [z.rolle, z.oeId, z.aktenplanPraefix, now],
  );
  return rows[0]!.id;
}

/** Deletes a rule; false when there is none with this id. */
export async function deleteZeichnungsbefugnis(q: Queryable, id: string): Promise<boolean> {
  if (!istUuid(id)) return false;
  const { rowCount } = await q.query("DELETE FROM zeichnungsbefugnis WHERE id = $1", [id]);
  return Boolean(rowCount);
}

export interface LaufwegvorlageZeile {
  id: string;
  name: string;
  kuerzel: string | null;
  oe_name: string | null;
  aktenplan_praefix: string | null;
  zeichnung_vor_abgang: boolean;
  schritte: SchrittEingabe[];
}

/** The templates, with an OE and a Kennzeichen only those that fit both; by name. */
export async function listLaufwegvorlagen(
  q: Queryable,
  oeId: string | null,
  kennzeichen: string | null,
): Promise<LaufwegvorlageZeile[]> {
  const { rows } = await q.query<LaufwegvorlageZeile>(
    `SELECT l.id, l.name, o.kuerzel, o.name AS oe_name, l.aktenplan_praefix, l.zeichnung_vor_abgang, l.schritte
     FROM laufwegvorlage l ${oeJoin("o", "l.oe_id", "LEFT JOIN")}
     WHERE ($1::uuid IS NULL OR l.oe_id IS NULL OR l.oe_id = $1)
       AND ($2::text IS NULL OR l.aktenplan_praefix IS NULL OR $2 = l.aktenplan_praefix OR $2 LIKE l.aktenplan_praefix || '.%')
     ORDER BY l.name`,
    [oeId, kennzeichen],
  );
  return rows;
}

/** A template as a route starts from it. */
export interface LaufwegvorlageRoh {
  id: string;
  oe_id: string | null;
  aktenplan_praefix: string | null;
  zeichnung_vor_abgang: boolean;
  schritte: SchrittEingabe[];
}

/** A template by id (any text: no match for what is not one). */
export async function findLaufwegvorlage(q: Queryable, ref: string): Promise<LaufwegvorlageRoh | undefined> {
  const { rows } = await q.query<LaufwegvorlageRoh>(
    "SELECT id, oe_id, aktenplan_praefix, zeichnung_vor_abgang, schritte FROM laufwegvorlage WHERE id::text = $1",
    [ref],
  );
  return rows[0];
}

export async function insertLaufwegvorlage(
  q: Queryable,
  v: {
    name: string;
    oeId: string | null;
    aktenplanPraefix: string | null;
    zeichnungVorAbgang: boolean;
    schritte: SchrittEingabe[];
    erstelltVon: string;
  },
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO laufwegvorlage (name, oe_id, aktenplan_praefix, zeichnung_vor_abgang, schritte, erstellt_am, erstellt_von)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      v.name,
      v.oeId,
      v.aktenplanPraefix,
      v.zeichnungVorAbgang,
      JSON.stringify(v.schritte),
      now,
      v.erstelltVon,
    ],
  );
  return rows[0]!.id;
}
