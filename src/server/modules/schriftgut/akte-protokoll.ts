import type { AppContext } from "../../platform/context.js";
import type { Akteur } from "../access/index.js";
import { eintraegeZurAkte } from "../protokoll/index.js";
import { requireAkte } from "./zugriffstor.js";
import { sichtbareDetails } from "./protokoll-sicht.js";

/**
 * The Akte's history for everyone who may see the Akte: every Protokoll entry that names it
 * (its own changes and those of its Vorgänge and Dokumente, which carry `details.akteId`). A
 * reader who may see only the Akte's metadata (the Registratur on a restricted Akte) gets no
 * content-level details: see `sichtbareDetails`.
 */
export async function akteProtokoll(
  ctx: AppContext,
  actor: Akteur,
  akteId: string,
  page: { vor?: number; limit?: number },
) {
  const { daten, rechte } = await requireAkte(ctx, actor, akteId, "lesen");
  const limit = page.limit ?? 50;
  const rows = await eintraegeZurAkte(ctx.db, daten.id, limit, page.vor);
  return {
    eintraege: rows.map((r) => ({
      nr: r.nr,
      zeit: r.zeit.toISOString(),
      akteur: r.akteur_name,
      imAuftragVon: r.im_auftrag_von_name,
      aktion: r.aktion,
      objektArt: r.objekt_art,
      objektId: r.objekt_id,
      details: sichtbareDetails(
        { aktion: r.aktion, objektArt: r.objekt_art, objektId: r.objekt_id, details: r.details },
        daten.id,
        rechte,
      ),
    })),
    naechsteSeite: rows.length === limit ? (rows.at(-1)?.nr ?? null) : null,
  };
}
