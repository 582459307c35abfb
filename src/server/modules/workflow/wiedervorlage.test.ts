import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";

// Security issue #11, finding 7: a reader (role Lesen) may remind themselves, never a colleague.

let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};
let vorgang: string;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  for (const kuerzel of ["63", "51", "10", "11"]) await createOe(ctx, { kuerzel });
  await importTestAktenplan(ctx);
  for (const [name, rolle] of [
    ["sb63", "Sachbearbeitung"],
    ["kollege", "Sachbearbeitung"],
    ["leser", "Lesen"],
  ] as const) {
    await createUser(ctx, { benutzername: name, rollen: [{ oe: "63", rolle }] });
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

const setze = (wer: string, payload: object) =>
  app.inject({
    method: "POST",
    url: `/api/v1/vorgaenge/${vorgang}/wiedervorlagen`,
    headers: s[wer]!.headers,
    payload: { datum: "2099-01-01", ...payload },
  });

describe("Wiedervorlage: wer für wen", () => {
  it("Lesen may set a Wiedervorlage for themselves but not for a colleague; Sachbearbeitung may", async () => {
    const selbst = await setze("leser", {});
    expect(selbst.statusCode, selbst.body).toBe(201);
    expect(selbst.json().empfaenger.benutzername).toBe("leser");
    const selbstBenannt = await setze("leser", { empfaenger: "leser" });
    expect(selbstBenannt.statusCode, selbstBenannt.body).toBe(201);

    const fuerKollegen = await setze("leser", { empfaenger: "kollege", notiz: "Bitte prüfen" });
    expect(fuerKollegen.statusCode, fuerKollegen.body).toBe(403);
    const { rows } = await ctx.db.query(
      "SELECT 1 FROM wiedervorlage w JOIN benutzer b ON b.id = w.empfaenger_id WHERE b.benutzername = 'kollege'",
    );
    expect(rows).toHaveLength(0);

    const vonSachbearbeitung = await setze("sb63", { empfaenger: "kollege" });
    expect(vonSachbearbeitung.statusCode, vonSachbearbeitung.body).toBe(201);
    expect(vonSachbearbeitung.json().empfaenger.benutzername).toBe("kollege");
  });
});
