import { Ajv, type ErrorObject } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";
import { AppError, feldText, type FieldProblem } from "../errors.js";

// ajv-formats is CommonJS; its default export arrives nested under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // Bodies are taken as sent: "istAdmin": "true" stays a string and fails a boolean field.
    coerceTypes: coerce ? "array" : false,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const strictAjv = makeAjv(false);
const coercingAjv = makeAjv(true);

/** The largest integer a request may carry where a schema names no bound: PostgreSQL's `integer`. */
const GROESSTE_GANZE_ZAHL = 2_147_483_647;

/**
 * Integers in requests end in PostgreSQL columns: an unbounded one (`1e308`, `99999999999999999999`)
 * would be a database error, so every integer without its own bounds gets those of `integer`.
 */
function begrenzeGanzeZahlen(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(begrenzeGanzeZahlen);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = begrenzeGanzeZahlen(value);
  if (out.type === "integer") {
    out.maximum ??= GROESSTE_GANZE_ZAHL;
    out.minimum ??= -GROESSTE_GANZE_ZAHL - 1;
  }
  return out;
}

/** JSON bodies are validated strictly; query strings and path params (always text) are coerced. */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === "body" ? strictAjv : coercingAjv;
  return ajv.compile(begrenzeGanzeZahlen(schema) as object);
};

const TYPE_NAMES: Record<string, string> = {
  string: "Text",
  integer: "ganze Zahl",
  number: "Zahl",
  boolean: "true oder false",
  object: "Objekt",
  array: "Liste",
  null: "null",
};

const FORMAT_NAMES: Record<string, string> = {
  "date-time": "Zeitpunkt (ISO 8601)",
  date: "Datum (JJJJ-MM-TT)",
  email: "E-Mail-Adresse",
  uuid: "UUID",
  uri: "URI",
};

/** One German message per validation error, for the field it concerns. */
export function germanProblems(errors: ErrorObject[], part: string): FieldProblem[] {
  return errors.map((e) => {
    const p = e.params as Record<string, unknown>;
    let feld = e.instancePath || "/";
    let meldung: string;
    switch (e.keyword) {
      case "required":
        feld = `${e.instancePath}/${String(p.missingProperty)}`;
        meldung = "Pflichtfeld fehlt.";
        break;
      case "additionalProperties":
        feld = `${e.instancePath}/${String(p.additionalProperty)}`;
        meldung = `Unbekanntes Feld „${String(p.additionalProperty)}“.`;
        break;
      case "type":
        meldung = `Muss vom Typ ${String(p.type)
          .split(",")
          .map((t) => TYPE_NAMES[t] ?? t)
          .join(" oder ")} sein.`;
        break;
      case "minLength":
        meldung = Number(p.limit) === 1 ? "Darf nicht leer sein." : `Mindestens ${String(p.limit)} Zeichen.`;
        break;
      case "maxLength":
        meldung = `Höchstens ${String(p.limit)} Zeichen.`;
        break;
      case "minimum":
        meldung = `Muss mindestens ${String(p.limit)} sein.`;
        break;
      case "maximum":
        meldung = `Darf höchstens ${String(p.limit)} sein.`;
        break;
      case "minItems":
        meldung = `Mindestens ${String(p.limit)} Einträge.`;
        break;
      case "maxItems":
        meldung = `Höchstens ${String(p.limit)} Einträge.`;
        break;
      case "enum":
        meldung = `Erlaubt sind: ${(p.allowedValues as unknown[]).map(String).join(", ")}.`;
        break;
      case "const":
        meldung = `Erlaubt ist nur: ${String(p.allowedValue)}.`;
        break;
      case "format":
        meldung = `Muss ein gültiges Format haben: ${FORMAT_NAMES[String(p.format)] ?? String(p.format)}.`;
        break;
      case "pattern":
        meldung = "Hat nicht das erwartete Format.";
        break;
      case "anyOf":
      case "oneOf":
        meldung = "Passt zu keiner der erlaubten Formen.";
        break;
      default:
        meldung = "Ungültiger Wert.";
    }
    const prefix = part === "body" ? "" : `${part === "querystring" ? "query" : part}:`;
    return { feld: `${prefix}${feld}`, meldung };
  });
}

const compiled = new WeakMap<object, ReturnType<Ajv["compile"]>>();

/**
 * Validates JSON that did not arrive as the request body (e.g. a multipart field) as strictly as a
 * body: parse errors and schema violations become a 400 with field-level German messages.
 */
export function validateJsonField<T>(schema: object, raw: string | undefined, feld: string): T {
  let value: unknown;
  try {
    value = raw === undefined ? {} : JSON.parse(raw);
  } catch {
    throw new AppError("ungueltige_eingabe", `Das Feld „${feld}“ enthält kein gültiges JSON.`, {
      fehler: [{ feld: `/${feld}`, meldung: "Kein gültiges JSON." }],
    });
  }
  value = bereinigeEingabe(value, `/${feld}`);
  let validate = compiled.get(schema);
  if (!validate) {
    validate = strictAjv.compile(begrenzeGanzeZahlen(schema) as object);
    compiled.set(schema, validate);
  }
  if (!validate(value)) {
    const fehler = germanProblems(validate.errors ?? [], "body").map((f) => ({
      ...f,
      feld: `/${feld}${f.feld === "/" ? "" : f.feld}`,
    }));
    throw new AppError(
      "ungueltige_eingabe",
      fehler.map((f) => `${feldText(f.feld)}: ${f.meldung}`).join(" "),
      {
        fehler,
      },
    );
  }
  return value as T;
}

/* eslint-disable no-control-regex -- these patterns exist to find control characters */
/** C0 controls but tab, line feed and carriage return, DEL, C1 controls: never part of a text a user typed. */
const STEUERZEICHEN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** In a single-line value (path, query, header) line breaks and tabs are refused too. */
const STEUERZEICHEN_ZEILE = /[\u0000-\u001F\u007F-\u009F]/;
/* eslint-enable no-control-regex */
/** Unpaired surrogates cannot be stored as UTF-8 (PostgreSQL refuses them). */
const EINZELNES_SURROGAT = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function steuerzeichenFehler(feld: string): AppError {
  return new AppError("ungueltige_eingabe", `${feld}: Steuerzeichen sind nicht erlaubt.`, {
    fehler: [{ feld, meldung: "Enthält Steuerzeichen oder ungültige Zeichen (z. B. NUL)." }],
  });
}

/**
 * The one input rule for every text that reaches us (JSON bodies, query strings, path parameters,
 * multipart fields): strings are NFC-normalised, control characters and unpaired surrogates are
 * refused with a German 400 naming the field. Returns the cleaned value; objects are copied.
 */
export function bereinigeEingabe(value: unknown, feld: string, einzeilig = false): unknown {
  if (typeof value === "string") {
    if ((einzeilig ? STEUERZEICHEN_ZEILE : STEUERZEICHEN_TEXT).test(value) || EINZELNES_SURROGAT.test(value))
      throw steuerzeichenFehler(feld);
    return value.normalize("NFC");
  }
  if (Array.isArray(value)) return value.map((v, i) => bereinigeEingabe(v, `${feld}/${i}`, einzeilig));
  if (value !== null && typeof value === "object" && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const k = bereinigeEingabe(key, `${feld}/${key.replace(/[^\w.-]/g, "?")}`, true) as string;
      out[k] = bereinigeEingabe(v, `${feld}/${k}`, einzeilig);
    }
    return out;
  }
  return value;
}

/**
 * Text taken from an untrusted file rather than typed (e-mail headers, scan sidecars): it cannot be
 * refused, so it is cleaned instead — NFC, one line, no control or bidi characters, bounded length.
 */
export function saeubereFremdtext(text: string, maxLaenge = 1000): string {
  return (
    text
      .toWellFormed()
      .normalize("NFC")
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, maxLaenge)
  );
}
