import type { Akteur } from "../../../platform/akteur.js";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import type { AppContext } from "../../../platform/context.js";
import { AppError } from "../../../platform/errors.js";
import { version as packageVersion } from "../../../platform/paths.js";
import { importAktenplanCsv, listAktenplan, type AktenplaneinheitMitStand } from "../../aktenplan/index.js";
import { schreibeProtokollInTx } from "../../protokoll/index.js";
import { verlangeXdomeaAustausch } from "../aussonderung.policy.js";
import { XDOMEA_SYSTEM } from "../aussonderung.types.js";
import { schreibeContainer } from "./container.js";
import { wert } from "./import.mapping.js";
import { bucheNachrichtInTx } from "./nachrichtenbuch.js";
import type { Knoten } from "./aufgaben.js";
import { code, el, kopf, nachricht, nachrichtenName, NACHRICHTEN, text } from "./nachrichten.js";
import { schemaDatei, schemafehlerAlsProblem, validiere, type XdomeaVersion } from "./pruefung.js";
import type { EingegangeneNachricht, ImportErgebnis } from "./xdomea.types.js";

/**
 * `Aktenplan.Aktenplan.0301`: the whole Aktenplan as a tree – Kennzeichen, Titel (BetreffKurz),
 * description (Inhaltsangabe), Aussonderungsart and Aufbewahrungsdauer as they apply (inherited
 * values written out), closed units as "stillgelegt".
 */
export async function exportiereAktenplan(
  ctx: AppContext,
  caller: Akteur | "system",
  eingabe: { version?: XdomeaVersion; ziel: string; empfaenger?: string },
): Promise<{ prozessId: string; einheiten: number; datei: string; version: XdomeaVersion }> {
  verlangeXdomeaAustausch(caller);
  const version = eingabe.version ?? "3.0.0";
  const xsd = schemaDatei(ctx.config.xdomeaSchemas, version);
  const { einheiten, stand } = await listAktenplan(ctx, caller);
  const kinder = new Map<string | null, AktenplaneinheitMitStand[]>();
  for (const e of einheiten) kinder.set(e.parentId, [...(kinder.get(e.parentId) ?? []), e]);
  const einheit = (e: AktenplaneinheitMitStand): string =>
    el(
      "Einheit",
      text("Kennzeichen", e.kennzeichen),
      text("Inhaltsangabe", e.beschreibung),
      text("BetreffKurz", e.titel),
      el(
        "Aussonderungsart",
        code("Aussonderungsart", "aussonderungsart", e.wirksam.archivwuerdigkeit ?? "B"),
      ),
      text("Stillgelegt", e.geschlossen ? "1" : "0"),
      el(
        "Aufbewahrungsdauer",
        e.wirksam.unbefristet
          ? text("Unbefristet", "1")
          : text("AnzahlJahre", String(e.wirksam.aufbewahrungsfrist ?? 0)),
      ),
      (kinder.get(e.id) ?? []).map(einheit),
    );
  const prozessId = randomUUID();
  const xml = nachricht(
    version,
    NACHRICHTEN["0301"],
    kopf({
      prozessId,
      nachrichtentyp: "0301",
      erstellt: ctx.clock.now(),
      absender: ctx.config.behoerde,
      empfaenger: eingabe.empfaenger ?? "Empfangende Behörde",
      produktVersion: packageVersion,
      bestaetigungen: ["Empfangsbestaetigung"],
    }),
    el(
      "Aktenplan",
      text("Bezeichnung", `Aktenplan ${ctx.config.behoerde}`),
      text("Version", String(stand)),
      (kinder.get(null) ?? []).map(einheit),
    ),
  );
  const fehler = await validiere(xml, xsd);
  if (fehler.length) throw schemafehlerAlsProblem(fehler, version);
  async function* keine(): AsyncGenerator<never> {}
  await schreibeContainer(eingabe.ziel, nachrichtenName(prozessId, NACHRICHTEN["0301"]), xml, keine());
  await ctx.db.transaction(async (tx) => {
    await bucheNachrichtInTx(ctx, tx, caller, {
      prozessId,
      nachrichtentyp: "0301",
      richtung: "aus",
      version,
      sha256: createHash("sha256").update(xml).digest("hex"),
      inhalt: [{ einheiten: einheiten.length }],
    });
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      systemName: XDOMEA_SYSTEM,
      aktion: "xdomea.exportiert",
      objektArt: "aktenplan",
      objektId: prozessId,
      details: { nachricht: "0301", version, einheiten: einheiten.length },
    });
  });
  await fs.stat(eingabe.ziel);
  return { prozessId, einheiten: einheiten.length, datei: eingabe.ziel, version };
}

/**
 * The units of a 0301 message as rows of our Aktenplan CSV, so the import takes the same way with
 * the same checks (all or nothing, every problem named): values equal to the parent's are left
 * empty and thus inherited again.
 */
export function aktenplanAlsCsv(
  aktenplan: Knoten,
  wert: (k: unknown, ...p: string[]) => string | null,
): string {
  const zeilen = [
    "kennzeichen;titel;uebergeordnet;beschreibung;aufbewahrungsfrist;archivwuerdigkeit;zugriffsbeschraenkung;zustaendige_oe;geschlossen;metadatenfelder",
  ];
  const feld = (v: string | null) => {
    const s = (v ?? "").replace(/\r?\n/g, " ");
    return /[;"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const liste = (v: unknown): Knoten[] => (Array.isArray(v) ? (v as Knoten[]) : v ? [v as Knoten] : []);
  const besuche = (
    e: Knoten,
    eltern: { kennzeichen: string; frist: string; art: string } | null,
    tiefe: number,
  ) => {
    if (tiefe > 30) throw new AppError("ungueltige_eingabe", "Der Aktenplan ist tiefer als 30 Ebenen.");
    const kennzeichen = wert(e, "Kennzeichen");
    if (!kennzeichen)
      throw new AppError("ungueltige_eingabe", "Eine Einheit des Aktenplans hat kein Kennzeichen.");
    const frist = wert(e, "Aufbewahrungsdauer", "Unbefristet")
      ? "unbefristet"
      : (wert(e, "Aufbewahrungsdauer", "AnzahlJahre") ?? "");
    const art = wert(e, "Aussonderungsart", "Aussonderungsart") ?? "";
    zeilen.push(
      [
        feld(kennzeichen),
        feld(wert(e, "BetreffKurz") ?? wert(e, "Inhaltsangabe") ?? kennzeichen),
        feld(eltern?.kennzeichen ?? ""),
        feld(wert(e, "BetreffKurz") ? wert(e, "Inhaltsangabe") : ""),
        feld(eltern && eltern.frist === frist ? "" : frist),
        feld(eltern && eltern.art === art ? "" : art),
        "nein",
        "",
        ["1", "true"].includes(wert(e, "Stillgelegt") ?? "") ? "ja" : "nein",
        "",
      ].join(";"),
    );
    for (const k of liste(e.Einheit)) besuche(k, { kennzeichen, frist, art }, tiefe + 1);
  };
  for (const e of liste(aktenplan.Einheit)) besuche(e, null, 0);
  return `${zeilen.join("\n")}\n`;
}

/**
 * `Aktenplan.Aktenplan.0301` coming in: the units take the way of the CSV import (same checks, all
 * or nothing), then the message is booked.
 */
export async function importiereAktenplanNachricht(
  ctx: AppContext,
  caller: Akteur | "system",
  n: EingegangeneNachricht,
): Promise<ImportErgebnis> {
  const plan = n.knoten.Aktenplan as Knoten;
  const bericht = await importAktenplanCsv(ctx, caller, aktenplanAlsCsv(plan, wert));
  await ctx.db.transaction(async (tx) => {
    await bucheNachrichtInTx(ctx, tx, caller, {
      prozessId: n.prozessId,
      nachrichtentyp: "0301",
      richtung: "ein",
      version: n.version,
      sha256: n.sha256,
      inhalt: [bericht],
    });
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      systemName: XDOMEA_SYSTEM,
      aktion: "xdomea.importiert",
      objektArt: "aktenplan",
      objektId: n.prozessId,
      details: { nachricht: "0301", version: n.version, sha256: n.sha256 },
    });
  });
  return {
    nachrichtentyp: n.typ,
    prozessId: n.prozessId,
    version: n.version,
    akten: [],
    hinweis: `Aktenplan „${wert(plan, "Bezeichnung") ?? ""}“ übernommen: ${bericht.angelegt} Einheit(en) angelegt, ${bericht.geaendert} geändert, ${bericht.unveraendert} unverändert.`,
  };
}
