import pg from "pg";

/** One PostgreSQL server of a DATABASE_URL that lists several. */
export interface Server {
  host: string;
  port: number;
}

/**
 * Splits a libpq-style URL with several servers (`postgres://u:p@h1:5432,h2:5433/db`) into a URL
 * for node-pg (first server only) and the list. undefined for a URL with one server: it keeps the
 * plain pool. `target_session_attrs` is dropped from the URL: with several servers Aktenwerk always
 * connects to the writable one (`read-write`), which is the only sensible choice for its primary.
 */
export function serverListe(url: string): { basis: string; server: Server[] } | undefined {
  const teile = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/.exec(url);
  if (!teile) return undefined;
  const [, schema = "", zugang = "", hosts = "", rest = ""] = teile;
  if (!hosts.includes(",")) return undefined;
  const server = hosts.split(",").map((eintrag): Server => {
    const m = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(eintrag.trim());
    if (!m?.[1]) throw new Error(`DATABASE_URL: „${eintrag}“ ist kein Server (host oder host:port).`);
    return { host: m[1].replace(/^\[|\]$/g, ""), port: m[2] ? Number(m[2]) : 5432 };
  });
  const [pfad = "", abfrage = ""] = rest.split("?", 2);
  const parameter = new URLSearchParams(abfrage);
  const ziel = parameter.get("target_session_attrs");
  if (ziel !== null && ziel !== "read-write" && ziel !== "primary")
    throw new Error(
      `DATABASE_URL: target_session_attrs=${ziel} geht nicht; Aktenwerk schreibt und braucht den beschreibbaren Server (read-write).`,
    );
  parameter.delete("target_session_attrs");
  const erster = server[0]!;
  const host = erster.host.includes(":") ? `[${erster.host}]` : erster.host;
  const query = parameter.toString();
  return { basis: `${schema}${zugang}${host}:${erster.port}${pfad}${query ? `?${query}` : ""}`, server };
}

/** Thrown when none of the listed servers accepts writes (all down, or all standbys). */
export class KeinPrimaerServer extends Error {
  override name = "KeinPrimaerServer";
  /** SQLSTATE 08001 (sqlclient_unable_to_establish_sqlconnection): the HTTP layer answers 503. */
  readonly code = "08001";
}

/**
 * Which of the listed servers is the primary. The chosen one is kept while connections to it
 * succeed; a failed connection or a server found in recovery (a standby) drops it, and the next
 * connection asks every server in list order, like libpq's `target_session_attrs=read-write`.
 */
export class Primaerwahl {
  #aktuell: Server | undefined;
  #suche: Promise<Server> | undefined;

  constructor(
    readonly server: readonly Server[],
    private readonly basis: string,
    private readonly pruefZeitMs = 3000,
  ) {}

  /** The server new connections go to; asks the servers when none is known. */
  ziel(): Promise<Server> {
    if (this.#aktuell) return Promise.resolve(this.#aktuell);
    this.#suche ??= this.#suchen().finally(() => (this.#suche = undefined));
    return this.#suche;
  }

  /** Forgets `server` as the primary (a connection to it failed or it is read-only). */
  verwerfe(server: Server): void {
    if (this.#aktuell === server) this.#aktuell = undefined;
  }

  async #suchen(): Promise<Server> {
    const gruende: string[] = [];
    for (const server of this.server) {
      const client = new pg.Client({
        connectionString: this.basis,
        connectionTimeoutMillis: this.pruefZeitMs,
        application_name: "aktenwerk-primaerwahl",
      });
      // Set after construction: node-pg lets the URL's host win over a host given beside it.
      client.host = server.host;
      client.port = server.port;
      client.on("error", () => undefined);
      try {
        await client.connect();
        const { rows } = await client.query<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby");
        if (rows[0]?.standby) {
          gruende.push(`${server.host}:${server.port} nur lesbar (Standby)`);
          continue;
        }
        this.#aktuell = server;
        return server;
      } catch (error) {
        gruende.push(`${server.host}:${server.port} ${(error as Error).message}`);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    throw new KeinPrimaerServer(
      `Kein beschreibbarer PostgreSQL-Server unter DATABASE_URL: ${gruende.join("; ")}.`,
    );
  }
}

/**
 * A node-pg client class that connects to the current primary of `wahl` and checks after connecting
 * that the server accepts writes (as libpq does for `target_session_attrs=read-write`). The pool
 * drops a client whose connection broke, so after a failover new clients find the new primary.
 */
export function primaerClient(wahl: Primaerwahl): typeof pg.Client {
  return class PrimaerClient extends pg.Client {
    override connect(): Promise<pg.Client>;
    override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
    override connect(
      callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void),
    ): Promise<pg.Client> | void {
      const verbunden = (async () => {
        const ziel = await wahl.ziel();
        this.host = ziel.host;
        this.port = ziel.port;
        try {
          await super.connect();
          const { rows } = await this.query<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby");
          if (rows[0]?.standby) {
            await this.end().catch(() => undefined);
            throw new KeinPrimaerServer(`${ziel.host}:${ziel.port} ist nur lesbar (Standby).`);
          }
        } catch (error) {
          wahl.verwerfe(ziel);
          throw error;
        }
        return this;
      })();
      if (!callback) return verbunden;
      verbunden.then(
        (client) => (callback as (err: null, c: pg.Client) => void)(null, client),
        (error: unknown) => (callback as (err: Error) => void)(error as Error),
      );
    }
  };
}
