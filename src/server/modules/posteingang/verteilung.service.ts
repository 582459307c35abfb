import type { AppContext } from "../../platform/context.js";
import { heute, istDatum } from "../../platform/clock.js";
import { AppError } from "../../platform/errors.js";
import { resolveOe, type Akteur } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { getEintrag } from "./liste.service.js";
import { darfEintragSehen, darfErledigen } from "./posteingang.policy.js";
import { sperreOffenenEintragInTx } from "./sperre.js";
import * as verteilung from "./verteilung.repository.js";
import { nichtGefunden } from "../../platform/errors.js";
import type { EintragStatus } from "./posteingang.types.js";

/**
 * Forwards an open item to another OE's Posteingang ("an OE weiterleiten"): the Poststelle routes
 * mail for the whole county, an Amt sends an Irrläufer on. Whoever sees the item may forward it;
 * afterwards it is the new OE's, and its way is in the Protokoll.
 */
export async function leiteWeiter(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  eingabe: { oe: string; notiz?: string | null },
): Promise<void> {
  const e = await getEintrag(ctx, actor, id);
  if (!darfErledigen(actor, e.oe.id)) throw nichtGefunden("Der Eingang");
  const ziel = await resolveOe(ctx.db, eingabe.oe, "oe");
  if (!ziel.aktiv)
    throw new AppError("ungueltige_eingabe", `Die Organisationseinheit „${ziel.name}“ ist aufgelöst.`, {
      fehler: [{ feld: "/oe", meldung: "Aufgelöste Organisationseinheit." }],
    });
  if (ziel.id === e.oe.id)
    throw new AppError("ungueltige_eingabe", `Der Eingang liegt schon im Posteingang von ${ziel.name}.`, {
      fehler: [{ feld: "/oe", meldung: "Bitte eine andere Organisationseinheit wählen." }],
    });
  const notiz = eingabe.notiz?.normalize("NFC").trim() || null;
  await ctx.db.transaction(async (tx) => {
    await sperreOffenenEintragInTx(tx, id, e.oe.id);
    await verteilung.leiteWeiter(
      tx,
      { eintragId: id, vonOeId: e.oe.id, anOeId: ziel.id, von: actor.benutzer.id, notiz },
      ctx.clock.now(),
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "posteingang.weitergeleitet",
      objektArt: "posteingang",
      objektId: id,
      details: { vonOe: e.oe.kuerzel, anOe: ziel.kuerzel, ...(notiz ? { notiz } : {}) },
    });
  });
}

export interface Verteilt {
  id: string;
  dateiname: string;
  /** Its status where the user may still see it; "weitergegeben" once it went beyond their reach. */
  status: EintragStatus | "weitergegeben";
  wie: "aufgenommen" | "weitergeleitet";
  am: string;
  oe: { kuerzel: string; name: string };
}

/** Midnight in Berlin at the start of a day (YYYY-MM-DD), as an instant. */
function mitternachtInBerlin(datum: string): Date {
  // Noon UTC of that day, moved back by Berlin's offset then: never off by a day around DST.
  const mittag = new Date(`${datum}T12:00:00Z`);
  const stunde = Number(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "2-digit", hourCycle: "h23" }).format(
      mittag,
    ),
  );
  return new Date(mittag.getTime() - stunde * 3_600_000);
}

/**
 * What the actor distributed on a day (default: today where the county is): each hop of their own,
 * never the ways others sent an item on, and its state only while the actor may still see it.
 */
export async function verteiltAm(ctx: AppContext, actor: Akteur, datum?: string): Promise<Verteilt[]> {
  const tag = datum ?? heute(ctx.clock);
  if (!istDatum(tag))
    throw new AppError("ungueltige_eingabe", "Bitte ein Datum in der Form JJJJ-MM-TT angeben.", {
      fehler: [{ feld: "query:/datum", meldung: "Ungültiges Datum." }],
    });
  const von = mitternachtInBerlin(tag);
  const folgetag = new Date(`${tag}T00:00:00Z`);
  folgetag.setUTCDate(folgetag.getUTCDate() + 1);
  const bis = mitternachtInBerlin(folgetag.toISOString().slice(0, 10));
  const zeilen = await verteilung.verteiltVon(ctx.db, actor.benutzer.id, von, bis);
  return zeilen.map((z) => ({
    id: z.id,
    dateiname: z.dateiname,
    status: darfEintragSehen(actor, z.jetzt_oe_id) ? (z.status as EintragStatus) : "weitergegeben",
    wie: z.wie,
    am: z.am.toISOString(),
    oe: { kuerzel: z.oe_kuerzel, name: z.oe_name },
  }));
}
