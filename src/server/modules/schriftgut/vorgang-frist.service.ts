import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import * as repo from "./vorgaenge.repository.js";

/**
 * Records that the overdue Frist of a Vorgang went to the Leitung (once per Frist), inside the
 * transaction of the Fristenkontrolle that escalated it: the mark on the Vorgang and its Protokoll
 * entry, both written here by the Vorgang's owner.
 */
export async function vermerkeFristEskalationInTx(
  ctx: AppContext,
  tx: Tx,
  vorgang: { id: string; akteId: string; frist: string },
  an: string[],
): Promise<void> {
  await repo.setFristEskaliert(tx, vorgang.id, ctx.clock.now());
  await schreibeProtokollInTx(tx, ctx.clock, {
    akteur: "system",
    systemName: "System (Fristenkontrolle)",
    aktion: "vorgang.frist_eskaliert",
    objektArt: "vorgang",
    objektId: vorgang.id,
    details: { akteId: vorgang.akteId, frist: vorgang.frist, an },
  });
}
