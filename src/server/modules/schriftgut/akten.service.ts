import { istUuid } from "../../platform/pruefungen.js";
import type { AppContext } from "../../platform/context.js";
import type { Queryable, Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden, type FieldProblem } from "../../platform/errors.js";
import {
  benutzerIdVon,
  oeSubtree,
  oesMitRolle,
  resolveOe,
  rollen,
  type Akteur,
  type Rolle,
} from "../access/index.js";
import { einheitFuerNeueAkteInTx, einheitIdVon } from "../aktenplan/index.js";
import { schreibeProtokollInTx, type ProtokollAktion } from "../protokoll/index.js";
import { darfAkteAnlegen, rechteFuer, zugriffsprofil, type Zugriffsprofil } from "./akten.policy.js";
import * as repo from "./akten.repository.js";
export { sichtbarSql } from "./akten.repository.js";
import type {
  Akte,
  AkteKurz,
  AkteRechte,
  AkteStatus,
  AkteZugriffsdaten,
  Vertraulichkeit,
} from "./akten.types.js";
import { aktenzeichenBereich, formeAktenzeichen } from "./aktenzeichen.js";

const profile = new WeakMap<Akteur, Promise<Zugriffsprofil>>();

/** The actor's access profile, computed once per request (the Akteur object lives for one request). */
export function profilFuer(ctx: AppContext, actor: Akteur): Promise<Zugriffsprofil> {
  let p = profile.get(actor);
  if (!p) {
    const leitung = actor.mitgliedschaften.filter((m) => m.rolle === "Leitung").map((m) => m.oeId);
    p = oeSubtree(ctx, leitung).then((subtree) => zugriffsprofil(actor, subtree));
    profile.set(actor, p);
  }
  return p;
}

export interface AkteZugriff {
  daten: AkteZugriffsdaten;
  rechte: AkteRechte;
}

const RECHT_MELDUNG: Record<keyof AkteRechte, string> = {
  lesen: "Sie dürfen diese Akte nicht sehen.",
  inhaltLesen: "Der Inhalt dieser zugriffsbeschränkten Akte ist nur für die benannten Personen.",
  bearbeiten: "Sie dürfen in dieser Akte nichts ändern.",
  metadatenBearbeiten: "Sie dürfen die Angaben dieser Akte nicht ändern.",
  zugriffVerwalten: "Sie dürfen den Zugriff auf diese Akte nicht ändern.",
};

/**
 * The one gate to an Akte and everything in it. Hidden Akten answer 404 as if they did not exist;
 * a visible Akte without the needed right answers 403.
 */
export async function requireAkte(
  ctx: AppContext,
  actor: Akteur,
  akteId: string,
  need: keyof AkteRechte,
  q: Queryable = ctx.db,
): Promise<AkteZugriff> {
  const daten = istUuid(akteId) ? await repo.zugriffsdaten(q, akteId) : undefined;
  const rechte = daten ? rechteFuer(await profilFuer(ctx, actor), daten) : undefined;
  if (!daten || !rechte?.lesen) throw nichtGefunden("Die Akte");
  if (!rechte[need]) throw new AppError("keine_berechtigung", RECHT_MELDUNG[need]);
  return { daten, rechte };
}

/** Every read of a restricted Akte's content is recorded, in the reading request's own transaction. */
export async function protokolliereLesenInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  akte: AkteZugriffsdaten,
  was: { objektArt: string; objektId: string; details?: Record<string, unknown> },
): Promise<void> {
  if (!akte.zugriffsbeschraenkt) return;
  await schreibeProtokollInTx(tx, ctx.clock, {
    akteur: actor,
    aktion: "akte.beschraenkt_gelesen",
    objektArt: was.objektArt,
    objektId: was.objektId,
    details: { akteId: akte.id, ...was.details },
  });
}

/** Records a change to an Akte or something in it; `details.akteId` lets the Akte show its history. */
export async function protokolliereSchriftgutInTx(
  ctx: AppContext,
  tx: Tx,
  caller: Akteur | "system",
  aktion: ProtokollAktion,
  objekt: { art: string; id: string },
  akteId: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await schreibeProtokollInTx(tx, ctx.clock, {
    akteur: caller,
    aktion,
    objektArt: objekt.art,
    objektId: objekt.id,
    details: { akteId, ...details },
  });
}

// --- create ---------------------------------------------------------------------------------

export interface ZugriffEingabe {
  benutzer?: string;
  rolle?: Rolle;
  oe?: string | null;
  recht?: "lesen" | "bearbeiten";
}

export interface NeueAkte {
  aktenplaneinheit: string;
  betreff: string;
  federfuehrendeOe: string;
  beteiligteOes?: string[];
  zugriffsbeschraenkt?: boolean;
  zugriff?: ZugriffEingabe[];
  vertraulichkeit?: Vertraulichkeit;
  papierablage?: string | null;
  querverweise?: string[];
  /** Year of the Aktenzeichen; the current year when absent. */
  jahr?: number;
}

function invalid(fehler: FieldProblem[]): AppError {
  return new AppError("ungueltige_eingabe", fehler.map((f) => `${f.feld}: ${f.meldung}`).join(" "), {
    fehler,
  });
}

async function resolveZugriff(
  tx: Queryable,
  eintraege: ZugriffEingabe[],
): Promise<
  { benutzerId: string | null; rolle: string | null; oeId: string | null; recht: "lesen" | "bearbeiten" }[]
> {
  const out = [];
  for (const [i, e] of eintraege.entries()) {
    const feld = `/zugriff/${i}`;
    if ((e.benutzer === undefined) === (e.rolle === undefined))
      throw invalid([{ feld, meldung: "Entweder ein Benutzer oder eine Rolle angeben." }]);
    if (e.benutzer !== undefined) {
      const benutzerId = await benutzerIdVon(tx, e.benutzer, istUuid(e.benutzer));
      if (!benutzerId)
        throw invalid([{ feld: `${feld}/benutzer`, meldung: `Den Benutzer „${e.benutzer}“ gibt es nicht.` }]);
      out.push({ benutzerId, rolle: null, oeId: null, recht: e.recht ?? "bearbeiten" });
    } else {
      if (!rollen.includes(e.rolle!))
        throw invalid([{ feld: `${feld}/rolle`, meldung: "Unbekannte Rolle." }]);
      const oeId = e.oe ? (await resolveOe(tx, e.oe, `zugriff/${i}/oe`)).id : null;
      out.push({ benutzerId: null, rolle: e.rolle!, oeId, recht: e.recht ?? "lesen" });
    }
  }
  return out;
}

async function resolveOes(tx: Queryable, refs: string[], feld: string): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, ref] of refs.entries()) ids.push((await resolveOe(tx, ref, `${feld}/${i}`)).id);
  return [...new Set(ids)];
}

/**
 * Creates an Akte under a leaf Aktenplaneinheit with the next Aktenzeichen. Everything (number,
 * Akte, Beteiligte, access list, Protokoll) commits together or not at all.
 */
export async function createAkte(
  ctx: AppContext,
  actor: Akteur,
  input: NeueAkte,
): Promise<Akte & { rechte: AkteRechte }> {
  const betreff = input.betreff.normalize("NFC").trim();
  if (!betreff) throw invalid([{ feld: "/betreff", meldung: "Der Betreff fehlt." }]);
  const profil = await profilFuer(ctx, actor);
  const id = await ctx.db.transaction(async (tx) => {
    const einheit = await einheitFuerNeueAkteInTx(tx, input.aktenplaneinheit);
    const oe = await resolveOe(tx, input.federfuehrendeOe, "federfuehrendeOe");
    if (!darfAkteAnlegen(profil, oe.id)) {
      throw new AppError(
        "keine_berechtigung",
        `Akten der OE ${oe.kuerzel} legen deren Sachbearbeitung, Leitung oder die Registratur an.`,
      );
    }
    const beteiligte = (await resolveOes(tx, input.beteiligteOes ?? [], "beteiligteOes")).filter(
      (b) => b !== oe.id,
    );
    const beschraenkt = input.zugriffsbeschraenkt ?? einheit.zugriffsbeschraenkung;
    const zugriff = await resolveZugriff(tx, input.zugriff ?? []);
    // The creator of a restricted Akte is always among the named, or nobody could work in it.
    if (beschraenkt && !zugriff.some((z) => z.benutzerId === actor.benutzer.id)) {
      zugriff.push({ benutzerId: actor.benutzer.id, rolle: null, oeId: null, recht: "bearbeiten" });
    }
    const jahr = input.jahr ?? ctx.clock.now().getUTCFullYear();
    const teile = { kennzeichen: einheit.kennzeichen, jahr, oe: oe.kuerzel };
    const lfdnr = await repo.naechsteLfdnr(tx, aktenzeichenBereich(ctx.config.aktenzeichenMuster, teile));
    const aktenzeichen = formeAktenzeichen(ctx.config.aktenzeichenMuster, { ...teile, lfdnr });
    const newId = await repo.insertAkte(
      tx,
      {
        aktenplaneinheitId: einheit.id,
        aktenzeichen,
        lfdnr,
        jahr,
        betreff,
        federfuehrendeOeId: oe.id,
        zugriffsbeschraenkt: beschraenkt,
        vertraulichkeit: input.vertraulichkeit ?? "offen",
        papierablage: input.papierablage?.normalize("NFC").trim() || null,
        erstelltVon: actor.benutzer.id,
      },
      ctx.clock.now(),
    );
    await repo.setBeteiligte(tx, newId, beteiligte);
    await repo.setZugriff(tx, newId, beschraenkt ? zugriff : []);
    for (const [i, ref] of (input.querverweise ?? []).entries()) {
      const ziel = await findeSichtbareAkte(ctx, actor, tx, ref, `/querverweise/${i}`);
      await repo.addQuerverweis(tx, newId, ziel, "");
    }
    await protokolliereSchriftgutInTx(ctx, tx, actor, "akte.angelegt", { art: "akte", id: newId }, newId, {
      aktenzeichen,
      betreff,
      aktenplaneinheit: einheit.kennzeichen,
      federfuehrendeOe: oe.kuerzel,
      zugriffsbeschraenkt: beschraenkt,
    });
    return newId;
  });
  return getAkte(ctx, actor, id);
}

/** Resolves an Akte reference (id or Aktenzeichen) that the actor can see; a 400 on the field otherwise. */
async function findeSichtbareAkte(
  ctx: AppContext,
  actor: Akteur,
  q: Queryable,
  ref: string,
  feld: string,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM akte WHERE geloescht_am IS NULL AND ${istUuid(ref) ? "id = $1::uuid" : "aktenzeichen = $1"}`,
    [ref],
  );
  const id = rows[0]?.id;
  const daten = id ? await repo.zugriffsdaten(q, id) : undefined;
  if (!daten || !rechteFuer(await profilFuer(ctx, actor), daten).lesen)
    throw invalid([{ feld, meldung: `Die Akte „${ref}“ wurde nicht gefunden.` }]);
  return daten.id;
}

// --- read -----------------------------------------------------------------------------------

export async function getAkte(
  ctx: AppContext,
  actor: Akteur,
  id: string,
): Promise<Akte & { rechte: AkteRechte }> {
  const { daten, rechte } = await requireAkte(ctx, actor, id, "lesen");
  const akte = await repo.getAkte(ctx.db, daten.id);
  if (!akte) throw nichtGefunden("Die Akte");
  const profil = await profilFuer(ctx, actor);
  // Cross-references to Akten the user cannot see are left out, not hinted at.
  const ziele = await repo.zugriffsdatenVieler(
    ctx.db,
    akte.querverweise.map((q) => q.akteId),
  );
  const sichtbar = akte.querverweise.filter((q) => {
    const ziel = ziele.get(q.akteId);
    return ziel !== undefined && rechteFuer(profil, ziel).lesen;
  });
  const { rows: namen } = await ctx.db.query<{ id: string; aktenzeichen: string; betreff: string }>(
    "SELECT id, aktenzeichen, betreff FROM akte WHERE id = ANY($1::uuid[])",
    [sichtbar.map((q) => q.akteId)],
  );
  const byId = new Map(namen.map((n) => [n.id, n]));
  const querverweise = sichtbar.map((q) => ({
    ...q,
    aktenzeichen: byId.get(q.akteId)?.aktenzeichen ?? null,
    betreff: byId.get(q.akteId)?.betreff ?? null,
  }));
  if (rechte.inhaltLesen && daten.zugriffsbeschraenkt) {
    await ctx.db.transaction((tx) =>
      protokolliereLesenInTx(ctx, tx, actor, daten, { objektArt: "akte", objektId: daten.id }),
    );
  }
  return { ...akte, querverweise, rechte };
}

export interface AktenSuche {
  oe?: string;
  aktenplaneinheit?: string;
  status?: AkteStatus;
  q?: string;
  aktenzeichen?: string;
  cursor?: string;
  limit?: number;
}

function decodeCursor(cursor: string): { erstelltAm: string; id: string } {
  try {
    const [erstelltAm, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [
      string,
      string,
    ];
    if (Number.isNaN(Date.parse(erstelltAm)) || !istUuid(id)) throw new Error();
    return { erstelltAm, id };
  } catch {
    throw invalid([{ feld: "query:/cursor", meldung: "Ungültiger Cursor." }]);
  }
}

/** A page of the Akten the actor may see; hidden ones are absent, never counted. */
export async function listAkten(
  ctx: AppContext,
  actor: Akteur,
  suche: AktenSuche,
): Promise<{ eintraege: (AkteKurz & { rechte: AkteRechte })[]; naechsterCursor: string | null }> {
  const profil = await profilFuer(ctx, actor);
  const limit = suche.limit ?? 50;
  const oeId = suche.oe ? (await resolveOe(ctx.db, suche.oe, "oe")).id : undefined;
  let aktenplaneinheitId: string | undefined;
  if (suche.aktenplaneinheit) {
    aktenplaneinheitId = await einheitIdVon(ctx.db, suche.aktenplaneinheit, istUuid(suche.aktenplaneinheit));
    if (!aktenplaneinheitId)
      throw invalid([{ feld: "query:/aktenplaneinheit", meldung: "Unbekannte Aktenplaneinheit." }]);
  }
  const eintraege = await repo.listAkten(ctx.db, profil, {
    oeId,
    aktenplaneinheitId,
    status: suche.status,
    q: suche.q?.trim() || undefined,
    aktenzeichen: suche.aktenzeichen,
    nach: suche.cursor ? decodeCursor(suche.cursor) : undefined,
    limit,
  });
  const daten = await repo.zugriffsdatenVieler(
    ctx.db,
    eintraege.map((e) => e.id),
  );
  const withRechte = eintraege.map((e) => ({ ...e, rechte: rechteFuer(profil, daten.get(e.id)!) }));
  const last = eintraege.at(-1);
  return {
    eintraege: withRechte,
    naechsterCursor:
      eintraege.length === limit && last
        ? Buffer.from(JSON.stringify([last.erstelltAm, last.id])).toString("base64url")
        : null,
  };
}

// --- change ---------------------------------------------------------------------------------

export interface AkteAenderung {
  betreff?: string;
  status?: "offen" | "geschlossen";
  vertraulichkeit?: Vertraulichkeit;
  papierablage?: string | null;
  beteiligteOes?: string[];
}

export async function updateAkte(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  patch: AkteAenderung,
): Promise<Akte & { rechte: AkteRechte }> {
  await ctx.db.transaction(async (tx) => {
    const { daten } = await requireAkte(ctx, actor, id, "metadatenBearbeiten", tx);
    await repo.lockAkte(tx, daten.id);
    const current = (await repo.getAkte(tx, daten.id))!;
    const betreff = patch.betreff !== undefined ? patch.betreff.normalize("NFC").trim() : current.betreff;
    if (!betreff) throw invalid([{ feld: "/betreff", meldung: "Der Betreff fehlt." }]);
    await repo.updateAkte(
      tx,
      daten.id,
      {
        betreff,
        status: patch.status ?? current.status,
        vertraulichkeit: patch.vertraulichkeit ?? current.vertraulichkeit,
        papierablage:
          patch.papierablage !== undefined
            ? patch.papierablage?.normalize("NFC").trim() || null
            : current.papierablage,
        zugriffsbeschraenkt: current.zugriffsbeschraenkt,
      },
      ctx.clock.now(),
    );
    if (patch.beteiligteOes) {
      const ids = (await resolveOes(tx, patch.beteiligteOes, "beteiligteOes")).filter(
        (b) => b !== daten.federfuehrendeOeId,
      );
      await repo.setBeteiligte(tx, daten.id, ids);
      await ctx.ereignisse.sende(tx, { art: "akte.sichtbarkeit_geaendert", akteId: daten.id });
    }
    await protokolliereSchriftgutInTx(
      ctx,
      tx,
      actor,
      "akte.geaendert",
      { art: "akte", id: daten.id },
      daten.id,
      {
        aenderungen: patch as Record<string, unknown>,
      },
    );
  });
  return getAkte(ctx, actor, id);
}

/** Sets or lifts the restriction and its list of the named. The changer stays on the list. */
export async function setZugriff(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  input: { zugriffsbeschraenkt: boolean; zugriff: ZugriffEingabe[] },
): Promise<Akte & { rechte: AkteRechte }> {
  await ctx.db.transaction(async (tx) => {
    const { daten } = await requireAkte(ctx, actor, id, "zugriffVerwalten", tx);
    await repo.lockAkte(tx, daten.id);
    const current = (await repo.getAkte(tx, daten.id))!;
    const zugriff = await resolveZugriff(tx, input.zugriff);
    if (
      input.zugriffsbeschraenkt &&
      !zugriff.some((z) => z.benutzerId === actor.benutzer.id && z.recht === "bearbeiten")
    ) {
      zugriff.push({ benutzerId: actor.benutzer.id, rolle: null, oeId: null, recht: "bearbeiten" });
    }
    await repo.updateAkte(
      tx,
      daten.id,
      { ...current, zugriffsbeschraenkt: input.zugriffsbeschraenkt },
      ctx.clock.now(),
    );
    await repo.setZugriff(tx, daten.id, input.zugriffsbeschraenkt ? zugriff : []);
    await ctx.ereignisse.sende(tx, { art: "akte.sichtbarkeit_geaendert", akteId: daten.id });
    await protokolliereSchriftgutInTx(
      ctx,
      tx,
      actor,
      "akte.zugriff_geaendert",
      { art: "akte", id: daten.id },
      daten.id,
      {
        vorher: { zugriffsbeschraenkt: current.zugriffsbeschraenkt, zugriff: current.zugriff },
        nachher: {
          zugriffsbeschraenkt: input.zugriffsbeschraenkt,
          zugriff: input.zugriffsbeschraenkt ? input.zugriff : [],
        },
      },
    );
  });
  return getAkte(ctx, actor, id);
}

export async function addQuerverweis(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  input: { ziel: string; bemerkung?: string },
): Promise<Akte & { rechte: AkteRechte }> {
  await ctx.db.transaction(async (tx) => {
    const { daten } = await requireAkte(ctx, actor, id, "metadatenBearbeiten", tx);
    const ziel = await findeSichtbareAkte(ctx, actor, tx, input.ziel, "/ziel");
    if (ziel === daten.id)
      throw invalid([{ feld: "/ziel", meldung: "Eine Akte kann nicht auf sich selbst verweisen." }]);
    await repo.addQuerverweis(tx, daten.id, ziel, input.bemerkung?.normalize("NFC").trim() ?? "");
    await protokolliereSchriftgutInTx(
      ctx,
      tx,
      actor,
      "akte.geaendert",
      { art: "akte", id: daten.id },
      daten.id,
      {
        querverweisHinzugefuegt: ziel,
      },
    );
  });
  return getAkte(ctx, actor, id);
}

export async function removeQuerverweis(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  zielId: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { daten } = await requireAkte(ctx, actor, id, "metadatenBearbeiten", tx);
    if (!(await repo.removeQuerverweis(tx, daten.id, zielId))) throw nichtGefunden("Der Querverweis");
    await protokolliereSchriftgutInTx(
      ctx,
      tx,
      actor,
      "akte.geaendert",
      { art: "akte", id: daten.id },
      daten.id,
      {
        querverweisEntfernt: zielId,
      },
    );
  });
}

/** Starts a new Band (volume); the previous one ends the day the new one begins. */
export async function addBand(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  input: { titel?: string; beginn?: string },
): Promise<Akte & { rechte: AkteRechte }> {
  await ctx.db.transaction(async (tx) => {
    const { daten } = await requireAkte(ctx, actor, id, "metadatenBearbeiten", tx);
    await repo.lockAkte(tx, daten.id);
    const beginn = input.beginn ?? ctx.clock.now().toISOString().slice(0, 10);
    const nr = await repo.addBand(tx, daten.id, input.titel?.normalize("NFC").trim() ?? "", beginn);
    await protokolliereSchriftgutInTx(
      ctx,
      tx,
      actor,
      "akte.geaendert",
      { art: "akte", id: daten.id },
      daten.id,
      {
        bandAngelegt: nr,
      },
    );
  });
  return getAkte(ctx, actor, id);
}

/** Deletes an Akte created by mistake: only while it holds no Vorgang. Its Aktenzeichen is never issued again. */
export async function deleteAkte(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { daten } = await requireAkte(ctx, actor, id, "metadatenBearbeiten", tx);
    await repo.lockAkte(tx, daten.id);
    if ((await repo.anzahlVorgaenge(tx, daten.id)) > 0)
      throw new AppError(
        "konflikt",
        "Eine Akte mit Vorgängen kann nicht gelöscht werden; schließen Sie sie stattdessen.",
      );
    const akte = (await repo.getAkte(tx, daten.id))!;
    await repo.markDeleted(tx, daten.id, ctx.clock.now());
    await protokolliereSchriftgutInTx(
      ctx,
      tx,
      actor,
      "akte.geloescht",
      { art: "akte", id: daten.id },
      daten.id,
      {
        aktenzeichen: akte.aktenzeichen,
        betreff: akte.betreff,
      },
    );
  });
}

/**
 * Beteiligung through the Geschäftsgang: whoever a step is addressed to must be able to read the
 * Akte (and add an Entwurf version). An open Akte gains the adressat OE, or the OE of an adressat
 * user, as beteiligte OE; a restricted Akte names the user, or the OE's Sachbearbeitung and
 * Leitung. Recorded in the Protokoll; nothing is taken away when the route ends.
 */
export async function beteiligeAdressatenInTx(
  ctx: AppContext,
  tx: Tx,
  caller: Akteur,
  akteId: string,
  adressaten: { benutzerIds: string[]; oeIds: string[] },
): Promise<void> {
  await repo.lockAkte(tx, akteId);
  const daten = (await repo.zugriffsdaten(tx, akteId))!;
  const neueOes: string[] = [];
  const neueZugriffe: { benutzerId: string | null; rolle: string | null; oeId: string | null }[] = [];
  if (!daten.zugriffsbeschraenkt) {
    const bekannt = new Set([daten.federfuehrendeOeId, ...daten.beteiligteOeIds]);
    for (const oe of adressaten.oeIds) {
      if (bekannt.has(oe)) continue;
      bekannt.add(oe);
      neueOes.push(oe);
    }
    for (const benutzerId of adressaten.benutzerIds) {
      const oes = await oesMitRolle(tx, benutzerId, ["Sachbearbeitung", "Leitung"]);
      if (oes.length && !oes.some((oe) => bekannt.has(oe))) {
        bekannt.add(oes[0]!);
        neueOes.push(oes[0]!);
      }
    }
  } else {
    const hat = (z: { benutzerId: string | null; rolle: string | null; oeId: string | null }) =>
      daten.zugriff.some((x) => x.benutzerId === z.benutzerId && x.rolle === z.rolle && x.oeId === z.oeId);
    for (const benutzerId of adressaten.benutzerIds) {
      const z = { benutzerId, rolle: null, oeId: null };
      if (!hat(z)) neueZugriffe.push(z);
    }
    for (const oeId of adressaten.oeIds)
      for (const rolle of ["Sachbearbeitung", "Leitung"]) {
        const z = { benutzerId: null, rolle, oeId };
        if (!hat(z)) neueZugriffe.push(z);
      }
  }
  if (!neueOes.length && !neueZugriffe.length) return;
  for (const oe of neueOes)
    await tx.query("INSERT INTO akte_beteiligte_oe (akte_id, oe_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [
      akteId,
      oe,
    ]);
  for (const z of neueZugriffe)
    await tx.query(
      "INSERT INTO akte_zugriff (akte_id, benutzer_id, rolle, oe_id, recht) VALUES ($1, $2, $3, $4, 'bearbeiten')",
      [akteId, z.benutzerId, z.rolle, z.oeId],
    );
  await ctx.ereignisse.sende(tx, { art: "akte.sichtbarkeit_geaendert", akteId: akteId });
  await protokolliereSchriftgutInTx(ctx, tx, caller, "akte.beteiligt", { art: "akte", id: akteId }, akteId, {
    grund: "Geschäftsgang",
    beteiligteOes: neueOes,
    zugriff: neueZugriffe,
  });
}
