import { istUuid } from "../../platform/pruefungen.js";
import type { AppContext } from "../../platform/context.js";
import type { Queryable } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { oeSubtree, type Akteur } from "../access/index.js";
import { rechteFuer, zugriffsprofil, type Zugriffsprofil } from "./akten.policy.js";
import * as akten from "./akten.repository.js";
import type { AkteRechte, AkteZugriffsdaten } from "./akten.types.js";
import * as dokumente from "./dokumente.repository.js";
import * as vorgaenge from "./vorgaenge.repository.js";
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

/** The gate to a Vorgang: the Akte's rights, narrowed by the Vorgang's status. Hidden → 404. */
export async function requireVorgang(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
  need: keyof VorgangRechte,
  q: Queryable = ctx.db,
): Promise<{ akte: AkteZugriff; status: VorgangStatus; rechte: VorgangRechte }> {
  const found = istUuid(vorgangId) ? await vorgaenge.akteVon(q, vorgangId) : undefined;
  if (!found) throw nichtGefunden("Der Vorgang");
  let akte: AkteZugriff;
  try {
    akte = await requireAkte(
      ctx,
      actor,
      found.akteId,
      need in MELDUNG ? "bearbeiten" : (need as keyof AkteRechte),
      q,
    );
  } catch (error) {
    if (error instanceof AppError && error.code === "nicht_gefunden") throw nichtGefunden("Der Vorgang");
    throw error;
  }
  // Inside a transaction the row is locked, so the status cannot change until commit.
  const status =
    q === ctx.db ? found.status : ((await vorgaenge.lockVorgang(q, vorgangId))?.status ?? found.status);
  const rechte = vorgangRechte(akte.rechte, status);
  if (!rechte[need]) throw new AppError("konflikt", MELDUNG[need] ?? "Das ist hier nicht erlaubt.");
  return { akte, status, rechte };
}

/** The gate to a Dokument: through its Vorgang and Akte. Hidden → 404. */
export async function requireDokument(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  need: keyof VorgangRechte,
  q: Queryable = ctx.db,
) {
  const vorgangId = istUuid(id) ? await dokumente.vorgangVon(q, id) : undefined;
  if (!vorgangId) throw nichtGefunden("Das Dokument");
  try {
    return { vorgangId, ...(await requireVorgang(ctx, actor, vorgangId, need, q)) };
  } catch (error) {
    if (error instanceof AppError && error.code === "nicht_gefunden") throw nichtGefunden("Das Dokument");
    throw error;
  }
}
