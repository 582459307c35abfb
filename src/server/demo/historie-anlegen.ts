import { Readable } from "node:stream";
import { createBenutzer, getBenutzer, loadActor, resolveOe, type Akteur } from "../modules/access/index.js";
import { schreibeDemoTaetigkeit } from "../modules/protokoll/index.js";
import { legeDemoEingaengeAn } from "../modules/posteingang/index.js";
import { legeDemoAktenAn } from "../modules/schriftgut/index.js";
import {
  beschliesseFortschreibung,
  naechtlicheBerechnung,
  speichereEinfuehrung,
  speichereEntwurf,
  vermerkeDemodaten,
} from "../modules/steuerung/index.js";
import {
  legeDemoGeschaeftsgaengeAn,
  type DemoGeschaeftsgang,
  type DemoWiedervorlage,
} from "../modules/workflow/index.js";
import { heute, plusTage } from "../platform/clock.js";
import type { AppContext } from "../platform/context.js";
import { demoKollegen, demoStrategie, planeHistorie, planeTaetigkeit, rollout } from "./historie.js";
import { mehrseitigesPdf } from "./pdf.js";

async function actorFor(ctx: AppContext, benutzername: string): Promise<Akteur> {
  const { mitgliedschaften: _m, ...benutzer } = await getBenutzer(ctx, benutzername);
  return loadActor(ctx.db, benutzer, "sitzung");
}

/**
 * Two years of plausible, generated history (historie.ts), written in bulk through the owner
 * modules' demo functions, the roll-out recorded by the Stabsstelle, and the Kennzahlen computed
 * from it and marked as demo data.
 */
export async function seedDemoHistorie(ctx: AppContext): Promise<void> {
  for (const u of demoKollegen) {
    // Without a password: they fill the Ämter, nobody signs in as them.
    await createBenutzer(ctx, "system", {
      benutzername: u.benutzername,
      vorname: u.vorname,
      nachname: u.nachname,
      email: `${u.benutzername}@landkreis-demo.example`,
      mitgliedschaften: [{ oe: u.oe, rolle: u.rolle }],
    });
  }
  const tag = heute(ctx.clock);
  const plan = planeHistorie(tag);
  const personen = new Map<string, { id: string; benutzername: string; anzeigename: string }>();
  const person = async (name: string) => {
    if (!personen.has(name)) {
      const b = await getBenutzer(ctx, name);
      personen.set(name, {
        id: b.id,
        benutzername: b.benutzername,
        anzeigename: `${b.vorname} ${b.nachname}`,
      });
    }
    return personen.get(name)!;
  };
  const benutzerId = async (name: string) => (await person(name)).id;
  const oeIds = new Map<string, string>();
  const oeId = async (kuerzel: string) => {
    if (!oeIds.has(kuerzel)) oeIds.set(kuerzel, (await resolveOe(ctx.db, kuerzel, "oe")).id);
    return oeIds.get(kuerzel)!;
  };
  const akten = [];
  for (const a of plan)
    akten.push({
      aktenplaneinheit: a.aktenplaneinheit,
      federfuehrendeOe: a.oe,
      betreff: a.betreff,
      papierablage: a.papierablage,
      erstelltAm: a.erstelltAm,
      erstelltVon: await benutzerId(a.erstelltVon),
      vorgaenge: a.vorgaenge,
    });
  const vorgangIds = await legeDemoAktenAn(ctx, akten);

  const inhalt = mehrseitigesPdf(
    [["Demodaten", "Ein erzeugtes Schreiben für die Vorgeschichte des Demo-Landkreises."]],
    "Demodaten",
  );
  const datei = {
    stored: await ctx.blobs.put(Readable.from([inhalt])),
    dateiname: "Demodaten.pdf",
    originaldateiname: "Demodaten.pdf",
    mimeTyp: "application/pdf",
  };
  const eingaenge = [];
  const gaenge: DemoGeschaeftsgang[] = [];
  const wiedervorlagen: DemoWiedervorlage[] = [];
  for (const [i, a] of plan.entries()) {
    for (const [j, v] of a.vorgaenge.entries()) {
      const vorgangId = vorgangIds[i]![j]!;
      for (const e of v.eingaenge)
        eingaenge.push({
          oe: a.oe,
          kanal: e.kanal,
          betreff: `Demo: ${v.betreff}`,
          erstelltAm: e.erstelltAm,
          registriertAm: e.registriertAm,
          registriertVon: await benutzerId(e.registriertVon),
          qualitaetGeprueftVon: e.qualitaetGeprueft ? "Scanstelle (Demo)" : null,
        });
      if (v.geschaeftsgang.length > 0) {
        const schritte = [];
        for (const s of v.geschaeftsgang)
          schritte.push({
            art: s.art,
            adressat:
              "oe" in s.adressat
                ? { oeId: await oeId(s.adressat.oe), bearbeiterId: await benutzerId(s.adressat.bearbeiter) }
                : { benutzerId: await benutzerId(s.adressat.benutzer) },
            offenSeit: s.offenSeit,
            erledigtAm: s.erledigtAm,
            ...(s.kanal ? { kanal: s.kanal } : {}),
          });
        gaenge.push({ vorgangId, erstellerId: await benutzerId(a.erstelltVon), schritte });
      }
      if (v.wiedervorlage)
        wiedervorlagen.push({
          vorgangId,
          empfaengerId: await benutzerId(v.wiedervorlage.empfaenger),
          datum: v.wiedervorlage.datum,
          erstelltAm: v.erstelltAm,
          erledigtAm: v.wiedervorlage.erledigtAm,
        });
    }
  }
  await legeDemoEingaengeAn(ctx, datei, eingaenge);
  await legeDemoGeschaeftsgaengeAn(ctx, gaenge, wiedervorlagen);

  const stabsstelle = await actorFor(ctx, "steuerung");
  for (const r of rollout(tag))
    await speichereEinfuehrung(ctx, stabsstelle, await oeId(r.oe), {
      welle: r.welle,
      geplantAb: r.geplantAb,
      pilotAb: r.pilotAb,
      produktivAb: r.produktivAb,
      geschultProzent: r.geschultProzent,
    });
  await speichereEntwurf(ctx, stabsstelle, { revision: 0, inhalt: demoStrategie(tag, await oeId("StE")) });
  await beschliesseFortschreibung(ctx, stabsstelle, {
    beschlossenAm: rollout(tag)[0]!.geplantAb,
    notiz: "Beschluss des Kreistages (Demo)",
  });
  const taetigkeit = [];
  for (const t of planeTaetigkeit(tag))
    taetigkeit.push({ zeit: t.zeit, person: await person(t.benutzername) });
  await schreibeDemoTaetigkeit(ctx, taetigkeit);
  const { tage } = await naechtlicheBerechnung(ctx);
  await vermerkeDemodaten(ctx, { von: plusTage(tag, -tage), bis: plusTage(tag, -1) });
}
