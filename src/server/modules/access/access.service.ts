import { istUuid } from "../../platform/pruefungen.js";
import argon2 from "argon2";
import { istDin91379Name, normalisiereName } from "../../../shared/namen.js";
import type { AppContext } from "../../platform/context.js";
import { uniqueViolation, type Queryable } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { darfVerzeichnisLesen, darfZugriffVerwalten } from "./access.policy.js";
import * as repo from "./access.repository.js";
import { deaktiviereBenutzerInTx } from "./benutzer-deaktivieren.service.js";
import {
  type Akteur,
  type Benutzer,
  type Mitgliedschaft,
  type OeArt,
  type Organisationseinheit,
  type Rolle,
} from "./access.types.js";

function requireAdmin(caller: Akteur | "system"): void {
  if (caller !== "system" && !darfZugriffVerwalten(caller)) {
    throw new AppError(
      "keine_berechtigung",
      "Nur die Administration darf Organisation und Benutzer verwalten.",
    );
  }
}

export const MIN_PASSWORT_LAENGE = 8;

/** argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes): above OWASP's minimum. */
export async function hashPasswort(passwort: string): Promise<string> {
  return argon2.hash(passwort.normalize("NFC"), { type: argon2.argon2id });
}

/** The rules a new password must meet; a 400 naming the field when it does not. */
export function pruefePasswort(passwort: string): void {
  if (passwort.length < MIN_PASSWORT_LAENGE) {
    throw new AppError(
      "ungueltige_eingabe",
      `Das Passwort muss mindestens ${MIN_PASSWORT_LAENGE} Zeichen lang sein.`,
      {
        fehler: [{ feld: "/passwort", meldung: `Mindestens ${MIN_PASSWORT_LAENGE} Zeichen.` }],
      },
    );
  }
}

function pruefeName(feld: string, value: string, pflicht: boolean): string {
  const name = normalisiereName(value);
  if (name === "" && !pflicht) return "";
  if (!istDin91379Name(name)) {
    throw new AppError("ungueltige_eingabe", `„${name}“ ist kein gültiger Name nach DIN 91379.`, {
      fehler: [
        {
          feld: `/${feld}`,
          meldung: "Nur Buchstaben (auch mit diakritischen Zeichen), Leerzeichen, Bindestrich und Apostroph.",
        },
      ],
    });
  }
  return name;
}

// --- Organisationseinheiten ---------------------------------------------------------------

export async function listOrganisationseinheiten(
  ctx: AppContext,
  actor: Akteur,
): Promise<Organisationseinheit[]> {
  if (!darfVerzeichnisLesen(actor)) throw new AppError("keine_berechtigung");
  return repo.listOes(ctx.db);
}

export async function getOrganisationseinheit(
  ctx: AppContext,
  idOrKuerzel: string,
): Promise<Organisationseinheit> {
  const oe = await repo.findOe(ctx.db, idOrKuerzel);
  if (!oe) throw nichtGefunden("Die Organisationseinheit");
  return oe;
}

/** Resolves an OE reference (id or Kürzel) for input fields; a 400 naming the field when unknown. */
export async function resolveOe(q: Queryable, ref: string, feld: string): Promise<Organisationseinheit> {
  const oe = await repo.findOe(q, ref);
  if (!oe) {
    throw new AppError("ungueltige_eingabe", `Die Organisationseinheit „${ref}“ gibt es nicht.`, {
      fehler: [{ feld: `/${feld}`, meldung: "Unbekannte Organisationseinheit." }],
    });
  }
  return oe;
}

export interface NeueOrganisationseinheit {
  name: string;
  kuerzel: string;
  art: OeArt;
  /** Parent OE (id or Kürzel); none for the top (Landrat). */
  uebergeordnet?: string | null;
}

function normaliseKuerzel(kuerzel: string): string {
  const value = kuerzel.normalize("NFC").trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ./-]{0,19}$/u.test(value)) {
    throw new AppError(
      "ungueltige_eingabe",
      "Das Kürzel darf nur Buchstaben, Ziffern, Punkt, Bindestrich und Schrägstrich enthalten.",
      {
        fehler: [{ feld: "/kuerzel", meldung: "Ungültiges Kürzel (höchstens 20 Zeichen)." }],
      },
    );
  }
  return value;
}

export async function createOrganisationseinheit(
  ctx: AppContext,
  caller: Akteur | "system",
  input: NeueOrganisationseinheit,
): Promise<Organisationseinheit> {
  requireAdmin(caller);
  const name = input.name.normalize("NFC").trim();
  if (!name)
    throw new AppError("ungueltige_eingabe", "Der Name darf nicht leer sein.", {
      fehler: [{ feld: "/name", meldung: "Pflichtfeld." }],
    });
  const kuerzel = normaliseKuerzel(input.kuerzel);
  return ctx.db.transaction(async (tx) => {
    const parent = input.uebergeordnet ? await resolveOe(tx, input.uebergeordnet, "uebergeordnet") : null;
    let oe: Organisationseinheit;
    try {
      oe = await repo.insertOe(
        tx,
        { parentId: parent?.id ?? null, name, kuerzel, art: input.art },
        ctx.clock.now(),
      );
    } catch (error) {
      if (uniqueViolation(error) !== undefined) {
        throw new AppError("konflikt", `Das Kürzel „${kuerzel}“ ist bereits vergeben.`, {
          fehler: [{ feld: "/kuerzel", meldung: "Bereits vergeben." }],
        });
      }
      throw error;
    }
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "organisationseinheit.angelegt",
      objektArt: "organisationseinheit",
      objektId: oe.id,
      details: { name, kuerzel, art: input.art, uebergeordnet: parent?.kuerzel ?? null },
    });
    return oe;
  });
}

export interface OrganisationseinheitAenderung {
  name?: string;
  kuerzel?: string;
  art?: OeArt;
  uebergeordnet?: string | null;
  aktiv?: boolean;
}

export async function updateOrganisationseinheit(
  ctx: AppContext,
  caller: Akteur | "system",
  id: string,
  patch: OrganisationseinheitAenderung,
): Promise<Organisationseinheit> {
  requireAdmin(caller);
  return ctx.db.transaction(async (tx) => {
    const current = await repo.findOe(tx, id);
    if (!current) throw nichtGefunden("Die Organisationseinheit");
    let parentId = current.parentId;
    if (patch.uebergeordnet !== undefined) {
      parentId =
        patch.uebergeordnet === null ? null : (await resolveOe(tx, patch.uebergeordnet, "uebergeordnet")).id;
      if (parentId !== null && (await repo.subtreeIds(tx, [current.id])).includes(parentId)) {
        throw new AppError(
          "ungueltige_eingabe",
          "Eine Organisationseinheit kann nicht unter sich selbst oder ihre Untereinheiten gehängt werden.",
          {
            fehler: [{ feld: "/uebergeordnet", meldung: "Das ergäbe einen Zyklus." }],
          },
        );
      }
    }
    const next = {
      parentId,
      name: patch.name !== undefined ? patch.name.normalize("NFC").trim() : current.name,
      kuerzel: patch.kuerzel !== undefined ? normaliseKuerzel(patch.kuerzel) : current.kuerzel,
      art: patch.art ?? current.art,
      aktiv: patch.aktiv ?? current.aktiv,
    };
    let oe: Organisationseinheit;
    try {
      oe = await repo.updateOe(tx, current.id, next);
    } catch (error) {
      if (uniqueViolation(error) !== undefined)
        throw new AppError("konflikt", `Das Kürzel „${next.kuerzel}“ ist bereits vergeben.`);
      throw error;
    }
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "organisationseinheit.geaendert",
      objektArt: "organisationseinheit",
      objektId: oe.id,
      details: { vorher: current, nachher: oe },
    });
    return oe;
  });
}

/** The OE and everything below it (Leitung reads its subtree). */
export async function oeSubtree(ctx: AppContext, oeIds: string[]): Promise<string[]> {
  return repo.subtreeIds(ctx.db, oeIds);
}

// --- Benutzer ------------------------------------------------------------------------------

export interface NeuerBenutzer {
  benutzername: string;
  vorname?: string;
  nachname: string;
  email?: string | null;
  passwort?: string;
  mitgliedschaften?: { oe: string; rolle: Rolle }[];
}

export interface BenutzerMitRollen extends Benutzer {
  mitgliedschaften: Mitgliedschaft[];
}

export async function createBenutzer(
  ctx: AppContext,
  caller: Akteur | "system",
  input: NeuerBenutzer,
): Promise<BenutzerMitRollen> {
  requireAdmin(caller);
  const benutzername = input.benutzername.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{1,62}$/.test(benutzername)) {
    throw new AppError(
      "ungueltige_eingabe",
      "Der Benutzername darf nur Kleinbuchstaben a–z, Ziffern, Punkt, Bindestrich und Unterstrich enthalten (2–63 Zeichen).",
      {
        fehler: [{ feld: "/benutzername", meldung: "Ungültiger Benutzername." }],
      },
    );
  }
  const vorname = pruefeName("vorname", input.vorname ?? "", false);
  const nachname = pruefeName("nachname", input.nachname, true);
  const email = input.email?.trim() || null;
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new AppError("ungueltige_eingabe", "Die E-Mail-Adresse ist ungültig.", {
      fehler: [{ feld: "/email", meldung: "Ungültige E-Mail-Adresse." }],
    });
  }
  if (input.passwort !== undefined) pruefePasswort(input.passwort);
  const passwortHash = input.passwort !== undefined ? await hashPasswort(input.passwort) : null;
  return ctx.db.transaction(async (tx) => {
    let benutzer: Benutzer;
    try {
      benutzer = await repo.insertBenutzer(
        tx,
        { benutzername, vorname, nachname, email, passwortHash },
        ctx.clock.now(),
      );
    } catch (error) {
      if (uniqueViolation(error) !== undefined) {
        throw new AppError("konflikt", `Den Benutzernamen „${benutzername}“ gibt es bereits.`, {
          fehler: [{ feld: "/benutzername", meldung: "Bereits vergeben." }],
        });
      }
      throw error;
    }
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "benutzer.angelegt",
      objektArt: "benutzer",
      objektId: benutzer.id,
      details: { benutzername, vorname, nachname, email },
    });
    for (const [i, m] of (input.mitgliedschaften ?? []).entries()) {
      const oe = await resolveOe(tx, m.oe, `mitgliedschaften/${i}/oe`);
      await repo.insertMitgliedschaft(tx, benutzer.id, oe.id, m.rolle);
      await schreibeProtokollInTx(tx, ctx.clock, {
        akteur: caller,
        aktion: "mitgliedschaft.hinzugefuegt",
        objektArt: "benutzer",
        objektId: benutzer.id,
        details: { oe: oe.kuerzel, rolle: m.rolle },
      });
    }
    return { ...benutzer, mitgliedschaften: await repo.mitgliedschaftenVon(tx, benutzer.id) };
  });
}

export async function listBenutzer(
  ctx: AppContext,
  actor: Akteur,
  filter: { oe?: string } = {},
): Promise<Benutzer[]> {
  if (!darfVerzeichnisLesen(actor)) throw new AppError("keine_berechtigung");
  const oeId = filter.oe ? (await resolveOe(ctx.db, filter.oe, "oe")).id : undefined;
  return repo.listBenutzer(ctx.db, { oeId });
}

export async function getBenutzer(ctx: AppContext, idOrName: string): Promise<BenutzerMitRollen> {
  const isUuid = istUuid(idOrName);
  const found = await repo.findBenutzer(
    ctx.db,
    isUuid ? { id: idOrName } : { benutzername: idOrName.toLowerCase() },
  );
  if (!found) throw nichtGefunden("Der Benutzer");
  const { passwortHash: _omit, ...benutzer } = found;
  return { ...benutzer, mitgliedschaften: await repo.mitgliedschaftenVon(ctx.db, benutzer.id) };
}

/** Whether the installation has any Benutzer yet: the demo county is seeded only into an empty one. */
export async function gibtEsBenutzer(ctx: AppContext): Promise<boolean> {
  return repo.gibtEsBenutzer(ctx.db);
}

/** The id of the Benutzer named by id or Benutzername; "nicht gefunden" when there is none. */
export async function benutzerIdZu(ctx: AppContext, idOrName: string): Promise<string> {
  return (await getBenutzer(ctx, idOrName)).id;
}

export interface BenutzerAenderung {
  vorname?: string;
  nachname?: string;
  email?: string | null;
  aktiv?: boolean;
}

export async function updateBenutzer(
  ctx: AppContext,
  caller: Akteur | "system",
  id: string,
  patch: BenutzerAenderung,
): Promise<Benutzer> {
  requireAdmin(caller);
  return ctx.db.transaction(async (tx) => {
    const current = await repo.findBenutzer(tx, { id });
    if (!current) throw nichtGefunden("Der Benutzer");
    const next = {
      vorname: patch.vorname !== undefined ? pruefeName("vorname", patch.vorname, false) : current.vorname,
      nachname:
        patch.nachname !== undefined ? pruefeName("nachname", patch.nachname, true) : current.nachname,
      email: patch.email !== undefined ? patch.email?.trim() || null : current.email,
      aktiv: patch.aktiv ?? current.aktiv,
    };
    const deaktivieren = !next.aktiv && current.aktiv;
    if (deaktivieren) await guardLastAdmin(tx, current.id);
    // Deactivating goes through the one use case the directory sync uses too (sessions, tokens,
    // open steps); the other fields are written here.
    let benutzer = await repo.updateBenutzer(tx, id, { ...next, aktiv: current.aktiv }, ctx.clock.now());
    if (deaktivieren) {
      await deaktiviereBenutzerInTx(ctx, tx, caller, id, { anlass: "verwaltung" });
      benutzer = { ...benutzer, aktiv: false };
    } else if (next.aktiv !== current.aktiv) {
      benutzer = await repo.updateBenutzer(tx, id, next, ctx.clock.now());
    }
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "benutzer.geaendert",
      objektArt: "benutzer",
      objektId: id,
      details: {
        vorher: {
          vorname: current.vorname,
          nachname: current.nachname,
          email: current.email,
          aktiv: current.aktiv,
        },
        nachher: next,
      },
    });
    return benutzer;
  });
}

async function guardLastAdmin(tx: Queryable, benutzerId: string): Promise<void> {
  const rollen = await repo.mitgliedschaftenVon(tx, benutzerId);
  if (
    rollen.some((m) => m.rolle === "Administration") &&
    (await repo.countMitglieder(tx, "Administration")) <= 1
  ) {
    throw new AppError("konflikt", "Die letzte Administration kann nicht entfernt oder deaktiviert werden.");
  }
}

export async function addMitgliedschaft(
  ctx: AppContext,
  caller: Akteur | "system",
  benutzerId: string,
  input: { oe: string; rolle: Rolle },
): Promise<Mitgliedschaft[]> {
  requireAdmin(caller);
  return ctx.db.transaction(async (tx) => {
    if (!(await repo.findBenutzer(tx, { id: benutzerId }))) throw nichtGefunden("Der Benutzer");
    const oe = await resolveOe(tx, input.oe, "oe");
    if (await repo.insertMitgliedschaft(tx, benutzerId, oe.id, input.rolle)) {
      await schreibeProtokollInTx(tx, ctx.clock, {
        akteur: caller,
        aktion: "mitgliedschaft.hinzugefuegt",
        objektArt: "benutzer",
        objektId: benutzerId,
        details: { oe: oe.kuerzel, rolle: input.rolle },
      });
    }
    return repo.mitgliedschaftenVon(tx, benutzerId);
  });
}

export async function removeMitgliedschaft(
  ctx: AppContext,
  caller: Akteur | "system",
  benutzerId: string,
  input: { oe: string; rolle: Rolle },
): Promise<Mitgliedschaft[]> {
  requireAdmin(caller);
  return ctx.db.transaction(async (tx) => {
    if (!(await repo.findBenutzer(tx, { id: benutzerId }))) throw nichtGefunden("Der Benutzer");
    const oe = await resolveOe(tx, input.oe, "oe");
    if (input.rolle === "Administration") await guardLastAdmin(tx, benutzerId);
    if (!(await repo.deleteMitgliedschaft(tx, benutzerId, oe.id, input.rolle))) {
      throw nichtGefunden("Die Mitgliedschaft");
    }
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "mitgliedschaft.entfernt",
      objektArt: "benutzer",
      objektId: benutzerId,
      details: { oe: oe.kuerzel, rolle: input.rolle },
    });
    return repo.mitgliedschaftenVon(tx, benutzerId);
  });
}

/** Loads the memberships of an authenticated user into an Akteur. */
export async function loadActor(
  q: Queryable,
  benutzer: Benutzer,
  via: Akteur["via"],
  sitzungId?: string,
): Promise<Akteur> {
  return { benutzer, mitgliedschaften: await repo.mitgliedschaftenVon(q, benutzer.id), via, sitzungId };
}
