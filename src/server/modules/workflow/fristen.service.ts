import type { AppContext } from "../../platform/context.js";
import { deutschesDatum, heute, plusTage } from "../../platform/clock.js";
import type { Queryable } from "../../platform/database/database.js";
import {
  findBenutzer,
  loadActor,
  mitgliederMitRolle,
  mitgliedschaftenVon,
  tagesberichtEmpfaenger,
  vertreterAm,
  type Akteur,
} from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { inhaltLeser, vermerkeFristEskalationInTx } from "../schriftgut/index.js";
import { benachrichtige, versendeMails } from "./benachrichtigung.service.js";
import * as repo from "./fristen.repository.js";
import { getPostkorb } from "./postkorb.service.js";
import { arbeitsOes, VERDECKT } from "./workflow.policy.js";

export const JOB_TAGESLAUF = "tageslauf";

export interface TageslaufErgebnis {
  datum: string;
  gemahnt: number;
  eskaliert: number;
  berichte: number;
  mails: number;
}

const KATEGORIE_TEXT: Record<string, string> = {
  posteingang: "Neu im Posteingang",
  bearbeiten: "Zu bearbeiten",
  mitzeichnung: "Zur Mitzeichnung",
  zeichnung: "Zur Zeichnung",
  kenntnis: "Zur Kenntnis",
  wiedervorlage: "Wiedervorlagen fällig",
  frist: "Fristen überschritten",
};

/** The active Leitung of OEs (who escalations go to). */
function leitungVon(ctx: AppContext, oeIds: string[]): Promise<string[]> {
  return mitgliederMitRolle(ctx.db, oeIds, "Leitung", true);
}

/**
 * The e-mail digest of one user's Postkorb, or null when it is empty. Built from the Postkorb as
 * that user sees it, so it names nothing the user could not open.
 */
export async function tagesberichtText(ctx: AppContext, actor: Akteur, tag: string): Promise<string | null> {
  const postkorb = await getPostkorb(ctx, actor, { limit: 10 });
  const zeilen = Object.entries(postkorb.zaehler)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${KATEGORIE_TEXT[k] ?? k}: ${n}`);
  if (!zeilen.length) return null;
  const wichtig = postkorb.eintraege
    .slice(0, 10)
    .map(
      (e) =>
        `– ${e.art}: ${e.vorgang ? `${e.vorgang.zeichen} ` : ""}${e.titel}${e.ueberfaellig ? " (überfällig)" : ""}`,
    );
  return `Ihr Postkorb am ${deutschesDatum(tag)}\n\n${zeilen.join("\n")}\n\nZuerst:\n${wichtig.join("\n")}`;
}

/**
 * Sends a notice about a Vorgang: those who may read its Akte get the text naming it, the others
 * (a Leitung or deputy not named on a restricted Akte) the same notice without Zeichen and Betreff.
 */
async function benachrichtigeUeber(
  ctx: AppContext,
  q: Queryable,
  akteId: string,
  empfaenger: string[],
  text: (worum: string) => string,
  worum: string,
  notiz: { art: string; link: string; schluessel: string },
): Promise<number> {
  const leser = await inhaltLeser(ctx, q, akteId, empfaenger);
  const lesend = empfaenger.filter((id) => leser.has(id));
  const andere = empfaenger.filter((id) => !leser.has(id));
  let n = 0;
  if (lesend.length)
    n += (await benachrichtige(ctx, q, lesend, { ...notiz, text: text(worum), perMail: true })).length;
  if (andere.length)
    n += (await benachrichtige(ctx, q, andere, { ...notiz, text: text(VERDECKT), perMail: true })).length;
  return n;
}

/**
 * Once per local day: overdue Fristen are announced to whoever must act (in-app and e-mail);
 * those overdue for more than AKTENWERK_ESKALATION_TAGE go to the OE's Leitung, once; users who
 * asked for it get their Postkorb digest by e-mail. Idempotent: a second run on the same day does
 * nothing, and each notice has a key so it is never sent twice.
 */
export async function tageslauf(ctx: AppContext): Promise<TageslaufErgebnis | null> {
  const tag = heute(ctx.clock);
  if (!(await repo.beginneTageslauf(ctx.db, tag, ctx.clock.now()))) return null;
  const grenze = plusTage(tag, -ctx.config.eskalationNachTagen);
  let gemahnt = 0;
  let eskaliert = 0;

  // Open steps past their Frist.
  const schritte = await repo.ueberfaelligeSchritte(ctx.db, tag);
  for (const s of schritte) {
    const zustaendig = s.adressat_benutzer_id ?? s.bearbeiter_id;
    const empfaenger = zustaendig
      ? [(await vertreterAm(ctx.db, zustaendig, tag)) ?? zustaendig]
      : await mitgliederMitRolle(ctx.db, [s.adressat_oe_id!], "Sachbearbeitung", false);
    gemahnt += await benachrichtigeUeber(
      ctx,
      ctx.db,
      s.akte_id,
      empfaenger,
      (worum) => `${s.art} zu ${worum}: Frist ${deutschesDatum(s.frist)} überschritten.`,
      `${s.zeichen} „${s.betreff}“`,
      { art: "frist", link: `/vorgaenge/${s.vorgang_id}`, schluessel: `frist:schritt:${s.id}` },
    );
    if (s.frist < grenze && !s.eskaliert_am) {
      const oes = s.adressat_oe_id
        ? [s.adressat_oe_id]
        : arbeitsOes({ mitgliedschaften: await mitgliedschaftenVon(ctx.db, zustaendig!) });
      const leitung = (await leitungVon(ctx, oes.length ? oes : [s.federfuehrende_oe_id])).filter(
        (id) => id !== zustaendig,
      );
      await ctx.db.transaction(async (tx) => {
        await benachrichtigeUeber(
          ctx,
          tx,
          s.akte_id,
          leitung,
          (worum) =>
            `${s.art} zu ${worum} ist seit ${deutschesDatum(s.frist)} überfällig (mehr als ${ctx.config.eskalationNachTagen} Tage).`,
          `${s.zeichen} „${s.betreff}“`,
          { art: "eskalation", link: `/vorgaenge/${s.vorgang_id}`, schluessel: `eskalation:schritt:${s.id}` },
        );
        await repo.setzeSchrittEskaliert(tx, s.id, ctx.clock.now());
        await schreibeProtokollInTx(tx, ctx.clock, {
          akteur: "system",
          systemName: "System (Fristenkontrolle)",
          aktion: "schritt.eskaliert",
          objektArt: "schritt",
          objektId: s.id,
          details: { akteId: s.akte_id, vorgangId: s.vorgang_id, frist: s.frist, an: leitung },
        });
      });
      eskaliert++;
    }
  }

  // Vorgänge past their Frist: the clerk who created it is reminded, the Leitung escalated to.
  const vorgaenge = await repo.ueberfaelligeVorgaenge(ctx.db, tag);
  for (const v of vorgaenge) {
    const text = (worum: string) => `${worum}: Frist ${deutschesDatum(v.frist)} überschritten.`;
    const worum = `Vorgang ${v.zeichen} „${v.betreff}“`;
    if (v.erstellt_von)
      gemahnt += await benachrichtigeUeber(
        ctx,
        ctx.db,
        v.akte_id,
        [(await vertreterAm(ctx.db, v.erstellt_von, tag)) ?? v.erstellt_von],
        text,
        worum,
        { art: "frist", link: `/vorgaenge/${v.id}`, schluessel: `frist:vorgang:${v.id}:${v.frist}` },
      );
    if (v.frist < grenze && !v.frist_eskaliert_am) {
      const leitung = await leitungVon(ctx, [v.federfuehrende_oe_id]);
      await ctx.db.transaction(async (tx) => {
        await benachrichtigeUeber(
          ctx,
          tx,
          v.akte_id,
          leitung,
          (w) => `${text(w)} Mehr als ${ctx.config.eskalationNachTagen} Tage überfällig.`,
          worum,
          {
            art: "eskalation",
            link: `/vorgaenge/${v.id}`,
            schluessel: `eskalation:vorgang:${v.id}:${v.frist}`,
          },
        );
        await vermerkeFristEskalationInTx(ctx, tx, { id: v.id, akteId: v.akte_id, frist: v.frist }, leitung);
      });
      eskaliert++;
    }
  }

  // The opt-in digest.
  let berichte = 0;
  for (const id of await tagesberichtEmpfaenger(ctx.db)) {
    const benutzer = await findBenutzer(ctx.db, { id });
    if (!benutzer) continue;
    const text = await tagesberichtText(ctx, await loadActor(ctx.db, benutzer, "sitzung"), tag);
    if (!text) continue;
    berichte += (
      await benachrichtige(ctx, ctx.db, [id], {
        art: "tagesbericht",
        text,
        link: "/",
        schluessel: `tagesbericht:${tag}`,
        perMail: true,
        gelesen: true,
      })
    ).length;
  }
  return { datum: tag, gemahnt, eskaliert, berichte, mails: await versendeMails(ctx) };
}
