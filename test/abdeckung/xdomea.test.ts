import { voraussetzung } from "../helpers/voraussetzung.js";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { anfrage, type Methode } from "../helpers/anfrage.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { createOe, createUser, login, type Session } from "../helpers/factories.js";
import { importTestAktenplan } from "../helpers/schriftgut.js";

// The xdomea import over HTTP and the list of messages (issue #12 item 9): a message of another
// system, sent as it is (ZIP container), becomes Akten of the receiving Amt.

const SHARED = path.resolve(import.meta.dirname, "../../../shared/xdomea");
const SAMPLES = path.join(SHARED, "samples");
const grund = existsSync(path.join(SHARED, "3.0.0", "xdomea.xsd"))
  ? null
  : `xdomea-Schemas fehlen unter ${SHARED}`;
const bereit = voraussetzung("xdomea-Schemas", grund === null, grund ?? "");

let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};

const api = (who: string, methode: Methode, pfad: string, payload?: unknown) =>
  anfrage(app, s[who]!, methode, pfad, payload);

async function beispiel(typ: string): Promise<Buffer> {
  const name = (await fs.readdir(SAMPLES)).find((f) => f.endsWith(`.${typ}.zip`))!;
  return fs.readFile(path.join(SAMPLES, name));
}

const senden = (who: string, inhalt: Buffer | string, typ = "application/zip", query = "") =>
  app.inject({
    method: "POST",
    url: `/api/v1/xdomea/import${query}`,
    headers: { ...s[who]!.headers, "content-type": typ },
    payload: inhalt,
  });

const anzahlAkten = async () =>
  (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM akte")).rows[0]!.n;

describe.runIf(bereit)("xdomea import over HTTP", () => {
  beforeAll(async () => {
    ctx = await createTestContext({ config: { xdomeaSchemas: SHARED } });
    app = await buildApp(ctx);
    for (const [kuerzel, name] of [
      ["63", "Bauaufsicht"],
      ["51", "Jugendamt"],
      ["11", "Personalamt"],
      ["10", "Hauptamt"],
      ["41", "Kreisarchiv"],
    ] as const)
      await createOe(ctx, { kuerzel, name });
    await importTestAktenplan(ctx);
    for (const [name, oe, rolle] of [
      ["sb", "63", "Sachbearbeitung"],
      ["reg", "10", "Registratur"],
      ["archiv", "41", "Archiv"],
    ] as const) {
      await createUser(ctx, { benutzername: name, rollen: [{ oe, rolle }] });
      s[name] = await login(app, name);
    }
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  it("takes a 0503 container into Akten of the named Amt, readable with their Vorgänge; the same again is refused", async () => {
    const nachricht = await beispiel("0503");
    const r = await senden("reg", nachricht, "application/zip", "?oe=63");
    expect(r.statusCode, r.body).toBe(200);
    const ergebnis = r.json() as {
      nachrichtentyp: string;
      prozessId: string;
      hinweis: string;
      akten: { aktenzeichen: string; betreff: string; vorgaenge: number; dokumente: number }[];
    };
    expect(ergebnis).toMatchObject({
      nachrichtentyp: "0503",
      version: "3.0.0",
      hinweis: "2 Akte(n) mit 3 Dokument(en) übernommen.",
      akten: [
        { aktenzeichen: "1234-1", vorgaenge: 2, dokumente: 2, versionen: 2 },
        { aktenzeichen: "1234-2", vorgaenge: 1, dokumente: 1, versionen: 1 },
      ],
    });

    // The Bauaufsicht now finds and reads the Akte, with as many Vorgänge as the answer said.
    const erste = ergebnis.akten[0]!;
    const gefunden = await api("sb", "GET", `/akten?aktenzeichen=${encodeURIComponent(erste.aktenzeichen)}`);
    expect(gefunden.json().eintraege).toEqual([
      expect.objectContaining({ aktenzeichen: erste.aktenzeichen, betreff: erste.betreff }),
    ]);
    const akte = (await api("sb", "GET", `/akten/${gefunden.json().eintraege[0].id}`)).json();
    expect(akte.federfuehrendeOe).toMatchObject({ kuerzel: "63", name: "Bauaufsicht" });
    expect(akte.vorgaenge).toHaveLength(erste.vorgaenge);

    // The message is listed for the Registratur and the Archiv.
    const liste = await api("archiv", "GET", "/xdomea/nachrichten");
    expect(liste.statusCode, liste.body).toBe(200);
    expect(liste.json()).toContainEqual(
      expect.objectContaining({ prozessId: ergebnis.prozessId, nachrichtentyp: "0503", richtung: "ein" }),
    );

    const vorher = await anzahlAkten();
    const nochmal = await senden("reg", nachricht, "application/zip", "?oe=63");
    expect(nochmal.statusCode).toBe(409);
    expect(nochmal.json().detail).toMatch(/bereits importiert/);
    expect(await anzahlAkten()).toBe(vorher);
  });

  it("refuses a clerk, and a body that is not a message, in German; nothing is imported", async () => {
    const vorher = await anzahlAkten();
    const sachbearbeitung = await senden("sb", await beispiel("0503"));
    expect(sachbearbeitung.statusCode).toBe(403);
    expect(sachbearbeitung.json().title).toBe("Dafür fehlt Ihnen die Berechtigung.");
    expect((await api("sb", "GET", "/xdomea/nachrichten")).statusCode).toBe(403);

    const text = await senden("reg", "Bitte übernehmen Sie die Akte 63.20", "text/plain");
    expect(text.statusCode).toBe(415);
    expect(text.json().detail).toBe("Bitte die Nachricht als application/zip oder application/xml senden.");
    expect(await anzahlAkten()).toBe(vorher);
  });
});
