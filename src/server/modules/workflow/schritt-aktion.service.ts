import type { AppContext } from "../../platform/context.js";
import { heute, istDatum } from "../../platform/clock.js";
import type { Queryable, Tx } from "../../platform/database/database.js";
import type { EmpfangeneDatei } from "../../platform/dateieingang/index.js";
import { AppError } from "../../platform/errors.js";
import { mitgliedschaftenVon, oeUndDarueber, type Akteur } from "../access/index.js";
import { dokumentKopf, legeVersionAnInTx, setzeZdaInTx, zeichneDokumentInTx } from "../schriftgut/index.js";
import {
  fuegeStufenEinInTx,
  protokolliereGangInTx,
  schreiteFortInTx,
  sperreSchrittInTx,
} from "./geschaeftsgang-ablauf.js";
import * as repo from "./geschaeftsgang.repository.js";
import type { GangZeile, SchrittZeile } from "./geschaeftsgang.repository.js";
import { getGeschaeftsgang } from "./geschaeftsgang.service.js";
import { ruecklauf } from "./laufweg.js";
import { leiteWeiterInTx } from "./schritt-uebergabe.service.js";
import { zeichnungsRegeln } from "./vorlagen.repository.js";
import {
  hatZeichnungsbefugnis,
  hindernisFuerAktion,
  zustaendigkeit,
  type AktionsHindernis,
} from "./workflow.policy.js";
import {
  abgangsKanaele,
  type Aktion,
  type Ergebnis,
  type Geschaeftsgang,
  type Kanal,
  type Person,
  type SchrittEingabe,
} from "./workflow.types.js";

// What the addressee of an open step decides: erledigen, zustimmen (also with a changed draft),
// ablehnen, kenntnisnehmen, zeichnen, zurückgeben, Abgang, zdA; forwarding goes on in
// schritt-uebergabe.service.ts.

export interface AktionsEingabe {
  begruendung?: string;
  kanal?: string;
  datum?: string;
  an?: SchrittEingabe["adressat"];
}

/** The actions that decide a step (forwarding hands it on undecided). */
type Entscheidung = Exclude<Aktion, "weiterleiten">;

const ERGEBNIS_DER_AKTION: Record<Entscheidung, Ergebnis> = {
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

function aktionVerweigert(hindernis: AktionsHindernis, schritt: SchrittZeile, aktion: Aktion): AppError {
  switch (hindernis) {
    case "gang_beendet":
      return new AppError("konflikt", "Dieser Geschäftsgang ist bereits beendet.");
    case "noch_nicht_dran":
      return new AppError("konflikt", "Dieser Schritt ist noch nicht an der Reihe.");
    case "schon_erledigt":
      return new AppError("konflikt", "Dieser Schritt ist bereits erledigt.");
    case "passt_nicht":
      return new AppError("konflikt", `„${aktion}“ passt nicht zu einem Schritt der Art ${schritt.art}.`);
    case "schon_uebernommen":
      return new AppError(
        "konflikt",
        `Diesen Schritt hat bereits ${schritt.bearbeiter!.anzeigename} übernommen.`,
      );
    case "nicht_zustaendig":
      return new AppError("keine_berechtigung", "Dieser Schritt ist nicht an Sie gerichtet.");
  }
}

/** Locks a step and checks that `actor` may take `aktion` on it now (visible, open, addressed to them). */
async function pruefeAktionInTx(ctx: AppContext, tx: Tx, actor: Akteur, schrittId: string, aktion: Aktion) {
  const { gang, schritt, rolle } = await sperreSchrittInTx(ctx, tx, actor, schrittId);
  const hindernis = hindernisFuerAktion(gang, schritt, aktion, rolle);
  if (hindernis) throw aktionVerweigert(hindernis, schritt, aktion);
  // Without a Hindernis the step is addressed to the actor or to whom they stand in for.
  const zustaendig = zustaendigkeit(rolle, schritt)!;
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
    await pruefeAktionInTx(ctx, tx, actor, schrittId, aktion);
  });
}

/** Whether `benutzerId` may zeichnen in the route's Vorgang (`hatZeichnungsbefugnis`). */
async function darfZeichnen(q: Queryable, benutzerId: string, gang: GangZeile): Promise<boolean> {
  const regeln = await zeichnungsRegeln(q);
  const mitgliedschaften = await mitgliedschaftenVon(q, benutzerId);
  const oeKette = await oeUndDarueber(q, gang.federfuehrende_oe_id);
  return hatZeichnungsbefugnis(regeln, mitgliedschaften, oeKette, gang.kennzeichen);
}

/** The route and step an action is taken on, by whom (and for whom, "i. V."), with the reason given. */
interface Lage {
  gang: GangZeile;
  schritt: SchrittZeile;
  ivFuer: Person | null;
  begruendung: string | null;
}

/** What an action adds to the step it decides: a version of the draft, the way and day of an Abgang. */
interface Zusatz {
  versionNr: number | null;
  kanal: Kanal | null;
  abgangAm: string | null;
}

const OHNE_ZUSATZ: Zusatz = { versionNr: null, kanal: null, abgangAm: null };

/** The reason, trimmed; ablehnen and zurückgeben are refused without one. */
function begruendungDer(aktion: Aktion, eingabe: AktionsEingabe): string | null {
  const begruendung = eingabe.begruendung?.normalize("NFC").trim() || null;
  if ((aktion === "ablehnen" || aktion === "zurueckgeben") && !begruendung)
    throw new AppError("ungueltige_eingabe", "Bitte begründen Sie die Entscheidung.", {
      fehler: [{ feld: "/begruendung", meldung: "Pflichtfeld." }],
    });
  return begruendung;
}

/** zustimmen_mit_aenderungen: the uploaded changed draft becomes the Dokument's next version. */
async function stimmeMitAenderungenZuInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  { gang, begruendung }: Lage,
  datei: EmpfangeneDatei | undefined,
): Promise<Zusatz> {
  if (!gang.dokument_id)
    throw new AppError("konflikt", "Ohne Entwurf im Geschäftsgang gibt es keine Änderungen zum Mitzeichnen.");
  if (!datei)
    throw new AppError("ungueltige_eingabe", "Bitte die geänderte Fassung des Entwurfs hochladen.", {
      fehler: [{ feld: "/datei", meldung: "Datei fehlt." }],
    });
  const versionNr = await legeVersionAnInTx(
    ctx,
    tx,
    actor,
    gang.dokument_id,
    datei,
    `Mitzeichnung mit Änderungen${begruendung ? `: ${begruendung}` : ""}`,
  );
  return { ...OHNE_ZUSATZ, versionNr };
}

/**
 * zeichnen: only with the Zeichnungsbefugnis (of the principal when acting "i. V."); the draft, if
 * the route has one, is signed as a new version and the Protokoll records it.
 */
async function zeichneInTx(ctx: AppContext, tx: Tx, actor: Akteur, { gang, ivFuer }: Lage): Promise<Zusatz> {
  if (!(await darfZeichnen(tx, ivFuer?.id ?? actor.benutzer.id, gang)))
    throw new AppError(
      "keine_berechtigung",
      `${ivFuer ? `${ivFuer.anzeigename} hat` : "Sie haben"} für ${gang.kennzeichen} keine Zeichnungsbefugnis.`,
    );
  if (!gang.dokument_id) return OHNE_ZUSATZ;
  const versionNr = (await zeichneDokumentInTx(ctx, tx, gang.dokument_id, actor.benutzer.id)).version;
  await protokolliereGangInTx(
    ctx,
    tx,
    actor,
    ivFuer,
    "dokument.gezeichnet",
    { art: "dokument", id: gang.dokument_id },
    gang,
    { version: versionNr },
  );
  return { ...OHNE_ZUSATZ, versionNr };
}

/**
 * Abgang: the way it left and the day (today or earlier); when the route's template asks for a
 * Zeichnung before the Abgang, the draft (or, without one, a step) must be signed.
 */
async function pruefeAbgangInTx(
  ctx: AppContext,
  tx: Tx,
  { gang }: Lage,
  eingabe: AktionsEingabe,
): Promise<Zusatz> {
  if (!abgangsKanaele.includes(eingabe.kanal as Kanal))
    throw new AppError(
      "ungueltige_eingabe",
      `Bitte den Weg des Abgangs angeben: ${abgangsKanaele.join(", ")}.`,
      {
        fehler: [{ feld: "/kanal", meldung: "Post, E-Mail oder Portal." }],
      },
    );
  const kanal = eingabe.kanal as Kanal;
  const abgangAm = eingabe.datum || heute(ctx.clock);
  if (!istDatum(abgangAm) || abgangAm > heute(ctx.clock))
    throw new AppError("ungueltige_eingabe", "Das Datum des Abgangs muss heute oder früher sein.", {
      fehler: [{ feld: "/datum", meldung: "Datum der Form JJJJ-MM-TT, nicht in der Zukunft." }],
    });
  if (gang.zeichnung_vor_abgang) {
    const d = gang.dokument_id ? await dokumentKopf(tx, gang.dokument_id) : undefined;
    const gezeichnet = d ? d.gezeichnet : await repo.hatGezeichnetenSchritt(tx, gang.id);
    if (!gezeichnet)
      throw new AppError(
        "konflikt",
        "Vor dem Abgang muss der Entwurf gezeichnet sein (Vorgabe der Laufwegvorlage).",
      );
  }
  return { versionNr: null, kanal, abgangAm };
}

/** What the action does before the step is closed; most actions only record their Ergebnis. */
async function fuehreAusInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  lage: Lage,
  aktion: Entscheidung,
  eingabe: AktionsEingabe,
  datei: EmpfangeneDatei | undefined,
): Promise<Zusatz> {
  switch (aktion) {
    case "zustimmen_mit_aenderungen":
      return stimmeMitAenderungenZuInTx(ctx, tx, actor, lage, datei);
    case "zeichnen":
      return zeichneInTx(ctx, tx, actor, lage);
    case "abgang":
      return pruefeAbgangInTx(ctx, tx, lage, eingabe);
    case "erledigen":
    case "zustimmen":
    case "ablehnen":
    case "kenntnisnehmen":
    case "zurueckgeben":
    case "zda":
      return OHNE_ZUSATZ;
  }
}

/** Keeps the decision with the step and records it in the Protokoll. */
async function erledigeSchrittInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  { gang, schritt, ivFuer, begruendung }: Lage,
  aktion: Entscheidung,
  { versionNr, kanal, abgangAm }: Zusatz,
): Promise<void> {
  await repo.erledigeSchritt(
    tx,
    schritt.id,
    {
      ergebnis: ERGEBNIS_DER_AKTION[aktion],
      begruendung,
      kanal,
      abgangAm,
      versionNr,
      vonId: actor.benutzer.id,
      ivFuerId: ivFuer?.id ?? null,
    },
    ctx.clock.now(),
  );
  await protokolliereGangInTx(
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
}

/**
 * After the decision: ablehnen and zurückgeben send the draft back to its Ersteller for a revision
 * (then the same step again), the route moves on, and zdA closes the Vorgang.
 */
async function geheWeiterInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  { gang, schritt, ivFuer, begruendung }: Lage,
  aktion: Aktion,
): Promise<void> {
  const zurueck = ruecklauf(aktion, schritt, gang.ersteller_id, actor.benutzer.anzeigename, begruendung);
  if (zurueck) await fuegeStufenEinInTx(ctx, tx, gang.id, schritt.stufe, zurueck);
  await schreiteFortInTx(ctx, tx, actor, gang);
  if (aktion === "zda")
    await setzeZdaInTx(ctx, tx, actor, gang.vorgang_id, {
      geschaeftsgangId: gang.id,
      ...(ivFuer ? { imAuftragVon: ivFuer.id } : {}),
    });
}

/**
 * One action on an open step, by its addressee (or their deputy, recorded "i. V."): the decision
 * is kept with the step, the Protokoll records it, and the route moves on. A refused action
 * changes nothing.
 */
export async function handle(
  ctx: AppContext,
  actor: Akteur,
  schrittId: string,
  aktion: Aktion,
  eingabe: AktionsEingabe = {},
  datei?: EmpfangeneDatei,
): Promise<Geschaeftsgang> {
  const gangId = await ctx.db.transaction(async (tx) => {
    const { gang, schritt, zustaendig } = await pruefeAktionInTx(ctx, tx, actor, schrittId, aktion);
    const lage: Lage = {
      gang,
      schritt,
      ivFuer: zustaendig.ivFuer,
      begruendung: begruendungDer(aktion, eingabe),
    };
    if (aktion === "weiterleiten")
      return leiteWeiterInTx(ctx, tx, actor, gang, schritt, lage.ivFuer, eingabe);

    // An OE step belongs to whoever acts on it first.
    if (schritt.adressat_oe_id && !schritt.bearbeiter_id)
      await repo.setzeBearbeiter(tx, schritt.id, actor.benutzer.id);

    const zusatz = await fuehreAusInTx(ctx, tx, actor, lage, aktion, eingabe, datei);
    await erledigeSchrittInTx(ctx, tx, actor, lage, aktion, zusatz);
    await geheWeiterInTx(ctx, tx, actor, lage, aktion);
    return gang.id;
  });
  return getGeschaeftsgang(ctx, actor, gangId);
}
