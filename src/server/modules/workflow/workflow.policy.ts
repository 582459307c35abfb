import { hatRolle, type Akteur, type Rolle } from "../access/index.js";
import type { Zugriffsprofil } from "../schriftgut/index.js";
import {
  AKTIONEN_JE_ART,
  type Aktion,
  type Geschaeftsgang,
  type Person,
  type SchrittArt,
  type SchrittStatus,
} from "./workflow.types.js";

// Who may do what in the workflow: pure functions over the Akteur and rows already loaded. The
// gate to the Vorgang itself (who reads it, who may start a route on it) is Schriftgut's.

/** The OEs whose Postkorb a user works: those where they are Sachbearbeitung or Leitung. */
export function arbeitsOes(actor: Pick<Akteur, "mitgliedschaften">): string[] {
  return actor.mitgliedschaften
    .filter((m) => m.rolle === "Sachbearbeitung" || m.rolle === "Leitung")
    .map((m) => m.oeId);
}

/** Who the actor is in a Geschäftsgang: their OEs (for OE steps) and whom they stand in for today. */
export interface RolleImGang {
  actor: Akteur;
  oes: string[];
  vertretene: Person[];
}

/** The addressee of a step and who took it, as far as deciding who may act on it needs. */
export interface SchrittAdressat {
  adressat_benutzer_id: string | null;
  adressat_oe_id: string | null;
  bearbeiter_id: string | null;
}

/**
 * Whether the actor may act on an open step, and for whom ("i. V." when deputising): a step to a
 * person is theirs or their deputy's; a step to an OE that someone took is that person's (or
 * their deputy's); an OE step nobody took is for every clerk and Leitung of the OE.
 */
export function zustaendigkeit(rolle: RolleImGang, s: SchrittAdressat): { ivFuer: Person | null } | null {
  const ich = rolle.actor.benutzer.id;
  const vertreten = (id: string | null) => rolle.vertretene.find((p) => p.id === id) ?? null;
  if (s.adressat_benutzer_id) {
    if (s.adressat_benutzer_id === ich) return { ivFuer: null };
    const fuer = vertreten(s.adressat_benutzer_id);
    return fuer ? { ivFuer: fuer } : null;
  }
  if (s.bearbeiter_id) {
    if (s.bearbeiter_id === ich) return { ivFuer: null };
    const fuer = vertreten(s.bearbeiter_id);
    return fuer ? { ivFuer: fuer } : null;
  }
  return rolle.oes.includes(s.adressat_oe_id!) ? { ivFuer: null } : null;
}

/** Why an action on a step may not be taken now. */
export type AktionsHindernis =
  | "gang_beendet"
  | "noch_nicht_dran"
  | "schon_erledigt"
  | "passt_nicht"
  | "schon_uebernommen"
  | "nicht_zustaendig";

/**
 * Whether the actor may take `aktion` on a step now: the route runs, the step is open, the action
 * fits its kind, and it is addressed to them (or to whom they stand in for). Null when they may.
 */
export function hindernisFuerAktion(
  gang: { status: Geschaeftsgang["status"] },
  schritt: SchrittAdressat & { status: SchrittStatus; art: SchrittArt },
  aktion: Aktion,
  rolle: RolleImGang,
): AktionsHindernis | null {
  if (gang.status !== "laufend") return "gang_beendet";
  if (schritt.status !== "offen") return schritt.status === "wartend" ? "noch_nicht_dran" : "schon_erledigt";
  if (!AKTIONEN_JE_ART[schritt.art].includes(aktion)) return "passt_nicht";
  if (zustaendigkeit(rolle, schritt)) return null;
  if (schritt.adressat_oe_id && schritt.bearbeiter_id && rolle.oes.includes(schritt.adressat_oe_id))
    return "schon_uebernommen";
  return "nicht_zustaendig";
}

/** Why an open OE step may not be taken into one's own Postkorb. */
export type UebernahmeHindernis = "nicht_offen" | "an_person" | "schon_uebernommen" | "andere_oe";

/** Whether the actor may take an OE step: open, not yet taken, and in the Postkorb of their OE. */
export function hindernisFuerUebernahme(
  gang: { status: Geschaeftsgang["status"] },
  schritt: SchrittAdressat & { status: SchrittStatus },
  rolle: RolleImGang,
): UebernahmeHindernis | null {
  if (schritt.status !== "offen" || gang.status !== "laufend") return "nicht_offen";
  if (!schritt.adressat_oe_id) return "an_person";
  if (schritt.bearbeiter_id) return "schon_uebernommen";
  if (!rolle.oes.includes(schritt.adressat_oe_id)) return "andere_oe";
  return null;
}

/**
 * The route belongs to the federführende OE: its Ersteller, the OE's clerks and its Leitung (and
 * Leitungen above) may change it (insert, skip, reorder, cancel); OEs that only take part through
 * the route may not.
 */
export function darfLaufwegAendern(
  actor: Akteur,
  gang: { ersteller_id: string; federfuehrende_oe_id: string },
  profil: Zugriffsprofil,
): boolean {
  if (gang.ersteller_id === actor.benutzer.id) return true;
  const leitungOben =
    actor.mitgliedschaften.some((m) => m.rolle === "Leitung") &&
    profil.leseOes.includes(gang.federfuehrende_oe_id);
  return profil.schreibOes.includes(gang.federfuehrende_oe_id) || leitungOben;
}

/** A rule of Zeichnungsbefugnis: this role (in this OE, or in any) zeichnet for this part of the Aktenplan. */
export interface ZeichnungsRegel {
  rolle: Rolle;
  oe_id: string | null;
  aktenplan_praefix: string | null;
}

/**
 * Whether a user may zeichnen in a Vorgang: a rule for one of their roles covers the Aktenplan
 * unit (`kennzeichen`), and the membership is in the federführende OE or above it (`oeKette`: a
 * Leitung zeichnet for the OEs below). A rule bound to an OE only counts for that OE's members.
 */
export function hatZeichnungsbefugnis(
  regeln: ZeichnungsRegel[],
  mitgliedschaften: { oeId: string; rolle: Rolle }[],
  oeKette: string[],
  kennzeichen: string,
): boolean {
  return regeln.some((z) =>
    mitgliedschaften.some(
      (m) =>
        m.rolle === z.rolle &&
        oeKette.includes(m.oeId) &&
        (z.oe_id === null || z.oe_id === m.oeId) &&
        (z.aktenplan_praefix === null ||
          kennzeichen === z.aktenplan_praefix ||
          wieLike(kennzeichen, `${z.aktenplan_praefix}.%`)),
    ),
  );
}

/** `text LIKE muster` as PostgreSQL decides it: `%` any text, `_` one character, `\` escapes. */
export function wieLike(text: string, muster: string): boolean {
  let re = "";
  for (let i = 0; i < muster.length; i++) {
    const c = muster[i]!;
    if (c === "\\" && i + 1 < muster.length) re += escapeRegExp(muster[++i]!);
    else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += escapeRegExp(c);
  }
  return new RegExp(`^${re}$`, "u").test(text);
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Zeichnungsbefugnisse are set by the Administration. */
export function darfZeichnungsbefugnisPflegen(actor: Akteur): boolean {
  return hatRolle(actor, "Administration");
}

/** Laufwegvorlagen of an OE are made by its Leitung, those for all OEs by the Administration. */
export function darfLaufwegvorlageAnlegen(actor: Akteur, oeId: string | null): boolean {
  return hatRolle(actor, "Administration") || (oeId !== null && hatRolle(actor, "Leitung", oeId));
}

/** An OE's Postkorb is seen by those who work in the OE, and by the Posteingang. */
export function darfOePostkorbSehen(actor: Akteur, oeId: string): boolean {
  return arbeitsOes(actor).includes(oeId) || hatRolle(actor, "Posteingang");
}

/** The Posteingang role sees new items of every OE in its own Postkorb; others those of their OEs. */
export function siehtGanzenPosteingang(actor: Akteur): boolean {
  return hatRolle(actor, "Posteingang");
}

/**
 * A Wiedervorlage for someone else is working on the Akte: a reader (role Lesen) may only remind
 * themselves.
 */
export function darfWiedervorlageFuerAndere(rechte: { bearbeiten: boolean }): boolean {
  return rechte.bearbeiten;
}

/** A Wiedervorlage is done by its recipient (or their deputy) or by whoever set it. */
export function darfWiedervorlageErledigen(
  actor: Akteur,
  w: { empfaenger_id: string; erstellt_von: string },
  vertretene: string[],
): boolean {
  return (
    w.empfaenger_id === actor.benutzer.id ||
    w.erstellt_von === actor.benutzer.id ||
    vertretene.includes(w.empfaenger_id)
  );
}

/** What is shown instead of Zeichen and Betreff of a Vorgang to someone who may not read its Akte. */
export const VERDECKT = "Vorgang in einer zugriffsbeschränkten Akte";
