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

/**
 * What each message we send waits for: the archive's Bewertung answers the Anbietung, its import
 * confirmation the Aussonderung, the receiving authority's import confirmation the Abgabe. Mere
 * receipts (0504, 0507, 0403) leave the exchange open.
 */
export const ERWARTETE_ANTWORT = { "0501": "0502", "0503": "0506", "0401": "0402" } as const;

/** The messages in and out, newest first; with `offen` only those sent that still wait for an answer. */
export async function listNachrichten(
  ctx: AppContext,
  caller: Akteur | "system",
  filter: { offen?: boolean } = {},
): Promise<XdomeaNachricht[]> {
  verlangeXdomeaAustausch(caller);
  return filter.offen ? repo.listOffeneNachrichten(ctx.db, ERWARTETE_ANTWORT) : repo.listNachrichten(ctx.db);
}
