import type { AppContext } from "../../platform/context.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { istUuid } from "../../platform/pruefungen.js";
import { resolveOe, type Akteur } from "../access/index.js";
import { profilFuer } from "../schriftgut/index.js";
import { darfEintragSehen, sichtbareOes } from "./posteingang.policy.js";
import * as repo from "./posteingang.repository.js";
import type { Eintrag, PosteingangSeite } from "./posteingang.types.js";

/** An item as the reader (or the system) may see it, without the question whether they see its OE. */
export async function finde(
  ctx: AppContext,
  leser: Akteur | "system",
  id: string,
): Promise<Eintrag | undefined> {
  if (!istUuid(id)) return undefined;
  return repo.findeEintrag(ctx.db, leser === "system" ? null : await profilFuer(ctx, leser), id);
}

export async function getEintrag(ctx: AppContext, actor: Akteur, id: string): Promise<Eintrag> {
  const e = await finde(ctx, actor, id);
  if (!e || !darfEintragSehen(actor, e.oe.id)) throw nichtGefunden("Der Eingang");
  return e;
}

/** An item and where its content lies, for the download. */
export async function inhaltDes(
  ctx: AppContext,
  actor: Akteur,
  id: string,
): Promise<{ eintrag: Eintrag; sha256: string }> {
  const eintrag = await getEintrag(ctx, actor, id);
  const datei = await repo.dateiDes(ctx.db, eintrag.id);
  return { eintrag, sha256: datei!.sha256 };
}

/** The cursor is the last row's (erstellt_am, id), opaque to the client. */
function cursor(position: [string, string]): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

function leseCursor(text: string): [string, string] {
  try {
    const [zeit, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
    if (typeof zeit === "string" && !Number.isNaN(Date.parse(zeit)) && typeof id === "string")
      if (istUuid(id)) return [zeit, id];
  } catch {
    // falls through to the error below
  }
  throw new AppError("ungueltige_eingabe", "Die Seitenangabe ist ungültig.", {
    fehler: [{ feld: "/nach", meldung: "Bitte den Wert aus der vorigen Antwort verwenden." }],
  });
}

/**
 * Open items the actor may see, oldest first (they wait longest). The permission is part of the
 * query, so a small OE finds its own items however many other OEs have; pages follow a cursor.
 */
export async function listPosteingang(
  ctx: AppContext,
  actor: Akteur,
  filter: { oe?: string; nach?: string; limit?: number } = {},
): Promise<PosteingangSeite> {
  const oeId = filter.oe ? (await resolveOe(ctx.db, filter.oe, "oe")).id : null;
  const limit = Math.min(Math.max(filter.limit ?? 200, 1), 500);
  const profil = await profilFuer(ctx, actor);
  const nach = filter.nach ? leseCursor(filter.nach) : undefined;
  const seite = await repo.listeOffene(ctx.db, profil, {
    oeId,
    oes: sichtbareOes(actor),
    limit,
    ...(nach ? { nach } : {}),
  });
  return {
    eintraege: seite.eintraege,
    naechsteSeite: seite.weiterNach ? cursor(seite.weiterNach) : null,
  };
}

/** Where the picture of an item's first page lies (404 while none was drawn, as for an absent item). */
export async function vorschauDes(ctx: AppContext, actor: Akteur, id: string): Promise<string> {
  const eintrag = await getEintrag(ctx, actor, id);
  const sha256 = await repo.vorschauDes(ctx.db, eintrag.id);
  if (!sha256) throw nichtGefunden("Das Seitenbild");
  return sha256;
}
