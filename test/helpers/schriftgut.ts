import type { AppContext } from "../../src/server/platform/context.js";
import { importAktenplanCsv } from "../../src/server/modules/aktenplan/aktenplan.service.js";
import { createOe } from "./factories.js";

/** A small Aktenplan for tests: Bauen (with typed fields), Jugend, Personal (restricted by default). */
export const TEST_AKTENPLAN = `kennzeichen;titel;uebergeordnet;beschreibung;aufbewahrungsfrist;archivwuerdigkeit;zugriffsbeschraenkung;zustaendige_oe;geschlossen;metadatenfelder
6;Bauwesen;;;30;B;nein;;nein;
63;Bauaufsicht;6;;;;nein;63;nein;
63.10;Baugenehmigungen;63;;;;nein;63;nein;"[{""schluessel"":""bauvorhaben"",""bezeichnung"":""Bauvorhaben"",""typ"":""Text"",""pflicht"":true},{""schluessel"":""baukosten"",""bezeichnung"":""Baukosten"",""typ"":""Geldbetrag"",""pflicht"":false},{""schluessel"":""verfahren"",""bezeichnung"":""Verfahren"",""typ"":""Auswahl"",""pflicht"":false,""optionen"":[""vereinfacht"",""regulär""]},{""schluessel"":""bauherr"",""bezeichnung"":""Bauherr"",""typ"":""Person"",""pflicht"":false},{""schluessel"":""eingang"",""bezeichnung"":""Eingang"",""typ"":""Datum"",""pflicht"":false},{""schluessel"":""geschosse"",""bezeichnung"":""Geschosse"",""typ"":""Zahl"",""pflicht"":false}]"
63.20;Vorbescheide;63;;;;nein;63;nein;
63.90;Alte Bauakten;63;;;;nein;63;ja;
5;Jugend;;;10;B;nein;51;nein;
50.10;Ambulante Hilfen;5;;;;ja;51;nein;
0;Allgemeine Verwaltung;;;;;nein;;nein;
02.30;Personalakten;0;;30;B;ja;11;nein;
`;

export async function importTestAktenplan(ctx: AppContext): Promise<void> {
  await importAktenplanCsv(ctx, "system", TEST_AKTENPLAN);
}

/**
 * The county most tests need: Bauaufsicht (63), Jugendamt (51) and Personalamt (11) with the test
 * Aktenplan over them.
 */
export async function testAemterMitAktenplan(ctx: AppContext): Promise<void> {
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  await createOe(ctx, { kuerzel: "51", name: "Jugendamt" });
  await createOe(ctx, { kuerzel: "11", name: "Personalamt" });
  await importTestAktenplan(ctx);
}
