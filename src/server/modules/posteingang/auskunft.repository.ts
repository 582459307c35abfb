import { akteJoin, sichtbarSql, vorgangFrom, type Zugriffsprofil } from "../schriftgut/index.js";

/**
 * What the Posteingang offers other modules to read its tables inside their own queries; the
 * columns listed are the contract.
 */

/**
 * The new items of some OEs' Posteingang (`oeIds` null: of all) as a table after FROM, as `alias`
 * (columns id, kanal, dateiname, erstellt_am, oe_id, vorschlag_grund). The Grund of an item's
 * Vorschlag (it may name an Aktenzeichen) is there only when the reader may read the proposed
 * Vorgang's Akte, else null. Appends its parameters to `values`.
 */
export function neuerPosteingangFrom(
  alias: string,
  profil: Zugriffsprofil,
  values: unknown[],
  oeIds: string[] | null,
): string {
  values.push(oeIds);
  const oes = `$${values.length}::uuid[]`;
  const vorschlagSichtbar = sichtbarSql(profil, values, "va", { inhalt: true });
  return `(SELECT p.id, p.kanal, p.dateiname, p.erstellt_am, p.oe_id,
      (SELECT NULLIF(p.vorschlag_grund, '') FROM ${vorgangFrom("vv")} ${akteJoin("va", "vv.akte_id")}
        WHERE vv.id = p.vorschlag_vorgang_id AND va.geloescht_am IS NULL AND ${vorschlagSichtbar}) AS vorschlag_grund
    FROM posteingang_eintrag p
    WHERE p.status = 'neu' AND (${oes} IS NULL OR p.oe_id = ANY(${oes}))) ${alias}`;
}
