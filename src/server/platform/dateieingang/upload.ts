import { Transform, type TransformCallback } from "node:stream";
import type { FastifyRequest } from "fastify";
import type {} from "@fastify/multipart";
import type { StoredBlob } from "../blobstore/index.js";
import type { AppContext } from "../context.js";
import { AppError } from "../errors.js";
import { bereinigeEingabe } from "../http/validation.js";
import { bereinigeDateiname } from "./dateiname.js";
import { erkenneInhaltstyp, SNIFF_BYTES } from "./inhaltstyp.js";

/** Passes content through and keeps its first bytes for type detection. */
class HeadCapture extends Transform {
  readonly chunks: Buffer[] = [];
  #kept = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#kept < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - this.#kept);
      this.chunks.push(Buffer.from(part));
      this.#kept += part.length;
    }
    callback(null, chunk);
  }
}

export interface EmpfangeneDatei {
  stored: StoredBlob;
  dateiname: string;
  originaldateiname: string;
  mimeTyp: string;
}

export interface EmpfangenerUpload<T = undefined> {
  datei: EmpfangeneDatei;
  /** Text fields of the form (e.g. `metadaten` as JSON, `kommentar`). */
  felder: Record<string, string>;
  /** What `pruefe` returned: the validated and authorised form, checked before the file was stored. */
  geprueft: T;
}

/** Largest text field (e.g. `metadaten`); larger: 413. */
const MAX_FELD_BYTES = 1024 * 1024;

function feldZuGross(feld: string): AppError {
  return new AppError("zu_gross", `Das Feld „${feld}“ ist zu groß (höchstens 1 MB).`, {
    fehler: [{ feld: `/${feld}`, meldung: "Zu groß (höchstens 1 MB)." }],
  });
}

/** Reads a text part that arrived as a stream (a JSON part), refusing it beyond `MAX_FELD_BYTES`. */
async function leseTextteil(
  stream: NodeJS.ReadableStream & { truncated?: boolean },
  feld: string,
): Promise<string> {
  const chunks: Buffer[] = [];
  let laenge = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    laenge += chunk.length;
    if (laenge > MAX_FELD_BYTES) {
      (stream as NodeJS.ReadableStream & { resume(): void }).resume();
      throw feldZuGross(feld);
    }
    chunks.push(chunk);
  }
  // Cut off by the file size limit of the multipart parser (when that is below 1 MB).
  if (stream.truncated) throw feldZuGross(feld);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Receives a multipart upload with exactly one file in the field `datei`, streaming it into the
 * blob store (never whole in memory); the type comes from the content.
 *
 * Refuse before storing: the text fields come first, and `pruefe` (permission, metadata) runs on
 * them before the first byte of the file is written, so a refused upload leaves nothing behind.
 * Over the limit or aborted midway: 413 / the error, and the store discards the partial content.
 * An empty file, or anything after the file that makes the request invalid: 400, and a blob this
 * request added is removed again. A text field sent as `application/json` is read like a plain
 * one; a text field over 1 MB: 413.
 */
export async function empfangeUpload<T = undefined>(
  request: FastifyRequest,
  ctx: AppContext,
  erlaubteFelder: string[],
  pruefe: (felder: Record<string, string>, datei: { dateiname: string }) => Promise<T> | T = () =>
    undefined as T,
): Promise<EmpfangenerUpload<T>> {
  if (!request.isMultipart())
    throw new AppError(
      "nicht_unterstuetzter_typ",
      "Dateien werden als multipart/form-data hochgeladen (Feld „datei“).",
    );
  const max = ctx.config.maxUploadBytes;
  const felder: Record<string, string> = {};
  let datei: EmpfangeneDatei | undefined;
  let geprueft: T | undefined;
  try {
    // One byte over the limit lets the store tell "exactly at the limit" from "too large".
    // preservePath: we keep the name as sent (as metadata) and sanitise it ourselves.
    // A JSON text part arrives as a stream (busboy's "file"), so we read it with our own size
    // limit: @fastify/multipart would parse it and report a cut-off value as invalid JSON, not 413.
    for await (const part of request.parts({
      preservePath: true,
      isPartAFile: (_feld: string, typ: string, dateiname: string | undefined) =>
        dateiname !== undefined ||
        typ === "application/octet-stream" ||
        typ.toLowerCase().startsWith("application/json"),
      limits: {
        fileSize: max + 1,
        files: erlaubteFelder.length + 1,
        fields: 10,
        fieldSize: MAX_FELD_BYTES,
      },
    } as Parameters<FastifyRequest["parts"]>[0])) {
      if (part.fieldname !== "datei" || part.type === "field") {
        if (datei || !erlaubteFelder.includes(part.fieldname) || part.fieldname in felder) {
          if (part.type === "file") part.file.resume();
          throw new AppError(
            "ungueltige_eingabe",
            datei
              ? `Das Feld „${part.fieldname}“ gehört vor die Datei.`
              : `Unbekanntes oder doppeltes Feld „${part.fieldname}“.`,
            { fehler: [{ feld: `/${part.fieldname}`, meldung: "Unbekanntes Feld." }] },
          );
        }
        let wert: string;
        if (part.type === "field") {
          if (part.valueTruncated) throw feldZuGross(part.fieldname);
          wert = typeof part.value === "string" ? part.value : JSON.stringify(part.value);
        } else {
          wert = await leseTextteil(part.file, part.fieldname);
        }
        // The one input rule, as for JSON bodies: NFC, no control characters.
        felder[part.fieldname] = bereinigeEingabe(wert, `/${part.fieldname}`) as string;
        continue;
      }
      if (datei) {
        part.file.resume();
        throw new AppError("ungueltige_eingabe", "Bitte genau eine Datei hochladen (Feld „datei“).", {
          fehler: [{ feld: "/datei", meldung: "Nur eine Datei." }],
        });
      }
      // Permission and metadata are settled before a single byte is stored.
      // Kept as sent (as metadata), except NUL, which PostgreSQL text cannot hold.
      const originaldateiname = (part.filename ?? "")
        .replaceAll("\u0000", "")
        .normalize("NFC")
        .slice(0, 1000);
      try {
        geprueft = await pruefe(felder, { dateiname: bereinigeDateiname(originaldateiname) });
      } catch (error) {
        part.file.resume();
        throw error;
      }
      const capture = new HeadCapture();
      part.file.on("error", (error) => capture.destroy(error));
      part.file.on("limit", () =>
        capture.destroy(
          new AppError("zu_gross", `Die Datei ist größer als erlaubt (${Math.round(max / 1024 / 1024)} MB).`),
        ),
      );
      const stored = await ctx.blobs.put(part.file.pipe(capture), { maxBytes: max });
      datei = {
        stored,
        originaldateiname,
        dateiname: bereinigeDateiname(originaldateiname),
        mimeTyp: await erkenneInhaltstyp(Buffer.concat(capture.chunks)),
      };
    }
    if (!datei)
      throw new AppError("ungueltige_eingabe", "Es wurde keine Datei hochgeladen (Feld „datei“).", {
        fehler: [{ feld: "/datei", meldung: "Pflichtfeld." }],
      });
    if (datei.stored.groesse === 0)
      throw new AppError("ungueltige_eingabe", "Die Datei ist leer (0 Byte).", {
        fehler: [{ feld: "/datei", meldung: "Die Datei ist leer." }],
      });
  } catch (error) {
    if (datei) await verwirfUpload(ctx, datei);
    throw error;
  }
  return { datei, felder, geprueft: geprueft as T };
}

/**
 * Removes the blob of an upload that was refused after it was stored, if this upload added it.
 * Content that was already there (`neu: false`) belongs to others and stays; a blob that another
 * upload of the same content is about to reference in this very moment is the one case this could
 * hit, and `fsck --repair` only ever removes blobs older than an hour for the same reason.
 */
export async function verwirfUpload(ctx: AppContext, datei: EmpfangeneDatei): Promise<void> {
  if (!datei.stored.neu) return;
  const { rows } = await ctx.db.query("SELECT 1 FROM blob WHERE sha256 = $1", [datei.stored.sha256]);
  if (rows.length) return;
  await ctx.blobs.delete(datei.stored.sha256).catch(() => undefined);
}
