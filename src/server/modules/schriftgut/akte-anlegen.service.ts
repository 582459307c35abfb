import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { resolveOe, type Akteur } from "../access/index.js";
import { einheitFuerNeueAkteInTx } from "../aktenplan/index.js";
import { findeSichtbareAkte, resolveOes, resolveZugriff, type ZugriffEingabe } from "./akte-eingabe.js";
import { getAkte } from "./akte-lesen.service.js";
import { darfAkteAnlegen } from "./akten.policy.js";
import * as repo from "./akten.repository.js";
import type { Akte, AkteRechte, Vertraulichkeit } from "./akten.types.js";
import { aktenzeichenBereich, formeAktenzeichen } from "./aktenzeichen.js";
import { ungueltigeEingabe } from "./eingabe.js";
import { protokolliereAkteInTx } from "./protokollierung.js";
import { profilFuer } from "./zugriffstor.js";

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
  if (!betreff) throw ungueltigeEingabe([{ feld: "/betreff", meldung: "Der Betreff fehlt." }]);
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
    await protokolliereAkteInTx(ctx, tx, actor, "akte.angelegt", newId, {
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
