import type { Zugriffsprofil } from "./akten.policy.js";
import type { AkteZugriffsdaten } from "./akten.types.js";

/**
 * The access rule for content (see `rechteFuer`) as tokens on the Akte's side: an open Akte is
 * read by its federführende and beteiligte OEs (and Leitungen above them, who carry those OEs in
 * their profile) and by the Registratur; a restricted one only by its named users and roles.
 */
export function inhaltSchluesselDerAkte(akte: AkteZugriffsdaten): string[] {
  if (akte.zugriffsbeschraenkt) {
    return akte.zugriff.map((z) =>
      z.benutzerId ? `benutzer:${z.benutzerId}` : `rolle:${z.rolle}:${z.oeId ?? "*"}`,
    );
  }
  return [`oe:${akte.federfuehrendeOeId}`, ...akte.beteiligteOeIds.map((oe) => `oe:${oe}`), "registratur"];
}

/** The same tokens on the user's side: a match on any one means the content may be read. */
export function inhaltSchluesselDesProfils(profil: Zugriffsprofil): string[] {
  return [
    ...profil.leseOes.map((oe) => `oe:${oe}`),
    ...(profil.registratur ? ["registratur"] : []),
    `benutzer:${profil.benutzerId}`,
    ...profil.rollenSchluessel.map((r) => `rolle:${r}`),
  ];
}
