import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { AppError } from "../../../platform/errors.js";

export const XDOMEA_VERSIONEN = ["3.0.0", "3.1.0"] as const;
export type XdomeaVersion = (typeof XDOMEA_VERSIONEN)[number];

/** Largest XML part of a message we read (the primary documents are separate files). */
export const MAX_XML_BYTES = 64 * 1024 * 1024;

export interface Schemafehler {
  zeile: number | null;
  element: string | null;
  meldung: string;
}

/** The xdomea version a message declares by its namespace; anything else is refused. */
export function versionDer(xml: string): XdomeaVersion {
  const m = /xmlns(?::\w+)?="urn:xoev-de:xdomea:schema:(\d+\.\d+\.\d+)"/.exec(xml.slice(0, 4096));
  const version = m?.[1];
  if (!version || !(XDOMEA_VERSIONEN as readonly string[]).includes(version))
    throw new AppError(
      "nicht_unterstuetzter_typ",
      version
        ? `xdomea ${version} wird nicht unterstützt; möglich sind ${XDOMEA_VERSIONEN.join(" und ")}.`
        : "Das ist keine xdomea-Nachricht (Namensraum urn:xoev-de:xdomea:schema:… fehlt).",
    );
  return version as XdomeaVersion;
}

/**
 * Hostile until proven otherwise: no DTD and no entity declarations at all (XXE, billion laughs),
 * a size limit, well-formed UTF-8. Runs before any parser sees the text.
 */
export function pruefeRohform(xml: string, bytes: number): void {
  if (bytes > MAX_XML_BYTES)
    throw new AppError("zu_gross", `Die XML-Nachricht ist größer als ${MAX_XML_BYTES / 1024 / 1024} MB.`);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new AppError(
      "ungueltige_eingabe",
      "Die Nachricht enthält eine DTD oder Entity-Deklaration; das ist in xdomea nicht vorgesehen und wird aus Sicherheitsgründen abgelehnt.",
    );
  if (xml.includes("\uFFFD"))
    throw new AppError("ungueltige_eingabe", "Die Nachricht ist kein gültiges UTF-8.");
}

/** The directory of the official schemas for a version, or a clear refusal when none is configured. */
export function schemaDatei(verzeichnis: string | null, version: XdomeaVersion): string {
  if (!verzeichnis)
    throw new AppError(
      "nicht_verfuegbar",
      "Es sind keine xdomea-Schemas konfiguriert (AKTENWERK_XDOMEA_SCHEMAS); ohne sie prüft Aktenwerk keine Nachricht.",
    );
  const datei = path.join(verzeichnis, version, "xdomea.xsd");
  if (!existsSync(datei))
    throw new AppError("nicht_verfuegbar", `Das xdomea-Schema ${version} fehlt unter ${datei}.`);
  return datei;
}

/**
 * Validates against the official XSD with xmllint (no network, no entity expansion). Returns the
 * problems with line and element, in German, or an empty list.
 */
export async function validiere(xml: string, xsd: string): Promise<Schemafehler[]> {
  const ausgabe = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const p = spawn("xmllint", ["--noout", "--nonet", "--schema", xsd, "-"], {
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    const timer = setTimeout(() => p.kill("SIGKILL"), 120_000);
    p.stderr.on("data", (c: Buffer) => {
      if (stderr.length < 1_000_000) stderr += c.toString("utf8");
    });
    p.on("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "ENOENT"
          ? new AppError(
              "nicht_verfuegbar",
              "xmllint fehlt (Debian-Paket libxml2-utils); ohne es prüft Aktenwerk keine Nachricht.",
            )
          : e,
      ),
    );
    p.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
    p.stdin.on("error", () => undefined);
    p.stdin.end(xml);
  });
  if (ausgabe.code === 0) return [];
  const fehler = ausgabe.stderr
    .split("\n")
    .filter((z) => z.startsWith("-:"))
    .map((z) => {
      const m = /^-:(\d+): (?:element (\S+): )?(?:[^:]*error : )?(.*)$/.exec(z);
      return {
        zeile: m ? Number(m[1]) : null,
        element: m?.[2] ?? null,
        meldung: (m?.[3] ?? z).replace(/\{urn:xoev-de:xdomea:schema:[\d.]+\}/g, "xdomea:"),
      };
    });
  return fehler.length
    ? fehler.slice(0, 50)
    : [{ zeile: null, element: null, meldung: ausgabe.stderr.slice(0, 500) || "ungültig" }];
}

export function schemafehlerAlsProblem(fehler: Schemafehler[], version: XdomeaVersion): AppError {
  return new AppError(
    "ungueltige_eingabe",
    `Die Nachricht entspricht nicht dem xdomea-Schema ${version}: ${fehler
      .slice(0, 5)
      .map(
        (f) =>
          `${f.zeile ? `Zeile ${f.zeile}` : ""}${f.element ? `, Element ${f.element}` : ""}: ${f.meldung}`,
      )
      .join("; ")}${fehler.length > 5 ? ` (und ${fehler.length - 5} weitere)` : ""}`,
    {
      fehler: fehler.map((f) => ({
        feld: `${f.zeile ? `Zeile ${f.zeile}` : "Nachricht"}${f.element ? ` ${f.element}` : ""}`,
        meldung: f.meldung,
      })),
    },
  );
}
