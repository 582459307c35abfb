/**
 * Vorabdaten: the API answers a page asks for first, embedded by the server in the page's shell
 * (src/server/web-huelle.ts) and taken by the client (src/web/vorab.ts) instead of asking again.
 * On a phone in the field each saved round trip is a quarter second before the page shows
 * anything. The server fetches them through its own routes with the reader's session, so the
 * same permission check and the same Protokoll apply as if the browser had asked.
 */

/** The id of the JSON block in the shell that carries the Vorabdaten. */
export const VORAB_BLOCK_ID = "aktenwerk-vorab";

/** What the block holds: the page address it was made for and the answers by API path. */
export interface Vorabdaten {
  seite: string;
  antworten: Record<string, unknown>;
}

/** An API path a page asks for first; `danach` names a further path that needs this answer. */
export interface VorabAnfrage {
  pfad: string;
  danach?: (antwort: unknown) => string | null;
}

const SEITE = /^\/(akten|vorgaenge|dokumente)\/([^/]+)$/;

/** Dokument types the client shows as text or e-mail, without page images (see web Dokument page). */
const OHNE_SEITENBILD = new Set(["message/rfc822", "text/plain", "text/csv"]);

/** The page's own first API paths; exactly the strings the page passes to `useApi`. */
export const startseitePfad = "/api/v1/akten?limit=20";
export const postkorbPfad = "/api/v1/postkorb?limit=200";
export const aktePfad = (id: string) => `/api/v1/akten/${id}`;
export const vorgangPfad = (id: string) => `/api/v1/vorgaenge/${id}`;
export const geschaeftsgaengePfad = (id: string) => `/api/v1/vorgaenge/${id}/geschaeftsgaenge`;
export const dokumentPfad = (id: string) => `/api/v1/dokumente/${id}`;
export const seitenPfad = (id: string, nr: number) => `/api/v1/dokumente/${id}/versionen/${nr}/seiten`;

/**
 * The API paths the page at `seite` (path without query) asks for before it can show anything.
 * Pages not named here get no Vorabdaten and ask as usual; `istId` tells an object id from a
 * page name such as "/akten/neu".
 */
export function vorabAnfragen(seite: string, istId: (wert: string) => boolean): VorabAnfrage[] {
  if (seite === "/") return [{ pfad: postkorbPfad }, { pfad: startseitePfad }];
  const m = SEITE.exec(seite);
  if (!m || !istId(m[2]!)) return [];
  const id = m[2]!;
  switch (m[1]) {
    case "akten":
      return [{ pfad: aktePfad(id) }];
    case "vorgaenge":
      return [{ pfad: vorgangPfad(id) }, { pfad: geschaeftsgaengePfad(id) }];
    default:
      return [
        {
          pfad: dokumentPfad(id),
          danach: (antwort) => {
            const version = (antwort as { versionen?: { nr: number; mimeTyp: string }[] }).versionen?.[0];
            return version && !OHNE_SEITENBILD.has(version.mimeTyp) ? seitenPfad(id, version.nr) : null;
          },
        },
      ];
  }
}
