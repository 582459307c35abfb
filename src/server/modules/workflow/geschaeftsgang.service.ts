import type { AppContext } from "../../platform/context.js";
import { heute } from "../../platform/clock.js";
import type { Queryable } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { type Akteur, vertreteneAm } from "../access/index.js";
import { dokumentKopf, inhaltLeser, profilFuer, requireVorgang } from "../schriftgut/index.js";
import * as repo from "./geschaeftsgang.repository.js";
import type { GangZeile, SchrittZeile } from "./geschaeftsgang.repository.js";
import { istUeberfaellig } from "./laufweg.js";
import { verfuegungAlsPdf } from "./verfuegung.js";
import {
  arbeitsOes,
  darfLaufwegAendern,
  VERDECKT,
  zustaendigkeit,
  type RolleImGang,
} from "./workflow.policy.js";
import { AKTIONEN_JE_ART, type Geschaeftsgang, type Schritt } from "./workflow.types.js";

// Reading a Geschäftsgang, and what every use case on one needs: who the actor is in it, whether
// they may see and change it, and the route as the API shows it.

/** The actor's OEs and whom they stand in for today. */
export async function rolleVon(ctx: AppContext, actor: Akteur): Promise<RolleImGang> {
  return {
    actor,
    oes: arbeitsOes(actor),
    vertretene: await vertreteneAm(ctx.db, actor.benutzer.id, heute(ctx.clock)),
  };
}

/** Who may see a route: whoever reads the Vorgang, and everyone it is (or was) addressed to. */
export async function sichtbar(
  ctx: AppContext,
  actor: Akteur,
  g: GangZeile,
  rolle: RolleImGang,
): Promise<boolean> {
  try {
    await requireVorgang(ctx, actor, g.vorgang_id, "inhaltLesen");
    return true;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
  const ids = [actor.benutzer.id, ...rolle.vertretene.map((p) => p.id)];
  return repo.istBeteiligt(ctx.db, g.id, ids, actor.benutzer.id, rolle.oes);
}

/** Whether the actor may change the route (`darfLaufwegAendern`); the Ersteller without a lookup. */
export async function darfAendern(ctx: AppContext, actor: Akteur, g: GangZeile): Promise<boolean> {
  if (g.ersteller_id === actor.benutzer.id) return true;
  return darfLaufwegAendern(actor, g, await profilFuer(ctx, actor));
}

function zuSchritt(s: SchrittZeile, rolle: RolleImGang | null, gangLaeuft: boolean, tag: string): Schritt {
  const darf = gangLaeuft && s.status === "offen" && rolle !== null && zustaendigkeit(rolle, s) !== null;
  return {
    id: s.id,
    stufe: s.stufe,
    art: s.art,
    adressat: s.adressat_benutzer_id
      ? { art: "benutzer", id: s.adressat_benutzer_id, name: s.adressat_name }
      : { art: "oe", id: s.adressat_oe_id!, name: s.adressat_name },
    frist: s.frist,
    ueberfaellig: istUeberfaellig(s, tag),
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

/** The route as the API shows it, with the actions `rolle` may take now (none without a role). */
export async function baueGang(
  ctx: AppContext,
  q: Queryable,
  g: GangZeile,
  rolle: RolleImGang | null,
  aendern: boolean,
): Promise<Geschaeftsgang> {
  // One after another: `q` may be a transaction, and one connection runs one query at a time.
  const schritte = await repo.ladeSchritte(q, g.id);
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
    ersteller: g.ersteller,
    erstelltAm: g.erstellt_am.toISOString(),
    abgeschlossenAm: g.abgeschlossen_am?.toISOString() ?? null,
    verfuegungDokumentId: g.verfuegung_dokument_id,
    schritte: schritte.map((s) => zuSchritt(s, rolle, g.status === "laufend", tag)),
    aendern: aendern && g.status === "laufend",
  };
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

export async function getGeschaeftsgang(ctx: AppContext, actor: Akteur, id: string): Promise<Geschaeftsgang> {
  const g = await repo.ladeGang(ctx.db, id);
  const rolle = await rolleVon(ctx, actor);
  if (!g || !(await sichtbar(ctx, actor, g, rolle))) throw nichtGefunden("Der Geschäftsgang");
  const gang = await baueGang(ctx, ctx.db, g, rolle, await darfAendern(ctx, actor, g));
  return (await inhaltLeser(ctx, ctx.db, g.akte_id, [actor.benutzer.id])).has(actor.benutzer.id)
    ? gang
    : ohneInhalt(gang);
}

export async function listGeschaeftsgaenge(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
): Promise<Geschaeftsgang[]> {
  await requireVorgang(ctx, actor, vorgangId, "inhaltLesen");
  const rolle = await rolleVon(ctx, actor);
  const rows = await repo.ladeGaengeDesVorgangs(ctx.db, vorgangId);
  const aendern = rows.length ? await darfAendern(ctx, actor, rows[0]!) : false;
  return Promise.all(
    rows.map((g) => baueGang(ctx, ctx.db, g, rolle, aendern || g.ersteller_id === actor.benutzer.id)),
  );
}

/** The Verfügung as it stands now (the filed one is made when the route ends). */
export async function verfuegungJetzt(ctx: AppContext, actor: Akteur, gangId: string): Promise<Buffer> {
  const gang = await getGeschaeftsgang(ctx, actor, gangId);
  return verfuegungAlsPdf(gang, ctx.config.behoerde, ctx.clock.now());
}
