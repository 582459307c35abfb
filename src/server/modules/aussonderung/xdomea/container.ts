import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { Unzip, UnzipInflate, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { AppError } from "../../../platform/errors.js";
import { MAX_XML_BYTES } from "./pruefung.js";

/** Limits on a container from outside: zip bombs and zip slip never reach the disk. */
export interface ContainerGrenzen {
  maxEintraege: number;
  maxGesamtBytes: number;
  /** Uncompressed size per compressed byte read, for entries over 1 MB (declared sizes are ignored). */
  maxVerhaeltnis: number;
}

export const STANDARD_CONTAINER_GRENZEN: ContainerGrenzen = {
  maxEintraege: 20_000,
  maxGesamtBytes: 8 * 1024 * 1024 * 1024,
  maxVerhaeltnis: 200,
};

/** Compressed bytes fed to the inflater at a time. */
const SCHRITT = 16 * 1024;

export interface Container {
  xmlName: string;
  /** The message XML (bounded in size by the caller's check). */
  xml: Uint8Array;
  /** Every other entry, unpacked to a file in the work directory: name → path. */
  dateien: Map<string, string>;
}

/** A file name inside an xdomea container: a plain name, never a path. */
function sichererName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    !name.includes("/") &&
    !name.includes("\\") &&
    !name.includes("\0") &&
    name !== "." &&
    name !== ".." &&
    !/^[a-z]:/i.test(name)
  );
}

/**
 * Unpacks an xdomea zip container (the message XML plus its primary documents, all at the top
 * level) into a work directory as a stream: memory stays flat however large the Akte is. Refuses
 * paths (zip slip), too many entries, too much data and suspicious ratios while inflating, and
 * stops at the first violation. Counts the bytes the inflater really produces and the compressed
 * bytes really read; the sizes a zip declares may lie. Runs in a parser-pool thread (see
 * `aufgaben.ts`).
 */
export async function entpackeContainer(
  quelle: string,
  ordner: string,
  grenzen = STANDARD_CONTAINER_GRENZEN,
): Promise<Container> {
  const problem = (meldung: string) => new AppError("ungueltige_eingabe", meldung);
  let fehler: unknown = null;
  let eintraege = 0;
  let gesamt = 0;
  /** Compressed bytes fed to the inflater so far: the truth, whatever the headers declare. */
  let gelesen = 0;
  const dateien = new Map<string, string>();
  const offen: WriteStream[] = [];
  const unzip = new Unzip((f) => {
    if (fehler) return;
    eintraege++;
    if (eintraege > grenzen.maxEintraege) {
      fehler = problem(`Der Container hat mehr als ${grenzen.maxEintraege} Einträge.`);
      return;
    }
    if (f.name.endsWith("/") && sichererName(f.name.slice(0, -1))) {
      fehler = problem(`Der Container enthält ein Verzeichnis (${f.name}); xdomea-Container sind flach.`);
      return;
    }
    if (!sichererName(f.name) || dateien.has(f.name)) {
      fehler = problem(
        `Der Eintrag „${f.name.slice(0, 200)}“ ist ein Pfad oder doppelt; erlaubt sind nur Dateinamen (Schutz vor Zip-Slip).`,
      );
      return;
    }
    const ziel = path.join(ordner, `${dateien.size}.bin`);
    dateien.set(f.name, ziel);
    const out = createWriteStream(ziel);
    offen.push(out);
    let n = 0;
    // The entry's header was read with the step that called us: its data starts about here.
    const gelesenBeimStart = Math.max(0, gelesen - SCHRITT);
    f.ondata = (err, daten, final) => {
      if (fehler) return;
      if (err) {
        fehler = problem("Die Datei ist kein lesbarer ZIP-Container.");
        return;
      }
      n += daten.length;
      gesamt += daten.length;
      if (gesamt > grenzen.maxGesamtBytes)
        fehler = problem(
          `Der Container entpackt sich auf mehr als ${Math.round(grenzen.maxGesamtBytes / 1024 ** 3)} GB.`,
        );
      else if (n > 1024 * 1024 && n / Math.max(1, gelesen - gelesenBeimStart) > grenzen.maxVerhaeltnis)
        fehler = problem(`Der Eintrag „${f.name}“ ist verdächtig stark komprimiert (Zip-Bombe?).`);
      else if (f.originalSize !== undefined && n > f.originalSize)
        fehler = problem(`Der Eintrag „${f.name}“ ist größer als angegeben (Zip-Bombe?).`);
      else out.write(daten);
      if (final || fehler) out.end();
    };
    f.start();
  });
  unzip.register(UnzipInflate);
  let kopf = true;
  try {
    for await (const chunk of createReadStream(quelle, { highWaterMark: 64 * 1024 })) {
      const block = chunk as Buffer;
      if (kopf && !(block[0] === 0x50 && block[1] === 0x4b))
        throw problem("Die Datei ist kein lesbarer ZIP-Container.");
      kopf = false;
      // Small steps: one step inflates to at most ~1,000 times its size, and the limits are checked
      // after each, on the bytes actually produced.
      for (let i = 0; i < block.length; i += SCHRITT) {
        const schritt = block.subarray(i, i + SCHRITT);
        gelesen += schritt.length;
        try {
          unzip.push(schritt);
        } catch {
          throw problem("Die Datei ist kein lesbarer ZIP-Container.");
        }
        if (fehler) throw fehler;
        // Back-pressure: the disk sets the pace, not the inflater.
        for (const o of offen) if (o.writableNeedDrain) await once(o, "drain");
      }
    }
    try {
      unzip.push(new Uint8Array(0), true);
    } catch {
      throw problem("Die Datei ist kein lesbarer ZIP-Container.");
    }
    if (fehler) throw fehler;
  } finally {
    for (const o of offen) if (!o.writableEnded) o.end();
    await Promise.all(offen.map((o) => (o.closed ? undefined : once(o, "close").catch(() => undefined))));
  }
  if (dateien.size === 0) throw problem("Die Datei ist kein lesbarer ZIP-Container.");
  const nachricht = [...dateien.keys()].filter((n) => /\.0\d{3}\.xml$/i.test(n));
  if (nachricht.length !== 1)
    throw problem(
      nachricht.length === 0
        ? "Im Container fehlt die xdomea-Nachricht (Datei …_<Nachrichtentyp>.<Nummer>.xml)."
        : "Der Container enthält mehr als eine xdomea-Nachricht.",
    );
  const xmlName = nachricht[0]!;
  const xmlPfad = dateien.get(xmlName)!;
  if ((await stat(xmlPfad)).size > MAX_XML_BYTES)
    throw new AppError("zu_gross", `Die XML-Nachricht ist größer als ${MAX_XML_BYTES / 1024 / 1024} MB.`);
  const xml = new Uint8Array(await readFile(xmlPfad));
  dateien.delete(xmlName);
  return { xmlName, xml, dateien };
}

/**
 * Writes a container to a file as a stream: the message, then each primary document as it comes
 * (stored, not recompressed; PDFs and Office files are compressed already), so memory does not grow
 * with the size of the Akte.
 */
export async function schreibeContainer(
  ziel: string,
  xmlName: string,
  xml: string,
  dateien: AsyncIterable<{ name: string; inhalt: Readable }>,
): Promise<number> {
  const out = createWriteStream(ziel);
  let bytes = 0;
  let fehler: Error | null = null;
  const zip = new Zip((err, chunk, final) => {
    if (err) {
      fehler = err;
      return;
    }
    bytes += chunk.length;
    out.write(chunk);
    if (final) out.end();
  });
  const fertig = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  const nachricht = new ZipDeflate(xmlName, { level: 6 });
  zip.add(nachricht);
  nachricht.push(new TextEncoder().encode(xml), true);
  for await (const d of dateien) {
    const eintrag = new ZipPassThrough(d.name);
    zip.add(eintrag);
    for await (const chunk of d.inhalt) {
      eintrag.push(chunk as Uint8Array, false);
      // Back-pressure: wait while the file stream's buffer is full.
      if (out.writableNeedDrain) await once(out, "drain");
    }
    eintrag.push(new Uint8Array(0), true);
  }
  zip.end();
  await fertig;
  if (fehler) throw fehler;
  return bytes;
}
