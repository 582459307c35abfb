import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { createOe, createUser, login, type Session } from "../helpers/factories.js";
import { abdeckung, abdeckungsText, leseAufrufe, strengerLauf, WURZEL } from "../helpers/routenabdeckung.js";

// The route coverage mechanism itself: what counts as a call, and what the report says.

const DIESE_DATEI = path.relative(WURZEL, import.meta.filename);
let ctx: TestContext;
let app: FastifyInstance;
let clerk: Session;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  const oe = await createOe(ctx);
  const user = await createUser(ctx, { rollen: [{ oe: oe.kuerzel, rolle: "Sachbearbeitung" }] });
  clerk = await login(app, user.benutzername);
});

afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

async function meineAufrufe(): Promise<string[]> {
  const aufrufe = await leseAufrufe(inject("routenAbdeckung"));
  return aufrufe.filter((a) => a.testdatei === DIESE_DATEI).map((a) => a.route);
}

describe("route coverage recording", () => {
  it("records a route whose handler answered, by its pattern, and not one refused or failing", async () => {
    const anonym = await app.inject({ method: "GET", url: "/api/v1/benachrichtigungen" });
    expect(anonym.statusCode).toBe(401);
    const fehlt = await app.inject({
      method: "GET",
      url: "/api/v1/geschaeftsgaenge/00000000-0000-4000-8000-000000000000",
      headers: clerk.headers,
    });
    expect(fehlt.statusCode).toBe(404);
    const ungueltig = await app.inject({
      method: "GET",
      url: "/api/v1/abwesenheiten/kein-uuid",
      headers: clerk.headers,
    });
    expect(ungueltig.statusCode).toBeGreaterThanOrEqual(400);
    const ok = await app.inject({
      method: "GET",
      url: `/api/v1/organisationseinheiten/${(await createOe(ctx)).id}`,
      headers: clerk.headers,
    });
    expect(ok.statusCode, ok.body).toBe(200);

    const aufrufe = await meineAufrufe();
    expect(aufrufe).toContain("GET /api/v1/organisationseinheiten/:id");
    expect(aufrufe).toContain("POST /api/v1/auth/login");
    expect(aufrufe).not.toContain("GET /api/v1/benachrichtigungen");
    expect(aufrufe).not.toContain("GET /api/v1/geschaeftsgaenge/:id");
    expect(aufrufe.filter((a) => a.includes("abwesenheiten"))).toEqual([]);
  });

  it("reports uncalled routes in German, and does not count calls of the enumerating tests", () => {
    const a = abdeckung(
      ["GET /api/v1/akten", "POST /api/v1/akten", "DELETE /api/v1/akten/:id"],
      [
        { route: "GET /api/v1/akten", testdatei: "test/abdeckung/x.test.ts" },
        { route: "DELETE /api/v1/akten/:id", testdatei: "test/security/fuzz.test.ts" },
      ],
    );
    expect(a).toMatchObject({ gesamt: 3, gerufen: 1 });
    expect(a.ungerufen).toEqual(["POST /api/v1/akten", "DELETE /api/v1/akten/:id"]);
    expect(abdeckungsText(a)).toBe(
      [
        "Routenabdeckung: 1 von 3 API-Routen von einem Test erfolgreich aufgerufen.",
        "Kein Test ruft diese 2 Route(n) erfolgreich auf:",
        "  POST /api/v1/akten",
        "  DELETE /api/v1/akten/:id  (nur von Aufzähltests erreicht)",
      ].join("\n"),
    );
  });

  it("counts a route registered with a trailing slash when it is called without one", () => {
    const a = abdeckung(
      ["GET /api/docs/", "GET /api/docs/json"],
      [{ route: "GET /api/docs", testdatei: "x" }],
    );
    expect(a).toMatchObject({ gesamt: 2, gerufen: 1, ungerufen: ["GET /api/docs/json"] });
  });

  it("is strict in CI and with AKTENWERK_TEST_STRENG=1 only", () => {
    expect(strengerLauf({ CI: "true" })).toBe(true);
    expect(strengerLauf({ AKTENWERK_TEST_STRENG: "1" })).toBe(true);
    expect(strengerLauf({})).toBe(false);
    expect(strengerLauf({ CI: "false" })).toBe(false);
  });
});
