import type { AppContext } from "../../platform/context.js";
import { heute, istDatum } from "../../platform/clock.js";
import { AppError, nichtGefunden, type FieldProblem } from "../../platform/errors.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { resolveOe } from "./access.service.js";
import * as repo from "./access.repository.js";
import { hatRolle, type Abwesenheit, type Akteur, type Person } from "./access.types.js";
import * as vertretung from "./vertretung.repository.js";

/** Whether someone may keep another's absences: themselves, the Administration, a Leitung of their OE. */
function darfPflegen(actor: Akteur, benutzerOes: string[], benutzerId: string): boolean {
  return (
    actor.benutzer.id === benutzerId ||
    hatRolle(actor, "Administration") ||
    actor.mitgliedschaften.some((m) => m.rolle === "Leitung" && benutzerOes.includes(m.oeId))
  );
}

/** Current and future absences the actor is concerned with: own, as deputy, or (Administration) all. */
export async function listAbwesenheiten(ctx: AppContext, actor: Akteur): Promise<Abwesenheit[]> {
  const alle = hatRolle(actor, "Administration");
  return vertretung.listAbwesenheiten(ctx.db, { benutzerId: actor.benutzer.id, ab: heute(ctx.clock), alle });
}

export async function legeAbwesenheitAn(
  ctx: AppContext,
  actor: Akteur,
  eingabe: { benutzer?: string; von: string; bis: string; vertreter?: string | null },
): Promise<Abwesenheit> {
  const fehler: FieldProblem[] = [];
  if (!istDatum(eingabe.von)) fehler.push({ feld: "/von", meldung: "Datum der Form JJJJ-MM-TT." });
  if (!istDatum(eingabe.bis)) fehler.push({ feld: "/bis", meldung: "Datum der Form JJJJ-MM-TT." });
  if (!fehler.length && eingabe.bis < eingabe.von)
    fehler.push({ feld: "/bis", meldung: "Das Ende liegt vor dem Beginn." });
  if (!fehler.length && eingabe.bis < heute(ctx.clock))
    fehler.push({ feld: "/bis", meldung: "Die Abwesenheit liegt ganz in der Vergangenheit." });
  if (fehler.length)
    throw new AppError("ungueltige_eingabe", "Bitte den Zeitraum der Abwesenheit prüfen.", { fehler });
  const id = await ctx.db.transaction(async (tx) => {
    const benutzer = eingabe.benutzer
      ? await repo.findBenutzer(tx, { benutzername: eingabe.benutzer })
      : actor.benutzer;
    if (!benutzer)
      throw new AppError("ungueltige_eingabe", `Den Benutzer „${eingabe.benutzer}“ gibt es nicht.`, {
        fehler: [{ feld: "/benutzer", meldung: "Unbekannter Benutzer." }],
      });
    const oes = (await repo.mitgliedschaftenVon(tx, benutzer.id)).map((m) => m.oeId);
    if (!darfPflegen(actor, oes, benutzer.id))
      throw new AppError(
        "keine_berechtigung",
        "Abwesenheiten anderer pflegen deren Leitung und die Administration.",
      );
    let vertreterId: string | null = null;
    if (eingabe.vertreter) {
      const vertreter = await repo.findBenutzer(tx, { benutzername: eingabe.vertreter });
      if (!vertreter || !vertreter.aktiv)
        throw new AppError("ungueltige_eingabe", `Den Benutzer „${eingabe.vertreter}“ gibt es nicht.`, {
          fehler: [{ feld: "/vertreter", meldung: "Unbekannter Benutzer." }],
        });
      if (vertreter.id === benutzer.id)
        throw new AppError("ungueltige_eingabe", "Niemand kann sich selbst vertreten.", {
          fehler: [{ feld: "/vertreter", meldung: "Bitte eine andere Person wählen." }],
        });
      vertreterId = vertreter.id;
      // No loops: the deputy must not, in the same period, be absent with this user (or anyone
      // who leads back to this user) as their deputy.
      const kreis = await vertretung.vertretungskreis(
        tx,
        vertreter.id,
        benutzer.id,
        eingabe.von,
        eingabe.bis,
      );
      if (kreis)
        throw new AppError(
          "ungueltige_eingabe",
          `${vertreter.anzeigename} ist in diesem Zeitraum selbst abwesend und wird (über die Vertretungskette) von ${kreis} vertreten. Eine Vertretung im Kreis ist nicht möglich.`,
          { fehler: [{ feld: "/vertreter", meldung: "Vertretungskreis: bitte eine andere Person wählen." }] },
        );
    }
    const neu = await vertretung.insertAbwesenheit(
      tx,
      {
        benutzerId: benutzer.id,
        von: eingabe.von,
        bis: eingabe.bis,
        vertreterId,
        erstelltVon: actor.benutzer.id,
      },
      ctx.clock.now(),
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "vertretung.abwesenheit_angelegt",
      objektArt: "abwesenheit",
      objektId: neu,
      details: { benutzerId: benutzer.id, von: eingabe.von, bis: eingabe.bis, vertreterId },
    });
    return neu;
  });
  return (await vertretung.findAbwesenheit(ctx.db, id))!;
}

export async function loescheAbwesenheit(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const benutzerId = await vertretung.sperreAbwesenheit(tx, id);
    const oes = benutzerId ? (await repo.mitgliedschaftenVon(tx, benutzerId)).map((m) => m.oeId) : [];
    if (!benutzerId || !darfPflegen(actor, oes, benutzerId)) throw nichtGefunden("Die Abwesenheit");
    await vertretung.deleteAbwesenheit(tx, id);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "vertretung.abwesenheit_geloescht",
      objektArt: "abwesenheit",
      objektId: id,
      details: { benutzerId },
    });
  });
}

/** The standard deputy of an OE (for absences without a named deputy); Leitung or Administration. */
export async function setzeStandardvertretung(
  ctx: AppContext,
  actor: Akteur,
  oeRef: string,
  vertreter: string | null,
): Promise<{ oe: string; vertreter: Person | null }> {
  return ctx.db.transaction(async (tx) => {
    const oe = await resolveOe(tx, oeRef, "oe");
    if (!hatRolle(actor, "Administration") && !hatRolle(actor, "Leitung", oe.id))
      throw new AppError(
        "keine_berechtigung",
        `Die Standardvertretung der OE ${oe.kuerzel} legt deren Leitung fest.`,
      );
    let person: Person | null = null;
    if (vertreter) {
      const b = await repo.findBenutzer(tx, { benutzername: vertreter });
      if (!b || !b.aktiv)
        throw new AppError("ungueltige_eingabe", `Den Benutzer „${vertreter}“ gibt es nicht.`, {
          fehler: [{ feld: "/vertreter", meldung: "Unbekannter Benutzer." }],
        });
      person = { id: b.id, benutzername: b.benutzername, anzeigename: b.anzeigename };
    }
    await vertretung.setStandardvertretung(tx, oe.id, person?.id ?? null);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "vertretung.standard_gesetzt",
      objektArt: "organisationseinheit",
      objektId: oe.id,
      details: { vertreterId: person?.id ?? null },
    });
    return { oe: oe.kuerzel, vertreter: person };
  });
}
