import { Readable } from "node:stream";
import type { AppContext } from "../../platform/context.js";
import { deutschesDatum, heute, istDatum } from "../../platform/clock.js";
import type { Queryable, Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden, type FieldProblem } from "../../platform/errors.js";
import { personJson, type Akteur, vertreteneAm, vertreterAm } from "../access/index.js";
import {
  beteiligeAdressaten,
  profilFuer,
  inhaltLeser,
  dokumentKopf,
  legeSystemdokumentAn,
  legeVersionAn,
  zeichneDokument,
  type EmpfangeneDatei,
  requireVorgang,
  setzeZda,
} from "../schriftgut/index.js";
import { appendProtokoll, type ProtokollAktion } from "../protokoll/index.js";
import { benachrichtige } from "./benachrichtigung.service.js";
import { verfuegungAlsPdf } from "./verfuegung.js";
import {
  abgangsKanaele,
  AKTIONEN_JE_ART,
  schrittArten,
  type Aktion,
  type Ergebnis,
  type Geschaeftsgang,
  type Kanal,
  type Person,
  type Schritt,
  type SchrittArt,
  type SchrittEingabe,
  type SchrittStatus,
} from "./workflow.types.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ABSCHLUSS: SchrittStatus[] = ["erledigt", "uebersprungen"];

// --- the route as data ------------------------------------------------------------------------

interface GangZeile {
  id: string;
  vorgang_id: string;
  dokument_id: string | null;
  zeichnung_vor_abgang: boolean;
  status: Geschaeftsgang["status"];
  ersteller_id: string;
  erstellt_am: Date;
  abgeschlossen_am: Date | null;
  verfuegung_dokument_id: string | null;
  vorgang_nr: number;
  vorgang_betreff: string;
  akte_id: string;
  aktenzeichen: string;
  federfuehrende_oe_id: string;
  kennzeichen: string;
}

const GANG_SELECT = `SELECT g.id, g.vorgang_id, g.dokument_id, g.zeichnung_vor_abgang, g.status, g.ersteller_id, g.erstellt_am,
  g.abgeschlossen_am, g.verfuegung_dokument_id, v.nr AS vorgang_nr, v.betreff AS vorgang_betreff, a.id AS akte_id,
  a.aktenzeichen, a.federfuehrende_oe_id, e.kennzeichen
  FROM geschaeftsgang g JOIN vorgang v ON v.id = g.vorgang_id JOIN akte a ON a.id = v.akte_id
  JOIN aktenplaneinheit e ON e.id = a.aktenplaneinheit_id`;

interface SchrittZeile {
  id: string;
  geschaeftsgang_id: string;
  stufe: number;
  art: SchrittArt;
  adressat_benutzer_id: string | null;
  adressat_oe_id: string | null;
  adressat_name: string;
  frist: string | null;
  verfuegungstext: string;
  status: SchrittStatus;
  bearbeiter: Person | null;
  ergebnis: Ergebnis | null;
  begruendung: string | null;
  kanal: Kanal | null;
  abgang_am: string | null;
  version_nr: number | null;
  erledigt_von: Person | null;
  erledigt_iv_fuer: Person | null;
  erledigt_am: Date | null;
  offen_seit: Date | null;
  bearbeiter_id: string | null;
}

const SCHRITT_SELECT = `SELECT s.id, s.geschaeftsgang_id, s.stufe, s.art, s.adressat_benutzer_id, s.adressat_oe_id,
  COALESCE(trim(ab.vorname || ' ' || ab.nachname), ao.name || ' (' || ao.kuerzel || ')') AS adressat_name,
  s.frist::text, s.verfuegungstext, s.status, ${personJson("bb")} AS bearbeiter, s.ergebnis, s.begruendung, s.kanal,
  s.abgang_am::text, s.version_nr, ${personJson("ev")} AS erledigt_von, ${personJson("iv")} AS erledigt_iv_fuer, s.erledigt_am,
  s.offen_seit, s.bearbeiter_id
  FROM schritt s LEFT JOIN benutzer ab ON ab.id = s.adressat_benutzer_id
  LEFT JOIN organisationseinheit ao ON ao.id = s.adressat_oe_id LEFT JOIN benutzer bb ON bb.id = s.bearbeiter_id
  LEFT JOIN benutzer ev ON ev.id = s.erledigt_von LEFT JOIN benutzer iv ON iv.id = s.erledigt_iv_fuer`;

async function ladeGang(q: Queryable, id: string, sperren = false): Promise<GangZeile | undefined> {
  if (!UUID.test(id)) return undefined;
  if (sperren) await q.query("SELECT 1 FROM geschaeftsgang WHERE id = $1 FOR UPDATE", [id]);
  const { rows } = await q.query<GangZeile>(`${GANG_SELECT} WHERE g.id = $1`, [id]);
  return rows[0];
}

async function ladeSchritte(q: Queryable, gangId: string): Promise<SchrittZeile[]> {
  const { rows } = await q.query<SchrittZeile>(
    `${SCHRITT_SELECT} WHERE s.geschaeftsgang_id = $1 ORDER BY s.stufe, s.reihenfolge`,
    [gangId],
  );
  return rows;
}

/** Who the actor is in the Geschäftsgang: their OEs (for OE steps) and whom they stand in for today. */
interface Rolle {
  actor: Akteur;
  oes: string[];
  vertretene: Person[];
}

async function rolleVon(ctx: AppContext, actor: Akteur): Promise<Rolle> {
  return {
    actor,
    oes: actor.mitgliedschaften
      .filter((m) => m.rolle === "Sachbearbeitung" || m.rolle === "Leitung")
      .map((m) => m.oeId),
    vertretene: await vertreteneAm(ctx.db, actor.benutzer.id, heute(ctx.clock)),
  };
}

/** Whether the actor may act on an open step, and for whom ("i. V." when deputising). */
function zustaendigkeit(rolle: Rolle, s: SchrittZeile): { ivFuer: Person | null } | null {
  const ich = rolle.actor.benutzer.id;
  const vertreten = (id: string | null) => rolle.vertretene.find((p) => p.id === id) ?? null;
  if (s.adressat_benutzer_id) {
    if (s.adressat_benutzer_id === ich) return { ivFuer: null };
    const fuer = vertreten(s.adressat_benutzer_id);
    return fuer ? { ivFuer: fuer } : null;
  }
  if (s.bearbeiter_id) {
    if (s.bearbeiter_id === ich) return { ivFuer: null };
    const fuer = vertreten(s.bearbeiter_id);
    return fuer ? { ivFuer: fuer } : null;
  }
  return rolle.oes.includes(s.adressat_oe_id!) ? { ivFuer: null } : null;
}

function zuSchritt(s: SchrittZeile, rolle: Rolle | null, gangLaeuft: boolean, tag: string): Schritt {
  const darf = gangLaeuft && s.status === "offen" && rolle !== null && zustaendigkeit(rolle, s) !== null;
  return {
    id: s.id,
    stufe: s.stufe,
    art: s.art,
    adressat: s.adressat_benutzer_id
      ? { art: "benutzer", id: s.adressat_benutzer_id, name: s.adressat_name }
      : { art: "oe", id: s.adressat_oe_id!, name: s.adressat_name },
    frist: s.frist,
    ueberfaellig: s.frist !== null && !ABSCHLUSS.includes(s.status) && s.frist < tag,
    verfuegungstext: s.verfuegungstext,
    status: s.status,
    bearbeiter: s.bearbeiter,
    ergebnis: s.ergebnis,
    begruendung: s.begruendung,
    kanal: s.kanal,
    abgangAm: s.abgang_am,
    versionNr: s.version_nr,
    erledigtVon: s.erledigt_von,
    erledigtIvFuer: s.erledigt_iv_fuer,
    erledigtAm: s.erledigt_am?.toISOString() ?? null,
    offenSeit: s.offen_seit?.toISOString() ?? null,
    aktionen: darf ? AKTIONEN_JE_ART[s.art] : [],
  };
}

async function baueGang(
  ctx: AppContext,
  q: Queryable,
  g: GangZeile,
  rolle: Rolle | null,
  aendern: boolean,
): Promise<Geschaeftsgang> {
  // One after another: `q` may be a transaction, and one connection runs one query at a time.
  const schritte = await ladeSchritte(q, g.id);
  const ersteller = await q.query<{ person: Person }>(
    `SELECT ${personJson("b")} AS person FROM benutzer b WHERE b.id = $1`,
    [g.ersteller_id],
  );
  const dokument = g.dokument_id ? await dokumentKopf(q, g.dokument_id) : undefined;
  const tag = heute(ctx.clock);
  return {
    id: g.id,
    vorgang: {
      id: g.vorgang_id,
      zeichen: `${g.aktenzeichen}-${g.vorgang_nr}`,
      betreff: g.vorgang_betreff,
      akteId: g.akte_id,
    },
    dokument: dokument ? { id: dokument.id, titel: dokument.titel, gezeichnet: dokument.gezeichnet } : null,
    status: g.status,
    zeichnungVorAbgang: g.zeichnung_vor_abgang,
    ersteller: ersteller.rows[0]!.person,
    erstelltAm: g.erstellt_am.toISOString(),
    abgeschlossenAm: g.abgeschlossen_am?.toISOString() ?? null,
    verfuegungDokumentId: g.verfuegung_dokument_id,
    schritte: schritte.map((s) => zuSchritt(s, rolle, g.status === "laufend", tag)),
    aendern: aendern && g.status === "laufend",
  };
}

// --- checks on a route ------------------------------------------------------------------------

/**
 * The Stufe of each step: in list order one after another ("parallel" joins the one before), or,
 * when steps name the steps they wait for ("nach"), the longest path to them. A cycle is refused
 * and named.
 */
export function berechneStufen(schritte: SchrittEingabe[]): number[] {
  if (!schritte.some((s) => s.nach?.length)) {
    let stufe = 0;
    return schritte.map((s, i) => (i > 0 && s.parallel ? stufe : ++stufe));
  }
  const index = new Map<string, number>();
  schritte.forEach((s, i) => {
    const key = s.schluessel?.trim();
    if (!key) return;
    if (index.has(key))
      throw new AppError("ungueltige_eingabe", `Der Schlüssel „${key}“ kommt im Laufweg doppelt vor.`, {
        fehler: [{ feld: `/schritte/${i}/schluessel`, meldung: "Doppelter Schlüssel." }],
      });
    index.set(key, i);
  });
  const vorgaenger = schritte.map((s, i) =>
    (s.nach ?? []).map((n) => {
      const j = index.get(n);
      if (j === undefined)
        throw new AppError("ungueltige_eingabe", `Schritt ${i + 1} wartet auf „${n}“, den es nicht gibt.`, {
          fehler: [{ feld: `/schritte/${i}/nach`, meldung: `Unbekannter Schritt „${n}“.` }],
        });
      return j;
    }),
  );
  const stufen: number[] = new Array<number>(schritte.length).fill(0);
  const zustand: ("neu" | "aktiv" | "fertig")[] = schritte.map(() => "neu");
  const name = (i: number) => schritte[i]!.schluessel ?? `Schritt ${i + 1}`;
  const besuche = (i: number, pfad: number[]): number => {
    if (zustand[i] === "fertig") return stufen[i]!;
    if (zustand[i] === "aktiv") {
      const kreis = [...pfad.slice(pfad.indexOf(i)), i].map(name).join(" → ");
      throw new AppError("ungueltige_eingabe", `Der Laufweg enthält einen Kreis: ${kreis}.`, {
        fehler: [{ feld: `/schritte/${i}/nach`, meldung: "Kreis im Laufweg." }],
      });
    }
    zustand[i] = "aktiv";
    let stufe = 1;
    for (const j of vorgaenger[i]!) stufe = Math.max(stufe, besuche(j, [...pfad, i]) + 1);
    zustand[i] = "fertig";
    stufen[i] = stufe;
    return stufe;
  };
  schritte.forEach((_, i) => besuche(i, []));
  return stufen;
}

/** Rules every route keeps; checked at the start and after every change. */
function pruefeLaufweg(
  schritte: { art: SchrittArt; stufe: number; status: SchrittStatus }[],
  zeichnungVorAbgang: boolean,
): void {
  const aktiv = schritte.filter((s) => s.status !== "uebersprungen");
  if (!aktiv.length)
    throw new AppError("ungueltige_eingabe", "Ein Geschäftsgang braucht mindestens einen Schritt.");
  const letzte = Math.max(...aktiv.map((s) => s.stufe));
  const zda = aktiv.filter((s) => s.art === "zdA");
  if (
    zda.length > 1 ||
    zda.some((s) => s.stufe !== letzte || aktiv.filter((x) => x.stufe === letzte).length > 1)
  )
    throw new AppError(
      "ungueltige_eingabe",
      "zdA kann nur einmal vorkommen und muss der letzte Schritt sein.",
      {
        fehler: [{ feld: "/schritte", meldung: "zdA ans Ende stellen." }],
      },
    );
  if (zeichnungVorAbgang) {
    for (const abgang of aktiv.filter((s) => s.art === "Abgang")) {
      if (!aktiv.some((s) => s.art === "Zeichnung" && s.stufe < abgang.stufe))
        throw new AppError(
          "ungueltige_eingabe",
          "Die Laufwegvorlage verlangt vor dem Abgang eine Zeichnung; im Laufweg fehlt sie.",
          { fehler: [{ feld: "/schritte", meldung: "Zeichnung vor dem Abgang einfügen." }] },
        );
    }
  }
}

interface Adressat {
  benutzerId: string | null;
  oeId: string | null;
}

async function loeseAdressat(q: Queryable, a: SchrittEingabe["adressat"], feld: string): Promise<Adressat> {
  if (a.benutzer && !a.oe) {
    const { rows } = await q.query<{ id: string }>(
      "SELECT id FROM benutzer WHERE (benutzername = $1 OR id::text = $1) AND aktiv",
      [a.benutzer],
    );
    if (!rows[0])
      throw new AppError("ungueltige_eingabe", `Den Benutzer „${a.benutzer}“ gibt es nicht.`, {
        fehler: [{ feld, meldung: "Unbekannter Benutzer." }],
      });
    return { benutzerId: rows[0].id, oeId: null };
  }
  if (a.oe && !a.benutzer) {
    const { rows } = await q.query<{ id: string }>(
      "SELECT id FROM organisationseinheit WHERE (lower(kuerzel) = lower($1) OR id::text = $1) AND aktiv",
      [a.oe],
    );
    if (!rows[0])
      throw new AppError("ungueltige_eingabe", `Die Organisationseinheit „${a.oe}“ gibt es nicht.`, {
        fehler: [{ feld, meldung: "Unbekannte Organisationseinheit." }],
      });
    return { benutzerId: null, oeId: rows[0].id };
  }
  throw new AppError("ungueltige_eingabe", "Bitte als Adressat genau eine Person oder eine OE angeben.", {
    fehler: [{ feld, meldung: "Person oder OE." }],
  });
}

function pruefeSchritt(s: SchrittEingabe, i: number, tag: string): FieldProblem[] {
  const fehler: FieldProblem[] = [];
  if (!schrittArten.includes(s.art))
    fehler.push({
      feld: `/schritte/${i}/art`,
      meldung: `Unbekannte Art; möglich: ${schrittArten.join(", ")}.`,
    });
  if (s.frist) {
    if (!istDatum(s.frist))
      fehler.push({ feld: `/schritte/${i}/frist`, meldung: "Datum der Form JJJJ-MM-TT." });
    else if (s.frist < tag)
      fehler.push({ feld: `/schritte/${i}/frist`, meldung: "Die Frist liegt in der Vergangenheit." });
  }
  if ((s.verfuegungstext ?? "").length > 4000)
    fehler.push({ feld: `/schritte/${i}/verfuegungstext`, meldung: "Höchstens 4000 Zeichen." });
  return fehler;
}

// --- Protokoll and notices --------------------------------------------------------------------

async function protokolliere(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  ivFuer: Person | null,
  aktion: ProtokollAktion,
  objekt: { art: string; id: string },
  gang: GangZeile,
  details: Record<string, unknown>,
): Promise<void> {
  await appendProtokoll(tx, ctx.clock, {
    akteur: actor,
    ...(ivFuer ? { imAuftragVon: ivFuer } : {}),
    aktion,
    objektArt: objekt.art,
    objektId: objekt.id,
    details: { akteId: gang.akte_id, vorgangId: gang.vorgang_id, geschaeftsgangId: gang.id, ...details },
  });
}

/** Tells the addressees of newly opened steps (a person, or their deputy while absent). */
async function meldeOffeneSchritte(ctx: AppContext, tx: Tx, gang: GangZeile, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const { rows } = await tx.query<{ id: string; art: SchrittArt; adressat_benutzer_id: string | null }>(
    "SELECT id, art, adressat_benutzer_id FROM schritt WHERE id = ANY($1)",
    [ids],
  );
  for (const s of rows) {
    if (!s.adressat_benutzer_id) continue;
    const vertreter = await vertreterAm(tx, s.adressat_benutzer_id, heute(ctx.clock));
    const empfaenger = vertreter ?? s.adressat_benutzer_id;
    // A deputy not named on a restricted Akte learns that a step waits, not what it is about.
    const lesbar = (await inhaltLeser(ctx, tx, gang.akte_id, [empfaenger])).has(empfaenger);
    const worum = lesbar ? `${gang.aktenzeichen}-${gang.vorgang_nr} ${gang.vorgang_betreff}` : VERDECKT;
    await benachrichtige(ctx, tx, [empfaenger], {
      art: "schritt",
      text: `${s.art}: ${worum}${vertreter ? " (in Vertretung)" : ""}`,
      link: `/vorgaenge/${gang.vorgang_id}`,
      schluessel: `schritt:${s.id}`,
    });
  }
}

// --- moving the route on ----------------------------------------------------------------------

/**
 * After every change: when no step of the current Stufe is open any more, the next Stufe opens;
 * when none is left, the route ends and its Verfügung is filed in the Vorgang.
 */
async function schreiteFort(ctx: AppContext, tx: Tx, actor: Akteur, gang: GangZeile): Promise<void> {
  const { rows: offen } = await tx.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM schritt WHERE geschaeftsgang_id = $1 AND status = 'offen'",
    [gang.id],
  );
  if (offen[0]!.n > 0) return;
  const { rows: naechste } = await tx.query<{ id: string }>(
    `UPDATE schritt SET status = 'offen', offen_seit = $2
     WHERE geschaeftsgang_id = $1 AND status = 'wartend'
       AND stufe = (SELECT min(stufe) FROM schritt WHERE geschaeftsgang_id = $1 AND status = 'wartend')
     RETURNING id`,
    [gang.id, ctx.clock.now()],
  );
  if (naechste.length) {
    await meldeOffeneSchritte(
      ctx,
      tx,
      gang,
      naechste.map((r) => r.id),
    );
    return;
  }
  await beende(ctx, tx, actor, gang, "abgeschlossen");
}

async function beende(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  gang: GangZeile,
  status: "abgeschlossen" | "abgebrochen",
  begruendung?: string,
): Promise<void> {
  await tx.query("UPDATE geschaeftsgang SET status = $2, abgeschlossen_am = $3 WHERE id = $1", [
    gang.id,
    status,
    ctx.clock.now(),
  ]);
  const beendet = (await ladeGang(tx, gang.id))!;
  const daten = await baueGang(ctx, tx, beendet, null, false);
  const pdf = await verfuegungAlsPdf(daten, ctx.config.behoerde, ctx.clock.now());
  const stored = await ctx.blobs.put(Readable.from([pdf]));
  const tag = deutschesDatum(heute(ctx.clock));
  const dokumentId = await legeSystemdokumentAn(
    ctx,
    tx,
    gang.vorgang_id,
    { typ: "Vermerk", titel: `Verfügung zum Geschäftsgang (${tag})` },
    {
      stored,
      dateiname: `Verfuegung-${gang.aktenzeichen.replace(/[^0-9A-Za-z.-]/g, "_")}-${gang.vorgang_nr}.pdf`,
      originaldateiname: "Verfügung.pdf",
      mimeTyp: "application/pdf",
    },
    status === "abgeschlossen"
      ? "Verfügung: Laufweg und Entscheidungen"
      : `Geschäftsgang abgebrochen: ${begruendung}`,
    gang.akte_id,
  );
  await tx.query("UPDATE geschaeftsgang SET verfuegung_dokument_id = $2 WHERE id = $1", [
    gang.id,
    dokumentId,
  ]);
  await protokolliere(
    ctx,
    tx,
    actor,
    null,
    status === "abgeschlossen" ? "geschaeftsgang.abgeschlossen" : "geschaeftsgang.abgebrochen",
    { art: "geschaeftsgang", id: gang.id },
    gang,
    { verfuegungDokumentId: dokumentId, ...(begruendung ? { begruendung } : {}) },
  );
}

/** Puts new steps right after a Stufe, moving the waiting ones behind them. */
async function fuegeStufenEin(
  ctx: AppContext,
  tx: Tx,
  gangId: string,
  nachStufe: number,
  neue: (Adressat & { art: SchrittArt; verfuegungstext: string; frist: string | null })[],
): Promise<void> {
  await tx.query(
    "UPDATE schritt SET stufe = stufe + $3 WHERE geschaeftsgang_id = $1 AND stufe > $2 AND status = 'wartend'",
    [gangId, nachStufe, neue.length],
  );
  for (const [i, s] of neue.entries())
    await tx.query(
      `INSERT INTO schritt (geschaeftsgang_id, stufe, art, adressat_benutzer_id, adressat_oe_id, frist, verfuegungstext, status, erstellt_am)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'wartend', $8)`,
      [gangId, nachStufe + 1 + i, s.art, s.benutzerId, s.oeId, s.frist, s.verfuegungstext, ctx.clock.now()],
    );
}

// --- Zeichnungsbefugnis ------------------------------------------------------------------------

/**
 * Whether a user may zeichnen in a Vorgang: a rule for one of their roles covers the Aktenplan
 * unit, and the membership is in the federführende OE or above it (a Leitung zeichnet for the OEs
 * below). A rule bound to an OE only counts for that OE's members.
 */
export async function hatZeichnungsbefugnis(
  q: Queryable,
  benutzerId: string,
  federfuehrendeOeId: string,
  kennzeichen: string,
): Promise<boolean> {
  const { rows } = await q.query(
    `WITH RECURSIVE oben (id, parent_id) AS (
       SELECT id, parent_id FROM organisationseinheit WHERE id = $2
       UNION SELECT o.id, o.parent_id FROM organisationseinheit o JOIN oben ON o.id = oben.parent_id)
     SELECT 1 FROM zeichnungsbefugnis z JOIN mitgliedschaft m ON m.rolle = z.rolle AND m.benutzer_id = $1
     WHERE m.oe_id IN (SELECT id FROM oben) AND (z.oe_id IS NULL OR z.oe_id = m.oe_id)
       AND (z.aktenplan_praefix IS NULL OR $3 = z.aktenplan_praefix OR $3 LIKE z.aktenplan_praefix || '.%')
     LIMIT 1`,
    [benutzerId, federfuehrendeOeId, kennzeichen],
  );
  return rows.length > 0;
}

// --- services ---------------------------------------------------------------------------------

export interface NeuerGeschaeftsgang {
  dokument?: string | null;
  vorlage?: string | null;
  zeichnungVorAbgang?: boolean;
  schritte?: SchrittEingabe[];
}

/** Starts a route on a Vorgang or one of its Entwürfe; the first Stufe opens at once. */
export async function starteGeschaeftsgang(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
  eingabe: NeuerGeschaeftsgang,
): Promise<Geschaeftsgang> {
  const id = await ctx.db.transaction(async (tx) => {
    const { akte } = await requireVorgang(ctx, actor, vorgangId, "dokumentAnlegen", tx);
    const { rows: einheit } = await tx.query<{ kennzeichen: string }>(
      "SELECT e.kennzeichen FROM akte a JOIN aktenplaneinheit e ON e.id = a.aktenplaneinheit_id WHERE a.id = $1",
      [akte.daten.id],
    );
    const kennzeichen = einheit[0]!.kennzeichen;
    if (eingabe.dokument) {
      const d = UUID.test(eingabe.dokument) ? await dokumentKopf(tx, eingabe.dokument) : undefined;
      if (!d || d.vorgangId !== vorgangId)
        throw new AppError("ungueltige_eingabe", "Der Entwurf gehört nicht zu diesem Vorgang.", {
          fehler: [{ feld: "/dokument", meldung: "Dokument dieses Vorgangs wählen." }],
        });
      if (d.gezeichnet) throw new AppError("konflikt", "Das Dokument ist bereits gezeichnet und endgültig.");
    }
    let schritte = eingabe.schritte ?? [];
    let zeichnungVorAbgang = eingabe.zeichnungVorAbgang ?? false;
    let vorlageId: string | null = null;
    if (eingabe.vorlage) {
      const { rows } = await tx.query<{
        id: string;
        oe_id: string | null;
        aktenplan_praefix: string | null;
        zeichnung_vor_abgang: boolean;
        schritte: SchrittEingabe[];
      }>(
        "SELECT id, oe_id, aktenplan_praefix, zeichnung_vor_abgang, schritte FROM laufwegvorlage WHERE id::text = $1",
        [eingabe.vorlage],
      );
      const v = rows[0];
      if (!v || !vorlagePasst(v, akte.daten.federfuehrendeOeId, kennzeichen))
        throw new AppError("ungueltige_eingabe", "Diese Laufwegvorlage gibt es für diesen Vorgang nicht.", {
          fehler: [{ feld: "/vorlage", meldung: "Unbekannte oder unpassende Vorlage." }],
        });
      vorlageId = v.id;
      if (!eingabe.schritte?.length) schritte = v.schritte;
      // What the template requires cannot be switched off per route.
      zeichnungVorAbgang = v.zeichnung_vor_abgang || zeichnungVorAbgang;
    }
    const tag = heute(ctx.clock);
    const fehler = schritte.flatMap((s, i) => pruefeSchritt(s, i, tag));
    if (fehler.length)
      throw new AppError("ungueltige_eingabe", "Bitte die Schritte des Laufwegs prüfen.", { fehler });
    const stufen = berechneStufen(schritte);
    pruefeLaufweg(
      schritte.map((s, i) => ({ art: s.art, stufe: stufen[i]!, status: "wartend" as const })),
      zeichnungVorAbgang,
    );
    const adressaten: Adressat[] = [];
    for (const [i, s] of schritte.entries())
      adressaten.push(await loeseAdressat(tx, s.adressat, `/schritte/${i}/adressat`));
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO geschaeftsgang (vorgang_id, dokument_id, vorlage_id, zeichnung_vor_abgang, ersteller_id, erstellt_am)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        vorgangId,
        eingabe.dokument ?? null,
        vorlageId,
        zeichnungVorAbgang,
        actor.benutzer.id,
        ctx.clock.now(),
      ],
    );
    const gangId = rows[0]!.id;
    for (const [i, s] of schritte.entries())
      await tx.query(
        `INSERT INTO schritt (geschaeftsgang_id, stufe, art, adressat_benutzer_id, adressat_oe_id, frist, verfuegungstext, status, erstellt_am)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'wartend', $8)`,
        [
          gangId,
          stufen[i],
          s.art,
          adressaten[i]!.benutzerId,
          adressaten[i]!.oeId,
          s.frist || null,
          (s.verfuegungstext ?? "").normalize("NFC").trim(),
          ctx.clock.now(),
        ],
      );
    await beteiligeAdressaten(ctx, tx, actor, akte.daten.id, {
      benutzerIds: adressaten.flatMap((a) => (a.benutzerId ? [a.benutzerId] : [])),
      oeIds: adressaten.flatMap((a) => (a.oeId ? [a.oeId] : [])),
    });
    const gang = (await ladeGang(tx, gangId))!;
    await protokolliere(
      ctx,
      tx,
      actor,
      null,
      "geschaeftsgang.gestartet",
      { art: "geschaeftsgang", id: gangId },
      gang,
      {
        dokumentId: eingabe.dokument ?? null,
        vorlageId,
        schritte: schritte.map((s, i) => ({ art: s.art, stufe: stufen[i], adressat: s.adressat })),
      },
    );
    await schreiteFort(ctx, tx, actor, gang);
    return gangId;
  });
  return getGeschaeftsgang(ctx, actor, id);
}

function vorlagePasst(
  v: { oe_id: string | null; aktenplan_praefix: string | null },
  oeId: string,
  kennzeichen: string,
): boolean {
  return (
    (v.oe_id === null || v.oe_id === oeId) &&
    (v.aktenplan_praefix === null ||
      kennzeichen === v.aktenplan_praefix ||
      kennzeichen.startsWith(`${v.aktenplan_praefix}.`))
  );
}

/** Who may see a route: whoever reads the Vorgang, and everyone it is (or was) addressed to. */
async function sichtbar(ctx: AppContext, actor: Akteur, g: GangZeile, rolle: Rolle): Promise<boolean> {
  try {
    await requireVorgang(ctx, actor, g.vorgang_id, "inhaltLesen");
    return true;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
  const ids = [actor.benutzer.id, ...rolle.vertretene.map((p) => p.id)];
  const { rows } = await ctx.db.query(
    `SELECT 1 FROM schritt WHERE geschaeftsgang_id = $1 AND (adressat_benutzer_id = ANY($2) OR bearbeiter_id = ANY($2)
       OR erledigt_von = $3 OR adressat_oe_id = ANY($4)) LIMIT 1`,
    [g.id, ids, actor.benutzer.id, rolle.oes],
  );
  return rows.length > 0;
}

/**
 * The route belongs to the federführende OE: its Ersteller, the OE's clerks and its Leitung (and
 * Leitungen above) may change it; OEs that only take part through the route may not.
 */
async function darfAendern(ctx: AppContext, actor: Akteur, g: GangZeile): Promise<boolean> {
  if (g.ersteller_id === actor.benutzer.id) return true;
  const profil = await profilFuer(ctx, actor);
  const leitungOben =
    actor.mitgliedschaften.some((m) => m.rolle === "Leitung") &&
    profil.leseOes.includes(g.federfuehrende_oe_id);
  return profil.schreibOes.includes(g.federfuehrende_oe_id) || leitungOben;
}

export async function getGeschaeftsgang(ctx: AppContext, actor: Akteur, id: string): Promise<Geschaeftsgang> {
  const g = await ladeGang(ctx.db, id);
  const rolle = await rolleVon(ctx, actor);
  if (!g || !(await sichtbar(ctx, actor, g, rolle))) throw nichtGefunden("Der Geschäftsgang");
  const gang = await baueGang(ctx, ctx.db, g, rolle, await darfAendern(ctx, actor, g));
  return (await inhaltLeser(ctx, ctx.db, g.akte_id, [actor.benutzer.id])).has(actor.benutzer.id)
    ? gang
    : ohneInhalt(gang);
}

/**
 * A route as a participant sees it who may not read the Vorgang (a deputy, an OE taking part,
 * not named on a restricted Akte): the steps and who does them, not what the Vorgang, its draft
 * or the Verfügung say.
 */
function ohneInhalt(gang: Geschaeftsgang): Geschaeftsgang {
  return {
    ...gang,
    vorgang: { ...gang.vorgang, zeichen: "–", betreff: VERDECKT },
    dokument: gang.dokument ? { ...gang.dokument, titel: VERDECKT } : null,
    schritte: gang.schritte.map((s) => ({ ...s, verfuegungstext: "", begruendung: null })),
  };
}

const VERDECKT = "Vorgang in einer zugriffsbeschränkten Akte";

export async function listGeschaeftsgaenge(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
): Promise<Geschaeftsgang[]> {
  await requireVorgang(ctx, actor, vorgangId, "inhaltLesen");
  const rolle = await rolleVon(ctx, actor);
  const { rows } = await ctx.db.query<GangZeile>(
    `${GANG_SELECT} WHERE g.vorgang_id = $1 ORDER BY g.erstellt_am`,
    [vorgangId],
  );
  const aendern = rows.length ? await darfAendern(ctx, actor, rows[0]!) : false;
  return Promise.all(
    rows.map((g) => baueGang(ctx, ctx.db, g, rolle, aendern || g.ersteller_id === actor.benutzer.id)),
  );
}

/** Locks the route and the step (in this order, always), and checks that both are still open. */
async function sperreSchritt(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  schrittId: string,
): Promise<{ gang: GangZeile; schritt: SchrittZeile; rolle: Rolle }> {
  const { rows } = UUID.test(schrittId)
    ? await tx.query<{ geschaeftsgang_id: string }>("SELECT geschaeftsgang_id FROM schritt WHERE id = $1", [
        schrittId,
      ])
    : { rows: [] };
  const gang = rows[0] ? await ladeGang(tx, rows[0].geschaeftsgang_id, true) : undefined;
  const rolle = await rolleVon(ctx, actor);
  if (!gang || !(await sichtbar(ctx, actor, gang, rolle))) throw nichtGefunden("Der Schritt");
  await tx.query("SELECT 1 FROM schritt WHERE id = $1 FOR UPDATE", [schrittId]);
  const schritt = (await tx.query<SchrittZeile>(`${SCHRITT_SELECT} WHERE s.id = $1`, [schrittId])).rows[0]!;
  return { gang, schritt, rolle };
}

export interface AktionsEingabe {
  begruendung?: string;
  kanal?: string;
  datum?: string;
  an?: SchrittEingabe["adressat"];
}

const ERGEBNIS_DER_AKTION: Partial<Record<Aktion, Ergebnis>> = {
  erledigen: "erledigt",
  zustimmen: "zugestimmt",
  zustimmen_mit_aenderungen: "zugestimmt_mit_aenderungen",
  ablehnen: "abgelehnt",
  kenntnisnehmen: "zur_kenntnis_genommen",
  zeichnen: "gezeichnet",
  zurueckgeben: "zurueckgegeben",
  abgang: "abgesandt",
  zda: "zda",
};

/**
 * One action on an open step, by its addressee (or their deputy, recorded "i. V."): the decision
 * is kept with the step, the Protokoll records it, and the route moves on. A refused action
 * changes nothing.
 */
/** Locks a step and checks that `actor` may take `aktion` on it now (visible, open, addressed to them). */
async function pruefeAktionImGang(ctx: AppContext, tx: Tx, actor: Akteur, schrittId: string, aktion: Aktion) {
  const { gang, schritt, rolle } = await sperreSchritt(ctx, tx, actor, schrittId);
  if (gang.status !== "laufend") throw new AppError("konflikt", "Dieser Geschäftsgang ist bereits beendet.");
  if (schritt.status !== "offen")
    throw new AppError(
      "konflikt",
      schritt.status === "wartend"
        ? "Dieser Schritt ist noch nicht an der Reihe."
        : "Dieser Schritt ist bereits erledigt.",
    );
  if (!AKTIONEN_JE_ART[schritt.art].includes(aktion))
    throw new AppError("konflikt", `„${aktion}“ passt nicht zu einem Schritt der Art ${schritt.art}.`);
  const zustaendig = zustaendigkeit(rolle, schritt);
  if (!zustaendig) {
    if (schritt.adressat_oe_id && schritt.bearbeiter && rolle.oes.includes(schritt.adressat_oe_id))
      throw new AppError(
        "konflikt",
        `Diesen Schritt hat bereits ${schritt.bearbeiter.anzeigename} übernommen.`,
      );
    throw new AppError("keine_berechtigung", "Dieser Schritt ist nicht an Sie gerichtet.");
  }
  return { gang, schritt, rolle, zustaendig };
}

/**
 * The checks of `handle` without acting, for an upload route to run before it stores the file:
 * a step the caller cannot see is 404, one not theirs or not due is refused.
 */
export async function pruefeAktion(
  ctx: AppContext,
  actor: Akteur,
  schrittId: string,
  aktion: Aktion,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await pruefeAktionImGang(ctx, tx, actor, schrittId, aktion);
  });
}

export async function handle(
  ctx: AppContext,
  actor: Akteur,
  schrittId: string,
  aktion: Aktion,
  eingabe: AktionsEingabe = {},
  datei?: EmpfangeneDatei,
): Promise<Geschaeftsgang> {
  const gangId = await ctx.db.transaction(async (tx) => {
    const { gang, schritt, zustaendig } = await pruefeAktionImGang(ctx, tx, actor, schrittId, aktion);
    const { ivFuer } = zustaendig;
    const begruendung = eingabe.begruendung?.normalize("NFC").trim() || null;
    if ((aktion === "ablehnen" || aktion === "zurueckgeben") && !begruendung)
      throw new AppError("ungueltige_eingabe", "Bitte begründen Sie die Entscheidung.", {
        fehler: [{ feld: "/begruendung", meldung: "Pflichtfeld." }],
      });
    if (aktion === "weiterleiten") return leiteWeiter(ctx, tx, actor, gang, schritt, ivFuer, eingabe);

    // An OE step belongs to whoever acts on it first.
    if (schritt.adressat_oe_id && !schritt.bearbeiter_id)
      await tx.query("UPDATE schritt SET bearbeiter_id = $2 WHERE id = $1", [schritt.id, actor.benutzer.id]);

    let versionNr: number | null = null;
    let kanal: Kanal | null = null;
    let abgangAm: string | null = null;
    if (aktion === "zustimmen_mit_aenderungen") {
      if (!gang.dokument_id)
        throw new AppError(
          "konflikt",
          "Ohne Entwurf im Geschäftsgang gibt es keine Änderungen zum Mitzeichnen.",
        );
      if (!datei)
        throw new AppError("ungueltige_eingabe", "Bitte die geänderte Fassung des Entwurfs hochladen.", {
          fehler: [{ feld: "/datei", meldung: "Datei fehlt." }],
        });
      versionNr = await legeVersionAn(
        ctx,
        tx,
        actor,
        gang.dokument_id,
        datei,
        `Mitzeichnung mit Änderungen${begruendung ? `: ${begruendung}` : ""}`,
      );
    }
    if (aktion === "zeichnen") {
      const fuer = ivFuer?.id ?? actor.benutzer.id;
      if (!(await hatZeichnungsbefugnis(tx, fuer, gang.federfuehrende_oe_id, gang.kennzeichen)))
        throw new AppError(
          "keine_berechtigung",
          `${ivFuer ? `${ivFuer.anzeigename} hat` : "Sie haben"} für ${gang.kennzeichen} keine Zeichnungsbefugnis.`,
        );
      if (gang.dokument_id) {
        versionNr = (await zeichneDokument(ctx, tx, gang.dokument_id, actor.benutzer.id)).version;
        await protokolliere(
          ctx,
          tx,
          actor,
          ivFuer,
          "dokument.gezeichnet",
          { art: "dokument", id: gang.dokument_id },
          gang,
          {
            version: versionNr,
          },
        );
      }
    }
    if (aktion === "abgang") {
      if (!abgangsKanaele.includes(eingabe.kanal as Kanal))
        throw new AppError(
          "ungueltige_eingabe",
          `Bitte den Weg des Abgangs angeben: ${abgangsKanaele.join(", ")}.`,
          {
            fehler: [{ feld: "/kanal", meldung: "Post, E-Mail oder Portal." }],
          },
        );
      kanal = eingabe.kanal as Kanal;
      abgangAm = eingabe.datum || heute(ctx.clock);
      if (!istDatum(abgangAm) || abgangAm > heute(ctx.clock))
        throw new AppError("ungueltige_eingabe", "Das Datum des Abgangs muss heute oder früher sein.", {
          fehler: [{ feld: "/datum", meldung: "Datum der Form JJJJ-MM-TT, nicht in der Zukunft." }],
        });
      if (gang.zeichnung_vor_abgang) {
        const d = gang.dokument_id ? await dokumentKopf(tx, gang.dokument_id) : undefined;
        const gezeichnet = d
          ? d.gezeichnet
          : (
              await tx.query(
                "SELECT 1 FROM schritt WHERE geschaeftsgang_id = $1 AND art = 'Zeichnung' AND ergebnis = 'gezeichnet'",
                [gang.id],
              )
            ).rows.length > 0;
        if (!gezeichnet)
          throw new AppError(
            "konflikt",
            "Vor dem Abgang muss der Entwurf gezeichnet sein (Vorgabe der Laufwegvorlage).",
          );
      }
    }
    await tx.query(
      `UPDATE schritt SET status = 'erledigt', ergebnis = $2, begruendung = $3, kanal = $4, abgang_am = $5, version_nr = $6,
         erledigt_von = $7, erledigt_iv_fuer = $8, erledigt_am = $9 WHERE id = $1`,
      [
        schritt.id,
        ERGEBNIS_DER_AKTION[aktion],
        begruendung,
        kanal,
        abgangAm,
        versionNr,
        actor.benutzer.id,
        ivFuer?.id ?? null,
        ctx.clock.now(),
      ],
    );
    await protokolliere(
      ctx,
      tx,
      actor,
      ivFuer,
      "schritt.erledigt",
      { art: "schritt", id: schritt.id },
      gang,
      {
        art: schritt.art,
        ergebnis: ERGEBNIS_DER_AKTION[aktion],
        ...(begruendung ? { begruendung } : {}),
        ...(kanal ? { kanal, abgangAm } : {}),
        ...(versionNr ? { version: versionNr } : {}),
      },
    );
    if (aktion === "ablehnen" || aktion === "zurueckgeben") {
      // Back to the Ersteller for a revision, then the same step again.
      await fuegeStufenEin(ctx, tx, gang.id, schritt.stufe, [
        {
          art: "Bearbeitung",
          benutzerId: gang.ersteller_id,
          oeId: null,
          frist: null,
          verfuegungstext: `Überarbeiten: ${aktion === "ablehnen" ? "Mitzeichnung abgelehnt" : "zurückgegeben"} von ${actor.benutzer.anzeigename} – ${begruendung}`,
        },
        {
          art: schritt.art,
          benutzerId: schritt.adressat_benutzer_id,
          oeId: schritt.adressat_oe_id,
          frist: null,
          verfuegungstext: schritt.verfuegungstext,
        },
      ]);
    }
    await schreiteFort(ctx, tx, actor, gang);
    if (aktion === "zda")
      await setzeZda(ctx, tx, actor, gang.vorgang_id, {
        geschaeftsgangId: gang.id,
        ...(ivFuer ? { imAuftragVon: ivFuer.id } : {}),
      });
    return gang.id;
  });
  return getGeschaeftsgang(ctx, actor, gangId);
}

async function leiteWeiter(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  gang: GangZeile,
  schritt: SchrittZeile,
  ivFuer: Person | null,
  eingabe: AktionsEingabe,
): Promise<string> {
  if (!eingabe.an)
    throw new AppError("ungueltige_eingabe", "Bitte angeben, an wen der Schritt weitergeleitet wird.", {
      fehler: [{ feld: "/an", meldung: "Person oder OE." }],
    });
  const an = await loeseAdressat(tx, eingabe.an, "/an");
  if (an.benutzerId === (schritt.adressat_benutzer_id ?? schritt.bearbeiter_id) && an.benutzerId !== null)
    throw new AppError("ungueltige_eingabe", "Der Schritt liegt bereits bei dieser Person.", {
      fehler: [{ feld: "/an", meldung: "Andere Person wählen." }],
    });
  await tx.query(
    "UPDATE schritt SET adressat_benutzer_id = $2, adressat_oe_id = $3, bearbeiter_id = NULL, offen_seit = $4 WHERE id = $1",
    [schritt.id, an.benutzerId, an.oeId, ctx.clock.now()],
  );
  await beteiligeAdressaten(ctx, tx, actor, gang.akte_id, {
    benutzerIds: an.benutzerId ? [an.benutzerId] : [],
    oeIds: an.oeId ? [an.oeId] : [],
  });
  await protokolliere(
    ctx,
    tx,
    actor,
    ivFuer,
    "schritt.weitergeleitet",
    { art: "schritt", id: schritt.id },
    gang,
    {
      art: schritt.art,
      von: { benutzerId: schritt.adressat_benutzer_id, oeId: schritt.adressat_oe_id },
      an,
      ...(eingabe.begruendung ? { begruendung: eingabe.begruendung } : {}),
    },
  );
  await meldeOffeneSchritte(ctx, tx, gang, [schritt.id]);
  return gang.id;
}

/** Takes an open OE step into one's own Postkorb: of two at once, exactly one wins. */
export async function uebernimm(ctx: AppContext, actor: Akteur, schrittId: string): Promise<Geschaeftsgang> {
  const gangId = await ctx.db.transaction(async (tx) => {
    const { gang, schritt, rolle } = await sperreSchritt(ctx, tx, actor, schrittId);
    if (schritt.status !== "offen" || gang.status !== "laufend")
      throw new AppError("konflikt", "Dieser Schritt ist nicht offen.");
    if (!schritt.adressat_oe_id)
      throw new AppError("konflikt", "Dieser Schritt ist an eine Person gerichtet.");
    if (schritt.bearbeiter)
      throw new AppError(
        "konflikt",
        `Diesen Schritt hat bereits ${schritt.bearbeiter.anzeigename} übernommen.`,
      );
    if (!rolle.oes.includes(schritt.adressat_oe_id))
      throw new AppError("keine_berechtigung", "Dieser Schritt liegt im Postkorb einer anderen OE.");
    await tx.query("UPDATE schritt SET bearbeiter_id = $2 WHERE id = $1", [schritt.id, actor.benutzer.id]);
    await protokolliere(
      ctx,
      tx,
      actor,
      null,
      "schritt.uebernommen",
      { art: "schritt", id: schritt.id },
      gang,
      {
        art: schritt.art,
      },
    );
    return gang.id;
  });
  return getGeschaeftsgang(ctx, actor, gangId);
}

// --- changing a running route -------------------------------------------------------------------

async function sperreGangZumAendern(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  gangId: string,
): Promise<GangZeile> {
  const gang = await ladeGang(tx, gangId, true);
  const rolle = await rolleVon(ctx, actor);
  if (!gang || !(await sichtbar(ctx, actor, gang, rolle))) throw nichtGefunden("Der Geschäftsgang");
  if (!(await darfAendern(ctx, actor, gang)))
    throw new AppError(
      "keine_berechtigung",
      "Den Laufweg ändern die Erstellerin oder der Ersteller und die Bearbeiter der Akte.",
    );
  if (gang.status !== "laufend") throw new AppError("konflikt", "Dieser Geschäftsgang ist bereits beendet.");
  return gang;
}

async function pruefeNachAenderung(tx: Tx, gang: GangZeile): Promise<void> {
  const schritte = await ladeSchritte(tx, gang.id);
  pruefeLaufweg(schritte, gang.zeichnung_vor_abgang);
}

/** Inserts a step: after a Stufe (not before the current one), or parallel to a waiting or open step. */
export async function fuegeSchrittEin(
  ctx: AppContext,
  actor: Akteur,
  gangId: string,
  eingabe: { schritt: SchrittEingabe; nachStufe?: number; parallelZu?: string },
): Promise<Geschaeftsgang> {
  await ctx.db.transaction(async (tx) => {
    const gang = await sperreGangZumAendern(ctx, tx, actor, gangId);
    const fehler = pruefeSchritt(eingabe.schritt, 0, heute(ctx.clock)).map((f) => ({
      ...f,
      feld: f.feld.replace("/schritte/0", "/schritt"),
    }));
    if (fehler.length) throw new AppError("ungueltige_eingabe", "Bitte den Schritt prüfen.", { fehler });
    const adressat = await loeseAdressat(tx, eingabe.schritt.adressat, "/schritt/adressat");
    const schritte = await ladeSchritte(tx, gang.id);
    const aktuell = Math.min(...schritte.filter((s) => s.status === "offen").map((s) => s.stufe));
    const neu = {
      ...adressat,
      art: eingabe.schritt.art,
      frist: eingabe.schritt.frist || null,
      verfuegungstext: (eingabe.schritt.verfuegungstext ?? "").normalize("NFC").trim(),
    };
    if (eingabe.parallelZu) {
      const neben = schritte.find((s) => s.id === eingabe.parallelZu);
      if (!neben || ABSCHLUSS.includes(neben.status))
        throw new AppError(
          "ungueltige_eingabe",
          "Parallel geht nur zu einem wartenden oder offenen Schritt.",
          {
            fehler: [{ feld: "/parallelZu", meldung: "Wartenden oder offenen Schritt wählen." }],
          },
        );
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO schritt (geschaeftsgang_id, stufe, art, adressat_benutzer_id, adressat_oe_id, frist, verfuegungstext, status, offen_seit, erstellt_am)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          gang.id,
          neben.stufe,
          neu.art,
          neu.benutzerId,
          neu.oeId,
          neu.frist,
          neu.verfuegungstext,
          neben.status,
          neben.status === "offen" ? ctx.clock.now() : null,
          ctx.clock.now(),
        ],
      );
      if (neben.status === "offen") await meldeOffeneSchritte(ctx, tx, gang, [rows[0]!.id]);
    } else {
      const nach = eingabe.nachStufe ?? Math.max(...schritte.map((s) => s.stufe));
      if (!Number.isInteger(nach) || nach < (Number.isFinite(aktuell) ? aktuell : 1))
        throw new AppError("ungueltige_eingabe", "Vor dem laufenden Schritt lässt sich nichts einfügen.", {
          fehler: [{ feld: "/nachStufe", meldung: "Stufe ab der laufenden angeben." }],
        });
      await fuegeStufenEin(ctx, tx, gang.id, nach, [neu]);
    }
    await pruefeNachAenderung(tx, gang);
    await beteiligeAdressaten(ctx, tx, actor, gang.akte_id, {
      benutzerIds: neu.benutzerId ? [neu.benutzerId] : [],
      oeIds: neu.oeId ? [neu.oeId] : [],
    });
    await protokolliere(
      ctx,
      tx,
      actor,
      null,
      "geschaeftsgang.geaendert",
      { art: "geschaeftsgang", id: gang.id },
      gang,
      {
        aenderung: "eingefuegt",
        schritt: { art: neu.art, adressat: eingabe.schritt.adressat },
        ...(eingabe.parallelZu
          ? { parallelZu: eingabe.parallelZu }
          : { nachStufe: eingabe.nachStufe ?? null }),
      },
    );
  });
  return getGeschaeftsgang(ctx, actor, gangId);
}

/** Skips a waiting or open step (with a reason); the route moves on if that was all it waited for. */
export async function ueberspringe(
  ctx: AppContext,
  actor: Akteur,
  schrittId: string,
  begruendung: string,
): Promise<Geschaeftsgang> {
  const grund = begruendung.normalize("NFC").trim();
  if (!grund)
    throw new AppError("ungueltige_eingabe", "Bitte begründen, warum der Schritt entfällt.", {
      fehler: [{ feld: "/begruendung", meldung: "Pflichtfeld." }],
    });
  const gangId = await ctx.db.transaction(async (tx) => {
    const { rows } = UUID.test(schrittId)
      ? await tx.query<{ geschaeftsgang_id: string }>("SELECT geschaeftsgang_id FROM schritt WHERE id = $1", [
          schrittId,
        ])
      : { rows: [] };
    if (!rows[0]) throw nichtGefunden("Der Schritt");
    const gang = await sperreGangZumAendern(ctx, tx, actor, rows[0].geschaeftsgang_id);
    const { rows: s } = await tx.query<{ status: SchrittStatus; art: SchrittArt }>(
      "SELECT status, art FROM schritt WHERE id = $1 FOR UPDATE",
      [schrittId],
    );
    if (ABSCHLUSS.includes(s[0]!.status))
      throw new AppError("konflikt", "Dieser Schritt ist bereits erledigt.");
    await tx.query(
      "UPDATE schritt SET status = 'uebersprungen', ergebnis = 'uebersprungen', begruendung = $2, erledigt_von = $3, erledigt_am = $4 WHERE id = $1",
      [schrittId, grund, actor.benutzer.id, ctx.clock.now()],
    );
    await pruefeNachAenderung(tx, gang);
    await protokolliere(
      ctx,
      tx,
      actor,
      null,
      "schritt.uebersprungen",
      { art: "schritt", id: schrittId },
      gang,
      {
        art: s[0]!.art,
        begruendung: grund,
      },
    );
    await schreiteFort(ctx, tx, actor, gang);
    return gang.id;
  });
  return getGeschaeftsgang(ctx, actor, gangId);
}

/** New order of the waiting steps: a list of Stufen, each a list of step ids (parallel within). */
export async function ordneNeu(
  ctx: AppContext,
  actor: Akteur,
  gangId: string,
  stufen: string[][],
): Promise<Geschaeftsgang> {
  await ctx.db.transaction(async (tx) => {
    const gang = await sperreGangZumAendern(ctx, tx, actor, gangId);
    const schritte = await ladeSchritte(tx, gang.id);
    const wartend = schritte.filter((s) => s.status === "wartend").map((s) => s.id);
    const neu = stufen.filter((st) => st.length > 0);
    const genannt = neu.flat();
    if (
      genannt.length !== wartend.length ||
      new Set(genannt).size !== genannt.length ||
      !genannt.every((id) => wartend.includes(id))
    )
      throw new AppError(
        "ungueltige_eingabe",
        "Die neue Reihenfolge muss genau die wartenden Schritte enthalten.",
        {
          fehler: [{ feld: "/stufen", meldung: "Jeden wartenden Schritt genau einmal nennen." }],
        },
      );
    const basis = Math.max(0, ...schritte.filter((s) => s.status !== "wartend").map((s) => s.stufe));
    for (const [i, ids] of neu.entries())
      await tx.query("UPDATE schritt SET stufe = $2 WHERE id = ANY($1)", [ids, basis + 1 + i]);
    await pruefeNachAenderung(tx, gang);
    await protokolliere(
      ctx,
      tx,
      actor,
      null,
      "geschaeftsgang.geaendert",
      { art: "geschaeftsgang", id: gang.id },
      gang,
      {
        aenderung: "neu_geordnet",
        stufen: neu,
      },
    );
  });
  return getGeschaeftsgang(ctx, actor, gangId);
}

/** Cancels a running route (with a reason); its Verfügung records how far it came. */
export async function brecheAb(
  ctx: AppContext,
  actor: Akteur,
  gangId: string,
  begruendung: string,
): Promise<Geschaeftsgang> {
  const grund = begruendung.normalize("NFC").trim();
  if (!grund)
    throw new AppError("ungueltige_eingabe", "Bitte begründen, warum der Geschäftsgang abgebrochen wird.", {
      fehler: [{ feld: "/begruendung", meldung: "Pflichtfeld." }],
    });
  await ctx.db.transaction(async (tx) => {
    const gang = await sperreGangZumAendern(ctx, tx, actor, gangId);
    await tx.query(
      "UPDATE schritt SET status = 'uebersprungen', ergebnis = 'uebersprungen', begruendung = 'Geschäftsgang abgebrochen' WHERE geschaeftsgang_id = $1 AND status IN ('wartend', 'offen')",
      [gang.id],
    );
    await beende(ctx, tx, actor, gang, "abgebrochen", grund);
  });
  return getGeschaeftsgang(ctx, actor, gangId);
}

/** The Verfügung as it stands now (the filed one is made when the route ends). */
export async function verfuegungJetzt(ctx: AppContext, actor: Akteur, gangId: string): Promise<Buffer> {
  const gang = await getGeschaeftsgang(ctx, actor, gangId);
  return verfuegungAlsPdf(gang, ctx.config.behoerde, ctx.clock.now());
}
