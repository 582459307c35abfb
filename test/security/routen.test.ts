import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { createApiToken } from "../../src/server/modules/access/authentication.service.js";
import type { RoutenEintrag } from "../../src/server/platform/http/zugang.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { createOe, createUser, login, type Session } from "../helpers/factories.js";

// The route table test: every route the running app has, with plain and percent-encoded paths,
// without a session, with a session but no CSRF token, and with API tokens. A route added later
// is covered without editing this file.

let ctx: TestContext;
let app: FastifyInstance;
let clerk: Session;
let routen: RoutenEintrag[];
let vollToken: string;

const UUID = "00000000-0000-4000-8000-000000000000";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** A concrete path for a route pattern: parameters filled with plausible values. */
function konkret(pfad: string, pfadWerte: Record<string, string[]> = {}): string {
  return pfad
    .replace(/:(\w+)/g, (p: string, name: string) => pfadWerte[name]?.[0] ?? p)
    .replace(/:nr\b/g, "1")
    .replace(/:ref\b/g, "63.10")
    .replace(/:(\w+)/g, UUID)
    .replace(/\*$/, "index.html");
}

/** The same path with letters percent-encoded: the router decodes them, so must the access check. */
function kodiert(pfad: string): string[] {
  const segs = pfad.split("/");
  const enc = (s: string) => s.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`);
  return [
    pfad.replace(/^\/api/, "/%61pi"),
    pfad.replace(/^\/api/, "/%61%70%69"),
    segs.map((s, i) => (i === segs.length - 1 ? enc(s) : s)).join("/"),
  ];
}

const geschuetzt = (r: RoutenEintrag) => r.zugang !== "oeffentlich";

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  await app.ready();
  const oe = await createOe(ctx, { kuerzel: "63" });
  const user = await createUser(ctx, { rollen: [{ oe: oe.kuerzel, rolle: "Sachbearbeitung" }] });
  clerk = await login(app, user.benutzername);
  vollToken = (await createApiToken(ctx, "system", { benutzer: user.id, name: "Routentest" })).token;
  routen = app.routenTabelle().filter((r) => r.methode !== "HEAD");
});

afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe("Routentabelle", () => {
  it("covers the API: every module's routes are in the table, and only declared ones are public", () => {
    expect(routen.length).toBeGreaterThan(90);
    const oeffentlich = routen.filter((r) => !geschuetzt(r) && r.pfad.startsWith("/api/v1"));
    expect(oeffentlich.map((r) => `${r.methode} ${r.pfad}`).sort()).toEqual([
      "GET /api/v1/auth/oidc/rueckkehr",
      "GET /api/v1/auth/oidc/start",
      "GET /api/v1/auth/verfahren",
      "GET /api/v1/health",
      "POST /api/v1/auth/login",
    ]);
  });

  it("refuses to start when a route declares no access", async () => {
    const probe = await buildApp(ctx);
    probe.get("/api/v1/ohne-erklaerung", async () => ({ geheim: true }));
    await expect(probe.ready()).rejects.toThrow(/erklärt keinen Zugang/);
    await probe.close().catch(() => undefined);
  });

  it("answers 401 without a session on every protected route, plain and percent-encoded", async () => {
    const falsch: string[] = [];
    for (const r of routen.filter(geschuetzt)) {
      for (const url of [konkret(r.pfad, r.pfadWerte), ...kodiert(konkret(r.pfad, r.pfadWerte))]) {
        const res = await app.inject({
          method: r.methode as "GET",
          url,
          payload: UNSAFE.has(r.methode) ? {} : undefined,
        });
        if (res.statusCode !== 401) falsch.push(`${r.methode} ${url} → ${res.statusCode}`);
      }
    }
    expect(falsch).toEqual([]);
  });

  it("answers 403 to a session cookie without CSRF token on every unsafe protected route", async () => {
    const falsch: string[] = [];
    for (const r of routen.filter((r) => geschuetzt(r) && UNSAFE.has(r.methode))) {
      for (const url of [konkret(r.pfad, r.pfadWerte), ...kodiert(konkret(r.pfad, r.pfadWerte))]) {
        const res = await app.inject({
          method: r.methode as "POST",
          url,
          headers: { cookie: clerk.cookie },
          payload: {},
        });
        if (res.statusCode !== 403 || !res.body.includes("csrf_token_fehlt"))
          falsch.push(`${r.methode} ${url} → ${res.statusCode}`);
      }
    }
    expect(falsch).toEqual([]);
  });

  it("lets no API token reach a session-only route, and a read token no write", async () => {
    const lesen = (
      await createApiToken(ctx, "system", {
        benutzer: (await createUser(ctx)).id,
        name: "nur lesen",
        bereich: "lesen",
      })
    ).token;
    const falsch: string[] = [];
    for (const r of routen.filter(geschuetzt)) {
      const url = konkret(r.pfad, r.pfadWerte);
      if (r.token === "nie") {
        const res = await app.inject({
          method: r.methode as "POST",
          url,
          headers: { authorization: `Bearer ${vollToken}` },
          payload: {},
        });
        if (res.statusCode !== 403) falsch.push(`voll ${r.methode} ${url} → ${res.statusCode}`);
      }
      if (UNSAFE.has(r.methode)) {
        const res = await app.inject({
          method: r.methode as "POST",
          url,
          headers: { authorization: `Bearer ${lesen}` },
          payload: {},
        });
        if (res.statusCode !== 403) falsch.push(`lesen ${r.methode} ${url} → ${res.statusCode}`);
      }
    }
    expect(falsch).toEqual([]);
  });

  it("refuses role routes to a clerk before any work: 403 on every route declared for roles", async () => {
    const falsch: string[] = [];
    for (const r of routen.filter((r) => typeof r.zugang === "object")) {
      const res = await app.inject({
        method: r.methode as "POST",
        url: konkret(r.pfad, r.pfadWerte),
        headers: clerk.headers,
        payload: UNSAFE.has(r.methode) ? {} : undefined,
      });
      if (res.statusCode !== 403) falsch.push(`${r.methode} ${r.pfad} → ${res.statusCode}`);
    }
    expect(falsch).toEqual([]);
  });
});
