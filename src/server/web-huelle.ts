import { readFileSync } from "node:fs";
import path from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";
import { meAntwort } from "./modules/access/index.js";

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
export type Huelle = (request: FastifyRequest, reply: FastifyReply) => FastifyReply;

/**
 * The web client's shell (the built index.html) with the signed-in person embedded as a JSON block,
 * so the first screen renders without asking /auth/me first (a round trip less on a slow phone
 * connection). The block is data, not script (`type="application/json"`), so the CSP without
 * inline scripts holds. It holds the session's CSRF token, so the answer is never stored by any
 * cache (`no-store`, `private`) and varies with the cookie; it is sent uncompressed, so its
 * length says nothing about the token.
 */
export function webHuelle(webDir: string): Huelle {
  const vorlage = readFileSync(path.join(webDir, "index.html"), "utf8");
  const stelle = vorlage.indexOf("</head>");
  if (stelle < 0) throw new Error(`${webDir}/index.html hat kein </head>.`);
  const vor = vorlage.slice(0, stelle);
  const nach = vorlage.slice(stelle);
  return (request, reply) => {
    const me = request.actor ? meAntwort(request.actor, request.csrfToken ?? undefined) : null;
    return reply
      .header("cache-control", "no-store, private")
      .header("vary", "Cookie")
      .type("text/html; charset=utf-8")
      .send(
        `${vor}  <script type="application/json" id="${SITZUNG_BLOCK_ID}">${jsonFuerHtml(me)}</script>\n  ${nach}`,
      );
  };
}
