import { vergissDokumente, vergissVorgaenge } from "./modules/posteingang/index.js";
import { aktenJeAktenplaneinheit, zaehleSichtbareAktenJeEinheit } from "./modules/schriftgut/index.js";
import {
  aktualisiereSichtbarkeitInTx,
  entferneAusIndex,
  indexiereDokumentInTx,
} from "./modules/suche/index.js";
import { entferneZuVorgaengen, gibSchritteAbInTx } from "./modules/workflow/index.js";
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
  // Schriftgut deletes an Akte's content (Aussonderung): who refers to it lets go first.
  ctx.ereignisse.abonniere("dokumente.entfernt", (tx, e) => entferneAusIndex(tx, e.dokumentIds));
  ctx.ereignisse.abonniere("dokumente.entfernt", (tx, e) => vergissDokumente(tx, e.dokumentIds));
  ctx.ereignisse.abonniere("vorgaenge.entfernt", (tx, e) => vergissVorgaenge(tx, e.vorgangIds));
  ctx.ereignisse.abonniere("vorgaenge.entfernt", (tx, e) => entferneZuVorgaengen(tx, e.vorgangIds));
  // Access deactivated a user (Verwaltung or directory sync): their steps go to an OE's Postkorb.
  ctx.ereignisse.abonniere("benutzer.deaktiviert", (tx, e) => gibSchritteAbInTx(ctx, tx, e));
  // The Aktenplan (below Schriftgut) asks how many Akten lie under its units.
  ctx.ereignisse.beantworte("akten.je_aktenplaneinheit", (q, f) => aktenJeAktenplaneinheit(q, f.einheitIds));
  ctx.ereignisse.beantworte("akten.je_aktenplaneinheit.sichtbar", (q, f) =>
    zaehleSichtbareAktenJeEinheit(ctx, q, f.leser, f.einheitIds),
  );
  return ctx;
}
