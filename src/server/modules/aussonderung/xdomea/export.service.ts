import { createHash, randomUUID } from "node:crypto";
import type { Akteur } from "../../../platform/akteur.js";
import { heute } from "../../../platform/clock.js";
import type { AppContext } from "../../../platform/context.js";
import { AppError, nichtGefunden } from "../../../platform/errors.js";
import { version as packageVersion } from "../../../platform/paths.js";
import { kennzeichenDerEinheiten } from "../../aktenplan/index.js";
import { schreibeProtokollInTx } from "../../protokoll/index.js";
import {
  aktenZumAustausch,
  inhaltZumAustausch,
  requireAkte,
  type AkteZumAustausch,
} from "../../schriftgut/index.js";
import { verlangeXdomeaAustausch } from "../aussonderung.policy.js";
import * as repo from "../aussonderung.repository.js";
import { XDOMEA_SYSTEM } from "../aussonderung.types.js";
import { schreibeContainer } from "./container.js";
import { primaerName, schriftgutobjekteXml, type Ausfuhr } from "./export.mapping.js";
import { kopf, nachricht, nachrichtenName, NACHRICHTEN, type Kopfdaten } from "./nachrichten.js";
import { bucheNachrichtInTx } from "./nachrichtenbuch.js";
import { schemaDatei, schemafehlerAlsProblem, validiere, type XdomeaVersion } from "./pruefung.js";
import type { ExportErgebnis } from "./xdomea.types.js";

type Ausfuhrart = Ausfuhr["nachricht"];

/** The confirmations a message asks its receiver for. */
const BESTAETIGUNGEN: Record<Ausfuhrart, Kopfdaten["bestaetigungen"]> = {
  "0501": ["Empfangsbestaetigung"],
  "0503": ["Importbestaetigung", "RueckmeldungArchivkennung", "Empfangsbestaetigung"],
  "0401": ["Importbestaetigung", "Empfangsbestaetigung"],
};

/** The Akten by Aktenzeichen; every one must exist. */
async function ladeAkten(ctx: AppContext, aktenzeichen: string[]): Promise<AkteZumAustausch[]> {
  if (!aktenzeichen.length)
    throw new AppError("ungueltige_eingabe", "Bitte mindestens eine Akte angeben.", {
      fehler: [{ feld: "/akten", meldung: "Aktenzeichen fehlt." }],
    });
  const akten = await aktenZumAustausch(ctx.db, aktenzeichen);
  const fehlend = aktenzeichen.filter((z) => !akten.some((a) => a.aktenzeichen === z));
  if (fehlend.length) throw nichtGefunden(`Die Akte ${fehlend.join(", ")}`);
  return akten;
}

/** The caller may read every Akte's content, and nothing under Löschsperre leaves by Aussonderung. */
async function pruefeFreigabe(
  ctx: AppContext,
  caller: Akteur | "system",
  akten: AkteZumAustausch[],
  art: Ausfuhrart,
  tag: string,
): Promise<void> {
  const gesperrt =
    art === "0401"
      ? new Set<string>()
      : await repo.gesperrteAkten(
          ctx.db,
          akten.map((a) => a.id),
          tag,
        );
  for (const a of akten) {
    if (caller !== "system") await requireAkte(ctx, caller, a.id, "inhaltLesen");
    if (gesperrt.has(a.id))
      throw new AppError(
        "konflikt",
        `Die Akte ${a.aktenzeichen} steht unter Löschsperre und wird nicht ausgesondert.`,
      );
  }
}

/** Everything the message says: content from Schriftgut, Kennzeichen from the Aktenplan, our retention. */
async function ladeAusfuhr(
  ctx: AppContext,
  akten: AkteZumAustausch[],
  art: Ausfuhrart,
  tag: string,
): Promise<Ausfuhr> {
  const ids = akten.map((a) => a.id);
  const aufbewahrung = await repo.aufbewahrungDerAkten(ctx.db, tag, ids);
  const kennzeichen = await kennzeichenDerEinheiten(ctx.db, [
    ...new Set(akten.map((a) => a.aktenplaneinheitId)),
  ]);
  const inhalt = await inhaltZumAustausch(ctx.db, ids);
  return {
    nachricht: art,
    akten,
    kennzeichen,
    aufbewahrung: new Map(aufbewahrung.map((x) => [x.akteId, x])),
    vorgaenge: inhalt.vorgaenge,
    dokumente: inhalt.dokumente,
    versionen: art === "0501" ? null : inhalt.versionen,
  };
}

/** The message for the Ausfuhr, checked against the official XSD. */
async function baueNachricht(
  ctx: AppContext,
  aus: Ausfuhr,
  kopfdaten: { prozessId: string; version: XdomeaVersion; xsd: string; empfaenger?: string },
): Promise<string> {
  const xml = nachricht(
    kopfdaten.version,
    NACHRICHTEN[aus.nachricht],
    kopf({
      prozessId: kopfdaten.prozessId,
      nachrichtentyp: aus.nachricht,
      erstellt: ctx.clock.now(),
      absender: ctx.config.behoerde,
      empfaenger: kopfdaten.empfaenger ?? (aus.nachricht === "0401" ? "Empfangende Behörde" : "Archiv"),
      produktVersion: packageVersion,
      bestaetigungen: BESTAETIGUNGEN[aus.nachricht],
    }),
    schriftgutobjekteXml(aus),
  );
  const fehler = await validiere(xml, kopfdaten.xsd);
  if (fehler.length) throw schemafehlerAlsProblem(fehler, kopfdaten.version);
  return xml;
}

/** The message goes into the Nachrichtenbuch and every Akte's Protokoll. */
async function verbucheAusfuhr(
  ctx: AppContext,
  caller: Akteur | "system",
  aus: Ausfuhr,
  n: { prozessId: string; version: XdomeaVersion; xml: string },
): Promise<void> {
  const sha256 = createHash("sha256").update(n.xml).digest("hex");
  await ctx.db.transaction(async (tx) => {
    await bucheNachrichtInTx(ctx, tx, caller, {
      prozessId: n.prozessId,
      nachrichtentyp: aus.nachricht,
      richtung: "aus",
      version: n.version,
      sha256,
      inhalt: aus.akten.map((a) => ({ akteId: a.id, kennzeichen: a.aktenzeichen, betreff: a.betreff })),
    });
    for (const a of aus.akten)
      await schreibeProtokollInTx(tx, ctx.clock, {
        akteur: caller,
        systemName: XDOMEA_SYSTEM,
        aktion: "xdomea.exportiert",
        objektArt: "akte",
        objektId: a.id,
        details: { akteId: a.id, prozessId: n.prozessId, nachricht: aus.nachricht, version: n.version },
      });
  });
}

/**
 * Exports Akten as an xdomea message into a container file: 0501 (Anbieteverzeichnis, metadata and
 * the Bewertungsvorschlag), 0503 (Aussonderung with all versions of every primary document) or
 * 0401 (Abgabe to another authority). Nothing under Löschsperre leaves by Aussonderung. The message
 * is checked against the official XSD before it is written.
 */
export async function exportiere(
  ctx: AppContext,
  caller: Akteur | "system",
  eingabe: {
    aktenzeichen: string[];
    nachricht: Ausfuhrart;
    version?: XdomeaVersion;
    ziel: string;
    empfaenger?: string;
  },
): Promise<ExportErgebnis> {
  verlangeXdomeaAustausch(caller);
  const version = eingabe.version ?? "3.0.0";
  const xsd = schemaDatei(ctx.config.xdomeaSchemas, version);
  const akten = await ladeAkten(ctx, eingabe.aktenzeichen);
  const tag = heute(ctx.clock);
  await pruefeFreigabe(ctx, caller, akten, eingabe.nachricht, tag);
  const aus = await ladeAusfuhr(ctx, akten, eingabe.nachricht, tag);
  const prozessId = randomUUID();
  const xml = await baueNachricht(ctx, aus, { prozessId, version, xsd, empfaenger: eingabe.empfaenger });
  const dateien = aus.versionen ?? [];
  async function* inhalte() {
    for (const v of dateien) yield { name: primaerName(v), inhalt: await ctx.blobs.get(v.sha256) };
  }
  const wurzel = NACHRICHTEN[eingabe.nachricht];
  const bytes = await schreibeContainer(eingabe.ziel, nachrichtenName(prozessId, wurzel), xml, inhalte());
  await verbucheAusfuhr(ctx, caller, aus, { prozessId, version, xml });
  return {
    prozessId,
    nachrichtentyp: eingabe.nachricht,
    version,
    datei: eingabe.ziel,
    bytes,
    akten: akten.length,
    dokumente: aus.versionen ? aus.dokumente.length : 0,
    versionen: dateien.length,
  };
}
