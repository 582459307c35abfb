import { istUuid } from "../../platform/pruefungen.js";
import type { AppContext } from "../../platform/context.js";
import type { Queryable } from "../../platform/database/database.js";
import { benutzerIdVon, resolveOe, rollen, type Akteur, type Rolle } from "../access/index.js";
import { rechteFuer } from "./akten.policy.js";
import * as repo from "./akten.repository.js";
import { ungueltigeEingabe } from "./eingabe.js";
import { profilFuer } from "./zugriffstor.js";

/*
 * Input the Akte use cases share: references to users, OEs and other Akten, resolved to ids or
 * refused with a 400 on the field.
 */

/** One entry of an access list as the API takes it: a user, or a role (optionally in one OE). */
export interface ZugriffEingabe {
  benutzer?: string;
  rolle?: Rolle;
  oe?: string | null;
  recht?: "lesen" | "bearbeiten";
}

/** An access list entry resolved to ids. */
export interface AufgeloesterZugriff {
  benutzerId: string | null;
  rolle: string | null;
  oeId: string | null;
  recht: "lesen" | "bearbeiten";
}

/** Resolves an access list; a named user works in the Akte, a role only reads unless told otherwise. */
export async function resolveZugriff(
  tx: Queryable,
  eintraege: ZugriffEingabe[],
): Promise<AufgeloesterZugriff[]> {
  const out = [];
  for (const [i, e] of eintraege.entries()) {
    const feld = `/zugriff/${i}`;
    if ((e.benutzer === undefined) === (e.rolle === undefined))
      throw ungueltigeEingabe([{ feld, meldung: "Entweder ein Benutzer oder eine Rolle angeben." }]);
    if (e.benutzer !== undefined) {
      const benutzerId = await benutzerIdVon(tx, e.benutzer, istUuid(e.benutzer));
      if (!benutzerId)
        throw ungueltigeEingabe([
          { feld: `${feld}/benutzer`, meldung: `Den Benutzer „${e.benutzer}“ gibt es nicht.` },
        ]);
      out.push({ benutzerId, rolle: null, oeId: null, recht: e.recht ?? "bearbeiten" });
    } else {
      if (!rollen.includes(e.rolle!))
        throw ungueltigeEingabe([{ feld: `${feld}/rolle`, meldung: "Unbekannte Rolle." }]);
      const oeId = e.oe ? (await resolveOe(tx, e.oe, `zugriff/${i}/oe`)).id : null;
      out.push({ benutzerId: null, rolle: e.rolle!, oeId, recht: e.recht ?? "lesen" });
    }
  }
  return out;
}

/** Resolves OE references (id or Kürzel) to ids, each once. */
export async function resolveOes(tx: Queryable, refs: string[], feld: string): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, ref] of refs.entries()) ids.push((await resolveOe(tx, ref, `${feld}/${i}`)).id);
  return [...new Set(ids)];
}

/** Resolves an Akte reference (id or Aktenzeichen) that the actor can see; a 400 on the field otherwise. */
export async function findeSichtbareAkte(
  ctx: AppContext,
  actor: Akteur,
  q: Queryable,
  ref: string,
  feld: string,
): Promise<string> {
  const id = await repo.akteIdVon(q, ref, istUuid(ref));
  const daten = id ? await repo.zugriffsdaten(q, id) : undefined;
  if (!daten || !rechteFuer(await profilFuer(ctx, actor), daten).lesen)
    throw ungueltigeEingabe([{ feld, meldung: `Die Akte „${ref}“ wurde nicht gefunden.` }]);
  return daten.id;
}
