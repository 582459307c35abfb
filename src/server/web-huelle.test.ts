import { existsSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, WEB_DIR } from "./app.js";
import { jsonFuerHtml, SITZUNG_BLOCK_ID, vorabdaten } from "./web-huelle.js";
import { mehrseitigesPdf } from "./demo/pdf.js";
import { schliesseParserPool } from "./platform/parser-pool/pool.js";
import { VORAB_BLOCK_ID, type Vorabdaten } from "../shared/vorabdaten.js";
import { multipart } from "../../test/helpers/multipart.js";
import { testAemterMitAktenplan } from "../../test/helpers/schriftgut.js";
import { createTestContext, type TestContext } from "../../test/helpers/context.js";
import { createUser, login, type Session } from "../../test/helpers/factories.js";
import { voraussetzung } from "../../test/helpers/voraussetzung.js";

/** The Vorabdaten of a shell, or null when the shell has none. */
function vorab(html: string): Vorabdaten | null {
  const treffer = new RegExp(`<script type="application/json" id="${VORAB_BLOCK_ID}">([^<]*)</script>`).exec(
    html,
  );
  return treffer ? (JSON.parse(treffer[1]!) as Vorabdaten) : null;
}

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
  let fremd: Session;

  beforeAll(async () => {
    ctx = await createTestContext();
    // A generous Frist: these tests are about what the page brings, not about a slow machine.
    app = await buildApp({ ...ctx, config: { ...ctx.config, vorabFristMs: 30_000 } });
    await testAemterMitAktenplan(ctx);
    await createUser(ctx, {
      benutzername: "mueller",
      vorname: "Jürgen",
      nachname: "Müller",
      rollen: [{ oe: "63", rolle: "Sachbearbeitung" }],
    });
    await createUser(ctx, { benutzername: "fremd", rollen: [{ oe: "11", rolle: "Sachbearbeitung" }] });
    mueller = await login(app, "mueller");
    fremd = await login(app, "fremd");
  });
  afterAll(async () => {
    await app.close();
    await ctx.cleanup();
    await schliesseParserPool();
  });

  const seite = (wer: Session | null, url: string) =>
    app.inject({
      method: "GET",
      url,
      headers: { ...(wer ? { cookie: wer.cookie } : {}), accept: "text/html" },
    });
  const api = async (wer: Session, url: string) =>
    (await app.inject({ method: "GET", url, headers: { cookie: wer.cookie } })).json() as unknown;

  it("brings the first API answers of a Vorgang, an Akte and a Dokument page, equal to the API's own", async () => {
    const akte = await app.inject({
      method: "POST",
      url: "/api/v1/akten",
      headers: mueller.headers,
      payload: { aktenplaneinheit: "63.10", betreff: "Neubau Carport", federfuehrendeOe: "63" },
    });
    const vorgang = await app.inject({
      method: "POST",
      url: `/api/v1/akten/${akte.json().id}/vorgaenge`,
      headers: mueller.headers,
      payload: { betreff: "Bauantrag", metadaten: { bauvorhaben: "Carport" } },
    });
    const pdf = mehrseitigesPdf([["Bauantrag", "Carport am Lindenweg"]], "Bauantrag");
    const { payload, headers } = multipart(
      { metadaten: { typ: "Eingang" } },
      { filename: "a.pdf", content: pdf },
    );
    const dok = await app.inject({
      method: "POST",
      url: `/api/v1/vorgaenge/${vorgang.json().id}/dokumente`,
      headers: { ...mueller.headers, ...headers },
      payload,
    });
    expect(dok.statusCode, dok.body).toBe(201);
    const v = vorgang.json().id as string;
    const d = dok.json().id as string;
    const a = akte.json().id as string;

    const vs = vorab((await seite(mueller, `/vorgaenge/${v}`)).body);
    expect(vs?.seite).toBe(`/vorgaenge/${v}`);
    expect(Object.keys(vs!.antworten).sort()).toEqual([
      `/api/v1/vorgaenge/${v}`,
      `/api/v1/vorgaenge/${v}/geschaeftsgaenge`,
    ]);
    expect(vs!.antworten[`/api/v1/vorgaenge/${v}`]).toEqual(await api(mueller, `/api/v1/vorgaenge/${v}`));
    expect((vs!.antworten[`/api/v1/vorgaenge/${v}`] as { betreff: string }).betreff).toBe("Bauantrag");

    const as = vorab((await seite(mueller, `/akten/${a}`)).body);
    expect(as!.antworten[`/api/v1/akten/${a}`]).toEqual(await api(mueller, `/api/v1/akten/${a}`));

    // The Dokument page brings the page sizes of the viewer too, chained on the Dokument's version.
    const ds = vorab((await seite(mueller, `/dokumente/${d}`)).body);
    expect(Object.keys(ds!.antworten).sort()).toEqual([
      `/api/v1/dokumente/${d}`,
      `/api/v1/dokumente/${d}/versionen/1/seiten`,
    ]);
    expect((ds!.antworten[`/api/v1/dokumente/${d}/versionen/1/seiten`] as { seiten: number }).seiten).toBe(1);

    // A reader of another OE gets the same refusal as from the API: nothing of it in the page.
    const fremdeSeite = await seite(fremd, `/vorgaenge/${v}`);
    expect(fremdeSeite.statusCode).toBe(200);
    expect(vorab(fremdeSeite.body)?.antworten).toEqual({});
    expect(fremdeSeite.body).not.toContain("Bauantrag");
    expect(vorab((await seite(fremd, `/dokumente/${d}`)).body)?.antworten).toEqual({});
  });

  it("is not held up by a slow answer: what is not there within the Frist, the page asks itself", async () => {
    const request = { url: `/vorgaenge/${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}`, log: app.log };
    const langsam = (_r: unknown, pfad: string) =>
      new Promise<unknown>((fertig) =>
        setTimeout(() => fertig({ pfad }), pfad.endsWith("/geschaeftsgaenge") ? 5_000 : 0),
      );
    const start = performance.now();
    const daten = await vorabdaten(request as never, langsam, 200);
    expect(performance.now() - start).toBeLessThan(4_000);
    expect(Object.keys(daten!.antworten)).toEqual([`/api/v1${request.url}`]);
  });

  it("brings nothing without a session, and nothing for pages that are not an object's", async () => {
    expect(vorab((await seite(null, "/")).body)).toBeNull();
    expect(vorab((await seite(mueller, "/akten/neu")).body)).toBeNull();
    expect(vorab((await seite(mueller, "/glossar")).body)).toBeNull();
    const start = vorab((await seite(mueller, "/")).body);
    expect(Object.keys(start!.antworten).sort()).toEqual([
      "/api/v1/akten?limit=20",
      "/api/v1/postkorb?limit=200",
    ]);
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
