import type { Rolle } from "../modules/access/index.js";
import type { StrategieInhalt } from "../modules/steuerung/index.js";

/**
 * The demo county's two years of history, planned deterministically: the same day gives the same
 * Akten, Vorgänge, Eingänge and Geschäftsgänge, so the dashboards show the same figures. The story:
 * Ämter go live one after another (Pilot, then produktiv); with each go-live the share of
 * electronic Akten rises from about 30 % to about 90 %, the mail comes less on paper and more by
 * e-mail, upload and API, scans get their quality check, and everything moves faster. Only the
 * plan lives here; `seed.ts` writes it through the owner modules.
 */

/** Demo colleagues, so that several Ämter have the five people the Steuerung needs to show figures. */
export interface DemoKollege {
  benutzername: string;
  vorname: string;
  nachname: string;
  oe: string;
  rolle: Rolle;
}

const k = (
  benutzername: string,
  vorname: string,
  nachname: string,
  oe: string,
  rolle: Rolle = "Sachbearbeitung",
) => ({
  benutzername: `demo.${benutzername}`,
  vorname,
  nachname,
  oe,
  rolle,
});

/**
 * Chosen with the rule of unterdrueckung.ts in mind: every Amt with history has at least five
 * people except the Umweltamt (four, shown as "< 5" inside its Dezernat), and every rest (a
 * Dezernat's own staff plus hidden Ämter, the Landrat's office with the Stabsstelle) has either
 * nobody or at least five people, so no shown group has to be hidden for a difference.
 */
export const demoKollegen: DemoKollege[] = [
  k("bauer", "Sabine", "Bauer", "63"),
  k("yildiz", "Emre", "Yıldız", "63"),
  k("nowak", "Katarzyna", "Nowak", "63"),
  k("lange", "Frank", "Lange", "63", "Registratur"),
  k("schulz", "Miriam", "Schulz", "51"),
  k("nguyen", "Thi Lan", "Nguyễn", "51"),
  k("fischer", "Jonas", "Fischer", "51"),
  k("zimmermann", "Petra", "Zimmermann", "51"),
  k("krause", "Heike", "Krause", "50", "Leitung"),
  k("wolf", "Dennis", "Wolf", "50"),
  k("popescu", "Ioana", "Popescu", "50"),
  k("braun", "Ute", "Braun", "50"),
  k("hartmann", "Uwe", "Hartmann", "50"),
  k("oezdemir", "Ayşe", "Özdemir", "50"),
  k("vogel", "Rainer", "Vogel", "36", "Leitung"),
  k("schaefer", "Nadine", "Schäfer", "36"),
  k("kowalski", "Piotr", "Kowalski", "36"),
  k("richter", "Carina", "Richter", "36"),
  k("seidel", "Marco", "Seidel", "36"),
  k("ahrens", "Birte", "Ahrens", "36"),
  k("jung", "Karin", "Jung", "10", "Leitung"),
  k("haas", "Tobias", "Haas", "10"),
  k("dietrich", "Lea", "Dietrich", "10"),
  k("keller", "Bernd", "Keller", "20", "Leitung"),
  k("frank", "Simone", "Frank", "20"),
  k("roth", "Yusuf", "Roth", "20"),
  k("lorenz", "Marie", "Lorenz", "20"),
  k("berger", "Klaus", "Berger", "11", "Leitung"),
  k("winkler", "Sandra", "Winkler", "11"),
  k("sommer", "Felix", "Sommer", "11"),
  k("peters", "Anja", "Peters", "11"),
  k("graf", "Elke", "Graf", "70", "Leitung"),
  k("kuehn", "Matthias", "Kühn", "70"),
  k("pohl", "Svenja", "Pohl", "70"),
  k("ludwig", "Ole", "Ludwig", "StE"),
  k("engel", "Friederike", "Engel", "StE"),
  k("arslan", "Deniz", "Arslan", "StE"),
  k("kraemer", "Hans", "Krämer", "PR", "Personalrat"),
  k("heinrich", "Monika", "Heinrich", "PR", "Personalrat"),
  k("marx", "Jens", "Marx", "PR", "Personalrat"),
  k("otto", "Gabriele", "Otto", "PR", "Personalrat"),
];

/** An Amt in the roll-out: its work, its people and its go-live (months before the current one). */
interface HistorieAmt {
  oe: string;
  name: string;
  /** Leaf Aktenplaneinheiten it files under (none restricted). */
  einheiten: string[];
  /** What its Akten are about (Betreff before the place). */
  themen: string[];
  /** What its Vorgänge are. */
  vorgaenge: string[];
  aktenJeMonat: number;
  leitung: string;
  sachbearbeitung: string[];
  /** The OE asked for Mitzeichnung (addressed to its Postkorb). */
  partner: string;
  geplant: number;
  pilot: number | null;
  produktiv: number | null;
  geschultProzent: number | null;
}

export const HISTORIE_AEMTER: HistorieAmt[] = [
  {
    oe: "63",
    name: "Bauaufsicht",
    einheiten: ["63.10", "63.20", "63.30", "63.40"],
    themen: [
      "Neubau eines Einfamilienhauses",
      "Anbau eines Wintergartens",
      "Errichtung einer Doppelgarage",
      "Umnutzung einer Scheune",
      "Neubau eines Mehrfamilienhauses",
    ],
    vorgaenge: [
      "Bauantrag",
      "Nachforderung von Unterlagen",
      "Stellungnahme der Gemeinde",
      "Baugenehmigung",
      "Schlussabnahme",
    ],
    aktenJeMonat: 14,
    leitung: "schmidt",
    sachbearbeitung: ["mueller", "demo.bauer", "demo.yildiz", "demo.nowak"],
    partner: "70",
    geplant: -24,
    pilot: -21,
    produktiv: -18,
    geschultProzent: 100,
  },
  {
    oe: "10",
    name: "Hauptamt",
    einheiten: ["00.40", "01.20", "03.20", "03.30"],
    themen: ["Anfrage der Kreistagsfraktion", "Dienstanweisung", "Rechtsstreit", "Widerspruch"],
    vorgaenge: ["Eingang und Prüfung", "Stellungnahme", "Antwortschreiben", "Beschlussvorlage"],
    aktenJeMonat: 8,
    leitung: "demo.jung",
    sachbearbeitung: ["registratur", "demo.haas", "demo.dietrich"],
    partner: "20",
    geplant: -24,
    pilot: -19,
    produktiv: -16,
    geschultProzent: 95,
  },
  {
    oe: "51",
    name: "Jugendamt",
    einheiten: ["52.10", "52.30", "54.10", "54.20"],
    themen: [
      "Betriebserlaubnis Kindertagesstätte",
      "Bedarfsplanung Kita-Plätze",
      "Förderung Jugendfreizeit",
      "Jugendhilfeplanung",
    ],
    vorgaenge: ["Antrag", "Örtliche Prüfung", "Bescheid", "Verwendungsnachweis"],
    aktenJeMonat: 10,
    leitung: "becker",
    sachbearbeitung: ["weber", "demo.schulz", "demo.nguyen", "demo.fischer", "demo.zimmermann"],
    partner: "50",
    geplant: -20,
    pilot: -15,
    produktiv: -12,
    geschultProzent: 90,
  },
  {
    oe: "36",
    name: "Straßenverkehrsamt",
    einheiten: ["81.10", "81.30", "81.40", "66.20"],
    themen: [
      "Sondergenehmigung Großraumtransport",
      "Verkehrsrechtliche Anordnung",
      "Zulassung Sonderfahrzeug",
      "Winterdienst Kreisstraße",
    ],
    vorgaenge: ["Antrag", "Anhörung der Polizei", "Anordnung", "Gebührenbescheid"],
    aktenJeMonat: 12,
    leitung: "demo.vogel",
    sachbearbeitung: ["demo.schaefer", "demo.kowalski", "demo.richter", "demo.seidel", "demo.ahrens"],
    partner: "10",
    geplant: -16,
    pilot: -11,
    produktiv: -8,
    geschultProzent: 85,
  },
  {
    oe: "50",
    name: "Sozialamt",
    einheiten: ["41.20", "44.10", "44.20"],
    themen: ["Vertrag mit Leistungserbringer", "Heimaufsicht Pflegeeinrichtung", "Altenhilfeplanung"],
    vorgaenge: ["Prüfung", "Begehung", "Bericht", "Vereinbarung"],
    aktenJeMonat: 10,
    leitung: "demo.krause",
    sachbearbeitung: ["demo.wolf", "demo.popescu", "demo.braun", "demo.hartmann", "demo.oezdemir"],
    partner: "51",
    geplant: -12,
    pilot: -7,
    produktiv: -4,
    geschultProzent: 80,
  },
  {
    oe: "20",
    name: "Kämmerei",
    einheiten: ["03.50"],
    themen: ["Vergabe Reinigungsleistungen", "Rahmenvertrag Büromaterial", "Vergabe IT-Dienstleistung"],
    vorgaenge: ["Vergabevermerk", "Angebotswertung", "Zuschlag", "Vertrag"],
    aktenJeMonat: 7,
    leitung: "demo.keller",
    sachbearbeitung: ["koch", "demo.frank", "demo.roth", "demo.lorenz"],
    partner: "10",
    geplant: -6,
    pilot: -2,
    produktiv: null,
    geschultProzent: 60,
  },
  {
    oe: "70",
    name: "Umweltamt",
    einheiten: ["70.20", "71.10", "73.20"],
    themen: ["Wasserrechtliche Erlaubnis", "Ausgleichsmaßnahme", "Lärmbeschwerde"],
    vorgaenge: ["Antrag", "Stellungnahme", "Erlaubnis", "Kontrolle"],
    aktenJeMonat: 6,
    leitung: "demo.graf",
    sachbearbeitung: ["wagner", "demo.kuehn", "demo.pohl"],
    partner: "63",
    geplant: -3,
    pilot: null,
    produktiv: null,
    geschultProzent: null,
  },
];

const ORTE = [
  "Musterstadt",
  "Neudorf",
  "Lindenau",
  "Bergheim",
  "Auental",
  "Kirchberg",
  "Waldhausen",
  "Seefeld",
];
const STRASSEN = [
  "Lindenweg",
  "Hauptstraße",
  "Am Anger",
  "Birkenallee",
  "Mühlenweg",
  "Schulstraße",
  "Bahnhofstraße",
];

/** The history reaches this many months back; the dashboards show the last 24 of them. */
const MONATE_ZURUECK = 26;
const TAG = 86_400_000;
const STUNDE = 3_600_000;

/** mulberry32: small, fast and the same on every machine. */
function zufall(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PlanSchritt {
  art: "Mitzeichnung" | "Zeichnung" | "Abgang" | "zdA";
  /** A Benutzer (by name) or an OE's Postkorb (by Kürzel, taken by `bearbeiter`). */
  adressat: { benutzer: string } | { oe: string; bearbeiter: string };
  offenSeit: Date;
  erledigtAm: Date;
  kanal?: "Post" | "E-Mail" | "Portal";
}

export interface PlanEingang {
  kanal: "scan" | "email" | "upload" | "api";
  erstelltAm: Date;
  registriertAm: Date;
  registriertVon: string;
  qualitaetGeprueft: boolean;
}

export interface PlanVorgang {
  betreff: string;
  erstelltAm: Date;
  zdaAm: Date | null;
  frist: string | null;
  eingaenge: PlanEingang[];
  geschaeftsgang: PlanSchritt[];
  wiedervorlage: { datum: string; erledigtAm: Date; empfaenger: string } | null;
}

export interface PlanAkte {
  oe: string;
  aktenplaneinheit: string;
  betreff: string;
  papierablage: string | null;
  erstelltAm: Date;
  erstelltVon: string;
  vorgaenge: PlanVorgang[];
}

export interface Rollout {
  oe: string;
  welle: "geplant" | "pilot" | "produktiv";
  geplantAb: string;
  pilotAb: string | null;
  produktivAb: string | null;
  geschultProzent: number | null;
}

const isoTag = (d: Date): string => d.toISOString().slice(0, 10);

/** The first day (UTC) of the month `n` months after the month of `heute`. */
function monatsbeginn(heute: Date, n: number): Date {
  return new Date(Date.UTC(heute.getUTCFullYear(), heute.getUTCMonth() + n, 1));
}

/** Each Amt's roll-out as the Stabsstelle would record it. */
export function rollout(heute: string): Rollout[] {
  const h = new Date(`${heute}T00:00:00Z`);
  const tag = (n: number | null) => (n === null ? null : isoTag(monatsbeginn(h, n)));
  return HISTORIE_AEMTER.map((a) => ({
    oe: a.oe,
    welle: a.produktiv !== null ? "produktiv" : a.pilot !== null ? "pilot" : "geplant",
    geplantAb: tag(a.geplant)!,
    pilotAb: tag(a.pilot),
    produktivAb: tag(a.produktiv),
    geschultProzent: a.geschultProzent,
  }));
}

/**
 * How far an Amt is on the way at `zeit`: 0 before its pilot, rising to 0.45 during the pilot
 * and from 0.55 at the go-live to 1 six months later.
 */
function fortschritt(a: HistorieAmt, heute: Date, zeit: Date): number {
  if (a.pilot === null) return 0;
  const pilot = monatsbeginn(heute, a.pilot).getTime();
  const t = zeit.getTime();
  if (t < pilot) return 0;
  if (a.produktiv === null || t < monatsbeginn(heute, a.produktiv).getTime()) {
    const ende = a.produktiv === null ? pilot + 120 * TAG : monatsbeginn(heute, a.produktiv).getTime();
    return Math.min(0.45, (0.45 * (t - pilot)) / (ende - pilot));
  }
  const produktiv = monatsbeginn(heute, a.produktiv).getTime();
  return Math.min(1, 0.55 + (0.45 * (t - produktiv)) / (182 * TAG));
}

/**
 * The plan of the history before `heute` (YYYY-MM-DD): Akten of every Amt in HISTORIE_AEMTER for
 * the last 26 months, nothing on or after `heute`. Pure: the same `heute` gives the same plan.
 */
export function planeHistorie(heute: string): PlanAkte[] {
  const h = new Date(`${heute}T00:00:00Z`);
  const jetzt = h.getTime();
  const r = zufall(20_261_201);
  const ganz = (von: number, bis: number) => von + Math.floor(r() * (bis - von + 1));
  const wahl = <T>(liste: readonly T[]): T => liste[Math.floor(r() * liste.length)]!;
  // A log-normal duration around its median (Box-Muller).
  const streuung = (median: number, sigma: number) =>
    median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
  const arbeitszeit = (tag: Date) => new Date(tag.getTime() + (6 + r() * 9) * STUNDE);
  const akten: PlanAkte[] = [];
  for (let m = -MONATE_ZURUECK; m <= 0; m++) {
    const beginn = monatsbeginn(h, m);
    const tage = Math.round((monatsbeginn(h, m + 1).getTime() - beginn.getTime()) / TAG);
    for (const a of HISTORIE_AEMTER) {
      const anzahl = Math.round(a.aktenJeMonat * (0.85 + 0.3 * r()));
      for (let i = 0; i < anzahl; i++) {
        let tag = new Date(beginn.getTime() + ganz(0, tage - 1) * TAG);
        const wochentag = tag.getUTCDay();
        if (wochentag === 0 || wochentag === 6)
          tag = new Date(tag.getTime() + (wochentag === 6 ? 2 : 1) * TAG);
        const erstelltAm = arbeitszeit(tag);
        if (erstelltAm.getTime() >= jetzt - TAG) continue;
        const p = fortschritt(a, h, erstelltAm);
        const bearbeiter = wahl(a.sachbearbeitung);
        const elektronisch = r() < 0.27 + 0.62 * p;
        const zahlVorgaenge = r() < 0.6 ? 1 : r() < 0.75 ? 2 : 3;
        const vorgaenge: PlanVorgang[] = [];
        for (let v = 0; v < zahlVorgaenge; v++) {
          const vErstellt = v === 0 ? erstelltAm : arbeitszeit(new Date(tag.getTime() + ganz(5, 90) * TAG));
          if (vErstellt.getTime() >= jetzt - TAG) break;
          const pv = fortschritt(a, h, vErstellt);
          const laufzeit = Math.max(0.2, streuung(38 - 20 * pv, 0.6)) * TAG;
          const zda = new Date(vErstellt.getTime() + laufzeit);
          const zdaAm = zda.getTime() < jetzt - STUNDE ? zda : null;
          let frist: string | null = null;
          if (r() < 0.65) {
            if (zdaAm === null) frist = isoTag(new Date(jetzt + ganz(-5, 40) * TAG));
            else {
              const frueh = Math.ceil((zdaAm.getTime() - vErstellt.getTime()) / TAG);
              const ueberzogen = r() >= 0.76 + 0.19 * pv && frueh > 2;
              frist = isoTag(
                new Date(
                  zdaAm.getTime() + (ueberzogen ? -ganz(1, Math.min(10, frueh - 1)) : ganz(1, 14)) * TAG,
                ),
              );
            }
          }
          const ende = zdaAm?.getTime() ?? jetzt - STUNDE;
          const eingaenge: PlanEingang[] = [];
          const zahlEingaenge = 1 + (r() < 0.5 ? 1 : 0) + (r() < 0.2 ? 1 : 0);
          for (let e = 0; e < zahlEingaenge; e++) {
            const registriertAm =
              e === 0 ? vErstellt : new Date(vErstellt.getTime() + r() * (ende - vErstellt.getTime()));
            const pe = fortschritt(a, h, registriertAm);
            const kanalZahl = r();
            const scan = 0.62 - 0.4 * pe;
            const email = 0.26 + 0.16 * pe;
            const upload = 0.1 + 0.16 * pe;
            const kanal =
              kanalZahl < scan
                ? "scan"
                : kanalZahl < scan + email
                  ? "email"
                  : kanalZahl < scan + email + upload
                    ? "upload"
                    : "api";
            eingaenge.push({
              kanal,
              erstelltAm: new Date(
                registriertAm.getTime() - Math.max(0.1, streuung(50 - 44 * pe, 0.8)) * STUNDE,
              ),
              registriertAm,
              registriertVon: bearbeiter,
              qualitaetGeprueft: r() < 0.42 + 0.56 * pe,
            });
          }
          const geschaeftsgang: PlanSchritt[] = [];
          if (zdaAm && r() < 0.55) {
            const zdaSchritt = { offenSeit: new Date(zdaAm.getTime() - STUNDE), erledigtAm: zdaAm };
            const abgangAm = new Date(zdaAm.getTime() - (1 + r() * 20) * STUNDE);
            const abgangOffen = new Date(abgangAm.getTime() - (0.5 + r() * 6) * STUNDE);
            const schritte: PlanSchritt[] = [];
            let vorher = abgangOffen;
            const mitMitzeichnung = r() < 0.7;
            if (r() < 0.84 + 0.15 * pv) {
              const offen = new Date(vorher.getTime() - Math.max(0.3, streuung(60 - 44 * pv, 0.7)) * STUNDE);
              schritte.unshift({
                art: "Zeichnung",
                adressat: { benutzer: a.leitung },
                offenSeit: offen,
                erledigtAm: vorher,
              });
              vorher = offen;
            }
            if (mitMitzeichnung) {
              const partner = HISTORIE_AEMTER.find((x) => x.oe === a.partner)!;
              const offen = new Date(vorher.getTime() - Math.max(0.5, streuung(100 - 76 * pv, 0.7)) * STUNDE);
              schritte.unshift({
                art: "Mitzeichnung",
                adressat: { oe: partner.oe, bearbeiter: wahl(partner.sachbearbeitung) },
                offenSeit: offen,
                erledigtAm: vorher,
              });
              vorher = offen;
            }
            schritte.push({
              art: "Abgang",
              adressat: { benutzer: bearbeiter },
              offenSeit: abgangOffen,
              erledigtAm: abgangAm,
              kanal: r() < 0.7 - 0.5 * pv ? "Post" : r() < 0.5 ? "E-Mail" : "Portal",
            });
            schritte.push({ art: "zdA", adressat: { benutzer: bearbeiter }, ...zdaSchritt });
            if (vorher.getTime() > vErstellt.getTime()) geschaeftsgang.push(...schritte);
          }
          let wiedervorlage: PlanVorgang["wiedervorlage"] = null;
          if (r() < 0.35) {
            const datum = new Date(
              Date.UTC(
                vErstellt.getUTCFullYear(),
                vErstellt.getUTCMonth(),
                vErstellt.getUTCDate() + ganz(5, 25),
              ),
            );
            const puenktlich = r() < 0.68 + 0.27 * pv;
            const erledigtAm = new Date(
              datum.getTime() + (puenktlich ? 7 + r() * 6 : ganz(1, 6) * 24 + 8) * STUNDE,
            );
            if (
              erledigtAm.getTime() < jetzt - STUNDE &&
              (zdaAm === null || datum.getTime() <= zdaAm.getTime())
            )
              wiedervorlage = { datum: isoTag(datum), erledigtAm, empfaenger: bearbeiter };
          }
          vorgaenge.push({
            betreff: `${wahl(a.vorgaenge)} ${v + 1}`,
            erstelltAm: vErstellt,
            zdaAm,
            frist,
            eingaenge: eingaenge.filter((e) => e.registriertAm.getTime() < jetzt - STUNDE),
            geschaeftsgang,
            wiedervorlage,
          });
        }
        akten.push({
          oe: a.oe,
          aktenplaneinheit: wahl(a.einheiten),
          betreff: `${wahl(a.themen)}, ${wahl(STRASSEN)} ${ganz(1, 60)}, ${wahl(ORTE)}`,
          papierablage: elektronisch ? null : `Registratur ${a.name}, Regal ${ganz(1, 12)}`,
          erstelltAm,
          erstelltVon: bearbeiter,
          vorgaenge,
        });
      }
    }
  }
  return akten.sort((x, y) => x.erstelltAm.getTime() - y.erstelltAm.getTime());
}

/** Everyone in an Amt with history: its Leitung, its clerks and the demo colleagues placed there. */
function personenDesAmts(a: HistorieAmt): string[] {
  const weitere = demoKollegen.filter((k) => k.oe === a.oe).map((k) => k.benutzername);
  return [...new Set([a.leitung, ...a.sachbearbeitung, ...weitere])];
}

/**
 * Who worked in Aktenwerk on which working day of the last two years (one time per person and
 * day, in time order): a few before their Amt's pilot, most once it is produktiv. Feeds the share
 * of active members; pure like `planeHistorie`.
 */
export function planeTaetigkeit(heute: string): { zeit: Date; benutzername: string }[] {
  const h = new Date(`${heute}T00:00:00Z`);
  const r = zufall(20_261_202);
  const taetigkeit: { zeit: Date; benutzername: string }[] = [];
  for (let tag = new Date(h.getTime() - 731 * TAG); tag < h; tag = new Date(tag.getTime() + TAG)) {
    if (tag.getUTCDay() === 0 || tag.getUTCDay() === 6) continue;
    for (const a of HISTORIE_AEMTER) {
      const anteil = 0.1 + 0.78 * fortschritt(a, h, tag);
      for (const benutzername of personenDesAmts(a))
        if (r() < anteil)
          taetigkeit.push({ zeit: new Date(tag.getTime() + (6 + r() * 9) * STUNDE), benutzername });
    }
  }
  return taetigkeit.sort((x, y) => x.zeit.getTime() - y.zeit.getTime());
}

/**
 * The county's e-government strategy as the Stabsstelle would have recorded it: two
 * Handlungsfelder, three Ziele bound to Kennzahlen (due at the end of next year) and the roll-out
 * as a Maßnahme with a milestone per Amt. `stabsstelle` is the Stabsstelle's OE id.
 */
export function demoStrategie(heute: string, stabsstelle: string): StrategieInhalt {
  const h = new Date(`${heute}T00:00:00Z`);
  const zieldatum = `${h.getUTCFullYear() + 1}-12-31`;
  return {
    titel: "E-Government-Strategie des Landkreises (Demo)",
    handlungsfelder: [
      {
        id: "e-akte",
        titel: "Elektronische Akte in allen Ämtern",
        ziele: [
          {
            id: "akten-elektronisch",
            titel: "80 % der neuen Akten elektronisch",
            kennzahl: "akten.elektronisch",
            zielwert: 80,
            richtung: "mindestens",
            zieldatum,
          },
          {
            id: "ohne-papier",
            titel: "Drei von vier Vorgängen ohne Papier abgeschlossen",
            kennzahl: "vorgaenge.ohne_papier",
            zielwert: 75,
            richtung: "mindestens",
            zieldatum,
          },
        ],
        massnahmen: [
          {
            id: "einfuehrung",
            titel: "Einführung der E-Akte in Wellen",
            oeId: stabsstelle,
            status: "laufend",
            meilensteine: rollout(heute)
              .filter((r) => r.produktivAb !== null || r.pilotAb !== null)
              .map((r) => {
                const amt = HISTORIE_AEMTER.find((a) => a.oe === r.oe)!;
                return {
                  id: `produktiv-${r.oe}`,
                  titel: `${amt.name} ${r.produktivAb ? "produktiv" : "im Pilot"}`,
                  datum: (r.produktivAb ?? r.pilotAb)!,
                  erledigt: true,
                };
              }),
          },
        ],
      },
      {
        id: "schneller",
        titel: "Schnellere Verfahren",
        ziele: [
          {
            id: "unverzueglich",
            titel: "Eingänge binnen eines Tages zu den Akten (Median)",
            kennzahl: "eingang.zu_den_akten",
            zielwert: 24,
            richtung: "hoechstens",
            zieldatum,
          },
        ],
        massnahmen: [],
      },
    ],
  };
}
