import { istDin91379Name, normalisiereName } from "../../../shared/namen.js";
import type { AppContext } from "../../platform/context.js";
import { uniqueViolation, type Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { darfZugriffVerwalten } from "./access.policy.js";
import { resolveOe } from "./access.service.js";
import type { Akteur, Rolle } from "./access.types.js";
import { bildeBenutzername, normalisiereGruppe, planeMitgliedschaften } from "./verzeichnis.plan.js";
import * as repo from "./verzeichnis.repository.js";
import type { Gruppenzuordnung, Verzeichnisbenutzer, VerzeichnisAbgleich } from "./verzeichnis.types.js";

function requireAdmin(caller: Akteur | "system"): void {
  if (caller !== "system" && !darfZugriffVerwalten(caller)) {
    throw new AppError("keine_berechtigung", "Nur die Administration darf die Gruppenzuordnung verwalten.");
  }
}

// --- Gruppenzuordnung (Verwaltung) ---------------------------------------------------------

/** A mapping row as typed in the Verwaltung: group, OE (id or Kürzel), role. */
export interface GruppenzuordnungEingabe {
  gruppe: string;
  oe: string;
  rolle: Rolle;
}

function pruefeGruppe(gruppe: string): string {
  const wert = gruppe.normalize("NFC").trim();
  if (!wert) {
    throw new AppError("ungueltige_eingabe", "Bitte die Gruppe aus dem Verzeichnis angeben.", {
      fehler: [{ feld: "/gruppe", meldung: "Pflichtfeld." }],
    });
  }
  return wert;
}

function doppelt(gruppe: string): AppError {
  return new AppError(
    "konflikt",
    `Die Gruppe „${gruppe}“ ist dieser OE mit dieser Rolle bereits zugeordnet.`,
    {
      fehler: [{ feld: "/gruppe", meldung: "Diese Zuordnung gibt es schon." }],
    },
  );
}

/** The whole group mapping (Administration). */
export async function listGruppenzuordnungen(ctx: AppContext, caller: Akteur): Promise<Gruppenzuordnung[]> {
  requireAdmin(caller);
  return repo.listGruppenzuordnungen(ctx.db);
}

/**
 * Adds a mapping row. It takes effect at each person's next sign-in or directory sync; the
 * preview (`vorschauGruppenzuordnung`) shows whom it will affect.
 */
export async function legeGruppenzuordnungAn(
  ctx: AppContext,
  caller: Akteur | "system",
  input: GruppenzuordnungEingabe,
): Promise<Gruppenzuordnung> {
  requireAdmin(caller);
  const gruppe = pruefeGruppe(input.gruppe);
  return ctx.db.transaction(async (tx) => {
    const oe = await resolveOe(tx, input.oe, "oe");
    let id: string;
    try {
      id = await repo.insertGruppenzuordnung(
        tx,
        { gruppe, oeId: oe.id, rolle: input.rolle },
        ctx.clock.now(),
      );
    } catch (error) {
      if (uniqueViolation(error) !== undefined) throw doppelt(gruppe);
      throw error;
    }
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "gruppenzuordnung.angelegt",
      objektArt: "gruppenzuordnung",
      objektId: id,
      details: { gruppe, oe: oe.kuerzel, rolle: input.rolle },
    });
    return (await repo.findGruppenzuordnung(tx, id))!;
  });
}

/** Changes a mapping row (group, OE or role). */
export async function aendereGruppenzuordnung(
  ctx: AppContext,
  caller: Akteur | "system",
  id: string,
  input: GruppenzuordnungEingabe,
): Promise<Gruppenzuordnung> {
  requireAdmin(caller);
  const gruppe = pruefeGruppe(input.gruppe);
  return ctx.db.transaction(async (tx) => {
    const vorher = await repo.findGruppenzuordnung(tx, id);
    if (!vorher) throw nichtGefunden("Die Gruppenzuordnung");
    const oe = await resolveOe(tx, input.oe, "oe");
    try {
      await repo.updateGruppenzuordnung(tx, id, { gruppe, oeId: oe.id, rolle: input.rolle });
    } catch (error) {
      if (uniqueViolation(error) !== undefined) throw doppelt(gruppe);
      throw error;
    }
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "gruppenzuordnung.geaendert",
      objektArt: "gruppenzuordnung",
      objektId: id,
      details: {
        vorher: { gruppe: vorher.gruppe, oe: vorher.oeKuerzel, rolle: vorher.rolle },
        nachher: { gruppe, oe: oe.kuerzel, rolle: input.rolle },
      },
    });
    return (await repo.findGruppenzuordnung(tx, id))!;
  });
}

/**
 * Deletes a mapping row. The memberships it granted go at each person's next sign-in or sync
 * (unless another row still grants them).
 */
export async function loescheGruppenzuordnung(
  ctx: AppContext,
  caller: Akteur | "system",
  id: string,
): Promise<void> {
  requireAdmin(caller);
  await ctx.db.transaction(async (tx) => {
    const vorher = await repo.findGruppenzuordnung(tx, id);
    if (!vorher || !(await repo.deleteGruppenzuordnung(tx, id))) throw nichtGefunden("Die Gruppenzuordnung");
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "gruppenzuordnung.geloescht",
      objektArt: "gruppenzuordnung",
      objektId: id,
      details: { gruppe: vorher.gruppe, oe: vorher.oeKuerzel, rolle: vorher.rolle },
    });
  });
}

/** What the preview of a mapping row reports. */
export interface GruppenzuordnungVorschau {
  /** Active users whose last known groups contain the group. */
  anzahl: number;
  /** Of those, how many do not hold the role in the OE yet (would get it). */
  neu: number;
  oeKuerzel: string;
  oeName: string;
  /** false: the OE is deactivated, the row would change nothing. */
  oeAktiv: boolean;
  /** Up to `VORSCHAU_GRENZE` of them, those who would get the role first. */
  benutzer: (repo.VerzeichnisPerson & { hatBereits: boolean })[];
}

export const VORSCHAU_GRENZE = 50;

/**
 * Whom a mapping row (saved or only typed) would give `rolle` in the OE, from the groups each
 * person had at their last sign-in or directory sync: "these 12 users would become
 * Sachbearbeitung in 63".
 */
export async function vorschauGruppenzuordnung(
  ctx: AppContext,
  caller: Akteur,
  input: GruppenzuordnungEingabe,
): Promise<GruppenzuordnungVorschau> {
  requireAdmin(caller);
  const gruppe = pruefeGruppe(input.gruppe);
  const oe = await resolveOe(ctx.db, input.oe, "oe");
  const treffer = await repo.benutzerInGruppe(ctx.db, gruppe, oe.id, input.rolle, VORSCHAU_GRENZE);
  return { ...treffer, oeKuerzel: oe.kuerzel, oeName: oe.name, oeAktiv: oe.aktiv };
}

// --- Abgleich eines Verzeichnisbenutzers ---------------------------------------------------

// Control characters never come from a sane directory; they would only confuse the UI and logs.
// eslint-disable-next-line no-control-regex
const STEUERZEICHEN = /[\u0000-\u001f\u007f-\u009f]/g;

/** A name from the directory: DIN 91379 normalised when possible, else kept (the directory rules). */
function verzeichnisName(wert: string): string {
  const roh = wert.replace(STEUERZEICHEN, " ").normalize("NFC").trim();
  const name = normalisiereName(roh);
  return (istDin91379Name(name) ? name : roh.replace(/\s+/g, " ")).slice(0, 200);
}

function verzeichnisEmail(wert: string | null): string | null {
  const email = wert?.trim() ?? "";
  return email.length <= 320 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

/** The first free Benutzername: the wish, else the wish with -2, -3 … (never an existing account). */
async function freierBenutzernameInTx(tx: Tx, wunsch: string, eigener?: string): Promise<string> {
  const basis = bildeBenutzername(wunsch);
  for (let start = 1; start < 10_000; start += 50) {
    const kandidaten = Array.from({ length: 50 }, (_, i) =>
      start + i === 1 ? basis : `${basis}-${start + i}`,
    );
    const vergeben = await repo.vergebeneBenutzernamen(tx, kandidaten);
    const frei = kandidaten.find((k) => k === eigener || !vergeben.has(k));
    if (frei) return frei;
  }
  throw new AppError("konflikt", `Für „${basis}“ ist kein freier Benutzername zu finden.`);
}

/**
 * Creates or updates the account of a person a directory describes (OIDC sign-in, LDAP sign-in or
 * sync) and applies the group mapping to their memberships, in the caller's transaction.
 *
 * - The account is found by source and stable key only. An existing local account with the same
 *   Benutzername is never taken over (a directory entry named "admin" must not become the local
 *   admin): the new account gets "name-2" and so on.
 * - Name, e-mail and the groups are taken from the directory every time; the Benutzername follows
 *   the directory when the new name is free, else the old one stays.
 * - Memberships: see `planeMitgliedschaften` — only those the directory granted are added and
 *   removed; manual ones stay; groups mapped to a deactivated OE change nothing and are reported.
 * - A deactivated account stays deactivated (the caller refuses the sign-in); nothing is
 *   reactivated here.
 * - Protokoll: account created or changed, memberships added or removed (one entry each when
 *   something changed; stale groups are named in it but alone write nothing), acting as "system"
 *   named `systemName`.
 *
 * `zuordnung` may be passed by a caller that reconciles many people (the sync) to read the mapping once.
 */
export async function gleicheVerzeichnisbenutzerAbInTx(
  ctx: Pick<AppContext, "clock">,
  tx: Tx,
  daten: Verzeichnisbenutzer,
  optionen: { zuordnung?: readonly Gruppenzuordnung[]; systemName?: string } = {},
): Promise<VerzeichnisAbgleich> {
  const now = ctx.clock.now();
  const systemName =
    optionen.systemName ?? (daten.quelle === "oidc" ? "OIDC-Anmeldung" : "Verzeichnis (LDAP)");
  const kennung = daten.externeKennung.trim();
  if (!kennung || kennung.length > 1000) {
    throw new AppError(
      "ungueltige_eingabe",
      "Das Verzeichnis hat keine gültige Kennung für diese Person geliefert.",
    );
  }
  const gruppen = [
    ...new Map(
      daten.gruppen
        .map((g) => g.replace(STEUERZEICHEN, "").normalize("NFC").trim())
        .filter((g) => g.length > 0 && g.length <= 1000)
        .map((g) => [normalisiereGruppe(g), g] as const),
    ).values(),
  ];
  const email = verzeichnisEmail(daten.email);
  const vorname = verzeichnisName(daten.vorname);
  const wunsch = daten.benutzername.trim() || email || kennung;
  const bisher = await repo.findBenutzerNachKennung(tx, daten.quelle, kennung);
  let benutzer;
  const geaendert: string[] = [];
  if (!bisher) {
    const benutzername = await freierBenutzernameInTx(tx, wunsch);
    const nachname = verzeichnisName(daten.nachname) || benutzername;
    benutzer = await repo.insertVerzeichnisbenutzer(
      tx,
      { quelle: daten.quelle, kennung, benutzername, vorname, nachname, email, gruppen },
      now,
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: "system",
      systemName,
      aktion: "verzeichnis.benutzer_angelegt",
      objektArt: "benutzer",
      objektId: benutzer.id,
      details: { quelle: daten.quelle, externeKennung: kennung, benutzername, vorname, nachname, email },
    });
  } else {
    const gewuenscht = bildeBenutzername(wunsch);
    const benutzername =
      gewuenscht === bisher.benutzername ||
      bildeBenutzername(bisher.benutzername.replace(/-\d+$/, "")) === gewuenscht
        ? bisher.benutzername
        : (await repo.vergebeneBenutzernamen(tx, [gewuenscht])).has(gewuenscht)
          ? bisher.benutzername
          : gewuenscht;
    const nachher = {
      benutzername,
      vorname,
      nachname: verzeichnisName(daten.nachname) || bisher.nachname,
      email,
    };
    const vorher = {
      benutzername: bisher.benutzername,
      vorname: bisher.vorname,
      nachname: bisher.nachname,
      email: bisher.email,
    };
    for (const feld of ["benutzername", "vorname", "nachname", "email"] as const) {
      if (vorher[feld] !== nachher[feld]) geaendert.push(feld);
    }
    benutzer = await repo.updateVerzeichnisbenutzer(
      tx,
      bisher.id,
      { ...nachher, gruppen },
      geaendert.length > 0,
      now,
    );
    if (geaendert.length > 0) {
      await schreibeProtokollInTx(tx, ctx.clock, {
        akteur: "system",
        systemName,
        aktion: "verzeichnis.benutzer_geaendert",
        objektArt: "benutzer",
        objektId: benutzer.id,
        details: { quelle: daten.quelle, vorher, nachher },
      });
    }
  }
  const zuordnung = optionen.zuordnung ?? (await repo.listGruppenzuordnungen(tx));
  const plan = planeMitgliedschaften(
    gruppen,
    zuordnung,
    await repo.mitgliedschaftenMitHerkunft(tx, benutzer.id),
  );
  const hinzugefuegt = [];
  for (const m of plan.hinzufuegen) {
    if (await repo.insertMitgliedschaftAusVerzeichnis(tx, benutzer.id, m.oeId, m.rolle)) hinzugefuegt.push(m);
  }
  const entfernt = [];
  for (const m of plan.entfernen) {
    if (await repo.deleteMitgliedschaftAusVerzeichnis(tx, benutzer.id, m.oeId, m.rolle)) entfernt.push(m);
  }
  // Stale groups alone write nothing: they would repeat on every sync; the result reports them.
  if (hinzugefuegt.length > 0 || entfernt.length > 0) {
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: "system",
      systemName,
      aktion: "verzeichnis.mitgliedschaften_abgeglichen",
      objektArt: "benutzer",
      objektId: benutzer.id,
      details: {
        quelle: daten.quelle,
        hinzugefuegt: hinzugefuegt.map((m) => ({ oe: m.oeKuerzel, rolle: m.rolle })),
        entfernt: entfernt.map((m) => ({ oe: m.oeKuerzel, rolle: m.rolle })),
        verwaisteGruppen: plan.verwaisteGruppen.map((v) => ({
          gruppe: v.gruppe,
          oe: v.oeKuerzel,
          rolle: v.rolle,
        })),
      },
    });
  }
  return {
    benutzer,
    angelegt: !bisher,
    geaendert,
    hinzugefuegt,
    entfernt,
    verwaisteGruppen: plan.verwaisteGruppen,
  };
}
