import { readFileSync } from "node:fs";
import path from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";
import { meAntwort } from "./modules/access/index.js";
import { istUuid } from "./platform/pruefungen.js";
import { VORAB_BLOCK_ID, vorabAnfragen, type Vorabdaten } from "../shared/vorabdaten.js";

/** The id of the JSON block in the shell that carries the signed-in person (read by src/web/session.tsx). */
export const SITZUNG_BLOCK_ID = "aktenwerk-sitzung";

/**
 * JSON that is safe inside an HTML `<script>` element: no `<`, `>` or `&` (so no `</script>` or
 * `<!--` can end the block early) and no line separators, each written as its \u escape.
 */
export function jsonFuerHtml(wert: unknown): string {
  return JSON.stringify(wert).replace(
    /[<>&\u2028\u2029]/g,
    (z) => `\\u${z.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Sends the web client's shell for one request. */
export type Huelle = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/**
 * GETs an API path as the request's reader (same session, address and device); the answer when it
 * is a 200 with JSON, otherwise `undefined` (the page then asks itself and shows the problem).
 */
export type VorabHolen = (request: FastifyRequest, pfad: string) => Promise<unknown>;

/**
 * How long the shell waits for the Vorabdaten. An answer that takes longer (the first look at a
 * large PDF's pages) is left to the page, which then asks itself: the shell is never held up.
 */
export const VORAB_FRIST_MS = 300;

/** The Vorabdaten for the page the request names (see src/shared/vorabdaten.ts). */
export async function vorabdaten(
  request: FastifyRequest,
  holen: VorabHolen,
  fristMs = VORAB_FRIST_MS,
): Promise<Vorabdaten | null> {
  const seite = request.url.split("?")[0]!;
  const anfragen = vorabAnfragen(seite, istUuid);
  if (anfragen.length === 0) return null;
  const antworten: Record<string, unknown> = {};
  const hole = (pfad: string) =>
    holen(request, pfad).catch((err: unknown) => {
      request.log.warn({ err, pfad }, "Vorabdaten nicht geholt; die Seite fragt selbst");
      return undefined;
    });
  const alle = Promise.all(
    anfragen.map(async ({ pfad, danach }) => {
      const antwort = await hole(pfad);
      if (antwort === undefined) return;
      antworten[pfad] = antwort;
      const weiter = danach?.(antwort);
      const folge = weiter ? await hole(weiter) : undefined;
      if (weiter && folge !== undefined) antworten[weiter] = folge;
    }),
  );
  let uhr: NodeJS.Timeout | undefined;
  await Promise.race([alle, new Promise((fertig) => (uhr = setTimeout(fertig, fristMs)))]);
  clearTimeout(uhr);
  // What arrived in time; later answers change nothing in the page already sent.
  return { seite, antworten: { ...antworten } };
}

/**
 * The web client's shell (the built index.html) with the signed-in person embedded as a JSON block,
 * so the first screen renders without asking /auth/me first (a round trip less on a slow phone
 * connection). The block is data, not script (`type="application/json"`), so the CSP without
 * inline scripts holds. It holds the session's CSRF token, so the answer is never stored by any
 * cache (`no-store`, `private`) and varies with the cookie; it is sent uncompressed, so its
 * length says nothing about the token. For a signed-in reader the page's first API answers are
 * embedded too (Vorabdaten), fetched through `vorab.holen` with the reader's own session, as far
 * as they arrive within `vorab.fristMs` (AKTENWERK_VORAB_FRIST_MS).
 */
export function webHuelle(webDir: string, vorab?: { holen: VorabHolen; fristMs: number }): Huelle {
  const vorlage = readFileSync(path.join(webDir, "index.html"), "utf8");
  const stelle = vorlage.indexOf("</head>");
  if (stelle < 0) throw new Error(`${webDir}/index.html hat kein </head>.`);
  const vor = vorlage.slice(0, stelle);
  const nach = vorlage.slice(stelle);
  return async (request, reply) => {
    const me = request.actor ? meAntwort(request.actor, request.csrfToken ?? undefined) : null;
    const daten =
      me && vorab && vorab.fristMs > 0 ? await vorabdaten(request, vorab.holen, vorab.fristMs) : null;
    const vorabBlock = daten
      ? `  <script type="application/json" id="${VORAB_BLOCK_ID}">${jsonFuerHtml(daten)}</script>\n`
      : "";
    return reply
      .header("cache-control", "no-store, private")
      .header("vary", "Cookie")
      .type("text/html; charset=utf-8")
      .send(
        `${vor}  <script type="application/json" id="${SITZUNG_BLOCK_ID}">${jsonFuerHtml(me)}</script>\n${vorabBlock}  ${nach}`,
      );
  };
}
