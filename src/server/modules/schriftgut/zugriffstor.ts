import { istUuid } from "../../platform/pruefungen.js";
import type { AppContext } from "../../platform/context.js";
import type { Queryable } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { oeSubtree, type Akteur } from "../access/index.js";
import { rechteFuer, zugriffsprofil, type Zugriffsprofil } from "./akten.policy.js";
import * as akten from "./akten.repository.js";
import type { AkteRechte, AkteZugriffsdaten } from "./akten.types.js";
import type { VorgangRechte, VorgangStatus } from "./vorgaenge.types.js";

/*
 * The one gate to Schriftgut: every use case reaches an Akte, a Vorgang or a Dokument through
 * these functions. The rule itself is `akten.policy.ts`; here it meets the database.
 */

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
  const daten = istUuid(akteId) ? await akten.zugriffsdaten(q, akteId) : undefined;
  return pruefeAkte(ctx, actor, daten, need);
}

/** `requireAkte` on access facts already read. */
async function pruefeAkte(
  ctx: AppContext,
  actor: Akteur,
  daten: AkteZugriffsdaten | undefined,
  need: keyof AkteRechte,
): Promise<AkteZugriff> {
  const rechte = daten ? rechteFuer(await profilFuer(ctx, actor), daten) : undefined;
  if (!daten || !rechte?.lesen) throw nichtGefunden("Die Akte");
  if (!rechte[need]) throw new AppError("keine_berechtigung", RECHT_MELDUNG[need]);
  return { daten, rechte };
}

/** The Akte's rights, narrowed by the status of a Vorgang in it. */
export function vorgangRechte(akte: AkteRechte, status: VorgangStatus): VorgangRechte {
  return {
    ...akte,
    dokumentAnlegen: akte.bearbeiten && status === "in_bearbeitung",
    zdaVerfuegen: akte.bearbeiten && status === "in_bearbeitung",
    zdaAufheben: akte.bearbeiten && status === "zda",
  };
}

const MELDUNG: Partial<Record<keyof VorgangRechte, string>> = {
  dokumentAnlegen: "Dieser Vorgang ist zu den Akten verfügt (zdA) und nimmt keine Dokumente mehr auf.",
  zdaVerfuegen: "Dieser Vorgang ist bereits zu den Akten verfügt.",
  zdaAufheben: "Dieser Vorgang ist nicht zu den Akten verfügt.",
};

/**
 * The gate to a Vorgang: the Akte's rights, narrowed by the Vorgang's status. Hidden → 404. One
 * query reads the Vorgang with its Akte's access facts; inside a transaction it locks the
 * Vorgang's row, so the status cannot change until commit — shared for adding Dokumente (uploads
 * into one Vorgang do not wait for each other), exclusive for everything else.
 */
export async function requireVorgang(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
  need: keyof VorgangRechte,
  q: Queryable = ctx.db,
): Promise<{ akte: AkteZugriff; status: VorgangStatus; rechte: VorgangRechte }> {
  const found = istUuid(vorgangId)
    ? await akten.zugriffUeberVorgang(q, { vorgangId }, sperreFuer(ctx, q, need))
    : undefined;
  if (!found) throw nichtGefunden("Der Vorgang");
  return pruefeVorgang(ctx, actor, found, need, "Der Vorgang");
}

function sperreFuer(ctx: AppContext, q: Queryable, need: keyof VorgangRechte) {
  if (q === ctx.db) return undefined;
  return need === "dokumentAnlegen" ? ("teilen" as const) : ("exklusiv" as const);
}

async function pruefeVorgang(
  ctx: AppContext,
  actor: Akteur,
  found: { status: VorgangStatus; akte: AkteZugriffsdaten },
  need: keyof VorgangRechte,
  wer: string,
): Promise<{ akte: AkteZugriff; status: VorgangStatus; rechte: VorgangRechte }> {
  let akte: AkteZugriff;
  try {
    akte = await pruefeAkte(
      ctx,
      actor,
      found.akte,
      need in MELDUNG ? "bearbeiten" : (need as keyof AkteRechte),
    );
  } catch (error) {
    if (error instanceof AppError && error.code === "nicht_gefunden") throw nichtGefunden(wer);
    throw error;
  }
  const rechte = vorgangRechte(akte.rechte, found.status);
  if (!rechte[need]) throw new AppError("konflikt", MELDUNG[need] ?? "Das ist hier nicht erlaubt.");
  return { akte, status: found.status, rechte };
}

/** The gate to a Dokument: through its Vorgang and Akte, read in one query. Hidden → 404. */
export async function requireDokument(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  need: keyof VorgangRechte,
  q: Queryable = ctx.db,
) {
  const found = istUuid(id)
    ? await akten.zugriffUeberVorgang(q, { dokumentId: id }, sperreFuer(ctx, q, need))
    : undefined;
  if (!found) throw nichtGefunden("Das Dokument");
  return { vorgangId: found.vorgangId, ...(await pruefeVorgang(ctx, actor, found, need, "Das Dokument")) };
}
