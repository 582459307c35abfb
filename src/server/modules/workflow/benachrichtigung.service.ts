import type { AppContext } from "../../platform/context.js";
import type { Queryable } from "../../platform/database/database.js";
import { nichtGefunden } from "../../platform/errors.js";
import { sendeMail } from "../../platform/mail.js";
import { setzeTagesberichtInTx, tagesberichtVon, type Akteur } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import * as repo from "./benachrichtigung.repository.js";

export interface Benachrichtigung {
  id: string;
  art: string;
  text: string;
  link: string | null;
  erstelltAm: string;
  gelesen: boolean;
}

/**
 * An in-app notice for each user (shown on the start page); `schluessel` makes it once per cause.
 * E-mails follow from the daily run (digest, overdue Fristen), never inside a request. In the
 * caller's transaction when `q` is one.
 */
export async function benachrichtige(
  ctx: AppContext,
  q: Queryable,
  benutzerIds: string[],
  notiz: {
    art: string;
    text: string;
    link?: string;
    schluessel?: string;
    perMail?: boolean;
    gelesen?: boolean;
  },
): Promise<string[]> {
  const neu: string[] = [];
  for (const id of new Set(benutzerIds)) {
    const neueId = await repo.insertBenachrichtigung(
      q,
      {
        benutzerId: id,
        art: notiz.art,
        text: notiz.text.slice(0, 4000),
        link: notiz.link ?? null,
        schluessel: notiz.schluessel ?? null,
        perMail: notiz.perMail ?? false,
        gelesen: notiz.gelesen ?? false,
      },
      ctx.clock.now(),
    );
    if (neueId) neu.push(neueId);
  }
  return neu;
}

export async function listBenachrichtigungen(
  ctx: AppContext,
  actor: Akteur,
): Promise<{ ungelesen: number; tagesbericht: boolean; eintraege: Benachrichtigung[] }> {
  const [liste, ungelesen, tagesbericht] = await Promise.all([
    repo.neuesteBenachrichtigungen(ctx.db, actor.benutzer.id),
    repo.anzahlUngelesen(ctx.db, actor.benutzer.id),
    tagesberichtVon(ctx.db, actor.benutzer.id),
  ]);
  return {
    ungelesen,
    tagesbericht,
    eintraege: liste.map((r) => ({
      id: r.id,
      art: r.art,
      text: r.text,
      link: r.link,
      erstelltAm: r.erstellt_am.toISOString(),
      gelesen: r.gelesen_am !== null,
    })),
  };
}

/** Marks one notice (or, without id, all) as read; recorded in the Protokoll in the same transaction. */
export async function markiereGelesen(ctx: AppContext, actor: Akteur, id?: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const rows = await repo.markiereGelesen(tx, actor.benutzer.id, id ?? null, ctx.clock.now());
    if (id && rows.length === 0 && !(await repo.istEigene(tx, id, actor.benutzer.id)))
      throw nichtGefunden("Die Benachrichtigung");
    if (rows.length === 0) return;
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "benachrichtigung.gelesen",
      objektArt: "benutzer",
      objektId: actor.benutzer.id,
      details: { anzahl: rows.length, ...(id ? { benachrichtigung: id } : { alle: true }) },
    });
  });
}

/**
 * Orders or cancels the daily e-mail report for the caller. The choice is kept on the account, so
 * access changes it and records the change in the Protokoll.
 */
export async function setzeTagesbericht(
  ctx: AppContext,
  actor: Akteur,
  tagesbericht: boolean,
): Promise<{ tagesbericht: boolean }> {
  await ctx.db.transaction(async (tx) => {
    const vorher = await setzeTagesberichtInTx(ctx, tx, actor, tagesbericht);
    if (vorher === undefined) throw nichtGefunden("Das Benutzerkonto");
  });
  return { tagesbericht };
}

/**
 * Sends the notices marked for e-mail that are not sent yet, one by one; a failure leaves the
 * notice for the next run. Users without an address are skipped (the notice stays in-app).
 */
export async function versendeMails(ctx: AppContext): Promise<number> {
  if (!ctx.config.smtpUrl) return 0;
  const rows = await repo.zuMailen(ctx.db);
  let gesendet = 0;
  for (const n of rows) {
    try {
      await sendeMail(ctx.config, {
        an: n.email,
        betreff: `${BETREFF[n.art] ?? "Aktenwerk"}: ${n.text.split("\n")[0]!.slice(0, 120)}`,
        text: `${n.text}\n\n${n.link ? `Öffnen in Aktenwerk: ${ctx.config.basisUrl}${n.link}\n\n` : ""}– ${ctx.config.behoerde}, Aktenwerk (automatische Nachricht)`,
      });
      await repo.setzeGemailt(ctx.db, n.id, ctx.clock.now());
      gesendet++;
    } catch (error) {
      ctx.log.warn({ err: error, benachrichtigung: n.id }, "E-Mail konnte nicht gesendet werden");
    }
  }
  return gesendet;
}

const BETREFF: Record<string, string> = {
  frist: "Frist überschritten",
  eskalation: "Frist überschritten (Eskalation)",
  tagesbericht: "Ihr Postkorb heute",
};
