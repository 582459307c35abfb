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

/** The Vorabdaten for the page the request names (see src/shared/vorabdaten.ts). */
async function vorabdaten(request: FastifyRequest, holen: VorabHolen): Promise<Vorabdaten | null> {
  const seite = request.url.split("?")[0]!;
  const anfragen = vorabAnfragen(seite, istUuid);
  if (anfragen.length === 0) return null;
  const antworten: Record<string, unknown> = {};
  await Promise.all(
    anfragen.map(async ({ pfad, danach }) => {
      const antwort = await holen(request, pfad).catch((err: unknown) => {
        request.log.warn({ err, pfad }, "Vorabdaten nicht geholt; die Seite fragt selbst");
        return undefined;
      });
      if (antwort === undefined) return;
      antworten[pfad] = antwort;
      const weiter = danach?.(antwort);
      if (weiter) {
        const folge = await holen(request, weiter).catch(() => undefined);
        if (folge !== undefined) antworten[weiter] = folge;
      }
    }),
  );
  return { seite, antworten };
}

/**
 * The web client's shell (the built index.html) with the signed-in person embedded as a JSON block,
 * so the first screen renders without asking /auth/me first (a round trip less on a slow phone
 * connection). The block is data, not script (`type="application/json"`), so the CSP without
 * inline scripts holds. It holds the session's CSRF token, so the answer is never stored by any
 * cache (`no-store`, `private`) and varies with the cookie; it is sent uncompressed, so its
 * length says nothing about the token. For a signed-in reader the page's first API answers are
 * embedded too (Vorabdaten), fetched through `holen` with the reader's own session.
 */
export function webHuelle(webDir: string, holen?: VorabHolen): Huelle {
  const vorlage = readFileSync(path.join(webDir, "index.html"), "utf8");
  const stelle = vorlage.indexOf("</head>");
  if (stelle < 0) throw new Error(`${webDir}/index.html hat kein </head>.`);
  const vor = vorlage.slice(0, stelle);
  const nach = vorlage.slice(stelle);
  return async (request, reply) => {
    const me = request.actor ? meAntwort(request.actor, request.csrfToken ?? undefined) : null;
    const vorab = me && holen ? await vorabdaten(request, holen) : null;
    const vorabBlock = vorab
      ? `  <script type="application/json" id="${VORAB_BLOCK_ID}">${jsonFuerHtml(vorab)}</script>\n`
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
