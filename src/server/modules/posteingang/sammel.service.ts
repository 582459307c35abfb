import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { getVorgang } from "../schriftgut/index.js";
import { getEintrag } from "./liste.service.js";
import { registriere, verwerfe } from "./registrierung.service.js";
import type { Sammelauftrag, Sammelergebnis } from "./posteingang.types.js";

/** How many items one bulk request may settle: a tray of scans, not the whole Posteingang. */
export const SAMMEL_HOECHSTENS = 100;

/**
 * Bulk registering or discarding, as a Poststelle settles a tray of scans: every item goes
 * through the same use case as a single one (its own transaction, its lock, its Protokoll entry),
 * so an item a colleague took meanwhile fails alone with the German reason, and the others go
 * through. Registering takes each item into the chosen Vorgang, or without one into its own
 * Vorschlag. The order of the answer is the order asked.
 */
export async function erledigeSammel(
  ctx: AppContext,
  actor: Akteur,
  auftrag: Sammelauftrag,
): Promise<Sammelergebnis[]> {
  const ids = [...new Set(auftrag.eintraege)];
  if (ids.length > SAMMEL_HOECHSTENS)
    throw new AppError("ungueltige_eingabe", `Höchstens ${SAMMEL_HOECHSTENS} Eingänge auf einmal.`, {
      fehler: [{ feld: "/eintraege", meldung: `Bitte höchstens ${SAMMEL_HOECHSTENS} auswählen.` }],
    });
  const grund = auftrag.grund?.normalize("NFC").trim() ?? "";
  if (auftrag.aktion === "verwerfen" && !grund)
    throw new AppError("ungueltige_eingabe", "Bitte einen Grund für das Verwerfen angeben.", {
      fehler: [{ feld: "/grund", meldung: "Pflichtfeld beim Verwerfen." }],
    });
  if (auftrag.aktion === "verwerfen" && auftrag.vorgang !== undefined)
    throw new AppError("ungueltige_eingabe", "Beim Verwerfen gibt es keinen Vorgang.", {
      fehler: [{ feld: "/vorgang", meldung: "Nur beim Registrieren." }],
    });
  // A chosen Vorgang the reader cannot see or file into fails the whole request before anything happens.
  const ziel = auftrag.vorgang === undefined ? null : await getVorgang(ctx, actor, auftrag.vorgang);
  if (ziel && !ziel.rechte.dokumentAnlegen)
    throw new AppError("keine_berechtigung", `In Vorgang ${ziel.zeichen} dürfen Sie nichts ablegen.`, {
      fehler: [{ feld: "/vorgang", meldung: "Bitte einen Vorgang wählen, in dem Sie ablegen dürfen." }],
    });
  const ergebnisse: Sammelergebnis[] = [];
  for (const id of ids) {
    let dateiname: string | null = null;
    try {
      const e = await getEintrag(ctx, actor, id);
      dateiname = e.dateiname;
      if (auftrag.aktion === "verwerfen") {
        await verwerfe(ctx, actor, id, grund);
        ergebnisse.push({ id, dateiname, erledigt: true, meldung: `Verworfen (${grund}).`, vorgang: null });
        continue;
      }
      const vorgang = ziel
        ? { id: ziel.id, zeichen: ziel.zeichen }
        : e.vorschlag
          ? { id: e.vorschlag.vorgangId, zeichen: e.vorschlag.zeichen }
          : null;
      if (!vorgang)
        throw new AppError(
          "ungueltige_eingabe",
          "Für diesen Eingang gibt es keinen Vorschlag – bitte einzeln registrieren oder einen Vorgang wählen.",
        );
      await registriere(ctx, actor, id, { vorgang: vorgang.id });
      ergebnisse.push({
        id,
        dateiname,
        erledigt: true,
        meldung: `Registriert in Vorgang ${vorgang.zeichen}.`,
        vorgang,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      ergebnisse.push({ id, dateiname, erledigt: false, meldung: error.message, vorgang: null });
    }
  }
  return ergebnisse;
}
