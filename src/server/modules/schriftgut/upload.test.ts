import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { multipart } from "../../../../test/helpers/multipart.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import { verifyProtokoll } from "../protokoll/index.js";

// Upload hygiene (security issue #11, finding 5): a refused upload leaves no byte behind.

const LIMIT = 64 * 1024;
let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};
let vorgang: string;
let blobDir: string;

/** Every file under the blob directory, temp files included. */
async function dateienUnter(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []))
    if (e.isFile()) out.push(path.join(e.parentPath, e.name));
  return out.sort();
}

/** A multipart body whose JSON part carries `Content-Type: application/json`. */
function mitJsonTeil(json: string, datei: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const b = `----akw${randomBytes(6).toString("hex")}`;
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${b}\r\nContent-Disposition: form-data; name="metadaten"\r\nContent-Type: application/json\r\n\r\n${json}\r\n`,
      ),
      Buffer.from(
        `--${b}\r\nContent-Disposition: form-data; name="datei"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n`,
      ),
      datei,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]),
    headers: { "content-type": `multipart/form-data; boundary=${b}` },
  };
}

async function hochladen(
  session: Session,
  url: string,
  body: { payload: Buffer; headers: Record<string, string> },
) {
  return app.inject({
    method: "POST",
    url: `/api/v1${url}`,
    headers: { ...session.headers, ...body.headers },
    payload: body.payload,
  });
}

beforeAll(async () => {
  ctx = await createTestContext({ config: { maxUploadBytes: LIMIT } });
  blobDir = path.join(ctx.dataDir, "blobs");
  app = await buildApp(ctx);
  for (const [kuerzel, name] of [
    ["63", "Bauaufsicht"],
    ["51", "Jugendamt"],
    ["10", "Hauptamt"],
    ["11", "Personalamt"],
  ] as const)
    await createOe(ctx, { kuerzel, name });
  await importTestAktenplan(ctx);
  for (const [name, oe, rolle] of [
    ["sb63", "63", "Sachbearbeitung"],
    ["sb51", "51", "Sachbearbeitung"],
  ] as const) {
    await createUser(ctx, { benutzername: name, rollen: [{ oe, rolle }] });
    s[name] = await login(app, name);
  }
  const akte = (
    await app.inject({
      method: "POST",
      url: "/api/v1/akten",
      headers: s.sb63!.headers,
      payload: { aktenplaneinheit: "63.10", betreff: "Neubau Lindenweg 12", federfuehrendeOe: "63" },
    })
  ).json();
  vorgang = (
    await app.inject({
      method: "POST",
      url: `/api/v1/akten/${akte.id}/vorgaenge`,
      headers: s.sb63!.headers,
      payload: { betreff: "Bauantrag", metadaten: { bauvorhaben: "Wohnhaus" } },
    })
  ).json().id;
});

afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe("Upload: refuse before storing", () => {
  it("a refused Dokument upload (hidden Vorgang, invalid metadata, too large) leaves no file in the blob store", async () => {
    const vorher = await dateienUnter(blobDir);
    const inhalt = randomBytes(20_000);
    // Hidden Vorgang for another OE's clerk: 404, and nothing stored.
    const fremd = await hochladen(
      s.sb51!,
      `/vorgaenge/${vorgang}/dokumente`,
      multipart({ metadaten: { typ: "Eingang" } }, { filename: "a.bin", content: inhalt }),
    );
    expect(fremd.statusCode, fremd.body).toBe(404);
    // Metadata the service refuses (unknown type): 400 before the file is read.
    const falsch = await hochladen(
      s.sb63!,
      `/vorgaenge/${vorgang}/dokumente`,
      multipart({ metadaten: { typ: "Quatsch" } }, { filename: "a.bin", content: inhalt }),
    );
    expect(falsch.statusCode, falsch.body).toBe(400);
    // Over the configured limit: 413, the partial temp file is gone.
    const gross = await hochladen(
      s.sb63!,
      `/vorgaenge/${vorgang}/dokumente`,
      multipart(
        { metadaten: { typ: "Eingang" } },
        { filename: "gross.bin", content: randomBytes(LIMIT * 3) },
      ),
    );
    expect(gross.statusCode, gross.body).toBe(413);
    // A second file after the first: refused, and the first one's new blob removed again.
    const zwei = await hochladen(s.sb63!, `/vorgaenge/${vorgang}/dokumente`, {
      ...(() => {
        const b = `----akw${randomBytes(6).toString("hex")}`;
        const teil = (name: string, inhalt: Buffer) =>
          Buffer.concat([
            Buffer.from(
              `--${b}\r\nContent-Disposition: form-data; name="datei"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`,
            ),
            inhalt,
            Buffer.from("\r\n"),
          ]);
        return {
          payload: Buffer.concat([
            Buffer.from(
              `--${b}\r\nContent-Disposition: form-data; name="metadaten"\r\n\r\n{"typ":"Eingang"}\r\n`,
            ),
            teil("eins.txt", randomBytes(1000)),
            teil("zwei.txt", randomBytes(1000)),
            Buffer.from(`--${b}--\r\n`),
          ]),
          headers: { "content-type": `multipart/form-data; boundary=${b}` },
        };
      })(),
    });
    expect(zwei.statusCode, zwei.body).toBe(400);
    expect(await dateienUnter(blobDir)).toEqual(vorher);
  });

  it("a refused Posteingang upload (foreign OE) leaves no file in the blob store", async () => {
    const vorher = await dateienUnter(blobDir);
    const r = await hochladen(
      s.sb51!,
      "/posteingang",
      multipart({ oe: "63" }, { filename: "brief.txt", content: randomBytes(5000) }),
    );
    expect(r.statusCode, r.body).toBe(403);
    const ohneOe = await hochladen(
      s.sb63!,
      "/posteingang",
      multipart({}, { filename: "brief.txt", content: randomBytes(5000) }),
    );
    expect(ohneOe.statusCode, ohneOe.body).toBe(400);
    expect(await dateienUnter(blobDir)).toEqual(vorher);
  });

  it("accepts metadaten sent as application/json, and answers a field over 1 MB with 413", async () => {
    const ok = await hochladen(
      s.sb63!,
      `/vorgaenge/${vorgang}/dokumente`,
      mitJsonTeil(JSON.stringify({ typ: "Eingang", titel: "Als JSON-Teil" }), Buffer.from("Inhalt")),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().titel).toBe("Als JSON-Teil");

    const vorher = await dateienUnter(blobDir);
    const riesig = JSON.stringify({ typ: "Eingang", titel: "x".repeat(2 * 1024 * 1024) });
    const alsJson = await hochladen(
      s.sb63!,
      `/vorgaenge/${vorgang}/dokumente`,
      mitJsonTeil(riesig, randomBytes(100)),
    );
    expect(alsJson.statusCode, alsJson.body).toBe(413);
    expect(alsJson.json().type).toContain("zu_gross");
    const alsFeld = await hochladen(
      s.sb63!,
      `/vorgaenge/${vorgang}/dokumente`,
      multipart({ metadaten: riesig }, { filename: "a.bin", content: randomBytes(100) }),
    );
    expect(alsFeld.statusCode, alsFeld.body).toBe(413);
    expect(alsFeld.json().detail).toMatch(/zu groß/);
    expect(await dateienUnter(blobDir)).toEqual(vorher);
  });

  it("removes the partial temp file when the client aborts midway, and keeps no row", async () => {
    const vorher = await dateienUnter(blobDir);
    const zeilen = async () =>
      (
        await ctx.db.query(
          "SELECT (SELECT count(*)::int FROM dokument) AS d, (SELECT count(*)::int FROM dokument_version) AS v, (SELECT count(*)::int FROM blob) AS b",
        )
      ).rows[0];
    const zeilenVorher = await zeilen();
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    const b = `----akw${randomBytes(6).toString("hex")}`;
    const req = http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: `/api/v1/vorgaenge/${vorgang}/dokumente`,
      headers: {
        ...s.sb63!.headers,
        "content-type": `multipart/form-data; boundary=${b}`,
        "content-length": String(LIMIT * 4),
      },
    });
    req.on("error", () => undefined);
    req.write(
      `--${b}\r\nContent-Disposition: form-data; name="metadaten"\r\n\r\n{"typ":"Eingang"}\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="datei"; filename="halb.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    req.write(randomBytes(LIMIT / 2));
    const warte = async (bedingung: (d: string[]) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const d = await dateienUnter(blobDir);
        if (bedingung(d)) return d;
        await new Promise((r) => setTimeout(r, 50));
      }
      return dateienUnter(blobDir);
    };
    // The upload is under way: its temp file exists …
    const waehrend = await warte((d) => d.some((f) => f.endsWith(".part")));
    expect(waehrend.some((f) => f.endsWith(".part"))).toBe(true);
    // … and is gone once the client has hung up.
    req.destroy();
    expect(await warte((d) => d.length === vorher.length)).toEqual(vorher);
    expect(await zeilen()).toEqual(zeilenVorher);
  });
});

describe("Upload: many at once", () => {
  it("takes 24 parallel uploads into one Vorgang, each with its Protokoll entry, and the chain verifies", async () => {
    const vorher = (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM protokoll")).rows[0]!.n;
    const antworten = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        hochladen(
          s.sb63!,
          `/vorgaenge/${vorgang}/dokumente`,
          multipart(
            { metadaten: { typ: "Eingang" } },
            { filename: `parallel-${i}.txt`, content: randomBytes(2000) },
          ),
        ),
      ),
    );
    expect(antworten.map((a) => a.statusCode)).toEqual(Array(24).fill(201));
    const ids = antworten.map((a) => a.json().id as string);
    const { rows } = await ctx.db.query<{ objekt_id: string }>(
      "SELECT objekt_id FROM protokoll WHERE aktion = 'dokument.angelegt' AND objekt_id = ANY($1)",
      [ids],
    );
    expect(rows.map((r) => r.objekt_id).sort()).toEqual([...ids].sort());
    const kette = await verifyProtokoll(ctx.db);
    expect(kette).toMatchObject({ ok: true });
    expect(kette.anzahl).toBeGreaterThanOrEqual(vorher + 24);
  });
});
