import type { AppContext } from "../../platform/context.js";
import type { Queryable } from "../../platform/database/database.js";
import { loadActor, findBenutzer } from "../access/index.js";
import { profilFuer } from "./zugriffstor.js";
import { rechteFuer } from "./akten.policy.js";
import * as repo from "./akten.repository.js";

/**
 * Those of `benutzerIds` who may read the content of an Akte, by the one rule (`rechteFuer`).
 * For texts composed for someone other than the current reader (notices, escalations, e-mails):
 * a Vorgang's Betreff or Aktenzeichen goes only to those who could open it. `q` is the caller's
 * transaction when it has just changed the access list.
 */
export async function inhaltLeser(
  ctx: AppContext,
  q: Queryable,
  akteId: string,
  benutzerIds: string[],
): Promise<Set<string>> {
  const daten = await repo.zugriffsdaten(q, akteId);
  const leser = new Set<string>();
  if (!daten) return leser;
  for (const id of new Set(benutzerIds)) {
    const benutzer = await findBenutzer(q, { id });
    if (!benutzer) continue;
    const actor = await loadActor(q, benutzer, "sitzung");
    if (rechteFuer(await profilFuer(ctx, actor), daten).inhaltLesen) leser.add(id);
  }
  return leser;
}
