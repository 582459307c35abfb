import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Readable } from "node:stream";
import { unzipSync, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { AppError } from "../../../platform/errors.js";

/** Limits on a container from outside: zip bombs and zip slip never reach the disk. */
export interface ContainerGrenzen {
  maxEintraege: number;
  maxGesamtBytes: number;
  /** Uncompressed size per compressed byte, for entries over 1 MB. */
  maxVerhaeltnis: number;
}

export const STANDARD_CONTAINER_GRENZEN: ContainerGrenzen = {
  maxEintraege: 20_000,
  maxGesamtBytes: 8 * 1024 * 1024 * 1024,
  maxVerhaeltnis: 200,
};

export interface Container {
  xmlName: string;
  xml: Uint8Array;
  dateien: Map<string, Uint8Array>;
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
 * Reads an xdomea zip container (the message XML plus its primary documents, all at the top
 * level). Refuses paths (zip slip), too many entries, too much data and suspicious ratios before
 * inflating anything.
 */
export function leseContainer(daten: Uint8Array, grenzen = STANDARD_CONTAINER_GRENZEN): Container {
  let eintraege = 0;
  let gesamt = 0;
  const problem = (meldung: string) => new AppError("ungueltige_eingabe", meldung);
  let dateien: Record<string, Uint8Array>;
  try {
    dateien = unzipSync(daten, {
      filter: (f) => {
        eintraege++;
        if (eintraege > grenzen.maxEintraege)
          throw problem(`Der Container hat mehr als ${grenzen.maxEintraege} Einträge.`);
        if (f.name.endsWith("/") && sichererName(f.name.slice(0, -1)))
          throw problem(`Der Container enthält ein Verzeichnis (${f.name}); xdomea-Container sind flach.`);
        if (!sichererName(f.name))
          throw problem(
            `Der Eintrag „${f.name.slice(0, 200)}“ ist ein Pfad; erlaubt sind nur Dateinamen (Schutz vor Zip-Slip).`,
          );
        gesamt += f.originalSize;
        if (gesamt > grenzen.maxGesamtBytes)
          throw problem(
            `Der Container entpackt sich auf mehr als ${Math.round(grenzen.maxGesamtBytes / 1024 ** 3)} GB.`,
          );
        if (f.originalSize > 1024 * 1024 && f.originalSize / Math.max(1, f.size) > grenzen.maxVerhaeltnis)
          throw problem(`Der Eintrag „${f.name}“ ist verdächtig stark komprimiert (Zip-Bombe?).`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw problem("Die Datei ist kein lesbarer ZIP-Container.");
  }
  const xmls = Object.keys(dateien).filter((n) => n.toLowerCase().endsWith(".xml"));
  const nachricht = xmls.filter((n) => /\.0\d{3}\.xml$/i.test(n));
  if (nachricht.length !== 1)
    throw problem(
      nachricht.length === 0
        ? "Im Container fehlt die xdomea-Nachricht (Datei …_<Nachrichtentyp>.<Nummer>.xml)."
        : "Der Container enthält mehr als eine xdomea-Nachricht.",
    );
  const xmlName = nachricht[0]!;
  const rest = new Map(Object.entries(dateien).filter(([n]) => n !== xmlName));
  return { xmlName, xml: dateien[xmlName]!, dateien: rest };
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
