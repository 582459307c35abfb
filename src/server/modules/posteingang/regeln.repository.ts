import type { Queryable } from "../../platform/database/database.js";
import { oeKurzSql } from "../access/index.js";
import { lesbareVorgaengeSql, vorgangOffenSql, type Zugriffsprofil } from "../schriftgut/index.js";
import type { Betreffregel } from "./posteingang.types.js";

/**
 * The OE's Betreffregel whose pattern the text contains, the longest first, among those whose
 * Vorgang is still open.
 */
export async function passendeRegel(
  q: Queryable,
  oeId: string,
  text: string,
): Promise<{ vorgangId: string; muster: string } | undefined> {
  const { rows } = await q.query<{ vorgang_id: string; muster: string }>(
    `SELECT r.vorgang_id, r.muster FROM posteingang_regel r
     WHERE r.oe_id = $1 AND ${vorgangOffenSql("r.vorgang_id")}
       AND strpos(lower($2), lower(r.muster)) > 0
     ORDER BY length(r.muster) DESC LIMIT 1`,
    [oeId, text],
  );
  return rows[0] ? { vorgangId: rows[0].vorgang_id, muster: rows[0].muster } : undefined;
}

/**
 * All Betreffregeln whose Vorgang the reader may read (a rule for a Vorgang whose Akte was
 * restricted later is left out: its Betreff and Aktenzeichen are that Akte's content).
 */
export async function listeRegeln(q: Queryable, profil: Zugriffsprofil): Promise<Betreffregel[]> {
  const values: unknown[] = [];
  const vorgaenge = lesbareVorgaengeSql(profil, values);
  const { rows } = await q.query<{
    id: string;
    muster: string;
    erstellt_am: Date;
    oe_id: string;
    kuerzel: string;
    name: string;
    vorgang_id: string;
    nr: number;
    betreff: string;
    aktenzeichen: string;
  }>(
    `SELECT r.id, r.muster, r.erstellt_am, o.id AS oe_id, o.kuerzel, o.name, v.id AS vorgang_id, v.nr,
       v.betreff, v.aktenzeichen
     FROM posteingang_regel r JOIN ${oeKurzSql()} o ON o.id = r.oe_id
     JOIN ${vorgaenge} v ON v.id = r.vorgang_id
     ORDER BY o.kuerzel, r.muster`,
    values,
  );
  return rows.map((r) => ({
    id: r.id,
    oe: { id: r.oe_id, kuerzel: r.kuerzel, name: r.name },
    muster: r.muster,
    vorgang: { id: r.vorgang_id, zeichen: `${r.aktenzeichen}-${r.nr}`, betreff: r.betreff },
    erstelltAm: r.erstellt_am.toISOString(),
  }));
}

/** The new rule's id; undefined when the OE has a rule with this pattern already. */
export async function insertRegel(
  q: Queryable,
  r: { oeId: string; muster: string; vorgangId: string; von: string },
  now: Date,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO posteingang_regel (oe_id, muster, vorgang_id, erstellt_am, erstellt_von) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (oe_id, lower(muster)) DO NOTHING RETURNING id`,
    [r.oeId, r.muster, r.vorgangId, now, r.von],
  );
  return rows[0]?.id;
}

/** Locks a rule until the transaction ends. */
export async function sperreRegel(
  q: Queryable,
  id: string,
): Promise<{ oeId: string; muster: string } | undefined> {
  const { rows } = await q.query<{ oe_id: string; muster: string }>(
    "SELECT oe_id, muster FROM posteingang_regel WHERE id = $1 FOR UPDATE",
    [id],
  );
  return rows[0] ? { oeId: rows[0].oe_id, muster: rows[0].muster } : undefined;
}

export async function deleteRegel(q: Queryable, id: string): Promise<void> {
  await q.query("DELETE FROM posteingang_regel WHERE id = $1", [id]);
}
