import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { voraussetzung } from "../../../../test/helpers/voraussetzung.js";
import { EmbeddedPostgres } from "./embedded.js";

let dataDir: string;
let besetzt: net.Server;
let server: EmbeddedPostgres | undefined;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-port-"));
  await fs.chmod(dataDir, 0o755);
  besetzt = net.createServer();
  await new Promise<void>((resolve) => besetzt.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await server?.stop("immediate");
  await new Promise<void>((resolve) => besetzt.close(() => resolve()));
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe("eingebetteter PostgreSQL: Port", () => {
  it("starts on another port when the free port it found is taken before PostgreSQL binds it", async () => {
    const belegt = (besetzt.address() as net.AddressInfo).port;
    // The first port handed out is one another process took in the meantime (the race between
    // "find a free port" and "bind it"); the next ones come from the operating system.
    const echt = net.createServer.bind(net);
    let erster = true;
    const createServer = vi.spyOn(net, "createServer").mockImplementation(((...args: []) => {
      const s = echt(...args);
      if (erster) {
        erster = false;
        const address = s.address.bind(s);
        vi.spyOn(s, "address").mockImplementation(() => {
          const a = address();
          return a && typeof a === "object" ? { ...a, port: belegt } : a;
        });
      }
      return s;
    }) as typeof net.createServer);
    const meldungen: string[] = [];
    try {
      server = new EmbeddedPostgres(dataDir, (m) => meldungen.push(m));
      const verbindung = await server.startOrAdopt();
      expect(verbindung.adopted).toBe(false);
      expect(verbindung.port).not.toBe(belegt);
      expect(meldungen).toContain(
        `Port ${belegt} wurde inzwischen belegt; neuer Versuch auf einem anderen Port.`,
      );
      expect(await fs.readFile(path.join(dataDir, "pg.log"), "utf8")).toMatch(/Address already in use/);
    } finally {
      createServer.mockRestore();
    }
  }, 180_000);
});

const alsRoot = voraussetzung(
  "root",
  typeof process.getuid === "function" && process.getuid() === 0,
  "der Test des Datenordners, den der Systembenutzer nicht betreten darf, läuft nur als root (wie CI)",
);

describe.runIf(alsRoot)("eingebetteter PostgreSQL als root", () => {
  it("starts with its data directory in a folder the database's system user cannot enter", async () => {
    // A clone in root's home: the folder is closed to everybody else.
    const privat = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-privat-"));
    await fs.chmod(privat, 0o700);
    const basis = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-cluster-"));
    await fs.chmod(basis, 0o755);
    const vorher = process.env.AKTENWERK_PG_CLUSTER_BASIS;
    const daten = path.join(privat, "klon", "data");
    let pg: EmbeddedPostgres | undefined;
    try {
      // The base is read when the module loads; a fresh import sees the test's.
      process.env.AKTENWERK_PG_CLUSTER_BASIS = basis;
      vi.resetModules();
      const { EmbeddedPostgres: Frisch } = await import("./embedded.js");
      const meldungen: string[] = [];
      pg = new Frisch(daten, (m) => meldungen.push(m));
      const verbindung = await pg.startOrAdopt();
      const { default: pgLib } = await import("pg");
      const client = new pgLib.Client({ connectionString: verbindung.url });
      await client.connect();
      expect((await client.query("SELECT 1 AS eins")).rows).toEqual([{ eins: 1 }]);
      await client.end();
      expect(meldungen.join("\n")).toMatch(/nicht erreichbar; die eingebettete Datenbank liegt deshalb in /);
      const ort = (await fs.readFile(path.join(daten, "pg-ort"), "utf8")).trim();
      expect(path.dirname(ort)).toBe(basis);
      expect(pg.pgDir).toBe(path.join(ort, "pg"));
      // The cluster's folder is root's; the system user owns only pg/ inside (nothing root writes
      // there can be swapped for a link).
      expect((await fs.stat(ort)).uid).toBe(0);
      expect((await fs.stat(path.join(ort, "pg"))).uid).not.toBe(0);
      // A CLI command beside the running server (a guest) finds it where the owner put it.
      const gast = await new Frisch(daten).connectToRunning(5);
      expect(gast?.port).toBe(verbindung.port);
      // A second start (the next `npm start`) adopts the same cluster.
      const wieder = await new Frisch(daten).startOrAdopt();
      expect(wieder.adopted).toBe(true);
      expect(wieder.port).toBe(verbindung.port);
      await pg.stop("immediate");
      // The data directory moves; a fresh one appears at the old path. The moved one keeps its
      // database; the fresh one gets a cluster of its own, and nothing is deleted.
      const verschoben = path.join(privat, "klon", "data-alt");
      await fs.rename(daten, verschoben);
      pg = new Frisch(daten);
      await pg.startOrAdopt();
      const neuerOrt = (await fs.readFile(path.join(daten, "pg-ort"), "utf8")).trim();
      expect(neuerOrt).not.toBe(ort);
      await pg.stop("immediate");
      expect(await fs.readFile(path.join(ort, "pg", "PG_VERSION"), "utf8")).toMatch(/^\d+/);
      pg = new Frisch(verschoben);
      expect((await pg.startOrAdopt()).adopted).toBe(false);
      expect(pg.pgDir).toBe(path.join(ort, "pg"));
      // A pointer somewhere else is refused, in German, before anything is touched.
      await fs.writeFile(path.join(daten, "pg-ort"), "/etc\n");
      await expect(new Frisch(daten).startOrAdopt()).rejects.toThrow(/zeigt nicht auf eine Datenbank unter/);
    } finally {
      await pg?.stop("immediate");
      if (vorher === undefined) delete process.env.AKTENWERK_PG_CLUSTER_BASIS;
      else process.env.AKTENWERK_PG_CLUSTER_BASIS = vorher;
      await fs.rm(privat, { recursive: true, force: true });
      await fs.rm(basis, { recursive: true, force: true });
    }
  }, 180_000);
});
