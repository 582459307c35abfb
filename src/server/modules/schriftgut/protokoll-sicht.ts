import { istUuid } from "../../platform/pruefungen.js";
import type { AppContext } from "../../platform/context.js";
import type { Akteur } from "../access/index.js";
import { profilFuer } from "./zugriffstor.js";
import { rechteFuer } from "./akten.policy.js";
import * as repo from "./akten.repository.js";
import type { AkteRechte } from "./akten.types.js";

/** The parts of a Protokoll entry that decide how much of it a reader sees. */
export interface ProtokollZeile {
  aktion: string;
  objektArt: string;
  objektId: string;
  details: Record<string, unknown>;
}

/** The Akte an entry is about: its own entries, and those of everything in it (`details.akteId`). */
function akteDesEintrags(e: ProtokollZeile): string | null {
  if (typeof e.details.akteId === "string") return e.details.akteId;
  return e.objektArt === "akte" ? e.objektId : null;
}

/**
 * What a reader sees of one Protokoll entry about an Akte, given the reader's rights on it.
 * With the right to read the content: everything. With the metadata only (the Registratur on a
 * restricted Akte): the Akte's own entries (Aktenzeichen, Betreff, access list are its metadata),
 * but of entries about its Vorgänge, Dokumente, Geschäftsgänge and of reads only who did what
 * when — no Betreff, Titel, Dateiname or Absender. Without any right: only that something
 * happened to that Akte id.
 */
export function sichtbareDetails(
  e: ProtokollZeile,
  akteId: string,
  rechte: AkteRechte | undefined,
): Record<string, unknown> {
  if (rechte?.inhaltLesen) return e.details;
  const akteEigen =
    e.objektArt === "akte" && e.objektId === akteId && e.aktion !== "akte.beschraenkt_gelesen";
  if (rechte?.lesen && akteEigen) return e.details;
  return { akteId };
}

/**
 * The one filter for every view of the Protokoll (an Akte's history, the audit roles' full
 * Protokoll): entries stay (the audit trail is complete), their details are reduced to what the
 * reader may see of the Akte each is about. Entries about no Akte are passed through.
 */
export async function schwaerzeProtokoll<T extends ProtokollZeile>(
  ctx: AppContext,
  actor: Akteur,
  eintraege: T[],
): Promise<T[]> {
  const ids = [...new Set(eintraege.map(akteDesEintrags).filter((id): id is string => id !== null))];
  const gueltig = ids.filter((id) => istUuid(id));
  const daten = await repo.zugriffsdatenVieler(ctx.db, gueltig);
  const profil = await profilFuer(ctx, actor);
  const rechte = new Map([...daten].map(([id, d]) => [id, rechteFuer(profil, d)]));
  return eintraege.map((e) => {
    const akteId = akteDesEintrags(e);
    return akteId === null ? e : { ...e, details: sichtbareDetails(e, akteId, rechte.get(akteId)) };
  });
}
