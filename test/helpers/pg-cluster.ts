import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const DEBIAN_PG = "/usr/lib/postgresql";

/** The newest Debian PostgreSQL (15 or later) with initdb, pg_ctl and pg_basebackup; undefined without. */
export function debianPgBin(): string | undefined {
  if (!existsSync(DEBIAN_PG)) return undefined;
  const versionen = readdirSync(DEBIAN_PG)
    .filter((v) => /^\d+$/.test(v) && Number(v) >= 15)
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versionen) {
    const bin = path.join(DEBIAN_PG, v, "bin");
    if (["initdb", "pg_ctl", "pg_basebackup"].every((p) => existsSync(path.join(bin, p)))) return bin;
  }
  return undefined;
}

/** uid/gid of the `postgres` system user when we are root (PostgreSQL refuses to run as root). */
async function alsPostgres(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const { stdout: uid } = await run("id", ["-u", "postgres"]);
  const { stdout: gid } = await run("id", ["-g", "postgres"]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

async function freierPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One PostgreSQL cluster of the Debian binaries, on loopback, in a temp directory. */
export class PgCluster {
  constructor(
    readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly benutzer: { uid: number; gid: number } | undefined,
  ) {}

  /** Runs one of the binaries as the cluster's user. */
  async programm(name: string, args: string[]): Promise<string> {
    const { stdout } = await run(path.join(this.bin, name), args, {
      ...(this.benutzer ?? {}),
      cwd: "/",
      env: { ...process.env, LC_ALL: "C.UTF-8", PGTZ: "UTC" },
    });
    return stdout;
  }

  get daten(): string {
    return path.join(this.dir, "daten");
  }

  url(datenbank = "postgres"): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${datenbank}`;
  }

  async start(): Promise<void> {
    await this.programm("pg_ctl", [
      "-D",
      this.daten,
      "-l",
      path.join(this.dir, "log"),
      "-w",
      "-t",
      "60",
      "start",
    ]);
  }

  /** `immediate` is a crash as far as the database is concerned: no checkpoint, no clean shutdown. */
  async stop(modus: "fast" | "immediate"): Promise<void> {
    await this.programm("pg_ctl", ["-D", this.daten, "-m", modus, "-w", "stop"]);
  }

  /** Ends recovery on a standby: it becomes a primary that accepts writes. */
  async promote(): Promise<void> {
    await this.programm("pg_ctl", ["-D", this.daten, "-w", "-t", "60", "promote"]);
  }

  /** The log of the cluster, for a failing test's message. */
  async log(): Promise<string> {
    return fs.readFile(path.join(this.dir, "log"), "utf8").catch(() => "");
  }

  /** One statement on a short-lived connection. */
  async sql<R extends pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
    datenbank = "postgres",
  ): Promise<R[]> {
    const client = new pg.Client({ connectionString: this.url(datenbank) });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  }
}

async function anhaengen(datei: string, zeilen: string[]): Promise<void> {
  await fs.appendFile(datei, `\n${zeilen.join("\n")}\n`);
}

/**
 * A primary and a streaming replica made from it with `pg_basebackup`, on this machine: the
 * replica is the primary's synchronous standby (`synchronous_standby_names = 'replika'`), so a
 * commit is acknowledged only once the replica has it. Both trust loopback connections of the
 * `postgres` user, as a test needs and no production cluster should.
 */
export async function primaerMitReplikat(bin: string): Promise<{
  primaer: PgCluster;
  replikat: PgCluster;
  aufraeumen: () => Promise<void>;
}> {
  const basis = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-replika-"));
  await fs.chmod(basis, 0o755);
  const benutzer = await alsPostgres();
  const cluster = async (name: string) => {
    const dir = path.join(basis, name);
    await fs.mkdir(dir, { mode: 0o700 });
    if (benutzer) await fs.chown(dir, benutzer.uid, benutzer.gid);
    return new PgCluster(bin, dir, await freierPort(), benutzer);
  };
  const primaer = await cluster("primaer");
  const replikat = await cluster("replikat");
  const aufraeumen = async () => {
    for (const c of [replikat, primaer]) await c.stop("immediate").catch(() => undefined);
    await fs.rm(basis, { recursive: true, force: true });
  };
  try {
    await primaer.programm("initdb", [
      "-D",
      primaer.daten,
      "-U",
      "postgres",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
    ]);
    const gemeinsam = [
      "listen_addresses = '127.0.0.1'",
      "shared_buffers = 32MB",
      "max_connections = 60",
      "fsync = on",
      "wal_level = replica",
      "max_wal_senders = 4",
      "hot_standby = on",
    ];
    await anhaengen(path.join(primaer.daten, "postgresql.conf"), [
      ...gemeinsam,
      `port = ${primaer.port}`,
      `unix_socket_directories = '${primaer.dir}'`,
      "synchronous_standby_names = 'replika'",
      "synchronous_commit = on",
    ]);
    await primaer.start();
    await replikat.programm("pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(primaer.port),
      "-U",
      "postgres",
      "-D",
      replikat.daten,
      "-X",
      "stream",
      "-c",
      "fast",
      "-R",
    ]);
    // postgresql.auto.conf wins over the copied postgresql.conf: own port and socket, and a name
    // the primary's synchronous_standby_names knows.
    await anhaengen(path.join(replikat.daten, "postgresql.auto.conf"), [
      `port = ${replikat.port}`,
      `unix_socket_directories = '${replikat.dir}'`,
      `primary_conninfo = 'host=127.0.0.1 port=${primaer.port} user=postgres application_name=replika'`,
    ]);
    await replikat.start();
    for (let i = 0; ; i++) {
      const rows = await primaer.sql<{ sync_state: string }>(
        "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'replika'",
      );
      if (rows[0]?.sync_state === "sync") break;
      if (i > 300) throw new Error(`Das Replikat wird nicht synchron:\n${await replikat.log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return { primaer, replikat, aufraeumen };
  } catch (error) {
    await aufraeumen();
    throw error;
  }
}
