import { ImapFlow } from "imapflow";
import { Readable } from "node:stream";
import type { AppContext } from "../../platform/context.js";
import { alleinAufEinemKnoten } from "../../platform/lock.js";
import { pruefeAusgehendenHost } from "../../platform/netz.js";
import { bereinigeDateiname } from "../../platform/dateieingang/index.js";
import { saeubereFremdtext } from "../../platform/http/validation.js";
import { nimmAuf } from "./eingang.service.js";
import { emailSchonAufgenommen } from "./posteingang.repository.js";

export const JOB_IMAP = "imap";

/**
 * Polls every configured mailbox once: unseen messages go into the OE's Posteingang as e-mails
 * (the original .eml kept) and are then flagged seen. A message already taken (same content, same
 * OE) is not taken twice, so a crash between intake and flag loses and duplicates nothing. While
 * one node polls, every other skips (`gelaufen: false`).
 */
export async function holeImapPost(
  ctx: AppContext,
): Promise<{ aufgenommen: number; fehler: string[]; gelaufen: boolean }> {
  // One node at a time polls, so two never fetch the same unseen message before either flags it.
  const lauf = await alleinAufEinemKnoten(ctx.db, JOB_IMAP, () => holeAllePostfaecher(ctx));
  return lauf.gelaufen
    ? { ...lauf.ergebnis, gelaufen: true }
    : { aufgenommen: 0, fehler: [], gelaufen: false };
}

/** One poll of every configured mailbox, without the node lock (callers: `holeImapPost`). */
export async function holeAllePostfaecher(
  ctx: AppContext,
): Promise<{ aufgenommen: number; fehler: string[] }> {
  const ergebnis = { aufgenommen: 0, fehler: [] as string[] };
  for (const { oe, url } of ctx.config.imap) {
    const u = new URL(url);
    const anzeige = `${u.protocol}//${u.host}${u.pathname}`;
    try {
      // Resolved and checked once; the connection goes to that address (no second lookup to rebind).
      const ziel = await pruefeAusgehendenHost(u.hostname, ctx.config.erlaubteHosts);
      const client = new ImapFlow({
        host: ziel.adresse,
        ...(ziel.servername ? { servername: ziel.servername } : {}),
        port: Number(u.port) || (u.protocol === "imaps:" ? 993 : 143),
        secure: u.protocol === "imaps:",
        auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
        logger: false,
        disableAutoIdle: true,
      });
      await client.connect();
      try {
        const lock = await client.getMailboxLock(decodeURIComponent(u.pathname.slice(1)) || "INBOX");
        try {
          // imapflow runs no other command while a fetch is open: collect first, then take and flag.
          const neu = [];
          for await (const n of client.fetch({ seen: false }, { source: true, uid: true, envelope: true }))
            neu.push(n);
          for (const nachricht of neu) {
            const quelle = nachricht.source;
            if (!quelle || quelle.length === 0 || quelle.length > ctx.config.maxUploadBytes) continue;
            const stored = await ctx.blobs.put(Readable.from([quelle]));
            if (!(await emailSchonAufgenommen(ctx.db, stored.sha256, oe))) {
              const name = `${bereinigeDateiname(nachricht.envelope?.subject || "E-Mail")}.eml`;
              const von = nachricht.envelope?.from?.[0];
              await nimmAuf(ctx, "system", {
                oe,
                kanal: "email",
                datei: { stored, dateiname: name, originaldateiname: name, mimeTyp: "message/rfc822" },
                angaben: {
                  ...(von ? { absender: saeubereFremdtext(von.name || von.address || "") } : {}),
                  ...(nachricht.envelope?.subject
                    ? { betreff: saeubereFremdtext(nachricht.envelope.subject) }
                    : {}),
                },
              });
              ergebnis.aufgenommen++;
            }
            await client.messageFlagsAdd(String(nachricht.uid), ["\\Seen"], { uid: true });
          }
        } finally {
          lock.release();
        }
      } finally {
        await client.logout().catch(() => undefined);
      }
    } catch (error) {
      const meldung = `${anzeige}: ${(error as Error).message}`;
      ergebnis.fehler.push(meldung);
      ctx.log.warn({ postfach: anzeige, err: error }, "Postfach konnte nicht abgerufen werden");
    }
  }
  return ergebnis;
}
