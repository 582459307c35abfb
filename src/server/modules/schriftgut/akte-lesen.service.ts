import { istUuid } from "../../platform/pruefungen.js";
import type { AppContext } from "../../platform/context.js";
import { nichtGefunden } from "../../platform/errors.js";
import { resolveOe, type Akteur } from "../access/index.js";
import { einheitIdVon } from "../aktenplan/index.js";
import { rechteFuer } from "./akten.policy.js";
import * as repo from "./akten.repository.js";
import type { Akte, AkteKurz, AkteRechte, AkteStatus } from "./akten.types.js";
import { ungueltigeEingabe } from "./eingabe.js";
import { protokolliereLesenInTx } from "./protokollierung.js";
import { profilFuer, requireAkte } from "./zugriffstor.js";

/** One Akte as the actor may see it; reading a restricted Akte is recorded. */
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
  const namen = await repo.aktenzeichenUndBetreff(
    ctx.db,
    sichtbar.map((q) => q.akteId),
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
    throw ungueltigeEingabe([{ feld: "query:/cursor", meldung: "Ungültiger Cursor." }]);
  }
}

/**
 * A page of the Akten the actor may see; hidden ones are absent, never counted. The page is read
 * from the replica (`ctx.db.lesen`); the permission profile from the primary.
 */
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
      throw ungueltigeEingabe([{ feld: "query:/aktenplaneinheit", meldung: "Unbekannte Aktenplaneinheit." }]);
  }
  const eintraege = await repo.listAkten(ctx.db.lesen, profil, {
    oeId,
    aktenplaneinheitId,
    status: suche.status,
    q: suche.q?.trim() || undefined,
    aktenzeichen: suche.aktenzeichen,
    nach: suche.cursor ? decodeCursor(suche.cursor) : undefined,
    limit,
  });
  const daten = await repo.zugriffsdatenVieler(
    ctx.db.lesen,
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
