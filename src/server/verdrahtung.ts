import { aktenJeAktenplaneinheit } from "./modules/schriftgut/index.js";
import { aktualisiereSichtbarkeitInTx, indexiereDokumentInTx } from "./modules/suche/index.js";
import type { AppContext } from "./platform/context.js";

/**
 * The composition root's second half: who hears which event. Lower layers send, higher layers
 * receive here, so no module imports a module above it. Called once for every context.
 */
export function verdrahte(ctx: AppContext): AppContext {
  ctx.ereignisse.abonniere("akte.sichtbarkeit_geaendert", (tx, e) =>
    aktualisiereSichtbarkeitInTx(tx, e.akteId),
  );
  ctx.ereignisse.abonniere("dokument.geaendert", (tx, e) =>
    indexiereDokumentInTx(tx, e.dokumentId, ctx.clock.now()),
  );
  // The Aktenplan (below Schriftgut) asks how many Akten lie under its units.
  ctx.ereignisse.beantworte("akten.je_aktenplaneinheit", (q, f) => aktenJeAktenplaneinheit(q, f.einheitIds));
  return ctx;
}
