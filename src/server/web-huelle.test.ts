import { existsSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, WEB_DIR } from "./app.js";
import { jsonFuerHtml, SITZUNG_BLOCK_ID } from "./web-huelle.js";
import { createTestContext, type TestContext } from "../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../test/helpers/factories.js";
import { voraussetzung } from "../../test/helpers/voraussetzung.js";

/** The embedded person of a shell, parsed as the web client parses it. */
function eingebettet(html: string): unknown {
  const treffer = new RegExp(
    `<script type="application/json" id="${SITZUNG_BLOCK_ID}">([^<]*)</script>`,
  ).exec(html);
  if (!treffer) throw new Error("Kein Sitzungsblock in der Seite.");
  return JSON.parse(treffer[1]!);
}

describe("JSON inside the page", () => {
  it("cannot end its script block early, and reads back unchanged", () => {
    const boese = { name: "</script><script>alert(1)</script><!-- & \u2028" };
    const text = jsonFuerHtml(boese);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(boese);
  });
});

const gebaut = voraussetzung(
  "gebauter Web-Client",
  existsSync(path.join(WEB_DIR, "index.html")),
  `${WEB_DIR}/index.html fehlt (npm run build)`,
);

describe.runIf(gebaut)("the web client's shell", () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let mueller: Session;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await buildApp(ctx);
    await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
    await createUser(ctx, {
      benutzername: "mueller",
      vorname: "Jürgen",
      nachname: "Müller",
      rollen: [{ oe: "63", rolle: "Sachbearbeitung" }],
    });
    mueller = await login(app, "mueller");
  });
  afterAll(async () => {
    await app.close();
    await ctx.cleanup();
  });

  it("carries the signed-in person and the session's CSRF token, so the first screen needs no /auth/me", async () => {
    for (const url of ["/", "/akten/4125a338-5304-4b79-a6bf-088cf1a49cfc"]) {
      const seite = await app.inject({
        method: "GET",
        url,
        headers: { cookie: mueller.cookie, accept: "text/html" },
      });
      expect(seite.statusCode).toBe(200);
      expect(seite.headers["content-type"]).toMatch(/^text\/html/);
      const me = await app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { cookie: mueller.cookie },
      });
      expect(eingebettet(seite.body)).toEqual(me.json());
      expect((eingebettet(seite.body) as { csrfToken: string }).csrfToken).toBe(mueller.csrf);
    }
  });

  it("is never stored by a cache, varies with the cookie, and keeps the CSP without inline scripts", async () => {
    const seite = await app.inject({
      method: "GET",
      url: "/vorgaenge/x",
      headers: { cookie: mueller.cookie, accept: "text/html" },
    });
    expect(seite.headers["cache-control"]).toBe("no-store, private");
    expect(seite.headers["vary"]).toMatch(/cookie/i);
    expect(seite.headers["content-encoding"]).toBeUndefined();
    const csp = String(seite.headers["content-security-policy"]);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline/);
  });

  it("says nobody is signed in without a session or after logout", async () => {
    const ohne = await app.inject({ method: "GET", url: "/" });
    expect(eingebettet(ohne.body)).toBeNull();
    const sitzung = await login(app, "mueller");
    await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: sitzung.headers });
    const danach = await app.inject({ method: "GET", url: "/", headers: { cookie: sitzung.cookie } });
    expect(eingebettet(danach.body)).toBeNull();
  });

  it("leaves hashed files to the long cache and unknown API addresses to a 404 problem", async () => {
    const html = (await app.inject({ method: "GET", url: "/" })).body;
    const skript = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const datei = await app.inject({
      method: "GET",
      url: skript,
      headers: { "accept-encoding": "br, gzip" },
    });
    expect(datei.statusCode).toBe(200);
    expect(datei.headers["content-encoding"]).toBe("br");
    expect(datei.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const api = await app.inject({
      method: "GET",
      url: "/api/v1/gibt-es-nicht",
      headers: { accept: "text/html" },
    });
    expect(api.statusCode).toBe(404);
    expect(api.headers["content-type"]).toMatch(/problem\+json/);
  });
});
