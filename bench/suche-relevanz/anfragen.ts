/**
 * The queries of the relevance set, each with the documents a clerk would expect among the first
 * ten (by key of `korpus.ts`). Written from the letters, not from what the search returns.
 */

export type Klasse =
  | "Kompositum"
  | "Umlaut"
  | "Tippfehler"
  | "Aktenzeichen"
  | "Name (DIN 91379)"
  | "Phrase"
  | "Ausschluss"
  | "Testkorpus";

/** Reference numbers the system assigns only when the set is loaded. */
export interface Zeichen {
  aktenzeichen(akte: string): string;
  vorgangszeichen(akte: string): string;
}

export interface Anfrage {
  klasse: Klasse;
  q: string | ((z: Zeichen) => string);
  erwartet: string[];
}

const k = (q: string, ...erwartet: string[]): Anfrage => ({ klasse: "Kompositum", q, erwartet });
const u = (q: string, ...erwartet: string[]): Anfrage => ({ klasse: "Umlaut", q, erwartet });
const t = (q: string, ...erwartet: string[]): Anfrage => ({ klasse: "Tippfehler", q, erwartet });
const n = (q: string, ...erwartet: string[]): Anfrage => ({ klasse: "Name (DIN 91379)", q, erwartet });
const p = (q: string, ...erwartet: string[]): Anfrage => ({ klasse: "Phrase", q, erwartet });
const a = (q: string, ...erwartet: string[]): Anfrage => ({ klasse: "Ausschluss", q, erwartet });
const c = (q: string, ...erwartet: string[]): Anfrage => ({ klasse: "Testkorpus", q, erwartet });

const BUERGER = [
  "meldebescheinigung",
  "schoene_alt",
  "lukasiewicz",
  "dvorak",
  "djordjevic",
  "nguyen",
  "stefanescu",
  "mueller_luedenscheidt",
  "offene_tuer",
];
const STEUER = ["hundesteuer", "zweitwohnung", "unbedenklichkeit", "muellabfuhr", "grossmann"];
const TIEF = [
  "kanalsanierung",
  "laermschutzwand",
  "fussgaengerbruecke",
  "brueckenpruefung",
  "fliessgewaesser",
  "strassenbaeume",
  "buergersteig",
  "gruenflaeche",
  "strasse_alt",
];

export const ANFRAGEN: Anfrage[] = [
  // A part finds the compound (head, front or middle part).
  k("Rückbau", "rueckbau_scheune", "rueckbau_carport"),
  k("Garage", "doppelgarage", "garagenzufahrt"),
  k("Wiese", "streuobst"),
  k("Hund", "hundesteuer", "listenhund"),
  k("Steuer", "hundesteuer", "zweitwohnung", "grossmann"),
  k("Zaun", "grenzzaun", "weidezaun"),
  k("Dach", "dachsanierung", "flachdach"),
  k("Sanierung", "dachsanierung", "kanalsanierung", "fledermaus"),
  k("Lärm", "laermschutzwand", "baulaerm"),
  k("Wald", "waldbrand", "mischwald", "muell"),
  k("Ofen", "kaminofen", "kaminofen2"),
  k("Brücke", "fussgaengerbruecke", "brueckenpruefung"),
  k("Gewässer", "gewaesserrand", "fliessgewaesser"),
  k("Feuerwehr", "feuerwehrzufahrt", "geraetehaus"),
  k("Bescheinigung", "meldebescheinigung", "unbedenklichkeit"),
  k("Baum", "baumfaellung_linde", "baumfaellung_eiche", "baumfaellung_buche", "strassenbaeume", "streuobst"),
  k("Schutzwand", "laermschutzwand"),
  k("Zufahrt", "garagenzufahrt", "feuerwehrzufahrt"),
  k("Heizung", "oelheizung"),
  k("Abfuhr", "muellabfuhr"),
  k("Quartier", "fledermaus"),
  k("Gefahrenstufe", "waldbrand"),
  k("Verpflichtung", "rueckbau_scheune"),
  k("Räumdienst", "kampfmittel"),
  k("Begrünung", "flachdach"),
  k("Schnitt", "streuobst"),
  k("Randstreifen", "gewaesserrand"),
  // Umlauts written out, and umlauts typed where the letter has none.
  u("Gebaeude", "gebaeude"),
  u("Muell", "muell", "muellabfuhr"),
  u("Oelheizung", "oelheizung"),
  u("Buergersteig", "buergersteig"),
  u("Schöne", "schoene_alt"),
  u("Massnahme", "massnahme"),
  u("Gruenflaeche", "gruenflaeche"),
  u("Gemeindestraße", "strasse_alt"),
  u("Fussgaengerbruecke", "fussgaengerbruecke"),
  u("Strassenbaeume", "strassenbaeume"),
  // Typos.
  t("Kampfmittelbeseitigunk", "kampfmittel"),
  t("Schornsteinfger", "schornsteinfeger", "kaminofen"),
  t("Ordnugswidrigkeit", "owi"),
  t("Kanalsanirung", "kanalsanierung"),
  t("Fledermasquartier", "fledermaus"),
  t("Bienenstok", "bienen"),
  t("Streuobswiesen", "streuobst"),
  t("Laermschutzwnd", "laermschutzwand"),
  t("Einbürgrung", "dvorak"),
  // Aktenzeichen, Vorgangszeichen, other people's reference numbers, a reference in the text.
  { klasse: "Aktenzeichen", q: (z) => z.aktenzeichen("steuer"), erwartet: STEUER },
  { klasse: "Aktenzeichen", q: (z) => z.aktenzeichen("buerger"), erwartet: BUERGER },
  { klasse: "Aktenzeichen", q: (z) => z.vorgangszeichen("tief"), erwartet: TIEF },
  { klasse: "Aktenzeichen", q: "LfU-N2-4711/25", erwartet: ["gz_landesamt"] },
  { klasse: "Aktenzeichen", q: "3 L 512/25", erwartet: ["gz_gericht"] },
  { klasse: "Aktenzeichen", q: "63.20-118/2019", erwartet: ["az_im_text"] },
  // Names with the letters of DIN 91379, as written and as typed on a German keyboard.
  n("Łukasiewicz", "lukasiewicz"),
  n("Lukasiewicz", "lukasiewicz"),
  n("Dvořák", "dvorak"),
  n("Dvorak", "dvorak"),
  n("Đorđević", "djordjevic"),
  n("Nguyen", "nguyen"),
  n("Søndergaard", "soendergaard"),
  n("Sondergaard", "soendergaard"),
  n("Celik", "celik"),
  n("Stefanescu", "stefanescu"),
  n("Grossmann", "grossmann"),
  n("Mueller-Luedenscheidt", "mueller_luedenscheidt"),
  // Phrases: the letter with the words in this order, not the one with them apart.
  p('"Anhörung nach § 28"', "anhoerung_28"),
  p('"sofortige Vollziehung"', "sofortige_vollziehung"),
  p('"ruhender Verkehr"', "ruhender_verkehr"),
  p('"Tag der offenen Tür"', "offene_tuer"),
  p('"Gefahr im Verzug"', "gefahr_verzug"),
  // Excluding a word (also inside a compound).
  a("Baumfällung -Eiche", "baumfaellung_linde", "baumfaellung_buche"),
  a("Kaminofen -Feinstaub", "kaminofen2"),
  a("Zaun -Nachbar", "weidezaun"),
  a("Dach -Grundschule", "flachdach"),
  a("Wald -Brand", "mischwald", "muell"),
  a("Steuer -Hund", "zweitwohnung", "grossmann"),
  // The born-digital files of the shared test corpus (English sample texts).
  c("paperless scanner", "korpus_bom"),
  c("DOCX test document", "korpus_docx"),
  c("ODT test document", "korpus_odt"),
  c("multi page document", "korpus_mehrseitig"),
  c("embedded image", "korpus_html_mail"),
  c("enter your name", "korpus_formular"),
  c("Umlauts", "korpus_umlaut_mail"),
];

/** The ones that need the shared corpus (skipped with a reason when it is absent). */
export const braucheKorpus = (anfrage: Anfrage) => anfrage.klasse === "Testkorpus";
