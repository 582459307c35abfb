import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { oesMitRolle, type Akteur } from "../access/index.js";
import * as repo from "./akten.repository.js";
import { protokolliereAkteInTx } from "./protokollierung.js";

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
  await repo.addBeteiligte(tx, akteId, neueOes);
  await repo.addZugriff(tx, akteId, neueZugriffe, "bearbeiten");
  await ctx.ereignisse.sende(tx, { art: "akte.sichtbarkeit_geaendert", akteId: akteId });
  await protokolliereAkteInTx(ctx, tx, caller, "akte.beteiligt", akteId, {
    grund: "Geschäftsgang",
    beteiligteOes: neueOes,
    zugriff: neueZugriffe,
  });
}
