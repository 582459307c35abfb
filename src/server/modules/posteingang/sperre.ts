import type { Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import * as repo from "./posteingang.repository.js";

/** The answer to whoever comes second: the item is taken, and how. */
export function schonErledigt(status: "registriert" | "verworfen"): AppError {
  return new AppError(
    "konflikt",
    status === "registriert"
      ? "Dieser Eingang wurde bereits registriert (von jemand anderem oder in einem anderen Fenster)."
      : "Dieser Eingang wurde bereits verworfen.",
  );
}

/**
 * Locks an item for registering, discarding or forwarding, and checks under the lock what the
 * caller checked before it: still open, and still in the OE whose rights the caller was judged by.
 * Whoever comes second (another clerk, another window, a forwarding in between) learns it is taken.
 */
export async function sperreOffenenEintragInTx(tx: Tx, id: string, gelesenInOe: string): Promise<void> {
  const stand = await repo.sperreEintrag(tx, id);
  if (!stand) throw nichtGefunden("Der Eingang");
  if (stand.status === "registriert" || stand.status === "verworfen") throw schonErledigt(stand.status);
  if (stand.oeId !== gelesenInOe)
    throw new AppError(
      "konflikt",
      "Dieser Eingang wurde inzwischen an eine andere Organisationseinheit weitergeleitet.",
    );
}
