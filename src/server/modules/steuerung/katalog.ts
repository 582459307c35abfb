import type { KennzahlBereich } from "../../../shared/steuerung.js";

/**
 * The Kennzahlenkatalog: every figure the Steuerung computes, with its written definition, its
 * source, who sees it and since when. It is the text a Dienstvereinbarung cites; the Personalrat
 * reads it, and each change to it is written to the Protokoll and notified to the Personalrat
 * (katalog.service.ts). No figure describes a single person: every one is counted per OE, and the
 * reading side suppresses groups of fewer than five people (unterdrueckung.ts).
 */
export type KennzahlArt = "anteil" | "anzahl" | "dauer" | "bestand";

export interface Kennzahl {
  schluessel: string;
  name: string;
  bereich: KennzahlBereich;
  art: KennzahlArt;
  definition: string;
  quelle: string;
  /** Who sees the figure, in the words of the Dienstvereinbarung. */
  sichtbarFuer: string;
  /** Since when it is computed (YYYY-MM-DD). */
  seit: string;
}

const SICHTBAR =
  "Stabsstelle E-Government (Rolle Steuerung), Landrat und Dezernenten für den ganzen Kreis, eine Leitung für ihre OE und darunter; nur für Gruppen ab fünf Personen.";
const SEIT = "2026-12-01";
/** Mobile work and the Aussonderung joined the catalogue a day later. */
const SEIT_MOBIL_AUSSONDERUNG = "2026-12-02";

export const KATALOG: readonly Kennzahl[] = [
  {
    schluessel: "akten.elektronisch",
    name: "Neue Akten elektronisch geführt",
    bereich: "Digitalisierung",
    art: "anteil",
    definition:
      "Anteil der im Zeitraum angelegten Akten ohne Papierablage (rein elektronisch) an allen angelegten Akten; Hybridakten haben eine Papierablage. Zugeordnet der federführenden OE.",
    quelle: "Akten (Anlagedatum, Papierablage)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
  ...(["scan", "email", "upload", "api"] as const).map((kanal): Kennzahl => ({
    schluessel: `eingaenge.${kanal}`,
    name: `Eingänge über ${{ scan: "Scan", email: "E-Mail", upload: "Hochladen", api: "Schnittstelle" }[kanal]}`,
    bereich: "Digitalisierung",
    art: "anzahl",
    definition: `Zahl der im Zeitraum im Posteingang einer OE angekommenen Eingänge über den Kanal „${{ scan: "Scan", email: "E-Mail", upload: "Hochladen", api: "Schnittstelle (API)" }[kanal]}“.`,
    quelle: "Posteingang (Eingangskanal, Eingangszeit)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  })),
  {
    schluessel: "vorgaenge.ohne_papier",
    name: "Vorgänge ohne Papier abgeschlossen",
    bereich: "Digitalisierung",
    art: "anteil",
    definition:
      "Anteil der im Zeitraum zu den Akten verfügten (zdA) Vorgänge, deren Akte keine Papierablage hat, an allen zdA verfügten Vorgängen.",
    quelle: "Vorgänge (zdA-Datum), Akten (Papierablage)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
  {
    schluessel: "eingang.zu_den_akten",
    name: "Vom Eingang zu den Akten",
    bereich: "Durchlaufzeiten",
    art: "dauer",
    definition:
      "Zeit vom Eingang im Posteingang bis zur Registrierung als Dokument in einem Vorgang (zu den Akten genommen), für die im Zeitraum registrierten Eingänge; Median und 90-%-Wert. Prüft, ob unverzüglich zu den Akten genommen wird.",
    quelle: "Posteingang (Eingangszeit, Registrierungszeit)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
  {
    schluessel: "vorgaenge.laufzeit",
    name: "Laufzeit der Vorgänge",
    bereich: "Durchlaufzeiten",
    art: "dauer",
    definition:
      "Zeit von der Anlage eines Vorgangs bis zur zdA-Verfügung, für die im Zeitraum zdA verfügten Vorgänge; Median und 90-%-Wert.",
    quelle: "Vorgänge (Anlage, zdA)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
  {
    schluessel: "schritte.mitzeichnung",
    name: "Dauer der Mitzeichnung",
    bereich: "Durchlaufzeiten",
    art: "dauer",
    definition:
      "Zeit, die ein Mitzeichnungsschritt im Geschäftsgang offen war (vom Eingang im Postkorb bis zur Entscheidung), für die im Zeitraum erledigten Schritte; Median und 90-%-Wert. Zugeordnet der OE, der die Akte gehört – nie der Person, die mitgezeichnet hat.",
    quelle: "Geschäftsgang (Schritte)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
  {
    schluessel: "schritte.zeichnung",
    name: "Dauer der Zeichnung",
    bereich: "Durchlaufzeiten",
    art: "dauer",
    definition:
      "Zeit, die ein Zeichnungsschritt offen war, für die im Zeitraum erledigten Schritte; Median und 90-%-Wert. Zugeordnet der OE, der die Akte gehört.",
    quelle: "Geschäftsgang (Schritte)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
  {
    schluessel: "fristen.eingehalten",
    name: "Fristen eingehalten",
    bereich: "Durchlaufzeiten",
    art: "anteil",
    definition:
      "Anteil der Vorgänge, deren Frist im Zeitraum ablief, die bis zum Ende des Fristtages zdA verfügt waren. Der Rest ist überfällig.",
    quelle: "Vorgänge (Frist, zdA)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
  {
    schluessel: "wiedervorlagen.puenktlich",
    name: "Wiedervorlagen pünktlich erledigt",
    bereich: "Durchlaufzeiten",
    art: "anteil",
    definition:
      "Anteil der im Zeitraum fälligen Wiedervorlagen, die spätestens an ihrem Tag erledigt wurden.",
    quelle: "Wiedervorlagen (Datum, Erledigung)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
  {
    schluessel: "vorgaenge.offen",
    name: "Offene Vorgänge",
    bereich: "Arbeitsstand",
    art: "bestand",
    definition:
      "Zahl der Vorgänge in Bearbeitung am Ende des Zeitraums (am letzten Tag jedes Monats), je federführender OE. Nie je Person.",
    quelle: "Vorgänge (Anlage, zdA)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
  {
    schluessel: "postkorb.oe",
    name: "Offene Schritte im Postkorb der OE",
    bereich: "Arbeitsstand",
    art: "bestand",
    definition:
      "Zahl der Geschäftsgangschritte, die am Monatsende offen im Postkorb einer OE (nicht einer Person) lagen.",
    quelle: "Geschäftsgang (Schritte an eine OE)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
  {
    schluessel: "benutzer.aktiv",
    name: "Aktive Mitglieder",
    bereich: "Nutzung",
    art: "anteil",
    definition:
      "Durchschnittlicher Anteil der Mitglieder einer OE (aktive Konten), die an einem Arbeitstag (Montag bis Freitag) etwas im Protokoll Festgehaltenes getan haben; nur als Monatsdurchschnitt, nie für einen einzelnen Tag.",
    quelle: "Protokoll (wer an welchem Tag handelte, nur gezählt), Mitgliedschaften",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
  {
    schluessel: "anmeldungen.mobil",
    name: "Anmeldungen von Telefon oder Tablet",
    bereich: "Nutzung",
    art: "anteil",
    definition:
      "Anteil der Anmeldungen (Passwort, OpenID Connect, LDAP) von einem Telefon oder Tablet an allen Anmeldungen der Mitglieder einer OE im Zeitraum – mobiles Arbeiten, wie es die Strategie nennt. Die Geräteklasse (Telefon, Tablet, Desktop) wird bei der Anmeldung aus der Kennung des Browsers (User-Agent) abgeleitet; gespeichert wird nur die Klasse, nie die Kennung. Ein iPad, das Desktop-Seiten anfordert, gibt sich als Mac aus und zählt als Desktop. Jede Anmeldung zählt für jede OE, der die Person angehört; nie je Person.",
    quelle: "Protokoll (Anmeldungen mit Geräteklasse, nur gezählt), Mitgliedschaften",
    sichtbarFuer: SICHTBAR,
    seit: SEIT_MOBIL_AUSSONDERUNG,
  },
  {
    schluessel: "dokumente.unterwegs",
    name: "Dokumente unterwegs angesehen",
    bereich: "Nutzung",
    art: "anteil",
    definition:
      "Anteil der Aufrufe eines Dokuments (die Seite des Dokuments im Browser geöffnet) von einem Telefon oder Tablet an allen Aufrufen durch Mitglieder einer OE im Zeitraum. Beim Aufruf wird je OE der Person nur mitgezählt, ob er von einem Telefon, einem Tablet oder einem anderen Gerät kam; wer welches Dokument angesehen hat, wird dafür nicht gespeichert. Aufrufe über API-Tokens (Fachverfahren, Skripte) zählen nicht.",
    quelle: "Schriftgut (Zahl der Dokumentaufrufe je Tag, OE und Geräteklasse)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT_MOBIL_AUSSONDERUNG,
  },
  {
    schluessel: "aussonderung.faellig",
    name: "Akten zur Aussonderung fällig",
    bereich: "Aussonderung",
    art: "bestand",
    definition:
      "Zahl der Akten am Ende des Zeitraums (am letzten Tag jedes Monats), deren Aufbewahrungsende (31.12. des Jahres der letzten zdA-Verfügung plus Aufbewahrungsfrist) überschritten ist und die noch nicht ausgesondert sind, je federführender OE. Akten unter Löschsperre zählen mit, anders als in der Aussonderungsliste. Frist gilt, wie die Akte sie abweichend festlegt oder der Aktenplan sie heute vererbt.",
    quelle: "Akten (zdA, abweichende Frist), Aktenplan (Aufbewahrungsfrist), Löschprotokoll",
    sichtbarFuer: SICHTBAR,
    seit: SEIT_MOBIL_AUSSONDERUNG,
  },
  {
    schluessel: "aussonderung.angeboten",
    name: "Akten dem Archiv angeboten",
    bereich: "Aussonderung",
    art: "anzahl",
    definition:
      "Zahl der Akten, die im Zeitraum dem Archiv zur Übernahme angeboten wurden (xdomea-Anbietung 0501), je federführender OE; eine Akte in zwei Anbietungen zählt zweimal.",
    quelle: "xdomea-Nachrichtenbuch (ausgegangene Anbietungen)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT_MOBIL_AUSSONDERUNG,
  },
  {
    schluessel: "aussonderung.uebergeben",
    name: "Akten an das Archiv übergeben",
    bereich: "Aussonderung",
    art: "anzahl",
    definition:
      "Zahl der Akten, die im Zeitraum an das Archiv abgegeben wurden (xdomea-Abgabe 0503), je federführender OE. Abgaben an andere Behörden (0401) zählen nicht.",
    quelle: "xdomea-Nachrichtenbuch (ausgegangene Abgaben)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT_MOBIL_AUSSONDERUNG,
  },
  {
    schluessel: "aussonderung.geloescht",
    name: "Akten nach Aussonderung gelöscht",
    bereich: "Aussonderung",
    art: "anzahl",
    definition:
      "Zahl der Akten, deren Inhalt im Zeitraum nach der Aussonderung gelöscht wurde – nach bestätigter Übernahme durch das Archiv (A) oder nach der Entscheidung, sie zu vernichten (V) –, je federführender OE. Die Akte selbst bleibt mit ihrem Löschprotokoll.",
    quelle: "Löschprotokoll",
    sichtbarFuer: SICHTBAR,
    seit: SEIT_MOBIL_AUSSONDERUNG,
  },
  {
    schluessel: "scans.qualitaetskontrolle",
    name: "Scans mit Qualitätskontrolle",
    bereich: "Prüfung",
    art: "anteil",
    definition:
      "Anteil der im Zeitraum eingescannten Eingänge, deren Scanprotokoll eine Qualitätskontrolle festhält (TR-RESISCAN: wer die Qualität geprüft hat).",
    quelle: "Posteingang (Scanprotokoll)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
  {
    schluessel: "abgaenge.gezeichnet",
    name: "Abgänge mit Zeichnung",
    bereich: "Prüfung",
    art: "anteil",
    definition:
      "Anteil der im Zeitraum abgesandten Abgänge, vor denen im selben Geschäftsgang eine Zeichnung (Schlusszeichnung) erteilt wurde.",
    quelle: "Geschäftsgang (Schritte Zeichnung und Abgang)",
    sichtbarFuer: SICHTBAR,
    seit: SEIT,
  },
];

export const KATALOG_JE_SCHLUESSEL: ReadonlyMap<string, Kennzahl> = new Map(
  KATALOG.map((k) => [k.schluessel, k]),
);
