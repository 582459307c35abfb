import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { schliesseAnmeldungAb, TEST_ORIGIN, type Senden } from "./zweiter-faktor.js";

export const BIN = fileURLToPath(new URL("../../bin/aktenwerk.js", import.meta.url));

/** The route recorder, loaded into every child too, so routes called over HTTP on `serve` count. */
const ROUTEN_AUFZEICHNUNG = new URL("./routen-aufzeichnung.mjs", import.meta.url).href;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a child: its own data dir, the embedded database, no inherited DATABASE_URL. */
export function childEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The address a browser would use: passkeys are bound to it (port 0 is no origin).
    AKTENWERK_URL: process.env.AKTENWERK_URL?.trim() || TEST_ORIGIN,
    AKTENWERK_DATA: dataDir,
    LOG_LEVEL: "warn",
    ...extra,
  };
  if (env.AKTENWERK_ROUTENABDECKUNG)
    env.NODE_OPTIONS = [env.NODE_OPTIONS, `--import=${ROUTEN_AUFZEICHNUNG}`].filter(Boolean).join(" ");
  delete env.DATABASE_URL;
  delete env.BLOB_STORE;
  return env;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  /** The log (pino, one JSON object a line) as far as written. */
  stdout: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts `aktenwerk serve` on a port the operating system picks (port 0) and waits until it says
 * where it listens (or fails). Never "find a free port, bind later": another test worker could
 * take the port in between.
 */
export async function startServe(
  env: NodeJS.ProcessEnv,
  args: string[] = [],
  timeoutMs = 90_000,
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, "serve", ...args], {
    env: { ...env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`serve startete nicht:\n${stderr}`));
    }, timeoutMs);
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      const m = /Aktenwerk läuft auf https?:\/\/[^\s]*:(\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve endete mit ${code}:\n${stderr}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, stderr: () => stderr, stdout: () => stdout, exited };
}

export async function tempDataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-proc-"));
  await fs.chmod(dir, 0o755);
  return dir;
}

/** The PID of the embedded PostgreSQL's postmaster, from its postmaster.pid; undefined when none. */
export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  try {
    return Number((await fs.readFile(path.join(dataDir, "pg", "postmaster.pid"), "utf8")).split("\n")[0]);
  } catch {
    return undefined;
  }
}

/** PIDs of PostgreSQL servers running on a data directory. */
export async function postgresPidsFor(dataDir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await fs.readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await fs.readFile(`/proc/${entry}/cmdline`, "utf8")).split("\0");
      if (cmdline[0]?.endsWith("/postgres") && cmdline.includes(path.join(dataDir, "pg")))
        pids.push(Number(entry));
    } catch {
      // Process ended meanwhile.
    }
  }
  return pids;
}

/** The sign-in steps over fetch against a running server, for the second-factor helper. */
function fetchSenden(url: string): Senden {
  return async (methode, pfad, sitzung, payload) => {
    const r = await fetch(`${url}/api/v1${pfad}`, {
      method: methode,
      headers: {
        cookie: sitzung.cookie,
        "x-csrf-token": sitzung.csrf,
        ...(payload !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
    });
    const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0] || null;
    return { status: r.status, body: (await r.json().catch(() => null)) as unknown, cookie };
  };
}

/**
 * Signs in to a running server; a second factor (the Administration's) is set up and given with a
 * software passkey, as in the in-process helpers. The passkeys are kept per user name, so a
 * restarted server on the same data directory takes them again.
 */
export async function loginCookie(
  url: string,
  benutzername: string,
  passwort: string,
): Promise<{ cookie: string; csrf: string; status: number }> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ benutzername, passwort }),
  });
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const body = (await response.json()) as { csrfToken?: string };
  if (response.status === 202) {
    const origin = (process.env.AKTENWERK_URL?.trim() || TEST_ORIGIN).replace(/\/+$/, "");
    const fertig = await schliesseAnmeldungAb(
      fetchSenden(url),
      "prozess",
      benutzername,
      { cookie, body },
      origin,
    );
    return { ...fertig, status: 200 };
  }
  return { cookie, csrf: body.csrfToken ?? "", status: response.status };
}

/**
 * A response body for assertions: tests check its shape with expect(), so it is typed loosely on purpose.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function json(response: Response | Promise<Response>): Promise<any> {
  return (await response).json();
}
