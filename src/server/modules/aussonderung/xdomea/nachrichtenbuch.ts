import type { Akteur } from "../../../platform/akteur.js";
import type { Tx } from "../../../platform/database/database.js";
import type { AppContext } from "../../../platform/context.js";

/**
 * Every message in and out is booked once (a second import of the same bytes is refused by the
 * unique key on direction and hash), in the transaction of what it caused.
 */
export async function bucheNachricht(
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
  await tx.query(
    `INSERT INTO xdomea_nachricht (prozess_id, nachrichtentyp, richtung, version, sha256, inhalt, erstellt_am, erstellt_von)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      n.prozessId,
      n.nachrichtentyp,
      n.richtung,
      n.version,
      n.sha256,
      JSON.stringify(n.inhalt),
      ctx.clock.now(),
      caller === "system" ? null : caller.benutzer.id,
    ],
  );
}
