import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import {
  akteurVon,
  createOe,
  createUser,
  login,
  neueAkte,
  neuerVorgang,
  neuesApiToken,
  neuesDokument,
} from "../helpers/factories.js";
import { importTestAktenplan } from "../helpers/schriftgut.js";

// The shared factories build through the modules' front doors, so what they make behaves like
// what a clerk makes: visible to the Amt, hidden from another, reachable with a token.

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe("Testfabriken", () => {
  it("make an Akte, a Vorgang and a Dokument that the Amt sees and another Amt does not", async () => {
    const bauamt = await createOe(ctx, { kuerzel: "63" });
    const jugendamt = await createOe(ctx, { kuerzel: "51" });
    await createOe(ctx, { kuerzel: "11" });
    await importTestAktenplan(ctx);
    const sb = await createUser(ctx, { rollen: [{ oe: bauamt.id, rolle: "Sachbearbeitung" }] });
    const fremd = await createUser(ctx, { rollen: [{ oe: jugendamt.id, rolle: "Sachbearbeitung" }] });
    const akteur = await akteurVon(ctx, sb);
    const akte = await neueAkte(ctx, akteur, { federfuehrendeOe: "63", betreff: "Gartenhaus Lindenweg" });
    const vorgang = await neuerVorgang(ctx, akteur, akte.id);
    const dokument = await neuesDokument(ctx, akteur, vorgang.id, {
      dateiname: "antrag.txt",
      inhalt: "Antrag auf Baugenehmigung",
    });

    const eigen = await login(app, sb.benutzername);
    const r = await app.inject({ url: `/api/v1/dokumente/${dokument.id}`, headers: eigen.headers });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ titel: "antrag.txt", aktuelleVersion: 1 });
    expect(akte.aktenzeichen).toMatch(/^63\.20-/);

    const anderer = await login(app, fremd.benutzername);
    expect(
      (await app.inject({ url: `/api/v1/dokumente/${dokument.id}`, headers: anderer.headers })).statusCode,
    ).toBe(404);

    const token = await neuesApiToken(ctx, sb.benutzername, "lesen");
    const mitToken = await app.inject({
      url: `/api/v1/vorgaenge/${vorgang.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(mitToken.statusCode).toBe(200);
    expect(mitToken.json().betreff).toBe(vorgang.betreff);
  });
});
