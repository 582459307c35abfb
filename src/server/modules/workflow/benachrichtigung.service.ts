import type { AppContext } from "../../platform/context.js";
import type { Queryable, Tx } from "../../platform/database/database.js";
import { nichtGefunden } from "../../platform/errors.js";
import { sendeMail } from "../../platform/mail.js";
import { type Akteur } from "../access/index.js";
import { appendProtokoll } from "../protokoll/index.js";

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
 * E-mails follow from the daily run (digest, overdue Fristen), never inside a request.
 */
export async function benachrichtige(
  ctx: AppContext,
  tx: Tx | Queryable,
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
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO benachrichtigung (benutzer_id, art, text, link, schluessel, per_mail, erstellt_am, gelesen_am)
       VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, CASE WHEN $8::boolean THEN $7::timestamptz END)
       ON CONFLICT (benutzer_id, schluessel) WHERE schluessel IS NOT NULL DO NOTHING RETURNING id`,
      [
        id,
        notiz.art,
        notiz.text.slice(0, 4000),
        notiz.link ?? null,
        notiz.schluessel ?? null,
        notiz.perMail ?? false,
        ctx.clock.now(),
        notiz.gelesen ?? false,
      ],
    );
    if (rows[0]) neu.push(rows[0].id);
  }
  return neu;
}

export async function listBenachrichtigungen(
  ctx: AppContext,
  actor: Akteur,
): Promise<{ ungelesen: number; tagesbericht: boolean; eintraege: Benachrichtigung[] }> {
  const [liste, zahl, einstellung] = await Promise.all([
    ctx.db.query<{
      id: string;
      art: string;
      text: string;
      link: string | null;
      erstellt_am: Date;
      gelesen_am: Date | null;
    }>(
      "SELECT id, art, text, link, erstellt_am, gelesen_am FROM benachrichtigung WHERE benutzer_id = $1 ORDER BY erstellt_am DESC LIMIT 50",
      [actor.benutzer.id],
    ),
    ctx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM benachrichtigung WHERE benutzer_id = $1 AND gelesen_am IS NULL",
      [actor.benutzer.id],
    ),
    ctx.db.query<{ tagesbericht: boolean }>("SELECT tagesbericht FROM benutzer WHERE id = $1", [
      actor.benutzer.id,
    ]),
  ]);
  return {
    ungelesen: zahl.rows[0]!.n,
    tagesbericht: einstellung.rows[0]?.tagesbericht ?? false,
    eintraege: liste.rows.map((r) => ({
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
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE benachrichtigung SET gelesen_am = $3 WHERE benutzer_id = $1 AND gelesen_am IS NULL AND ($2::uuid IS NULL OR id = $2)
       RETURNING id`,
      [actor.benutzer.id, id ?? null, ctx.clock.now()],
    );
    if (id && rows.length === 0) {
      const { rows: eigene } = await tx.query(
        "SELECT 1 FROM benachrichtigung WHERE id = $1 AND benutzer_id = $2",
        [id, actor.benutzer.id],
      );
      if (!eigene.length) throw nichtGefunden("Die Benachrichtigung");
    }
    if (rows.length === 0) return;
    await appendProtokoll(tx, ctx.clock, {
      akteur: actor,
      aktion: "benachrichtigung.gelesen",
      objektArt: "benutzer",
      objektId: actor.benutzer.id,
      details: { anzahl: rows.length, ...(id ? { benachrichtigung: id } : { alle: true }) },
    });
  });
}

/** Orders or cancels the daily e-mail report for the caller; recorded in the Protokoll. */
export async function setzeTagesbericht(
  ctx: AppContext,
  actor: Akteur,
  tagesbericht: boolean,
): Promise<{ tagesbericht: boolean }> {
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ vorher: boolean }>(
      `UPDATE benutzer n SET tagesbericht = $2 FROM benutzer v
       WHERE n.id = $1 AND v.id = n.id RETURNING v.tagesbericht AS vorher`,
      [actor.benutzer.id, tagesbericht],
    );
    if (!rows[0]) throw nichtGefunden("Das Benutzerkonto");
    if (rows[0].vorher === tagesbericht) return;
    await appendProtokoll(tx, ctx.clock, {
      akteur: actor,
      aktion: "benachrichtigung.tagesbericht_geaendert",
      objektArt: "benutzer",
      objektId: actor.benutzer.id,
      details: { tagesbericht },
    });
  });
  return { tagesbericht };
}

/**
 * Sends the notices marked for e-mail that are not sent yet, one by one; a failure leaves the
 * notice for the next run. Users without an address are skipped (the notice stays in-app).
 */
export async function versendeMails(ctx: AppContext): Promise<number> {
  if (!ctx.config.smtpUrl) return 0;
  const { rows } = await ctx.db.query<{
    id: string;
    email: string;
    art: string;
    text: string;
    link: string | null;
  }>(
    `SELECT n.id, b.email, n.art, n.text, n.link FROM benachrichtigung n JOIN benutzer b ON b.id = n.benutzer_id
     WHERE n.per_mail AND n.gemailt_am IS NULL AND b.email IS NOT NULL AND b.aktiv ORDER BY n.erstellt_am LIMIT 1000`,
  );
  let gesendet = 0;
  for (const n of rows) {
    try {
      await sendeMail(ctx.config, {
        an: n.email,
        betreff: `${BETREFF[n.art] ?? "Aktenwerk"}: ${n.text.split("\n")[0]!.slice(0, 120)}`,
        text: `${n.text}\n\n${n.link ? `Öffnen in Aktenwerk: ${ctx.config.basisUrl}${n.link}\n\n` : ""}– ${ctx.config.behoerde}, Aktenwerk (automatische Nachricht)`,
      });
      await ctx.db.query("UPDATE benachrichtigung SET gemailt_am = $2 WHERE id = $1", [
        n.id,
        ctx.clock.now(),
      ]);
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
