import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { dokumentHochladen } from "../helpers/dokumente.js";
import { createOe, createUser, login, type Session } from "../helpers/factories.js";
import { multipart } from "../helpers/multipart.js";
import { importTestAktenplan } from "../helpers/schriftgut.js";

// The fuzz test: every operation of the OpenAPI document, driven as an all-powerful user with
// hostile values in its path parameters, query parameters, body properties and multipart fields.
// No answer may be a 5xx, every 4xx is a German problem, and the server still answers health.

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

const FEINDLICH: unknown[] = [
  "\u0000",
  "a\u0000b",
  "x".repeat(100_000),
  "../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "\u202Egnp.exe\u202C",
  "\uD800",
  "%00%2e%2e%2f",
  "-1",
  "99999999999999999999999",
  "",
  "null",
  -1,
  1e308,
  2 ** 53 + 2,
  true,
  null,
  {},
  [],
  ["\u0000"],
  { "\u0000": 1 },
];

let ctx: TestContext;
let app: FastifyInstance;
let admin: Session;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext({ config: { maxUploadBytes: 1024 * 1024 } });
  app = await buildApp(ctx);
  const oe = await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  await createOe(ctx, { kuerzel: "51" });
  await createOe(ctx, { kuerzel: "11" });
  await importTestAktenplan(ctx);
  const alle = (
    [
      "Administration",
      "Registratur",
      "Sachbearbeitung",
      "Leitung",
      "Archiv",
      "Posteingang",
      "Datenschutz",
    ] as const
  ).map((rolle) => ({ oe: "63", rolle }));
  await createUser(ctx, { benutzername: "allmacht", rollen: alle });
  admin = await login(app, "allmacht");
  const akte = await app.inject({
    method: "POST",
    url: "/api/v1/akten",
    headers: admin.headers,
    payload: { aktenplaneinheit: "63.20", betreff: "Fuzz", federfuehrendeOe: "63" },
  });
  expect(akte.statusCode, akte.body).toBe(201);
  ids.akten = akte.json().id;
  const vorgang = await app.inject({
    method: "POST",
    url: `/api/v1/akten/${ids.akten}/vorgaenge`,
    headers: admin.headers,
    payload: { betreff: "Fuzz-Vorgang" },
  });
  expect(vorgang.statusCode, vorgang.body).toBe(201);
  ids.vorgaenge = vorgang.json().id;
  ids.dokumente = await dokumentHochladen(app, admin, ids.vorgaenge!, { filename: "a.txt", content: "Text" });
  // Routes on users get a colleague, so that "end all sessions" or a password reset with a
  // hostile value that happens to be valid does not sign the fuzzing user out half-way.
  ids.benutzer = (await createUser(ctx, { rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] })).id;
  ids.organisationseinheiten = oe.id;
});

afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

/** A real id for the route's first parameter where one exists, so hostile bodies reach the rules. */
function pfadMitIds(pfad: string): string {
  const teil = pfad.split("/")[3] ?? "";
  return pfad
    .replace(/\{nr\}/g, "1")
    .replace(/\{ref\}/g, "63.20")
    .replace(/\{(\w+)\}/g, () => ids[teil] ?? "00000000-0000-4000-8000-000000000000");
}

/** Percent-encoded for a URL; a lone surrogate becomes the invalid UTF-8 it would be on the wire. */
function imPfad(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return "%ED%A0%80";
  }
}

function alsText(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

describe("Fuzz", () => {
  it("answers every route of the OpenAPI document with hostile values without a 5xx", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/docs/openapi.json" })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const fuenfhundert: string[] = [];
    const nichtDeutsch: string[] = [];
    let anfragen = 0;
    const pruefe = async (
      method: string,
      url: string,
      payload?: string | Buffer | object,
      headers: Record<string, string> = {},
    ) => {
      anfragen++;
      const r = await app.inject({
        method: method as "GET",
        url,
        payload,
        headers: { ...admin.headers, ...headers },
      });
      if (r.statusCode >= 500)
        fuenfhundert.push(`${method} ${url.slice(0, 120)} → ${r.statusCode} ${r.body.slice(0, 200)}`);
      else if (r.statusCode >= 400 && !/"title":"[^"]*[a-zäöüß]/.test(r.body))
        nichtDeutsch.push(`${method} ${url.slice(0, 80)} → ${r.statusCode} ${r.body.slice(0, 120)}`);
    };
    for (const [pfad, ops] of Object.entries(doc.paths)) {
      if (!pfad.startsWith("/api/v1") || pfad === "/api/v1/auth/logout") continue;
      for (const [method, op] of Object.entries(ops)) {
        const m = method.toUpperCase();
        if (m === "DELETE" && !/\{/.test(pfad)) continue;
        const basis = pfadMitIds(pfad);
        const query = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
        const content = op.requestBody?.content ?? {};
        const props = Object.keys(content["application/json"]?.schema?.properties ?? {});
        for (const wert of FEINDLICH) {
          const text = imPfad(alsText(wert).slice(0, 3000));
          if (/\{/.test(pfad)) await pruefe(m, pfad.replace(/\{\w+\}/g, text), m === "GET" ? undefined : {});
          for (const q of query) await pruefe(m, `${basis}?${q}=${text}`, m === "GET" ? undefined : {});
          if (m === "GET") continue;
          if (content["multipart/form-data"]) {
            const felder = ["metadaten", "angaben", "oe", "kommentar", "begruendung"];
            const { payload, headers } = multipart(
              Object.fromEntries(felder.map((f) => [f, alsText(wert)])),
              { filename: alsText(wert).slice(0, 200), content: "Inhalt" },
            );
            await pruefe(m, basis, payload, headers);
            continue;
          }
          await pruefe(m, basis, JSON.stringify(wert), { "content-type": "application/json" });
          for (const prop of props) await pruefe(m, basis, { [prop]: wert });
        }
      }
    }
    expect(anfragen).toBeGreaterThan(2000);
    expect(fuenfhundert).toEqual([]);
    expect(nichtDeutsch).toEqual([]);
    // Still signed in: the hostile requests above really reached the routes, not the login check.
    const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: admin.headers });
    expect(me.statusCode).toBe(200);
    const health = await app.inject({ method: "GET", url: "/api/v1/health" });
    expect(health.statusCode).toBeLessThan(500);
  }, 600_000);

  it("refuses control characters with a German 400 naming the field, and stores NFC", async () => {
    const nul = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { benutzername: "allmacht\u0000", passwort: "x" },
    });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().fehler).toEqual([expect.objectContaining({ feld: "/benutzername" })]);
    // "Mü" as u + combining diaeresis comes back composed.
    const r = await app.inject({
      method: "PATCH",
      url: `/api/v1/vorgaenge/${ids.vorgaenge}`,
      headers: admin.headers,
      payload: { betreff: "Mu\u0308ller" },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().betreff).toBe("Müller");
  });
});
