/**
 * German for search: PostgreSQL's `german` snowball configuration stems, but does not split
 * compounds ("Bauantrag" never matches "Antrag") and treats "Mueller" and "Müller" as different
 * words. We split compounds at index time against a vocabulary that grows with the index: a seed
 * of base words of administrative German and every word the lexicon `suchwort` has seen (so a
 * county's own words split its compounds, with no word list to maintain), and expand umlaut
 * spellings in the query. Query-time expansion to the known compounds ending in a word lives in
 * `suche.service.ts`.
 */

/** Seed base words (Grundwörter) of administrative writing, also the short ones the lexicon lacks. */
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

/** Base words known without any index: the seed of the vocabulary (short ones the lexicon misses). */
const BASIS = new Set([...GRUNDWOERTER, ...GRUNDWOERTER.map(transliteriere)]);
/** Linking elements between the parts of a compound (Fugenelemente), longest first. */
export const FUGEN = ["ens", "es", "en", "er", "s", "n", "e"];
/** Inflection endings of the last part (plural, genitive, dative), longest first. */
export const ENDUNGEN = ["ern", "en", "er", "es", "n", "e", "s"];
/** Parts from the seed may be this short ("bau", "amt"); parts from the lexicon must be longer. */
const MIN_TEIL = 3;
const MIN_LEXIKON_TEIL = 4;
/** With an unknown front, the last part must be at least this long to count ("lung" is no word). */
const MIN_KOPF_ALLEIN = 5;
const MAX_WORT = 40;
/**
 * Fronts that make no compound but a derived word: "verfahren" is no kind of "fahren". Function
 * words are no parts either ("unter|lagen").
 */
const KEINE_TEILE = new Set(
  `ver ent emp zer miss ge be er un eine einer einem einen oder aber sein sind wird nach über ueber
  dass auch noch wenn dies diese dann denn doch nicht haben wurde werden sich sowie unter durch gegen
  ohne beim hier mehr wieder`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words of a text, lowercase (letters and digits; hyphenated compounds are already split). */
export function woerter(text: string): string[] {
  return text.toLocaleLowerCase("de-DE").match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether a string is a known word: the seed, or what the lexicon (or the text itself) knows. */
export type Wortschatz = (wort: string) => boolean;

/** Only the seed list: enough for tests and for a first split before the lexicon has grown. */
export const nurBasis: Wortschatz = () => false;

function bekannt(teil: string, wortschatz: Wortschatz): boolean {
  if (KEINE_TEILE.has(teil)) return false;
  if (BASIS.has(teil)) return teil.length >= MIN_TEIL;
  return teil.length >= MIN_LEXIKON_TEIL && wortschatz(teil);
}

/** A front part as written in the compound: a word, a word with its Fuge, or a word with its -e elided. */
function vorderteil(s: string, w: Wortschatz): string | undefined {
  if (bekannt(s, w)) return s;
  for (const f of FUGEN) if (s.endsWith(f) && bekannt(s.slice(0, -f.length), w)) return s.slice(0, -f.length);
  if (!s.endsWith("e") && bekannt(`${s}e`, w)) return `${s}e`;
  return undefined;
}

/** The last part (the head) as written: a word, or a word with an inflection ending. */
function kopfteil(s: string, w: Wortschatz): string | undefined {
  if (bekannt(s, w)) return s;
  for (const e of ENDUNGEN)
    if (s.endsWith(e) && bekannt(s.slice(0, -e.length), w)) return s.slice(0, -e.length);
  return undefined;
}

/**
 * The best splits of every suffix of a word into known parts, the head last (fewest parts, then the
 * longest head): dynamic programming from the back, O(n²) part checks. `rest[j]` splits wort[j..];
 * `ganz` splits the whole word into at least two parts, or is null.
 */
function zerlegungen(wort: string, w: Wortschatz): { rest: (string[] | null)[]; ganz: string[] | null } {
  const n = wort.length;
  const rest: (string[] | null)[] = Array.from({ length: n + 1 }, () => null);
  const besser = (alt: string[] | null, neu: string[]) => !alt || neu.length < alt.length;
  for (let j = n - MIN_TEIL; j >= 0; j--) {
    let best = null as string[] | null;
    const kopf = j > 0 ? kopfteil(wort.slice(j), w) : undefined;
    if (kopf) best = [kopf];
    for (let i = j + MIN_TEIL; i <= n - MIN_TEIL; i++) {
      const danach = rest[i];
      if (!danach || (best && danach.length + 1 >= best.length)) continue;
      const teil = vorderteil(wort.slice(j, i), w);
      if (teil && besser(best, [teil, ...danach])) best = [teil, ...danach];
    }
    rest[j] = best;
  }
  return { rest, ganz: rest[0] && rest[0].length >= 2 ? rest[0] : null };
}

/**
 * The parts of a compound word, the head first, then the other parts and the parts of parts:
 * "baugenehmigungsverfahren" → ["verfahren", "genehmigung", "bau"], and with a lexicon that knows
 * "baugenehmigung" also that. The parts come from the seed list and the `wortschatz` (the index's
 * own words), joined by the Fugen (s, es, n, en, er, e, ens) or with an elided -e ("schul|entwicklung").
 * When no front part is known, the rest still counts if it splits or is a long known head
 * ("hoch|wasserrückhaltebecken", "photovoltaikfrei|flächenanlage"). A word that is no compound gives [].
 */
export function zerlege(wort: string, wortschatz: Wortschatz = nurBasis, tiefe = 0): string[] {
  if (wort.length < 2 * MIN_TEIL || wort.length > MAX_WORT || tiefe > 3 || /\d/.test(wort)) return [];
  const { rest, ganz } = zerlegungen(wort, wortschatz);
  if (ganz) return sammle(wort, ganz, wortschatz, tiefe);
  // The front part is unknown, but the rest splits or a long head is clear: still worth finding.
  // The longest such rest wins.
  for (let i = MIN_LEXIKON_TEIL; i <= wort.length - MIN_TEIL; i++) {
    const teile = rest[i];
    if (!teile || KEINE_TEILE.has(wort.slice(0, i))) continue;
    if (teile.length >= 2) return sammle(wort, teile, wortschatz, tiefe);
    const kopf = teile[0]!;
    if (kopf.length >= MIN_KOPF_ALLEIN || BASIS.has(kopf)) return [kopf];
  }
  return [];
}

/** The head first, then the front parts from the back, then the parts of the parts. */
function sammle(wort: string, teile: string[], wortschatz: Wortschatz, tiefe: number): string[] {
  const out = new Set<string>();
  out.add(teile[teile.length - 1]!);
  for (const t of teile.slice(0, -1).reverse()) out.add(t);
  for (const t of teile) for (const u of zerlege(t, wortschatz, tiefe + 1)) out.add(u);
  out.delete(wort);
  return [...out];
}

/** The parts of a word as written, or of its uninflected form ("abwassergebühren" → gebühr, abwasser). */
export function zerlegeFlektiert(wort: string, wortschatz: Wortschatz = nurBasis): string[] {
  return zerlege(wort, wortschatz);
}

/**
 * Every string the split of `wort` may ask the lexicon about: its inner substrings (and with an
 * elided -e). Asked once per new word, in one query, so the lexicon never has to be in memory.
 */
export function moeglicheTeile(wort: string): string[] {
  if (wort.length < 2 * MIN_TEIL || wort.length > MAX_WORT || /\d/.test(wort)) return [];
  const out = new Set<string>();
  for (let i = 0; i < wort.length; i++)
    for (let j = i + MIN_LEXIKON_TEIL; j <= wort.length; j++) {
      if (i === 0 && j === wort.length) continue;
      const s = wort.slice(i, j);
      out.add(s);
      if (j < wort.length && !s.endsWith("e")) out.add(`${s}e`);
    }
  return [...out];
}

/** All compound parts in a text (for index time), without duplicates. */
export function teileAllerWoerter(text: string, wortschatz: Wortschatz = nurBasis): string[] {
  const out = new Set<string>();
  for (const w of new Set(woerter(text))) for (const teil of zerlege(w, wortschatz)) out.add(teil);
  return [...out];
}

/**
 * A front that makes a derived word, not a compound ("ver|fahren"): query-time expansion skips
 * such known words so that "fahren" does not find every "Verfahren".
 */
export function istAbleitung(wort: string, kopf: string): boolean {
  const vorne = wort.slice(0, wort.length - kopf.length);
  return vorne.length < MIN_TEIL || KEINE_TEILE.has(vorne);
}

/** Letters of DIN 91379 that have no decomposition into a base letter and a mark. */
const EIGENE_BUCHSTABEN: Record<string, string> = {
  ł: "l",
  ø: "o",
  đ: "d",
  ð: "d",
  æ: "ae",
  œ: "oe",
  þ: "th",
  ı: "i",
  ŧ: "t",
  ħ: "h",
  ŋ: "ng",
};

/**
 * A name as typed on a German keyboard: German umlauts written out, every other letter of
 * DIN 91379 without its marks ("Dvořák" → "dvorak", "Łukasiewicz" → "lukasiewicz").
 */
export function faltung(wort: string): string {
  return transliteriere(wort.toLocaleLowerCase("de-DE"))
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[łøđðæœþıŧħŋ]/g, (b) => EIGENE_BUCHSTABEN[b]!);
}

/**
 * The folded forms of the words of a text that have letters beyond German (for index time), so a
 * name written with them is found as typed without them.
 */
export function gefalteteWoerter(text: string): string[] {
  const out = new Set<string>();
  for (const w of new Set(woerter(text)))
    if (/[^a-z0-9äöüß]/.test(w)) {
      const f = faltung(w);
      if (f !== w && f !== transliteriere(w)) out.add(f);
    }
  return [...out];
}

/**
 * Spellings of a query word: as typed, with umlauts written out, with ae/oe/ue as umlauts, and
 * without the marks of other letters.
 */
export function schreibweisen(wort: string): string[] {
  const out = new Set([wort, transliteriere(wort), faltung(wort)]);
  if (/ae|oe|ue|ss/.test(wort)) {
    out.add(wort.replace(/ae/g, "ä").replace(/oe/g, "ö").replace(/ue/g, "ü"));
    out.add(wort.replace(/ae/g, "ä").replace(/oe/g, "ö").replace(/ue/g, "ü").replace(/ss/g, "ß"));
  }
  return [...out];
}

/**
 * What may follow a front part in a compound ("verpflichtung", "nzufahrt" → "zufahrt"): the rest
 * as is and without a leading Fuge, of four letters or more.
 */
export function zweiteTeile(rest: string): string[] {
  return ["", ...FUGEN]
    .filter((f) => rest.startsWith(f) && rest.length - f.length >= MIN_LEXIKON_TEIL)
    .map((f) => rest.slice(f.length));
}

/** Whether a word is one of the seed base words (known without any lexicon). */
export function istBasiswort(wort: string): boolean {
  return BASIS.has(wort);
}

/** The last a, o, u or au of a word as umlaut: the stem of the umlaut plural ("baum" → "bäum"). */
export function umlautiere(wort: string): string {
  return wort.replace(
    /(au|a|o|u)([^aeiouäöü]*)$/,
    (_, v: string, rest: string) => `${{ au: "äu", a: "ä", o: "ö", u: "ü" }[v]}${rest}`,
  );
}

/** A query as typed, read: words and quoted phrases that must occur, and those ("-wort") that must not. */
export interface GeleseneAnfrage {
  /** Single words, or phrases (their words joined by one space, to be matched in this order). */
  begriffe: string[];
  /** Words or phrases no hit may contain. */
  ohne: string[];
}

/**
 * Reads a query: `"…"` is a phrase, a leading `-` excludes the word or phrase; a reference number
 * with digits and separators stays one term; everything else is a word that must occur ("Bau-Antrag"
 * needs both words). At most 12 of each.
 */
export function leseAnfrage(text: string): GeleseneAnfrage {
  const begriffe: string[] = [];
  const ohne: string[] = [];
  for (const m of text.matchAll(/(-?)"([^"]*)"?|(-?)([^\s"]+)/g)) {
    const phrase = m[2] !== undefined;
    const nicht = (phrase ? m[1] : m[3]) === "-";
    const token = phrase ? m[2]! : m[4]!;
    // A reference number ("63.20-118/2019", "512/25") stays whole: the index parsed it whole.
    const worte =
      !phrase && /\p{N}/u.test(token) && /[./-]/.test(token.replace(/^[./-]+|[./-]+$/g, ""))
        ? [token.toLocaleLowerCase("de-DE").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")]
        : woerter(token);
    if (worte.length === 0) continue;
    if (nicht) ohne.push(worte.join(" "));
    else if (phrase) begriffe.push(worte.join(" "));
    else begriffe.push(...worte);
  }
  return { begriffe: [...new Set(begriffe)].slice(0, 12), ohne: [...new Set(ohne)].slice(0, 12) };
}
