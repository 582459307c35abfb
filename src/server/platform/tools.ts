import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** External programs the content pipeline uses, found at start; missing ones degrade features. */
export interface ExternalTools {
  ocrmypdf: { gefunden: boolean; version: string | null };
  tesseract: { gefunden: boolean; version: string | null; sprachen: string[] };
  /** Ghostscript (ocrmypdf needs it too) draws PDF previews outside the server's main thread. */
  ghostscript: { gefunden: boolean; version: string | null };
}

async function versionOf(command: string, args: string[]): Promise<string | null> {
  try {
    const { stdout, stderr } = await run(command, args, { timeout: 15_000 });
    const first = `${stdout}${stderr}`.trim().split("\n")[0] ?? "";
    return first.replace(/^tesseract\s+/i, "").trim() || null;
  } catch {
    return null;
  }
}

export async function detectTools(): Promise<ExternalTools> {
  const [ocrmypdf, tesseract, ghostscript] = await Promise.all([
    versionOf("ocrmypdf", ["--version"]),
    versionOf("tesseract", ["--version"]),
    versionOf("gs", ["--version"]),
  ]);
  let sprachen: string[] = [];
  if (tesseract) {
    try {
      const { stdout } = await run("tesseract", ["--list-langs"], { timeout: 15_000 });
      sprachen = stdout
        .split("\n")
        .slice(1)
        .map((l) => l.trim())
        .filter(Boolean);
    } catch {
      sprachen = [];
    }
  }
  return {
    ocrmypdf: { gefunden: ocrmypdf !== null, version: ocrmypdf },
    tesseract: { gefunden: tesseract !== null, version: tesseract, sprachen },
    ghostscript: { gefunden: ghostscript !== null, version: ghostscript },
  };
}
