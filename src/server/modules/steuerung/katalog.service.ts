import type { AppContext } from "../../platform/context.js";
import { heute } from "../../platform/clock.js";
import { benutzerMitRolle } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { benachrichtige } from "../workflow/index.js";
import { KATALOG, type Kennzahl } from "./katalog.js";
import * as repo from "./steuerung.repository.js";

/**
 * Publishes the catalogue of the running code: each Kennzahl that is new, changed or removed
 * since the last publication is written to the Protokoll and notified to every member of the
 * Personalrat, in the same transaction as the new state. Runs before every computation, so no
 * figure is computed under a definition the Personalrat has not been told of.
 */
export async function gleicheKatalogAb(ctx: AppContext): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('kennzahl_katalog'))");
    const bisher = await repo.veroeffentlichterKatalog(tx);
    const jetzt = ctx.clock.now();
    const aenderungen: { schluessel: string; art: "neu" | "geaendert" | "entfernt"; name: string }[] = [];
    for (const k of KATALOG) {
      const alt = bisher.get(k.schluessel);
      if (alt && !alt.entfernt && gleich(alt.fassung, k)) continue;
      aenderungen.push({
        schluessel: k.schluessel,
        art: alt && !alt.entfernt ? "geaendert" : "neu",
        name: k.name,
      });
      await repo.speichereKatalogEintrag(tx, k.schluessel, k, k.seit, jetzt);
    }
    const imCode = new Set(KATALOG.map((k) => k.schluessel));
    for (const [schluessel, alt] of bisher) {
      if (alt.entfernt || imCode.has(schluessel)) continue;
      aenderungen.push({ schluessel, art: "entfernt", name: (alt.fassung as Kennzahl).name ?? schluessel });
      await repo.markiereKatalogEintragEntfernt(tx, schluessel, jetzt);
    }
    if (aenderungen.length === 0) return 0;
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: "system",
      aktion: "kennzahlenkatalog.geaendert",
      objektArt: "kennzahlenkatalog",
      objektId: heute(ctx.clock),
      details: { aenderungen },
    });
    const personalrat = await benutzerMitRolle(tx, "Personalrat");
    const liste = aenderungen.map(
      (a) => `${a.name} (${{ neu: "neu", geaendert: "geändert", entfernt: "entfernt" }[a.art]})`,
    );
    await benachrichtige(ctx, tx, personalrat, {
      art: "kennzahlenkatalog",
      text: `Der Kennzahlenkatalog wurde geändert: ${liste.join(", ")}.`,
      link: "/steuerung/katalog",
      perMail: true,
    });
    return aenderungen.length;
  });
}

function gleich(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortiert(a)) === JSON.stringify(sortiert(b));
}

function sortiert(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortiert);
  if (x && typeof x === "object")
    return Object.fromEntries(
      Object.entries(x)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortiert(v)]),
    );
  return x;
}
