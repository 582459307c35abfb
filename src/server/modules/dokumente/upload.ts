import { Transform, type TransformCallback } from "node:stream";
import type { FastifyRequest } from "fastify";
import type {} from "@fastify/multipart";
import type { StoredBlob } from "../../platform/blobstore/index.js";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
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

export interface EmpfangenerUpload {
  datei: EmpfangeneDatei;
  /** Text fields of the form (e.g. `metadaten` as JSON, `kommentar`). */
  felder: Record<string, string>;
}

/**
 * Receives a multipart upload with exactly one file in the field `datei`, streaming it into the
 * blob store (never whole in memory); the type comes from the content. Over the limit: 413 and the
 * partial content is discarded by the store. An empty file: 400.
 */
export async function empfangeUpload(
  request: FastifyRequest,
  ctx: AppContext,
  erlaubteFelder: string[],
): Promise<EmpfangenerUpload> {
  if (!request.isMultipart())
    throw new AppError(
      "nicht_unterstuetzter_typ",
      "Dateien werden als multipart/form-data hochgeladen (Feld „datei“).",
    );
  const max = ctx.config.maxUploadBytes;
  const felder: Record<string, string> = {};
  let datei: EmpfangeneDatei | undefined;
  // One byte over the limit lets the store tell "exactly at the limit" from "too large".
  // preservePath: we keep the name as sent (as metadata) and sanitise it ourselves.
  for await (const part of request.parts({
    preservePath: true,
    limits: { fileSize: max + 1, files: 1, fields: 10, fieldSize: 1024 * 1024 },
  })) {
    if (part.type === "field") {
      if (!erlaubteFelder.includes(part.fieldname))
        throw new AppError("ungueltige_eingabe", `Unbekanntes Feld „${part.fieldname}“.`, {
          fehler: [{ feld: `/${part.fieldname}`, meldung: "Unbekanntes Feld." }],
        });
      felder[part.fieldname] = String(part.value);
      continue;
    }
    if (part.fieldname !== "datei") {
      part.file.resume();
      throw new AppError(
        "ungueltige_eingabe",
        `Die Datei gehört in das Feld „datei“, nicht „${part.fieldname}“.`,
        { fehler: [{ feld: "/datei", meldung: "Pflichtfeld." }] },
      );
    }
    const capture = new HeadCapture();
    part.file.on("error", (error) => capture.destroy(error));
    part.file.on("limit", () =>
      capture.destroy(
        new AppError("zu_gross", `Die Datei ist größer als erlaubt (${Math.round(max / 1024 / 1024)} MB).`),
      ),
    );
    const stored = await ctx.blobs.put(part.file.pipe(capture), { maxBytes: max });
    const originaldateiname = (part.filename ?? "").normalize("NFC").slice(0, 1000);
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
  return { datei, felder };
}
