import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import * as repo from "./vorgaenge.repository.js";

/**
 * Records that the overdue Frist of a Vorgang went to the Leitung (once per Frist), inside the
 * transaction of the Fristenkontrolle that escalated it.
 */
export async function vermerkeFristEskalationInTx(ctx: AppContext, tx: Tx, vorgangId: string): Promise<void> {
  await repo.setFristEskaliert(tx, vorgangId, ctx.clock.now());
}
