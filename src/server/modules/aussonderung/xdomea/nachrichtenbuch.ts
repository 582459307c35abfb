import type { Akteur } from "../../../platform/akteur.js";
import type { AppContext } from "../../../platform/context.js";
import type { Tx } from "../../../platform/database/database.js";
import { verlangeXdomeaAustausch } from "../aussonderung.policy.js";
import * as repo from "../aussonderung.repository.js";
import type { XdomeaNachricht } from "../aussonderung.types.js";

/**
 * Every message in and out is booked once (a second import of the same bytes is refused by the
 * unique key on direction and hash), in the transaction of what it caused.
 */
export async function bucheNachrichtInTx(
  ctx: AppContext,
  tx: Tx,
  caller: Akteur | "system",
  n: {
    prozessId: string;
    nachrichtentyp: string;
    richtung: "ein" | "aus";
    version: string;
    sha256: string;
    inhalt: unknown[];
  },
): Promise<void> {
  await repo.bucheNachricht(
    tx,
    { ...n, von: caller === "system" ? null : caller.benutzer.id },
    ctx.clock.now(),
  );
}

/** The messages in and out, newest first. */
export async function listNachrichten(
  ctx: AppContext,
  caller: Akteur | "system",
): Promise<XdomeaNachricht[]> {
  verlangeXdomeaAustausch(caller);
  return repo.listNachrichten(ctx.db);
}
