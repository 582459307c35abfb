import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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
