import type { Zugriffsprofil } from "./akten.policy.js";
import { sichtbarSql } from "./akten.repository.js";

/**
 * What Schriftgut offers the search: its Akten and Vorgänge as search objects, each with a text
 * vector (the expressions of the GIN indexes `akte_volltext` and `vorgang_volltext`, so a `@@` on
 * `tsv` uses them), trimmed to what the reader may see: an Akte by the lists' rule, a Vorgang by
 * the content rule (a restricted Akte's Vorgänge are its content). Columns: objekt_id, art ('akte'
 * | 'vorgang'), akte_id, vorgang_id, tsv, text (for snippets), erstellt_am, aktenplaneinheit_id,
 * federfuehrende_oe_id, status, aktenzeichen, vorgang_zeichen, betreff, akte_betreff.
 * Appends its parameters to `values`.
 */
export function suchobjekteSql(profil: Zugriffsprofil, values: unknown[]): string {
  const akteSichtbar = sichtbarSql(profil, values, "a");
  const vorgangSichtbar = sichtbarSql(profil, values, "a", { inhalt: true });
  return `(
    SELECT a.id AS objekt_id, 'akte'::text AS art, a.id AS akte_id, NULL::uuid AS vorgang_id,
      to_tsvector('german', a.aktenzeichen || ' ' || a.betreff) AS tsv,
      a.aktenzeichen || ' ' || a.betreff AS text, a.erstellt_am, a.aktenplaneinheit_id, a.federfuehrende_oe_id,
      a.status, a.aktenzeichen, NULL::text AS vorgang_zeichen, a.betreff, a.betreff AS akte_betreff
    FROM akte a WHERE a.geloescht_am IS NULL AND ${akteSichtbar}
    UNION ALL
    SELECT v.id, 'vorgang'::text, a.id, v.id,
      to_tsvector('german', v.betreff) || jsonb_to_tsvector('german', v.metadaten, '["string", "numeric"]'),
      v.betreff || ' ' || coalesce((SELECT string_agg(m.value, ' · ') FROM jsonb_each_text(v.metadaten) m), ''),
      v.erstellt_am, a.aktenplaneinheit_id, a.federfuehrende_oe_id,
      v.status, a.aktenzeichen, a.aktenzeichen || '-' || v.nr, v.betreff, a.betreff
    FROM vorgang v JOIN akte a ON a.id = v.akte_id WHERE a.geloescht_am IS NULL AND ${vorgangSichtbar}
  )`;
}
