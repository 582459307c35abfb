import { Readable } from "node:stream";
import type { AppContext } from "../../platform/context.js";
import { heute } from "../../platform/clock.js";
import { AppError } from "../../platform/errors.js";
import { getBenutzer, loadActor, type Akteur } from "../access/index.js";
import { createDokument, profilFuer, requireVorgang, vorgaengeZurAuswahl } from "../schriftgut/index.js";
import type { AuswahlEintrag } from "../../../shared/api/auswahl.schema.js";
import { uebersicht } from "./abfrage.service.js";
import { berichtAlsPdf } from "./bericht.pdf.js";
import * as repo from "./steuerung.repository.js";

export const JOB_BERICHT = "kennzahlen-bericht";
export type Turnus = "aus" | "monatlich" | "quartalsweise";

export interface BerichtEinstellung {
  vorgangId: string;
  /** The Vorgang as the picker names it (Zeichen, Betreff), if the reader may see it. */
  vorgang: AuswahlEintrag | null;
  turnus: Turnus;
  letzterZeitraum: string | null;
}

export interface AbgelegterBericht {
  dokumentId: string;
  vorgangId: string;
  titel: string;
  zeitraum: { von: string; bis: string };
}

/** Where the Verwaltungsbericht goes and how often; null while the Steuerung has not said. */
export async function berichtEinstellung(ctx: AppContext, actor: Akteur): Promise<BerichtEinstellung | null> {
  const e = await repo.berichtEinstellung(ctx.db);
  if (!e) return null;
  // The picker's own query, so the name follows the same visibility rule as every list.
  const [gefunden] = await vorgaengeZurAuswahl(ctx.db, await profilFuer(ctx, actor), "", {
    limit: 1,
    nurOffene: false,
    zuerst: [e.vorgangId],
  });
  return {
    vorgangId: e.vorgangId,
    vorgang: gefunden?.id === e.vorgangId ? gefunden : null,
    turnus: e.turnus,
    letzterZeitraum: e.letzterZeitraum,
  };
}

/**
 * The Steuerung names the Vorgang (in an Akte of the Stabsstelle) the reports are filed into and
 * the schedule. It must itself be allowed to add Dokumente there: scheduled reports are filed with
 * its rights.
 */
export async function setzeBerichtEinstellung(
  ctx: AppContext,
  actor: Akteur,
  eingabe: { vorgangId: string; turnus: Turnus },
): Promise<BerichtEinstellung> {
  await requireVorgang(ctx, actor, eingabe.vorgangId, "dokumentAnlegen");
  await repo.speichereBerichtEinstellung(
    ctx.db,
    { ...eingabe, eingerichtetVon: actor.benutzer.id },
    ctx.clock.now(),
  );
  return (await berichtEinstellung(ctx, actor))!;
}

/**
 * Makes the Verwaltungsbericht E-Government for the months [von, bis] (YYYY-MM) from what `actor`
 * may see of the county (the suppression applies as on the dashboard) and files it as a Dokument
 * into the configured Vorgang, as `actor`.
 */
export async function erstelleBericht(
  ctx: AppContext,
  actor: Akteur,
  anfrage: { von: string; bis: string },
): Promise<AbgelegterBericht> {
  if (!actor.mitgliedschaften.some((m) => m.rolle === "Steuerung"))
    throw new AppError(
      "keine_berechtigung",
      "Den Verwaltungsbericht erstellt die Stabsstelle (Rolle Steuerung).",
    );
  const e = await repo.berichtEinstellung(ctx.db);
  if (!e)
    throw new AppError(
      "konflikt",
      "Bitte zuerst festlegen, in welchen Vorgang der Stabsstelle der Verwaltungsbericht abgelegt wird.",
    );
  const u = await uebersicht(ctx, actor, anfrage);
  const pdf = await berichtAlsPdf({
    behoerde: ctx.config.behoerde,
    erstelltAm: ctx.clock.now(),
    uebersicht: u,
  });
  const stored = await ctx.blobs.put(Readable.from([pdf]));
  const zeitraum =
    u.zeitraum.von === u.zeitraum.bis ? u.zeitraum.von : `${u.zeitraum.von} bis ${u.zeitraum.bis}`;
  const titel = `Verwaltungsbericht E-Government ${zeitraum}`;
  const dateiname = `Verwaltungsbericht-E-Government-${u.zeitraum.von}-${u.zeitraum.bis}.pdf`;
  const dokument = await createDokument(
    ctx,
    actor,
    e.vorgangId,
    { typ: "Vermerk", titel },
    { stored, dateiname, originaldateiname: dateiname, mimeTyp: "application/pdf" },
    "Verwaltungsbericht E-Government für den Kreistag",
  );
  return { dokumentId: dokument.id, vorgangId: e.vorgangId, titel, zeitraum: u.zeitraum };
}

/**
 * The scheduled report: once the month (or quarter) is over, the report on it is made and filed,
 * once, with the rights of whoever set up the schedule. Returns the period reported on, if any.
 */
export async function planmaessigerBericht(ctx: AppContext): Promise<string | null> {
  const e = await repo.berichtEinstellung(ctx.db);
  if (!e || e.turnus === "aus") return null;
  const [j, m] = heute(ctx.clock).split("-").map(Number) as [number, number];
  const vorMonat = m === 1 ? { j: j - 1, m: 12 } : { j, m: m - 1 };
  let zeitraum: string;
  let von: string;
  let bis: string;
  const mm = (n: number) => String(n).padStart(2, "0");
  if (e.turnus === "monatlich") {
    zeitraum = `${vorMonat.j}-${mm(vorMonat.m)}`;
    von = bis = zeitraum;
  } else {
    const q = Math.floor((vorMonat.m - 1) / 3) + 1;
    // Only when the month before was a quarter's last.
    if (vorMonat.m % 3 !== 0) return null;
    zeitraum = `${vorMonat.j}-Q${q}`;
    von = `${vorMonat.j}-${mm(3 * q - 2)}`;
    bis = `${vorMonat.j}-${mm(3 * q)}`;
  }
  if (e.letzterZeitraum === zeitraum) return null;
  const { mitgliedschaften: _m, ...benutzer } = await getBenutzer(ctx, e.eingerichtetVon);
  const actor = await loadActor(ctx.db, benutzer, "sitzung");
  await erstelleBericht(ctx, actor, { von, bis });
  await repo.merkeBerichtszeitraum(ctx.db, zeitraum);
  return zeitraum;
}
