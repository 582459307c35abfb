import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import * as repo from "./dokumente.repository.js";

/**
 * Zeichnung makes an Entwurf final: its current version is frozen (no further versions). The
 * caller (the Geschäftsgang) has checked the Zeichnungsbefugnis.
 */
export async function zeichneDokumentInTx(
  ctx: AppContext,
  tx: Tx,
  id: string,
  benutzerId: string,
): Promise<{ version: number }> {
  const dokument = await repo.lockDokument(tx, id);
  if (!dokument) throw nichtGefunden("Das Dokument");
  if (dokument.gezeichnetAm) throw new AppError("konflikt", "Das Dokument ist bereits gezeichnet.");
  await repo.setGezeichnet(tx, id, benutzerId, ctx.clock.now());
  return { version: dokument.aktuelleVersion };
}
