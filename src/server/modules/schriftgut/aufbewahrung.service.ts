import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import type { Akteur } from "../access/index.js";
import { loescheInhalte } from "../content/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { protokolliereSchriftgutInTx } from "./protokollierung.js";
import type { AkteStatus } from "./akten.types.js";
import * as repo from "./aufbewahrung.repository.js";

/**
 * Overrides Frist and/or Archivwürdigkeit of one Akte (null: inherited from the Aktenplan again),
 * and records it. The caller has checked who may and that the Akte is visible.
 */
export async function setzeAufbewahrungInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  akteId: string,
  eingabe: {
    aufbewahrungsfrist: number | null;
    archivwuerdigkeit: "A" | "B" | "V" | null;
    /** As given; stored only with an override. */
    begruendung: string;
  },
): Promise<void> {
  const abweichend = eingabe.aufbewahrungsfrist !== null || eingabe.archivwuerdigkeit !== null;
  await repo.setzeAufbewahrung(
    tx,
    akteId,
    {
      aufbewahrungsfrist: eingabe.aufbewahrungsfrist,
      archivwuerdigkeit: eingabe.archivwuerdigkeit,
      begruendung: abweichend ? eingabe.begruendung : null,
    },
    ctx.clock.now(),
  );
  await protokolliereSchriftgutInTx(
    ctx,
    tx,
    actor,
    "akte.aufbewahrung_geaendert",
    { art: "akte", id: akteId },
    akteId,
    {
      aufbewahrungsfrist: eingabe.aufbewahrungsfrist,
      archivwuerdigkeit: eingabe.archivwuerdigkeit,
      begruendung: eingabe.begruendung,
    },
  );
}

/** Locks the Akte until commit and tells its status; undefined when there is no such Akte. */
export async function lockAkteInTx(tx: Tx, akteId: string): Promise<AkteStatus | undefined> {
  return repo.lockAkteStatus(tx, akteId);
}

/** Why an Akte's content goes: the archive's decision in an Aussonderung, and who carried it out. */
export interface Aussonderungsgrund {
  entscheidung: "A" | "V";
  archiv: string;
  prozessId: string;
  wer: Akteur | "system";
  /** How the system names itself in the Protokoll when it acts. */
  systemName: string;
}

/**
 * Deletes the content of an Akte after its Aussonderung: Vorgänge, Dokumente, versions and what
 * content derived from them; modules above hear "dokumente.entfernt" and "vorgaenge.entfernt"
 * first (search entries, Posteingang references, Geschäftsgänge, Wiedervorlagen). The Akte stays
 * as "ausgesondert", and the Protokoll records it. The caller holds the Akte's lock
 * (`lockAkteInTx`) and has decided it may go. Returns what went and the blobs that no longer
 * belong to it, for the caller to release.
 */
export async function loescheInhaltDerAkteInTx(
  ctx: AppContext,
  tx: Tx,
  akteId: string,
  grund: Aussonderungsgrund,
): Promise<{ vorgaenge: number; dokumente: number; versionen: number; blobs: string[] }> {
  const inhalt = await repo.inhaltDerAkte(tx, akteId);
  if (inhalt.dokumente.length)
    await ctx.ereignisse.sende(tx, { art: "dokumente.entfernt", dokumentIds: inhalt.dokumente });
  if (inhalt.vorgaenge.length)
    await ctx.ereignisse.sende(tx, { art: "vorgaenge.entfernt", vorgangIds: inhalt.vorgaenge });
  const abgeleitet = await loescheInhalte(tx, inhalt.dokumente, inhalt.blobs);
  await repo.loescheInhalt(tx, akteId, inhalt, ctx.clock.now());
  await schreibeProtokollInTx(tx, ctx.clock, {
    akteur: grund.wer,
    systemName: grund.systemName,
    aktion: "akte.inhalt_geloescht",
    objektArt: "akte",
    objektId: akteId,
    details: {
      akteId,
      aktenzeichen: inhalt.aktenzeichen,
      entscheidung: grund.entscheidung,
      archiv: grund.archiv,
      prozessId: grund.prozessId,
      vorgaenge: inhalt.vorgaenge.length,
      dokumente: inhalt.dokumente.length,
    },
  });
  return {
    vorgaenge: inhalt.vorgaenge.length,
    dokumente: inhalt.dokumente.length,
    versionen: inhalt.versionen,
    blobs: [...new Set([...inhalt.blobs, ...abgeleitet])],
  };
}
