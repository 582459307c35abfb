/**
 * The documents of the relevance set: administrative letters of a county (written for this set,
 * each with the words a clerk would search for), filler letters of generated administrative text
 * (so that ranking matters), and the born-digital files of the shared test corpus.
 */

/** One letter: its key (what the queries name), the Akte it lies in, its title and text. */
export interface Brief {
  schluessel: string;
  akte: string;
  titel: string;
  text: string;
  fremdesGeschaeftszeichen?: string;
}

/** The Akten of the set (Betreff); every letter names one. */
export const AKTEN: Record<string, string> = {
  bau: "Bauaufsichtliche Verfahren Ortsteil Lindow",
  umwelt: "Untere Naturschutzbehörde – Einzelfälle",
  ordnung: "Ordnungsamt – Gefahrenabwehr",
  steuer: "Kommunale Abgaben und Steuern",
  tief: "Tiefbau und Gewässerunterhaltung",
  buerger: "Bürgeranliegen und Meldewesen",
};

export const BRIEFE: Brief[] = [
  // Compounds: the letters use only the compound, never the part on its own.
  {
    schluessel: "rueckbau_scheune",
    akte: "bau",
    titel: "Anordnung Scheune Flurstück 12",
    text: "Sehr geehrter Herr Brandt, hiermit ordnen wir die Rückbauverpflichtung für die ohne Genehmigung errichtete Scheune an. Die Frist beträgt drei Monate.",
  },
  {
    schluessel: "rueckbau_carport",
    akte: "bau",
    titel: "Carport Am Markt 4",
    text: "Der Carport überschreitet die zulässige Grenzbebauung. Wir erlassen daher eine Rückbauanordnung und bitten um Stellungnahme binnen vier Wochen.",
  },
  {
    schluessel: "doppelgarage",
    akte: "bau",
    titel: "Bauvoranfrage Doppelgarage",
    text: "Die Bauvoranfrage zur Errichtung einer Doppelgarage an der Grundstücksgrenze wird positiv beschieden, sofern die Traufhöhe drei Meter nicht übersteigt.",
  },
  {
    schluessel: "garagenzufahrt",
    akte: "bau",
    titel: "Zufahrt Birkenallee 7",
    text: "Die Garagenzufahrt darf den Gehweg nur auf einer Breite von fünf Metern queren. Die Bordsteinabsenkung erfolgt auf Kosten des Antragstellers.",
  },
  {
    schluessel: "streuobst",
    akte: "umwelt",
    titel: "Pflegekonzept Obstbäume Neudorf",
    text: "Die Streuobstwiesen am Ortsrand sind als geschütztes Biotop erfasst. Ein Pflegeschnitt ist zwischen November und Februar durchzuführen.",
  },
  {
    schluessel: "hundesteuer",
    akte: "steuer",
    titel: "Hundesteuerbescheid 2026",
    text: "Für das Kalenderjahr 2026 wird die Hundesteuer auf 96 Euro festgesetzt. Eine Ermäßigung für Rettungshunde wurde nicht beantragt.",
  },
  {
    schluessel: "listenhund",
    akte: "ordnung",
    titel: "Haltungserlaubnis Listenhund",
    text: "Für die Haltung des Listenhundes ist ein Sachkundenachweis sowie eine Haftpflichtversicherung vorzulegen. Der Wesenstest ist bestanden.",
  },
  {
    schluessel: "zweitwohnung",
    akte: "steuer",
    titel: "Zweitwohnungssteuer Ferienhaus",
    text: "Für das Ferienhaus am Lindower See wird Zweitwohnungssteuer erhoben. Bitte reichen Sie die Mietverträge der Jahre 2024 und 2025 ein.",
  },
  {
    schluessel: "grenzzaun",
    akte: "bau",
    titel: "Beschwerde Grenzzaun",
    text: "Der Nachbar beschwert sich über den neu errichteten Grenzzaun von zwei Metern Höhe. Eine Ortsbesichtigung ist für den 14. März vorgesehen.",
  },
  {
    schluessel: "weidezaun",
    akte: "umwelt",
    titel: "Weidezaun im Landschaftsschutzgebiet",
    text: "Ein Weidezaun aus Holzpfählen ist im Landschaftsschutzgebiet zulässig, wenn er Wildtieren den Durchgang lässt.",
  },
  {
    schluessel: "dachsanierung",
    akte: "bau",
    titel: "Dachsanierung Grundschule Altenhagen",
    text: "Die Dachsanierung der Grundschule beginnt in den Sommerferien. Asbesthaltige Platten werden von einer Fachfirma entsorgt.",
  },
  {
    schluessel: "flachdach",
    akte: "bau",
    titel: "Flachdach Anbau Kirchplatz 2",
    text: "Das Flachdach des Anbaus ist zu begrünen. Die Dachbegrünung ist mit mindestens zehn Zentimetern Substrat herzustellen.",
  },
  {
    schluessel: "kanalsanierung",
    akte: "tief",
    titel: "Kanalsanierung Mühlenstraße",
    text: "Die Kanalsanierung im Inliner-Verfahren führt zu Sperrungen der Fahrbahn vom 3. bis 21. Juni. Anlieger werden gesondert informiert.",
  },
  {
    schluessel: "laermschutzwand",
    akte: "tief",
    titel: "Lärmschutzwand Ortsumgehung",
    text: "Die Lärmschutzwand entlang der Ortsumgehung wird auf 420 Metern Länge errichtet. Die Gestaltung stimmt der Ortsbeirat ab.",
  },
  {
    schluessel: "baulaerm",
    akte: "ordnung",
    titel: "Beschwerde über Baulärm",
    text: "Anwohner beschweren sich über Baulärm an Sonntagen. Wir haben den Bauherrn auf die Ruhezeiten hingewiesen und ein Bußgeld angedroht.",
  },
  {
    schluessel: "waldbrand",
    akte: "ordnung",
    titel: "Waldbrandgefahrenstufe 4",
    text: "Wegen der Trockenheit gilt Waldbrandgefahrenstufe 4. Das Betreten der Forstwege abseits befestigter Straßen ist untersagt.",
  },
  {
    schluessel: "mischwald",
    akte: "umwelt",
    titel: "Aufforstung Mischwald",
    text: "Die Kahlfläche wird als standortgerechter Mischwald aus Buche, Eiche und Hainbuche wieder aufgeforstet.",
  },
  {
    schluessel: "kaminofen",
    akte: "ordnung",
    titel: "Abnahme Kaminofen",
    text: "Der Schornsteinfeger hat den Kaminofen abgenommen. Die Grenzwerte für Feinstaub werden eingehalten.",
  },
  {
    schluessel: "kaminofen2",
    akte: "ordnung",
    titel: "Stilllegung Kaminofen Baujahr 1985",
    text: "Der Kaminofen aus dem Baujahr 1985 ist bis Jahresende stillzulegen oder nachzurüsten.",
  },
  {
    schluessel: "fussgaengerbruecke",
    akte: "tief",
    titel: "Fußgängerbrücke über die Lindow",
    text: "Die Fußgängerbrücke über die Lindow ist wegen Schäden an den Holzbohlen gesperrt.",
  },
  {
    schluessel: "brueckenpruefung",
    akte: "tief",
    titel: "Hauptprüfung Bauwerke 2026",
    text: "Die Brückenprüfung nach DIN 1076 ergab für zwei Bauwerke die Zustandsnote 3,0. Eine Instandsetzung ist einzuplanen.",
  },
  {
    schluessel: "gewaesserrand",
    akte: "umwelt",
    titel: "Gewässerrandstreifen Mühlbach",
    text: "Im Gewässerrandstreifen des Mühlbachs ist das Ausbringen von Dünger auf fünf Metern Breite verboten.",
  },
  {
    schluessel: "fliessgewaesser",
    akte: "tief",
    titel: "Unterhaltung Fließgewässer zweiter Ordnung",
    text: "Die Unterhaltung der Fließgewässer zweiter Ordnung obliegt dem Wasser- und Bodenverband.",
  },
  {
    schluessel: "feuerwehrzufahrt",
    akte: "bau",
    titel: "Feuerwehrzufahrt Wohnanlage",
    text: "Die Feuerwehrzufahrt ist dauerhaft freizuhalten und mit einem Schild nach DIN 4066 zu kennzeichnen.",
  },
  {
    schluessel: "geraetehaus",
    akte: "bau",
    titel: "Neubau Feuerwehrgerätehaus Neudorf",
    text: "Für das Feuerwehrgerätehaus in Neudorf liegt die Ausführungsplanung vor. Baubeginn ist im April.",
  },
  {
    schluessel: "meldebescheinigung",
    akte: "buerger",
    titel: "Ausstellung Meldebescheinigung",
    text: "Anbei erhalten Sie die erweiterte Meldebescheinigung zur Vorlage bei der Familienkasse.",
  },
  {
    schluessel: "unbedenklichkeit",
    akte: "steuer",
    titel: "Steuerliche Unbedenklichkeitsbescheinigung",
    text: "Die Unbedenklichkeitsbescheinigung des Finanzamts ist dem Angebot im Vergabeverfahren beizufügen.",
  },
  {
    schluessel: "baumfaellung_linde",
    akte: "umwelt",
    titel: "Baumfällung Linde Schulstraße",
    text: "Der Baumfällung einer abgängigen Linde wird zugestimmt. Als Ersatzpflanzung ist eine Winterlinde zu setzen.",
  },
  {
    schluessel: "baumfaellung_eiche",
    akte: "umwelt",
    titel: "Antrag Baumfällung Eiche",
    text: "Die Baumfällung der Eiche mit einem Stammumfang von 210 Zentimetern wird abgelehnt, da der Baum vital ist.",
  },
  {
    schluessel: "baumfaellung_buche",
    akte: "umwelt",
    titel: "Baumfällung Buche Friedhof",
    text: "Die Baumfällung der Buche am Friedhof ist aus Gründen der Verkehrssicherung sofort zulässig.",
  },
  {
    schluessel: "strassenbaeume",
    akte: "tief",
    titel: "Kontrolle Straßenbäume",
    text: "Die Straßenbäume entlang der Kreisstraße K 12 wurden auf Totholz kontrolliert.",
  },
  // Umlaut spellings, and letters written by old systems without umlauts.
  {
    schluessel: "gebaeude",
    akte: "bau",
    titel: "Baufälliges Nebengebäude",
    text: "Das Gebäude auf dem Hinterhof ist baufällig; die Standsicherheit ist nicht mehr gegeben.",
  },
  {
    schluessel: "muell",
    akte: "ordnung",
    titel: "Illegale Ablagerung",
    text: "Am Waldrand wurde Müll abgelagert. Die Beseitigung erfolgt auf Kosten des Verursachers.",
  },
  {
    schluessel: "muellabfuhr",
    akte: "steuer",
    titel: "Gebühren Müllabfuhr",
    text: "Die Gebühren für die Müllabfuhr steigen ab Januar um vier Prozent.",
  },
  {
    schluessel: "oelheizung",
    akte: "umwelt",
    titel: "Havarie Ölheizung",
    text: "Aus dem Tank der Ölheizung sind etwa 200 Liter Heizöl ausgetreten. Das Erdreich wird ausgekoffert.",
  },
  {
    schluessel: "buergersteig",
    akte: "tief",
    titel: "Schaden am Bürgersteig",
    text: "Der Bürgersteig vor Hausnummer 9 ist durch Wurzeln angehoben; Stolpergefahr.",
  },
  {
    schluessel: "schoene_alt",
    akte: "buerger",
    titel: "Schreiben Frau Schoene",
    text: "Frau Gertrud Schoene bittet um Auskunft zum Stand ihres Antrags auf Wohnberechtigungsschein.",
  },
  {
    schluessel: "massnahme",
    akte: "umwelt",
    titel: "Ausgleichsmaßnahme Feldhecke",
    text: "Als Ausgleichsmaßnahme wird eine Feldhecke von 300 Metern gepflanzt. Die Maßnahme ist bis Herbst umzusetzen.",
  },
  {
    schluessel: "gruenflaeche",
    akte: "tief",
    titel: "Pflege Grünfläche Dorfanger",
    text: "Die Grünfläche am Dorfanger wird zweimal jährlich gemäht.",
  },
  {
    schluessel: "strasse_alt",
    akte: "tief",
    titel: "Altakte Gemeindestrasse",
    text: "Die Gemeindestrasse nach Altenhagen wurde 1998 gewidmet (Abschrift aus dem Altbestand, ohne Umlaute erfasst).",
  },
  // Typos: the letters are right, the queries are not.
  {
    schluessel: "kampfmittel",
    akte: "ordnung",
    titel: "Kampfmittelbeseitigung Baufeld",
    text: "Vor Beginn der Erdarbeiten ist eine Kampfmittelbeseitigung durch den Kampfmittelräumdienst erforderlich.",
  },
  {
    schluessel: "schornsteinfeger",
    akte: "ordnung",
    titel: "Mitteilung Schornsteinfeger",
    text: "Der bevollmächtigte Bezirksschornsteinfeger meldet Mängel an der Abgasanlage.",
  },
  {
    schluessel: "owi",
    akte: "ordnung",
    titel: "Ordnungswidrigkeit Parken",
    text: "Gegen Sie wird ein Verfahren wegen einer Ordnungswidrigkeit eingeleitet: Parken im absoluten Halteverbot.",
  },
  {
    schluessel: "fledermaus",
    akte: "umwelt",
    titel: "Fledermausquartier Kirchturm",
    text: "Im Kirchturm befindet sich ein Fledermausquartier. Sanierungsarbeiten sind nur im Winter zulässig.",
  },
  {
    schluessel: "bienen",
    akte: "umwelt",
    titel: "Bienenstock im Schulgarten",
    text: "Der Bienenstock im Schulgarten wird durch einen Imker betreut.",
  },
  // Aktenzeichen and other people's reference numbers.
  {
    schluessel: "gz_landesamt",
    akte: "umwelt",
    titel: "Stellungnahme Landesamt",
    text: "Ihr Zeichen: LfU-N2-4711/25. Das Landesamt stimmt dem Vorhaben unter Auflagen zu.",
    fremdesGeschaeftszeichen: "LfU-N2-4711/25",
  },
  {
    schluessel: "gz_gericht",
    akte: "ordnung",
    titel: "Beschluss Verwaltungsgericht",
    text: "In der Verwaltungsrechtssache 3 L 512/25 wird der Antrag auf Wiederherstellung der aufschiebenden Wirkung abgelehnt.",
  },
  {
    schluessel: "az_im_text",
    akte: "bau",
    titel: "Verweis auf Altverfahren",
    text: "Bezug: unser Schreiben vom 2. Mai, Az. 63.20-118/2019, zur damaligen Nutzungsuntersagung.",
  },
  // Names with letters of DIN 91379.
  {
    schluessel: "lukasiewicz",
    akte: "buerger",
    titel: "Anmeldung Łukasiewicz",
    text: "Frau Agnieszka Łukasiewicz meldet ihren Hauptwohnsitz in Neudorf an.",
  },
  {
    schluessel: "dvorak",
    akte: "buerger",
    titel: "Einbürgerungsantrag Dvořák",
    text: "Herr Tomáš Dvořák beantragt die Einbürgerung; die Sprachprüfung ist bestanden.",
  },
  {
    schluessel: "djordjevic",
    akte: "buerger",
    titel: "Wohngeld Đorđević",
    text: "Frau Milica Đorđević erhält Wohngeld ab dem 1. März.",
  },
  {
    schluessel: "nguyen",
    akte: "buerger",
    titel: "Gewerbeanmeldung Nguyễn",
    text: "Herr Nguyễn Văn Minh meldet einen Imbiss am Bahnhof an.",
  },
  {
    schluessel: "soendergaard",
    akte: "bau",
    titel: "Bauherrin Søndergaard",
    text: "Die Bauherrin Mette Søndergaard reicht die geänderten Bauvorlagen ein.",
  },
  {
    schluessel: "celik",
    akte: "ordnung",
    titel: "Anhörung Herr Çelik",
    text: "Herr Emre Çelik erhält Gelegenheit zur Äußerung bis zum 30. April.",
  },
  {
    schluessel: "stefanescu",
    akte: "buerger",
    titel: "Aufenthaltstitel Ştefănescu",
    text: "Der Aufenthaltstitel von Frau Ioana Ştefănescu wird verlängert.",
  },
  {
    schluessel: "grossmann",
    akte: "steuer",
    titel: "Stundung Großmann",
    text: "Herrn Dieter Großmann wird die Grundsteuer bis zum 30. Juni gestundet.",
  },
  {
    schluessel: "mueller_luedenscheidt",
    akte: "buerger",
    titel: "Namensänderung",
    text: "Frau Müller-Lüdenscheidt beantragt die Änderung ihres Familiennamens.",
  },
  // Phrases: a distractor carries the same words apart.
  {
    schluessel: "anhoerung_28",
    akte: "ordnung",
    titel: "Anhörung vor Erlass",
    text: "Wir geben Ihnen Gelegenheit zur Anhörung nach § 28 VwVfG, bevor wir die Verfügung erlassen.",
  },
  {
    schluessel: "phrase_distraktor_28",
    akte: "ordnung",
    titel: "Fristberechnung",
    text: "Die Anhörung ist erfolgt. Nach Ablauf von 28 Tagen ergeht der Bescheid.",
  },
  {
    schluessel: "sofortige_vollziehung",
    akte: "ordnung",
    titel: "Nutzungsuntersagung mit sofortiger Vollziehung",
    text: "Die sofortige Vollziehung dieser Verfügung wird angeordnet, weil Gefahr für Leib und Leben besteht.",
  },
  {
    schluessel: "vollziehung_distraktor",
    akte: "ordnung",
    titel: "Vollstreckung",
    text: "Die Vollziehung wurde ausgesetzt. Eine sofortige Entscheidung ist nicht erforderlich.",
  },
  {
    schluessel: "ruhender_verkehr",
    akte: "ordnung",
    titel: "Überwachung ruhender Verkehr",
    text: "Die Überwachung des ruhenden Verkehrs wird in der Innenstadt verstärkt.",
  },
  {
    schluessel: "offene_tuer",
    akte: "buerger",
    titel: "Einladung Tag der offenen Tür",
    text: "Zum Tag der offenen Tür im Kreishaus laden wir alle Bürgerinnen und Bürger herzlich ein.",
  },
  {
    schluessel: "gefahr_verzug",
    akte: "ordnung",
    titel: "Ersatzvornahme",
    text: "Wegen Gefahr im Verzug wurde die Ersatzvornahme ohne vorherige Androhung durchgeführt.",
  },
];

/** Files of the shared test corpus (born-digital, no OCR needed) and the words a clerk would look for. */
export const KORPUS_DATEIEN: { schluessel: string; datei: string }[] = [
  { schluessel: "korpus_bom", datei: "test_with_bom.pdf" },
  { schluessel: "korpus_docx", datei: "sample.docx" },
  { schluessel: "korpus_odt", datei: "sample.odt" },
  { schluessel: "korpus_mehrseitig", datei: "multi-page-digital.pdf" },
  { schluessel: "korpus_html_mail", datei: "html.eml" },
  { schluessel: "korpus_formular", datei: "with-form.pdf" },
  { schluessel: "korpus_umlaut_mail", datei: "eml_with_umlaut.eml" },
];
