/**
 * One error type for everything the domain refuses. `code` is stable and becomes the
 * problem `type`; `title` is the German sentence a user reads; `detail` may add specifics.
 * Internal causes stay in logs, never in responses.
 */
export const errorCodes = {
  ungueltige_eingabe: { status: 400, title: "Die Eingabe ist ungültig." },
  nicht_angemeldet: { status: 401, title: "Bitte melden Sie sich an." },
  anmeldung_fehlgeschlagen: { status: 401, title: "Benutzername oder Passwort ist falsch." },
  zweiter_faktor_falsch: { status: 401, title: "Der zweite Faktor wurde nicht angenommen." },
  keine_berechtigung: { status: 403, title: "Dafür fehlt Ihnen die Berechtigung." },
  csrf_token_fehlt: { status: 403, title: "Die Anfrage konnte nicht bestätigt werden (CSRF-Schutz)." },
  nicht_gefunden: { status: 404, title: "Das gesuchte Objekt wurde nicht gefunden." },
  methode_nicht_erlaubt: { status: 405, title: "Diese Methode ist hier nicht erlaubt." },
  konflikt: { status: 409, title: "Die Änderung steht im Widerspruch zum aktuellen Stand." },
  zu_gross: { status: 413, title: "Die Anfrage ist zu groß." },
  nicht_unterstuetzter_typ: { status: 415, title: "Dieses Format wird nicht unterstützt." },
  nicht_verarbeitbar: { status: 422, title: "Die Anfrage kann so nicht ausgeführt werden." },
  zu_viele_versuche: { status: 429, title: "Zu viele Anmeldeversuche. Bitte warten Sie." },
  interner_fehler: { status: 500, title: "Ein interner Fehler ist aufgetreten." },
  nicht_verfuegbar: { status: 503, title: "Der Dienst ist vorübergehend nicht verfügbar." },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** A field-level problem, so a form can show the message next to the field it concerns. */
export interface FieldProblem {
  /** JSON pointer or field name, e.g. `/benutzername`. */
  feld: string;
  /** German message for that field. */
  meldung: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fehler: FieldProblem[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: {
      fehler?: FieldProblem[];
      headers?: Record<string, string>;
      title?: string;
      cause?: unknown;
    } = {},
  ) {
    super(detail ?? errorCodes[code].title, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = errorCodes[code].status;
    this.title = options.title ?? errorCodes[code].title;
    this.detail = detail;
    this.fehler = options.fehler;
    this.headers = options.headers;
  }
}

/** Shorthand for the most common refusal: the object is unknown or hidden from the user. */
export function nichtGefunden(what = "Das gesuchte Objekt"): AppError {
  return new AppError("nicht_gefunden", `${what} wurde nicht gefunden.`);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * A field's pointer as words for a sentence: `/schritte/0/adressat` → "Schritte › Nr. 1 › Adressat",
 * `query:/q` → "Q". The pointer itself stays in `fehler` for the form; people read these words.
 */
export function feldText(feld: string): string {
  const teile = feld
    .replace(/^[a-z]+:/, "")
    .split("/")
    .filter(Boolean)
    .map((t) =>
      /^\d+$/.test(t)
        ? `Nr. ${Number(t) + 1}`
        : t.replace(/([a-zäöüß])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase()),
    );
  return teile.join(" › ") || "Eingabe";
}

/**
 * The one problem joiner: a 400 naming every field problem. The detail reads as a sentence per
 * field ("Betreff: Pflichtfeld fehlt."), `fehler` keeps the pointers so a form shows each at its field.
 */
export function ungueltigeEingabe(fehler: FieldProblem[]): AppError {
  return new AppError(
    "ungueltige_eingabe",
    fehler.map((f) => `${feldText(f.feld)}: ${f.meldung}`).join(" "),
    { fehler },
  );
}
