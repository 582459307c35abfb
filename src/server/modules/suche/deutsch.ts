/**
 * German for search: PostgreSQL's `german` snowball configuration stems, but does not split
 * compounds ("Bauantrag" never matches "Antrag") and treats "Mueller" and "Müller" as different
 * words. We split compounds at index time against a list of base words of administrative German,
 * and expand umlaut spellings in the query.
 */

/** Base words (Grundwörter) that end German compounds in administrative writing. */
const GRUNDWOERTER = `
abfall abgabe abnahme abrechnung abschluss absicht abstand abwasser akte amt anbau anlage anfrage angebot
angelegenheit anhörung anlass anmeldung anordnung anschluss anspruch antrag anzeige arbeit art arzt aufgabe
aufsicht auftrag ausbau ausgabe auskunft ausschuss ausweis auszahlung bau baum bauten beamte bedarf befreiung
beginn behörde beihilfe beitrag bericht berechnung bereich beratung berufung bescheid beschluss beschwerde
besitz bestand bestätigung beteiligung betrag betreuung betrieb beurteilung bewerbung bewilligung bezug bild
bildung brand brief brücke buch bürger dach darlehen datei daten dienst dokument eingabe eingang einnahme
einrichtung einspruch eintrag einwohner eltern empfang entscheidung entwurf erfassung ergebnis erhebung
erklärung erlass erlaubnis ermittlung eröffnung ersatz erstattung fahrt fahrzeug fall familie feld feuer
finanz fläche förderung forderung form frage frist führung gebäude gebühr gefahr gehalt geld gelände gemeinde
genehmigung gericht gesellschaft gesetz gesundheit gewerbe grenze grund grundstück gutachten haft halle
handel haus haushalt heim hilfe hof hochbau inhalt jahr jugend kasse kauf kind kinder klage kontrolle kosten
kraft kreis kultur lage land last leistung leitung liste lohn mangel maßnahme meldung miete mittel nachweis
nutzung ordnung ort pacht park person pflege plan platz prüfung rat raum recht rechnung regel reise rente
sache satzung schaden schein schreiben schule schutz sitzung sozial stadt stand stelle steuer straße strafe
tag teil termin träger umbau umlage umwelt unterhalt unterlage unterricht untersuchung urkunde urlaub
verbot verein verfahren verfügung vergabe verhandlung verkauf verkehr verlängerung vermerk vermögen
versicherung vertrag verwaltung verzeichnis vorgang vorhaben vorlage vorschlag vorschrift wahl wald wasser
weg werk wert wesen widerspruch wohnung zahlung zeichen zeit zeugnis ziel zulassung zuschuss zustimmung
zuweisung zweck
`
  .split(/\s+/)
  .filter(Boolean);

/** ä→ae, ö→oe, ü→ue, ß→ss: the spelling on keyboards without umlauts (and in old systems). */
export function transliteriere(text: string): string {
  return text
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/Ä/g, "Ae")
    .replace(/Ö/g, "Oe")
    .replace(/Ü/g, "Ue")
    .replace(/ß/g, "ss");
}

const BASIS = new Set([...GRUNDWOERTER, ...GRUNDWOERTER.map(transliteriere)]);
/** Linking elements between the parts of a compound (Fugenelemente). */
const FUGEN = ["s", "es", "n", "en", "e", "er", "ens"];
const MIN_TEIL = 3;

/** Words of a text, lowercase (letters and digits; hyphenated compounds are already split). */
export function woerter(text: string): string[] {
  return text.toLocaleLowerCase("de-DE").match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The parts of a compound word, most specific last: "baugenehmigungsverfahren" → ["verfahren",
 * "genehmigung", "bau"]. A word that is no compound gives [].
 */
export function zerlege(wort: string, tiefe = 0): string[] {
  if (wort.length < 2 * MIN_TEIL || tiefe > 4) return [];
  for (let i = MIN_TEIL; i <= wort.length - MIN_TEIL; i++) {
    const rest = wort.slice(i);
    if (!BASIS.has(rest)) continue;
    const vorne = wort.slice(0, i);
    const kandidaten = [
      vorne,
      ...FUGEN.filter((f) => vorne.endsWith(f) && vorne.length - f.length >= MIN_TEIL).map((f) =>
        vorne.slice(0, -f.length),
      ),
    ];
    for (const k of kandidaten) {
      if (BASIS.has(k)) return [rest, k];
      const tiefer = zerlege(k, tiefe + 1);
      if (tiefer.length) return [rest, ...tiefer];
    }
    // The front part is unknown, but the base word is clear: still worth finding.
    return [rest];
  }
  return [];
}

/** Inflection endings tried when a word as written does not split (plural, genitive, dative). */
const ENDUNGEN = ["en", "n", "e", "es", "s", "er", "ern"];

/** The parts of a word as written, or of its uninflected form ("abwassergebühren" → gebühr, abwasser). */
export function zerlegeFlektiert(wort: string): string[] {
  const direkt = zerlege(wort);
  if (direkt.length) return direkt;
  for (const e of ENDUNGEN) {
    if (wort.endsWith(e)) {
      const teile = zerlege(wort.slice(0, -e.length));
      if (teile.length) return teile;
    }
  }
  return [];
}

/** All compound parts in a text (for index time), without duplicates. */
export function teileAllerWoerter(text: string): string[] {
  const out = new Set<string>();
  for (const w of new Set(woerter(text))) for (const teil of zerlegeFlektiert(w)) out.add(teil);
  return [...out];
}

/** Spellings of a query word: as typed, with umlauts written out, and with ae/oe/ue as umlauts. */
export function schreibweisen(wort: string): string[] {
  const out = new Set([wort, transliteriere(wort)]);
  if (/ae|oe|ue|ss/.test(wort)) {
    out.add(wort.replace(/ae/g, "ä").replace(/oe/g, "ö").replace(/ue/g, "ü"));
    out.add(wort.replace(/ae/g, "ä").replace(/oe/g, "ö").replace(/ue/g, "ü").replace(/ss/g, "ß"));
  }
  return [...out];
}
