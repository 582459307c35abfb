import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { datenbankNichtErreichbar } from "../database/database.js";
import { AppError, errorCodes, feldText, type ErrorCode, type FieldProblem } from "../errors.js";
import { germanProblems } from "./validation.js";

/** The problem `type` URI for an error code: stable, documented in the OpenAPI document. */
export const problemType = (code: ErrorCode): string => `urn:aktenwerk:problem:${code}`;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  fehler?: FieldProblem[];
  anfrageId?: string;
}

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  extra: Partial<Problem> = {},
  headers: Record<string, string> = {},
): FastifyReply {
  const { status, title } = errorCodes[code];
  const body: Problem = {
    type: problemType(code),
    title: extra.title ?? title,
    status,
    ...(extra.detail ? { detail: extra.detail } : {}),
    instance: request.url.split("?")[0],
    ...(extra.fehler?.length ? { fehler: extra.fehler } : {}),
    anfrageId: request.id,
  };
  return reply.code(status).headers(headers).type("application/problem+json; charset=utf-8").send(body);
}

/** Fastify's own client errors, by code, in German. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: "zu_gross",
    detail: "Der Inhalt der Anfrage überschreitet die erlaubte Größe.",
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: "nicht_unterstuetzter_typ",
    detail: "Dieser Content-Type wird hier nicht angenommen.",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: "ungueltige_eingabe", detail: "Der JSON-Inhalt fehlt." },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: "ungueltige_eingabe",
    detail: "Die Content-Length passt nicht zum Inhalt.",
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "ungueltige_eingabe", detail: "Der Inhalt ist kein gültiges JSON." },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    code: "nicht_unterstuetzter_typ",
    detail: "Erwartet wird multipart/form-data.",
  },
  FST_REQ_FILE_TOO_LARGE: { code: "zu_gross", detail: "Die Datei überschreitet die erlaubte Größe." },
  FST_PARTS_LIMIT: { code: "zu_gross", detail: "Die Anfrage enthält zu viele Teile." },
  FST_FILES_LIMIT: { code: "zu_gross", detail: "Die Anfrage enthält zu viele Dateien." },
  FST_FIELDS_LIMIT: { code: "zu_gross", detail: "Die Anfrage enthält zu viele Felder." },
};

/**
 * Errors the router raises before any route runs (a malformed percent-encoding, an overlong path
 * parameter): the same German problem details as everything else. For Fastify's `frameworkErrors`.
 */
export function frameworkFehler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH")
    void send(reply, request, "ungueltige_eingabe", {
      detail: "Ein Teil der Adresse ist zu lang.",
      title: "Die Adresse ist ungültig.",
    });
  else
    void send(reply, request, "ungueltige_eingabe", {
      detail: "Die Adresse enthält eine ungültige Kodierung.",
      title: "Die Adresse ist ungültig.",
    });
}

/**
 * Maps every error to RFC 9457 problem details with a German title; 5xx never leak internals.
 * `huelle` sends the web client's shell for a page address (absent when the client is not built).
 */
export function registerProblemHandlers(
  app: FastifyInstance,
  huelle?: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return send(
        reply,
        request,
        error.code,
        { title: error.title, detail: error.detail, fehler: error.fehler },
        error.headers,
      );
    }
    if (error.validation) {
      const fehler = germanProblems(error.validation as never, error.validationContext ?? "body");
      return send(reply, request, "ungueltige_eingabe", {
        detail: fehler.map((f) => `${feldText(f.feld)}: ${f.meldung}`).join(" "),
        fehler,
      });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return send(reply, request, known.code, { detail: known.detail });
    if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
      return send(reply, request, "ungueltige_eingabe", { detail: "Der Inhalt ist kein gültiges JSON." });
    }
    // A value PostgreSQL refuses as data (class 22: out of range, bad encoding, bad text form) is
    // bad input that slipped past a schema: a 400, logged so the schema can be tightened.
    const sqlState = (error as { code?: unknown }).code;
    if (typeof sqlState === "string" && /^22[0-9A-Z]{3}$/.test(sqlState)) {
      request.log.warn({ err: error }, "Eingabe von der Datenbank abgelehnt");
      return send(reply, request, "ungueltige_eingabe", {
        detail: "Ein Wert liegt außerhalb des erlaubten Bereichs oder hat ein ungültiges Format.",
      });
    }
    // The database went away (killed, restarting, failover): a retry a few seconds later may
    // succeed. What the request wrote may or may not have committed (the connection can die
    // between COMMIT and its answer), so the message promises nothing.
    if (datenbankNichtErreichbar(error)) {
      request.log.warn({ err: error }, "Datenbank nicht erreichbar");
      return send(
        reply,
        request,
        "nicht_verfuegbar",
        {
          detail:
            "Die Datenbank ist gerade nicht erreichbar (z. B. Neustart nach einem Absturz). Bitte in einigen Sekunden erneut versuchen.",
        },
        { "retry-after": "5" },
      );
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const code: ErrorCode =
        error.statusCode === 404
          ? "nicht_gefunden"
          : error.statusCode === 413
            ? "zu_gross"
            : error.statusCode === 415
              ? "nicht_unterstuetzter_typ"
              : error.statusCode === 405
                ? "methode_nicht_erlaubt"
                : "ungueltige_eingabe";
      return send(reply, request, code);
    }
    request.log.error({ err: error }, "Unbehandelter Fehler");
    return send(reply, request, "interner_fehler", {
      detail: "Bitte versuchen Sie es erneut. Bleibt der Fehler, nennen Sie der IT die Anfrage-ID.",
    });
  });

  app.setNotFoundHandler((request, reply) => {
    // Pages of the web client (/akten/…) are routes of the client: they get the app shell.
    const html = /text\/html|\*\/\*/.test(request.headers.accept ?? "");
    if (request.method === "GET" && !request.url.startsWith("/api/") && html && huelle) {
      return huelle(request, reply);
    }
    return send(reply, request, "nicht_gefunden", {
      detail: `Unter ${request.method} ${request.url.split("?")[0]} gibt es nichts.`,
    });
  });
}
