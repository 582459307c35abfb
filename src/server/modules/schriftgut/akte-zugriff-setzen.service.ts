import type { AppContext } from "../../platform/context.js";
import type { Akteur } from "../access/index.js";
import { resolveZugriff, type ZugriffEingabe } from "./akte-eingabe.js";
import { getAkte } from "./akte-lesen.service.js";
import * as repo from "./akten.repository.js";
import type { Akte, AkteRechte } from "./akten.types.js";
import { protokolliereAkteInTx } from "./protokollierung.js";
import { requireAkte } from "./zugriffstor.js";

/** Sets or lifts the restriction and its list of the named. The changer stays on the list. */
export async function setZugriff(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  input: { zugriffsbeschraenkt: boolean; zugriff: ZugriffEingabe[] },
): Promise<Akte & { rechte: AkteRechte }> {
  await ctx.db.transaction(async (tx) => {
    const { daten } = await requireAkte(ctx, actor, id, "zugriffVerwalten", tx);
    await repo.lockAkte(tx, daten.id);
    const current = (await repo.getAkte(tx, daten.id))!;
    const zugriff = await resolveZugriff(tx, input.zugriff);
    if (
      input.zugriffsbeschraenkt &&
      !zugriff.some((z) => z.benutzerId === actor.benutzer.id && z.recht === "bearbeiten")
    ) {
      zugriff.push({ benutzerId: actor.benutzer.id, rolle: null, oeId: null, recht: "bearbeiten" });
    }
    await repo.updateAkte(
      tx,
      daten.id,
      { ...current, zugriffsbeschraenkt: input.zugriffsbeschraenkt },
      ctx.clock.now(),
    );
    await repo.setZugriff(tx, daten.id, input.zugriffsbeschraenkt ? zugriff : []);
    await ctx.ereignisse.sende(tx, { art: "akte.sichtbarkeit_geaendert", akteId: daten.id });
    await protokolliereAkteInTx(ctx, tx, actor, "akte.zugriff_geaendert", daten.id, {
      vorher: { zugriffsbeschraenkt: current.zugriffsbeschraenkt, zugriff: current.zugriff },
      nachher: {
        zugriffsbeschraenkt: input.zugriffsbeschraenkt,
        zugriff: input.zugriffsbeschraenkt ? input.zugriff : [],
      },
    });
  });
  return getAkte(ctx, actor, id);
}
