import type { Static } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { resolveOe, type Akteur } from "../access/index.js";
import * as repo from "./gespeicherte-suche.repository.js";
import type { GespeicherteSucheSchema, NeueGespeicherteSucheSchema } from "./suche.schema.js";

type GespeicherteSuche = Static<typeof GespeicherteSucheSchema>;

/** Saved searches one user may keep: enough for a desk, not a store for anything else. */
export const MAX_GESPEICHERTE_SUCHEN = 50;

function alsAntwort(z: repo.GespeicherteSucheZeile, benutzerId: string): GespeicherteSuche {
  return {
    id: z.id,
    name: z.name,
    abfrage: z.abfrage,
    eigene: z.benutzer_id === benutzerId,
    von: z.von,
    geteiltMit: z.oe_kuerzel ? { kuerzel: z.oe_kuerzel, name: z.oe_name ?? "" } : null,
    erstelltAm: z.erstellt_am.toISOString(),
  };
}

/** The reader's own saved searches, then those shared with one of the reader's OEs. */
export async function gespeicherteSuchen(ctx: AppContext, actor: Akteur): Promise<GespeicherteSuche[]> {
  const oeIds = [...new Set(actor.mitgliedschaften.map((m) => m.oeId))];
  const zeilen = await repo.gespeicherteSuchen(ctx.db, actor.benutzer.id, oeIds);
  return zeilen.map((z) => alsAntwort(z, actor.benutzer.id));
}

/**
 * Saves a query by name; shared, it is offered to the members of one of the reader's own OEs
 * (each runs it with their own rights, so sharing a query shares no result).
 */
export async function speichereSuche(
  ctx: AppContext,
  actor: Akteur,
  eingabe: Static<typeof NeueGespeicherteSucheSchema>,
): Promise<GespeicherteSuche> {
  const name = eingabe.name.trim();
  if (!name)
    throw new AppError("ungueltige_eingabe", "Bitte geben Sie der Suche einen Namen.", {
      fehler: [{ feld: "/name", meldung: "Name fehlt." }],
    });
  if (!eingabe.abfrage.q.trim())
    throw new AppError("ungueltige_eingabe", "Eine gespeicherte Suche braucht einen Suchbegriff.", {
      fehler: [{ feld: "/abfrage/q", meldung: "Suchbegriff fehlt." }],
    });
  let oeId: string | null = null;
  if (eingabe.teilenMitOe) {
    const oe = await resolveOe(ctx.db, eingabe.teilenMitOe, "teilenMitOe");
    if (!actor.mitgliedschaften.some((m) => m.oeId === oe.id))
      throw new AppError("ungueltige_eingabe", "Teilen können Sie nur mit einer OE, der Sie angehören.", {
        fehler: [{ feld: "/teilenMitOe", meldung: "Keine Ihrer Organisationseinheiten." }],
      });
    oeId = oe.id;
  }
  if ((await repo.anzahlEigene(ctx.db, actor.benutzer.id)) >= MAX_GESPEICHERTE_SUCHEN)
    throw new AppError(
      "konflikt",
      `Sie haben schon ${MAX_GESPEICHERTE_SUCHEN} gespeicherte Suchen. Bitte löschen Sie zuerst eine, die Sie nicht mehr brauchen.`,
    );
  const id = await repo.legeGespeicherteSucheAn(
    ctx.db,
    { benutzerId: actor.benutzer.id, name, abfrage: eingabe.abfrage, oeId },
    ctx.clock.now(),
  );
  const gespeichert = (await gespeicherteSuchen(ctx, actor)).find((g) => g.id === id);
  if (!gespeichert) throw nichtGefunden("Die gespeicherte Suche");
  return gespeichert;
}

/** Deletes one of the reader's own saved searches (a shared one only its owner may delete). */
export async function loescheSuche(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  if (!(await repo.loescheGespeicherteSuche(ctx.db, id, actor.benutzer.id)))
    throw nichtGefunden("Die gespeicherte Suche");
}
