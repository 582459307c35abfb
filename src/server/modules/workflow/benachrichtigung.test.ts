import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { verifyProtokoll } from "../protokoll/protokoll.service.js";
import { benachrichtige } from "./benachrichtigung.service.js";

// Security issue #11, finding 7: the notification settings and read markers are changes like any
// other, written through the service and recorded in the Protokoll in the same transaction.

let ctx: TestContext;
let app: FastifyInstance;
let sb: Session;
let fremd: Session;
let sbId: string;

async function protokoll(aktion: string) {
  const { rows } = await ctx.db.query<{
    akteur_id: string;
    objekt_id: string;
    details: Record<string, unknown>;
  }>("SELECT akteur_id, objekt_id, details FROM protokoll WHERE aktion = $1 ORDER BY nr", [aktion]);
  return rows;
}

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  await createOe(ctx, { kuerzel: "63" });
  const user = await createUser(ctx, {
    benutzername: "sb63",
    rollen: [{ oe: "63", rolle: "Sachbearbeitung" }],
  });
  sbId = user.id;
  await createUser(ctx, { benutzername: "sb63b", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
  sb = await login(app, "sb63");
  fremd = await login(app, "sb63b");
});

afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe("Benachrichtigungen: Änderungen im Protokoll", () => {
  it("records ordering and cancelling the daily report, once per change", async () => {
    for (const tagesbericht of [true, true, false]) {
      const r = await app.inject({
        method: "PUT",
        url: "/api/v1/benachrichtigungen/tagesbericht",
        headers: sb.headers,
        payload: { tagesbericht },
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({ tagesbericht });
    }
    const eintraege = await protokoll("benachrichtigung.tagesbericht_geaendert");
    expect(eintraege.map((e) => [e.akteur_id, e.objekt_id, e.details.tagesbericht])).toEqual([
      [sbId, sbId, true],
      [sbId, sbId, false],
    ]);
    expect((await verifyProtokoll(ctx.db)).ok).toBe(true);
  });

  it("records read markers; someone else's notice stays unread and is 404", async () => {
    const [eins] = await benachrichtige(ctx, ctx.db, [sbId], { art: "test", text: "Eins" });
    await benachrichtige(ctx, ctx.db, [sbId], { art: "test", text: "Zwei" });
    await benachrichtige(ctx, ctx.db, [sbId], { art: "test", text: "Drei" });
    const markiere = (s: Session, payload: object) =>
      app.inject({ method: "POST", url: "/api/v1/benachrichtigungen/gelesen", headers: s.headers, payload });

    expect((await markiere(fremd, { id: eins })).statusCode).toBe(404);
    expect((await markiere(sb, { id: eins })).statusCode).toBe(204);
    expect((await markiere(sb, {})).statusCode).toBe(204);
    // Nothing left to mark: no entry.
    expect((await markiere(sb, {})).statusCode).toBe(204);
    const eintraege = await protokoll("benachrichtigung.gelesen");
    expect(eintraege.map((e) => [e.akteur_id, e.details])).toEqual([
      [sbId, { anzahl: 1, benachrichtigung: eins }],
      [sbId, { anzahl: 2, alle: true }],
    ]);
    expect((await verifyProtokoll(ctx.db)).ok).toBe(true);
  });
});
