import type { FeldFehler, Problem } from "./types.js";

export type { FeldFehler };

/** An RFC 9457 problem from the API, with its German title and the field problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly fehler: FeldFehler[],
  ) {
    super(detail ?? title);
  }

  /** The message for one form field (`/betreff`), if the API named it. */
  fuer(feld: string): string | undefined {
    return this.fehler.find((f) => f.feld === `/${feld}` || f.feld.startsWith(`/${feld}/`))?.meldung;
  }
}

let csrfToken: string | null = null;

/** Remembered from login or /auth/me; sent with every write (CSRF protection). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF header for a write done with fetch directly (e.g. a download). */
export function csrfHeader(): Record<string, string> {
  return csrfToken ? { "x-csrf-token": csrfToken } : {};
}

/** Everything the client calls, for the check against the OpenAPI document. */
export const ENDPUNKTE = [
  ["POST", "/api/v1/auth/login"],
  ["POST", "/api/v1/auth/logout"],
  ["GET", "/api/v1/auth/me"],
  ["GET", "/api/v1/betrieb/diagnose"],
  ["GET", "/api/v1/auth/verfahren"],
  ["GET", "/api/v1/anmeldedienste"],
  ["GET", "/api/v1/verzeichnisabgleich"],
  ["GET", "/api/v1/gruppenzuordnungen"],
  ["POST", "/api/v1/gruppenzuordnungen"],
  ["PUT", "/api/v1/gruppenzuordnungen/{id}"],
  ["DELETE", "/api/v1/gruppenzuordnungen/{id}"],
  ["POST", "/api/v1/gruppenzuordnungen/vorschau"],
  ["POST", "/api/v1/auth/zweiter-faktor"],
  ["POST", "/api/v1/auth/zweiter-faktor/passkey-optionen"],
  ["POST", "/api/v1/auth/zweiter-faktor/passkey"],
  ["GET", "/api/v1/konto/zweiter-faktor"],
  ["POST", "/api/v1/konto/totp"],
  ["POST", "/api/v1/konto/totp/bestaetigen"],
  ["DELETE", "/api/v1/konto/totp"],
  ["POST", "/api/v1/konto/passkeys/optionen"],
  ["POST", "/api/v1/konto/passkeys"],
  ["DELETE", "/api/v1/konto/passkeys/{id}"],
  ["POST", "/api/v1/konto/wiederherstellungscodes"],
  ["GET", "/api/v1/verwaltung/zweiter-faktor"],
  ["PUT", "/api/v1/verwaltung/zweiter-faktor"],
  ["POST", "/api/v1/benutzer/{id}/zweiter-faktor-zuruecksetzen"],
  ["GET", "/api/v1/aktenplan"],
  ["GET", "/api/v1/aktenplan/{ref}"],
  ["POST", "/api/v1/aktenplan/import"],
  ["GET", "/api/v1/akten"],
  ["POST", "/api/v1/akten"],
  ["GET", "/api/v1/akten/{id}"],
  ["GET", "/api/v1/akten/{id}/zugriff"],
  ["GET", "/api/v1/akten/{id}/protokoll"],
  ["POST", "/api/v1/akten/{id}/vorgaenge"],
  ["GET", "/api/v1/vorgaenge/{id}"],
  ["POST", "/api/v1/vorgaenge/{id}/zda"],
  ["POST", "/api/v1/vorgaenge/{id}/zda-aufheben"],
  ["POST", "/api/v1/vorgaenge/{id}/dokumente"],
  ["GET", "/api/v1/dokumente/{id}"],
  ["POST", "/api/v1/dokumente/{id}/versionen"],
  ["GET", "/api/v1/dokumente/{id}/versionen/{nr}/inhalt"],
  ["GET", "/api/v1/dokumente/{id}/versionen/{nr}/rendition"],
  ["GET", "/api/v1/suche"],
  ["GET", "/api/v1/auswahl/{art}"],
  ["GET", "/api/v1/gespeicherte-suchen"],
  ["GET", "/api/v1/posteingang/verteilt"],
  ["POST", "/api/v1/posteingang/{id}/weiterleiten"],
  ["POST", "/api/v1/gespeicherte-suchen"],
  ["DELETE", "/api/v1/gespeicherte-suchen/{id}"],
  ["GET", "/api/v1/vorgaenge"],
  ["GET", "/api/v1/posteingang"],
  ["POST", "/api/v1/posteingang"],
  ["GET", "/api/v1/posteingang/{id}/inhalt"],
  ["POST", "/api/v1/posteingang/{id}/registrieren"],
  ["POST", "/api/v1/posteingang/{id}/verwerfen"],
  ["GET", "/api/v1/organisationseinheiten"],
  ["POST", "/api/v1/organisationseinheiten"],
  ["GET", "/api/v1/benutzer"],
  ["GET", "/api/v1/benutzer/{id}"],
  ["POST", "/api/v1/benutzer"],
  ["PATCH", "/api/v1/benutzer/{id}"],
  ["POST", "/api/v1/benutzer/{id}/mitgliedschaften"],
  ["DELETE", "/api/v1/benutzer/{id}/mitgliedschaften"],
  ["PUT", "/api/v1/benutzer/{id}/passwort"],
  ["POST", "/api/v1/benutzer/{id}/sitzungen-beenden"],
  ["GET", "/api/v1/sitzungen"],
  ["DELETE", "/api/v1/sitzungen/{id}"],
  ["GET", "/api/v1/api-tokens"],
  ["POST", "/api/v1/api-tokens"],
  ["DELETE", "/api/v1/api-tokens/{id}"],
  ["GET", "/api/v1/dokumente/{id}/versionen/{nr}/vorschau"],
  ["GET", "/api/v1/dokumente/{id}/versionen/{nr}/email"],
  ["GET", "/api/v1/dokumente/{id}/versionen/{nr}/seiten"],
  ["GET", "/api/v1/dokumente/{id}/versionen/{nr}/seitenbild"],
  ["GET", "/api/v1/dokumente/{id}/versionen/{nr}/fundstellen"],
  ["GET", "/api/v1/posteingang/regeln"],
  ["POST", "/api/v1/posteingang/regeln"],
  ["DELETE", "/api/v1/posteingang/regeln/{id}"],
  ["GET", "/api/v1/postkorb"],
  ["GET", "/api/v1/vorgaenge/{id}/geschaeftsgaenge"],
  ["POST", "/api/v1/vorgaenge/{id}/geschaeftsgaenge"],
  ["GET", "/api/v1/geschaeftsgaenge/{id}/verfuegung"],
  ["POST", "/api/v1/schritte/{id}/aktionen"],
  ["POST", "/api/v1/schritte/{id}/mitzeichnung-mit-aenderungen"],
  ["POST", "/api/v1/schritte/{id}/uebernehmen"],
  ["GET", "/api/v1/laufwegvorlagen"],
  ["POST", "/api/v1/laufwegvorlagen"],
  ["GET", "/api/v1/zeichnungsbefugnisse"],
  ["POST", "/api/v1/zeichnungsbefugnisse"],
  ["DELETE", "/api/v1/zeichnungsbefugnisse/{id}"],
  ["GET", "/api/v1/vorgaenge/{id}/wiedervorlagen"],
  ["POST", "/api/v1/vorgaenge/{id}/wiedervorlagen"],
  ["POST", "/api/v1/wiedervorlagen/{id}/erledigen"],
  ["GET", "/api/v1/benachrichtigungen"],
  ["POST", "/api/v1/benachrichtigungen/gelesen"],
  ["PUT", "/api/v1/benachrichtigungen/tagesbericht"],
  ["GET", "/api/v1/abwesenheiten"],
  ["POST", "/api/v1/abwesenheiten"],
  ["DELETE", "/api/v1/abwesenheiten/{id}"],
  ["GET", "/api/v1/aussonderung/liste"],
  ["PUT", "/api/v1/akten/{id}/bewertung"],
  ["GET", "/api/v1/akten/{id}/aufbewahrung"],
  ["PUT", "/api/v1/akten/{id}/aufbewahrung"],
  ["POST", "/api/v1/akten/{id}/loeschsperren"],
  ["POST", "/api/v1/loeschsperren/{id}/aufheben"],
  ["GET", "/api/v1/aussonderung/loeschprotokoll"],
  ["GET", "/api/v1/xdomea/nachrichten"],
  ["POST", "/api/v1/xdomea/export"],
  ["POST", "/api/v1/xdomea/import"],
  ["GET", "/api/v1/steuerung/katalog"],
  ["GET", "/api/v1/steuerung/kennzahlen"],
  ["GET", "/api/v1/steuerung/kennzahlen.csv"],
  ["GET", "/api/v1/steuerung/kennzahlen.xlsx"],
  ["GET", "/api/v1/steuerung/berichte/einstellung"],
  ["PUT", "/api/v1/steuerung/berichte/einstellung"],
  ["POST", "/api/v1/steuerung/berichte"],
  ["GET", "/api/v1/steuerung/strategie"],
  ["PUT", "/api/v1/steuerung/strategie"],
  ["POST", "/api/v1/steuerung/strategie/fassungen"],
  ["GET", "/api/v1/steuerung/strategie/unterschied"],
  ["GET", "/api/v1/steuerung/einfuehrung"],
  ["GET", "/api/v1/steuerung/einfuehrung/{oeId}"],
  ["PUT", "/api/v1/steuerung/einfuehrung/{oeId}"],
] as const;

async function problem(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<Problem>;
    return new ApiError(response.status, body.title ?? "Fehler", body.detail, body.fehler ?? []);
  } catch {
    return new ApiError(
      response.status,
      response.status >= 500 ? "Der Server ist gerade nicht erreichbar." : "Die Anfrage ist fehlgeschlagen.",
      undefined,
      [],
    );
  }
}

/** Calls the API with JSON; throws ApiError with the server's German problem. */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  init: { text?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = init.text ? "text/csv" : "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : init.text ? String(body) : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(
      0,
      "Keine Verbindung zum Server.",
      "Bitte prüfen Sie die Netzwerkverbindung und versuchen Sie es erneut.",
      [],
    );
  }
  if (!response.ok) throw await problem(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * Uploads a form with a file, reporting progress; `signal` cancels. XHR because fetch cannot
 * report upload progress.
 */
export function upload<T>(
  path: string,
  form: FormData | Blob,
  onProgress: (anteil: number) => void,
  signal?: AbortSignal,
  /** For a raw body (a Blob): its content type. */
  typ?: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    if (csrfToken) xhr.setRequestHeader("x-csrf-token", csrfToken);
    if (typ) xhr.setRequestHeader("content-type", typ);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else {
        const p = (body ?? {}) as Partial<Problem>;
        reject(
          new ApiError(xhr.status, p.title ?? "Das Hochladen ist fehlgeschlagen.", p.detail, p.fehler ?? []),
        );
      }
    };
    xhr.onerror = () => reject(new ApiError(0, "Keine Verbindung zum Server.", undefined, []));
    xhr.onabort = () => reject(new ApiError(0, "Hochladen abgebrochen.", undefined, []));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(form);
  });
}
