import type { AppContext } from "../../platform/context.js";
import { istUuid } from "../../platform/pruefungen.js";
import { personenZurAuswahl, oesZurAuswahl, resolveOe, type Akteur } from "../access/index.js";
import { aktenZurAuswahl, profilFuer, vorgaengeZurAuswahl } from "../schriftgut/index.js";
import type { Auswahl, AuswahlArt } from "../../../shared/api/auswahl.schema.js";

export interface AuswahlAnfrage {
  q: string;
  limit: number;
  /** Akten and Vorgänge: only open ones (a new Vorgang, a Registrierung). */
  nurOffene: boolean;
  /** Personen: members of this OE (Kürzel) only. */
  oe?: string;
  /** Form values the reader chose recently: offered first when nothing is typed, if still visible. */
  zuerst: string[];
}

/**
 * The entries a picker offers as the reader types: Akten and Vorgänge through the one visibility
 * rule of the lists (a hidden one is simply absent), persons and OEs from the directory, which every
 * signed-in user may read. Read from the replica (`ctx.db.lesen`): a picker that lags a moment is harmless.
 */
export async function auswahl(
  ctx: AppContext,
  actor: Akteur,
  art: AuswahlArt,
  anfrage: AuswahlAnfrage,
): Promise<Auswahl> {
  const { q, limit, nurOffene } = anfrage;
  const ids = anfrage.zuerst.filter(istUuid);
  switch (art) {
    case "akten":
      return {
        eintraege: await aktenZurAuswahl(ctx.db.lesen, await profilFuer(ctx, actor), q, {
          limit,
          nurOffene,
          zuerst: ids,
        }),
      };
    case "vorgaenge":
      return {
        eintraege: await vorgaengeZurAuswahl(ctx.db.lesen, await profilFuer(ctx, actor), q, {
          limit,
          nurOffene,
          zuerst: ids,
        }),
      };
    case "personen": {
      const oeId = anfrage.oe ? (await resolveOe(ctx.db, anfrage.oe, "oe")).id : undefined;
      return {
        eintraege: await personenZurAuswahl(ctx.db.lesen, q, { limit, oeId, zuerst: anfrage.zuerst }),
      };
    }
    case "oes":
      return { eintraege: await oesZurAuswahl(ctx.db.lesen, q, { limit, zuerst: anfrage.zuerst }) };
  }
}
