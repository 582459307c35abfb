import type { AppContext } from "../../platform/context.js";
import { heute, istDatum } from "../../platform/clock.js";
import type { Queryable } from "../../platform/database/database.js";
import { AppError, nichtGefunden, type FieldProblem } from "../../platform/errors.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { resolveOe } from "./access.service.js";
import * as repo from "./access.repository.js";
import { hatRolle, type Akteur, type Person } from "./access.types.js";

/** An absence with the deputy who works the absentee's Postkorb meanwhile. */
export interface Abwesenheit {
  id: string;
  benutzer: { id: string; benutzername: string; anzeigename: string };
  von: string;
  bis: string;
  /** Named deputy; null means the standard deputy of the absentee's OE. */
  vertreter: { id: string; benutzername: string; anzeigename: string } | null;
}

/**
 * The deputy who stands in for an absentee on a day: the one named in the absence, else the
 * standard deputy of an OE the absentee belongs to. Null when the user is present (or nobody is
 * set). Deputies are never chained: the deputy of a deputy does not inherit the Postkorb.
 */
export async function vertreterAm(q: Queryable, benutzerId: string, datum: string): Promise<string | null> {
  const { rows } = await q.query<{ vertreter: string | null }>(
    `SELECT COALESCE(a.vertreter_id, (
       SELECT o.standardvertretung_id FROM mitgliedschaft m JOIN organisationseinheit o ON o.id = m.oe_id
       WHERE m.benutzer_id = a.benutzer_id AND o.standardvertretung_id IS NOT NULL
         AND o.standardvertretung_id <> a.benutzer_id
       ORDER BY o.kuerzel LIMIT 1)) AS vertreter
     FROM abwesenheit a WHERE a.benutzer_id = $1 AND $2::date BETWEEN a.von AND a.bis
     ORDER BY a.erstellt_am DESC LIMIT 1`,
    [benutzerId, datum],
  );
  return rows[0]?.vertreter ?? null;
}

/** Whom the user stands in for on a day (their Postkorb is part of the user's). */
export async function vertreteneAm(q: Queryable, vertreterId: string, datum: string): Promise<Person[]> {
  const { rows } = await q.query<{ person: Person }>(
    `SELECT DISTINCT ON (b.id) ${repo.personJson("b")} AS person
     FROM abwesenheit a JOIN benutzer b ON b.id = a.benutzer_id
     WHERE $2::date BETWEEN a.von AND a.bis AND (a.vertreter_id = $1 OR (a.vertreter_id IS NULL AND EXISTS (
       SELECT 1 FROM mitgliedschaft m JOIN organisationseinheit o ON o.id = m.oe_id
       WHERE m.benutzer_id = a.benutzer_id AND o.standardvertretung_id = $1)))
       AND a.benutzer_id <> $1`,
    [vertreterId, datum],
  );
  return rows.map((r) => r.person);
}

/** Whether someone may keep another's absences: themselves, the Administration, a Leitung of their OE. */
function darfPflegen(actor: Akteur, benutzerOes: string[], benutzerId: string): boolean {
  return (
    actor.benutzer.id === benutzerId ||
    hatRolle(actor, "Administration") ||
    actor.mitgliedschaften.some((m) => m.rolle === "Leitung" && benutzerOes.includes(m.oeId))
  );
}

const ABWESENHEIT_SELECT = `SELECT a.id, a.von::text, a.bis::text, ${repo.personJson("b")} AS benutzer,
  CASE WHEN v.id IS NULL THEN NULL ELSE ${repo.personJson("v")} END AS vertreter
  FROM abwesenheit a JOIN benutzer b ON b.id = a.benutzer_id LEFT JOIN benutzer v ON v.id = a.vertreter_id`;

/** Current and future absences the actor is concerned with: own, as deputy, or (Administration) all. */
export async function listAbwesenheiten(ctx: AppContext, actor: Akteur): Promise<Abwesenheit[]> {
  const alle = hatRolle(actor, "Administration");
  const { rows } = await ctx.db.query<Abwesenheit>(
    `${ABWESENHEIT_SELECT} WHERE a.bis >= $2::date AND ($3::boolean OR a.benutzer_id = $1 OR a.vertreter_id = $1)
     ORDER BY a.von, b.nachname LIMIT 500`,
    [actor.benutzer.id, heute(ctx.clock), alle],
  );
  return rows;
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
      const { rows: kreis } = await tx.query<{ name: string }>(
        `WITH RECURSIVE kette (benutzer_id, tiefe) AS (
           SELECT $1::uuid, 0
           UNION
           SELECT a.vertreter_id, k.tiefe + 1 FROM kette k
           JOIN abwesenheit a ON a.benutzer_id = k.benutzer_id AND a.von <= $4::date AND a.bis >= $3::date
           WHERE a.vertreter_id IS NOT NULL AND k.tiefe < 20)
         SELECT trim(b.vorname || ' ' || b.nachname) AS name FROM kette k JOIN benutzer b ON b.id = $2
         WHERE k.benutzer_id = $2 LIMIT 1`,
        [vertreter.id, benutzer.id, eingabe.von, eingabe.bis],
      );
      if (kreis[0])
        throw new AppError(
          "ungueltige_eingabe",
          `${vertreter.anzeigename} ist in diesem Zeitraum selbst abwesend und wird (über die Vertretungskette) von ${kreis[0].name} vertreten. Eine Vertretung im Kreis ist nicht möglich.`,
          { fehler: [{ feld: "/vertreter", meldung: "Vertretungskreis: bitte eine andere Person wählen." }] },
        );
    }
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO abwesenheit (benutzer_id, von, bis, vertreter_id, erstellt_am, erstellt_von)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [benutzer.id, eingabe.von, eingabe.bis, vertreterId, ctx.clock.now(), actor.benutzer.id],
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "vertretung.abwesenheit_angelegt",
      objektArt: "abwesenheit",
      objektId: rows[0]!.id,
      details: { benutzerId: benutzer.id, von: eingabe.von, bis: eingabe.bis, vertreterId },
    });
    return rows[0]!.id;
  });
  const { rows } = await ctx.db.query<Abwesenheit>(`${ABWESENHEIT_SELECT} WHERE a.id = $1`, [id]);
  return rows[0]!;
}

export async function loescheAbwesenheit(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ benutzer_id: string }>(
      "SELECT benutzer_id FROM abwesenheit WHERE id = $1 FOR UPDATE",
      [id],
    );
    const oes = rows[0] ? (await repo.mitgliedschaftenVon(tx, rows[0].benutzer_id)).map((m) => m.oeId) : [];
    if (!rows[0] || !darfPflegen(actor, oes, rows[0].benutzer_id)) throw nichtGefunden("Die Abwesenheit");
    await tx.query("DELETE FROM abwesenheit WHERE id = $1", [id]);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "vertretung.abwesenheit_geloescht",
      objektArt: "abwesenheit",
      objektId: id,
      details: { benutzerId: rows[0].benutzer_id },
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
    await tx.query("UPDATE organisationseinheit SET standardvertretung_id = $2 WHERE id = $1", [
      oe.id,
      person?.id ?? null,
    ]);
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
