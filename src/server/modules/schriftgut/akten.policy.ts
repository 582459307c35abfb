import type { Akteur, Rolle } from "../access/index.js";
import type { AkteRechte, AkteZugriffsdaten } from "./akten.types.js";

const LESE_ROLLEN: Rolle[] = ["Sachbearbeitung", "Leitung", "Lesen"];
const SCHREIB_ROLLEN: Rolle[] = ["Sachbearbeitung", "Leitung"];

/**
 * The facts about a user that decide access, computed once per request: the OEs whose Akten the
 * user reads and writes, the subtree a Leitung reads, the Registratur flag, and role keys for the
 * lists of restricted Akten ("Rolle:oeId" and "Rolle:*").
 */
export interface Zugriffsprofil {
  benutzerId: string;
  leseOes: string[];
  schreibOes: string[];
  registratur: boolean;
  rollenSchluessel: string[];
}

export function zugriffsprofil(actor: Akteur, leitungSubtree: string[]): Zugriffsprofil {
  const m = actor.mitgliedschaften;
  const leseOes = new Set([
    ...m.filter((x) => LESE_ROLLEN.includes(x.rolle)).map((x) => x.oeId),
    ...leitungSubtree,
  ]);
  return {
    benutzerId: actor.benutzer.id,
    leseOes: [...leseOes],
    schreibOes: [...new Set(m.filter((x) => SCHREIB_ROLLEN.includes(x.rolle)).map((x) => x.oeId))],
    registratur: m.some((x) => x.rolle === "Registratur"),
    rollenSchluessel: [...new Set(m.flatMap((x) => [`${x.rolle}:${x.oeId}`, `${x.rolle}:*`]))],
  };
}

/** True when a restricted Akte's list names this user, directly or by role; with the right granted. */
export function benannt(profil: Zugriffsprofil, akte: AkteZugriffsdaten): "lesen" | "bearbeiten" | null {
  let best: "lesen" | "bearbeiten" | null = null;
  for (const z of akte.zugriff) {
    const match =
      (z.benutzerId !== null && z.benutzerId === profil.benutzerId) ||
      (z.rolle !== null && profil.rollenSchluessel.includes(`${z.rolle}:${z.oeId ?? "*"}`));
    if (match) best = z.recht === "bearbeiten" ? "bearbeiten" : (best ?? "lesen");
  }
  return best;
}

const NICHTS: AkteRechte = {
  lesen: false,
  inhaltLesen: false,
  bearbeiten: false,
  metadatenBearbeiten: false,
  zugriffVerwalten: false,
};

/**
 * Deny by default. An open Akte: members of the federführende and beteiligte OEs read it (and write
 * by role), a Leitung reads its subtree, the Registratur reads and keeps metadata. A restricted Akte:
 * only the named see its content; the Registratur still keeps its metadata, without the content.
 * An ausgesondertes Akte is read-only.
 */
export function rechteFuer(profil: Zugriffsprofil, akte: AkteZugriffsdaten): AkteRechte {
  const oes = [akte.federfuehrendeOeId, ...akte.beteiligteOeIds];
  const offen = akte.status !== "ausgesondert";
  if (akte.zugriffsbeschraenkt) {
    const recht = benannt(profil, akte);
    if (recht) {
      const schreiben = recht === "bearbeiten" && offen;
      return {
        lesen: true,
        inhaltLesen: true,
        bearbeiten: schreiben,
        metadatenBearbeiten: schreiben,
        zugriffVerwalten: schreiben,
      };
    }
    if (profil.registratur) return { ...NICHTS, lesen: true, metadatenBearbeiten: offen };
    return NICHTS;
  }
  const liest = oes.some((oe) => profil.leseOes.includes(oe));
  const schreibt = oes.some((oe) => profil.schreibOes.includes(oe));
  const federfuehrend = profil.schreibOes.includes(akte.federfuehrendeOeId);
  if (!liest && !schreibt && !profil.registratur) return NICHTS;
  return {
    lesen: true,
    inhaltLesen: true,
    bearbeiten: schreibt && offen,
    metadatenBearbeiten: (federfuehrend || profil.registratur) && offen,
    zugriffVerwalten: federfuehrend && offen,
  };
}

/** Creating an Akte: Sachbearbeitung or Leitung of the federführende OE, or the Registratur. */
export function darfAkteAnlegen(profil: Zugriffsprofil, federfuehrendeOeId: string): boolean {
  return profil.schreibOes.includes(federfuehrendeOeId) || profil.registratur;
}

/** The reasons, in German, why someone with these memberships has the rights they have. */
export function begruendung(
  mitgliedschaften: { oeId: string; rolle: Rolle }[],
  profil: Zugriffsprofil,
  akte: AkteZugriffsdaten,
  oeName: (id: string) => string,
): string[] {
  const gruende: string[] = [];
  if (akte.zugriffsbeschraenkt) {
    for (const z of akte.zugriff) {
      if (z.benutzerId === profil.benutzerId) gruende.push(`namentlich benannt (${z.recht})`);
      else if (z.rolle && profil.rollenSchluessel.includes(`${z.rolle}:${z.oeId ?? "*"}`)) {
        gruende.push(`Rolle ${z.rolle}${z.oeId ? ` in ${oeName(z.oeId)}` : ""} ist benannt (${z.recht})`);
      }
    }
    if (gruende.length === 0 && profil.registratur)
      gruende.push("Registratur: nur die Angaben zur Akte, nicht ihr Inhalt");
    return gruende;
  }
  for (const m of mitgliedschaften) {
    if (m.oeId === akte.federfuehrendeOeId && LESE_ROLLEN.includes(m.rolle))
      gruende.push(`${m.rolle} in der federführenden OE ${oeName(m.oeId)}`);
    else if (akte.beteiligteOeIds.includes(m.oeId) && LESE_ROLLEN.includes(m.rolle))
      gruende.push(`${m.rolle} in der beteiligten OE ${oeName(m.oeId)}`);
  }
  const ueber = [akte.federfuehrendeOeId, ...akte.beteiligteOeIds].filter(
    (oe) =>
      profil.leseOes.includes(oe) &&
      !mitgliedschaften.some((m) => m.oeId === oe && LESE_ROLLEN.includes(m.rolle)),
  );
  for (const oe of ueber) gruende.push(`Leitung einer übergeordneten OE von ${oeName(oe)}`);
  if (profil.registratur) gruende.push("Registratur");
  return gruende;
}
