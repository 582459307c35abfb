import fs from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { createOe, createUser, login, type Session } from "../helpers/factories.js";
import { multipart } from "../helpers/multipart.js";
import { importTestAktenplan } from "../helpers/schriftgut.js";

// The peers' security advisories (issue #11, finding 8), each mirrored as a test of Aktenwerk's
// behaviour through the API. Every test fails if the protection it names were removed.

let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};
const ids: Record<string, string> = {};

async function api(wer: string, method: string, url: string, payload?: unknown) {
  return app.inject({
    method: method as "GET",
    url: `/api/v1${url}`,
    headers: s[wer]!.headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function ok<T = Record<string, string>>(wer: string, method: string, url: string, payload?: unknown) {
  const r = await api(wer, method, url, payload);
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
  return (r.body ? r.json() : undefined) as T;
}

async function hochladen(
  wer: string,
  vorgang: string,
  dateiname: string,
  inhalt: string | Buffer,
  titel?: string,
) {
  const { payload, headers } = multipart(
    { metadaten: { typ: "Eingang", ...(titel ? { titel } : {}) } },
    { filename: dateiname, content: inhalt },
  );
  return app.inject({
    method: "POST",
    url: `/api/v1/vorgaenge/${vorgang}/dokumente`,
    headers: { ...s[wer]!.headers, ...headers },
    payload,
  });
}

async function akteMitVorgang(wer: string, oe: string, betreff: string, metadaten: object = {}) {
  const akte = await ok(wer, "POST", "/akten", {
    aktenplaneinheit: oe === "63" ? "63.10" : "50.10",
    betreff,
    federfuehrendeOe: oe,
  });
  const vorgang = await ok(wer, "POST", `/akten/${akte.id}/vorgaenge`, { betreff, metadaten });
  return { akte: akte.id!, vorgang: vorgang.id! };
}

const SVG = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>`;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  for (const kuerzel of ["63", "51", "10", "11"]) await createOe(ctx, { kuerzel });
  await importTestAktenplan(ctx);
  for (const [name, oe, rolle] of [
    ["sb63", "63", "Sachbearbeitung"],
    ["sb51", "51", "Sachbearbeitung"],
    ["registratur", "10", "Registratur"],
    ["kollege63", "63", "Sachbearbeitung"],
  ] as const) {
    ids[name] = (await createUser(ctx, { benutzername: name, rollen: [{ oe, rolle }] })).id;
    s[name] = await login(app, name);
  }
  const a = await akteMitVorgang("sb63", "63", "Neubau Lindenweg 12", { bauvorhaben: "Wohnhaus" });
  ids.akte63 = a.akte;
  ids.vorgang63 = a.vorgang;
  const b = await akteMitVorgang("sb51", "51", "Hilfe zur Erziehung");
  ids.vorgang51 = b.vorgang;
});

afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe("Paperless GHSA-6653: SVG with script", () => {
  it("serves an uploaded SVG only as a sandboxed, non-sniffed attachment, never inline, and no preview of it", async () => {
    const r = await hochladen("sb63", ids.vorgang63!, "bild.svg", SVG);
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    const inhalt = await api("sb63", "GET", `/dokumente/${id}/versionen/1/inhalt`);
    expect(inhalt.statusCode).toBe(200);
    expect(inhalt.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(inhalt.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(inhalt.headers["content-security-policy"]).toMatch(/sandbox/);
    expect(inhalt.headers["content-security-policy"]).toMatch(/default-src 'none'/);
    expect(inhalt.headers["x-content-type-options"]).toBe("nosniff");
    // No preview drawn from an SVG: the preview route only ever serves a PNG we rendered.
    const vorschau = await api("sb63", "GET", `/dokumente/${id}/versionen/1/vorschau`);
    expect(vorschau.statusCode).toBe(404);
    // The same in the Posteingang.
    const { payload, headers } = multipart({ oe: "63" }, { filename: "bild.svg", content: SVG });
    const eingang = await app.inject({
      method: "POST",
      url: "/api/v1/posteingang",
      headers: { ...s.sb63!.headers, ...headers },
      payload,
    });
    expect(eingang.statusCode, eingang.body).toBe(201);
    const p = await api("sb63", "GET", `/posteingang/${eingang.json().id}/inhalt`);
    expect(p.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(p.headers["content-security-policy"]).toMatch(/sandbox/);
    expect(p.headers["x-content-type-options"]).toBe("nosniff");
  });
});

describe("GHSA-59xh: privilege fields smuggled into a user update", () => {
  it("refuses mitgliedschaften, rolle, istAdmin and aktiv from a non-admin on themselves; nothing changes", async () => {
    const vorher = await ctx.db.query(
      "SELECT b.aktiv, b.nachname, (SELECT count(*) FROM mitgliedschaft m WHERE m.benutzer_id = b.id) AS n FROM benutzer b WHERE b.id = $1",
      [ids.sb63],
    );
    for (const body of [
      { mitgliedschaften: [{ oe: "10", rolle: "Administration" }] },
      { rolle: "Administration" },
      { istAdmin: true },
      { istAdmin: "true" },
      { aktiv: false },
      { nachname: "Neu", istAdmin: true },
    ]) {
      const r = await api("sb63", "PATCH", `/benutzer/${ids.sb63}`, body);
      expect([400, 403], `${JSON.stringify(body)}: ${r.body}`).toContain(r.statusCode);
    }
    const mitglied = await api("sb63", "POST", `/benutzer/${ids.sb63}/mitgliedschaften`, {
      oe: "10",
      rolle: "Administration",
    });
    expect([403, 404]).toContain(mitglied.statusCode);
    const nachher = await ctx.db.query(
      "SELECT b.aktiv, b.nachname, (SELECT count(*) FROM mitgliedschaft m WHERE m.benutzer_id = b.id) AS n FROM benutzer b WHERE b.id = $1",
      [ids.sb63],
    );
    expect(nachher.rows).toEqual(vorher.rows);
  });
});

describe("GHSA-386h / GHSA-96jx: object ids swapped between owners", () => {
  it("answers 404 and changes nothing for another OE's Posteingang item, token, Wiedervorlage and Dokument", async () => {
    // A Posteingang item of OE 63 …
    const { payload, headers } = multipart(
      { oe: "63" },
      { filename: "brief.txt", content: "Sehr geehrte …" },
    );
    const eintrag = (
      await app.inject({
        method: "POST",
        url: "/api/v1/posteingang",
        headers: { ...s.sb63!.headers, ...headers },
        payload,
      })
    ).json().id as string;
    // … registered by its owner into a Vorgang of OE 51 the owner cannot see: 404.
    const statusVorher = (
      await ctx.db.query("SELECT status FROM posteingang_eintrag WHERE id = $1", [eintrag])
    ).rows[0];
    const inFremdenVorgang = await api("sb63", "POST", `/posteingang/${eintrag}/registrieren`, {
      vorgang: ids.vorgang51,
    });
    expect(inFremdenVorgang.statusCode, inFremdenVorgang.body).toBe(404);
    // … registered by OE 51 into its own Vorgang: 404 for the item.
    const fremderEintrag = await api("sb51", "POST", `/posteingang/${eintrag}/registrieren`, {
      vorgang: ids.vorgang51,
    });
    expect(fremderEintrag.statusCode, fremderEintrag.body).toBe(404);
    expect((await api("sb51", "GET", `/posteingang/${eintrag}`)).statusCode).toBe(404);
    expect((await api("sb51", "GET", `/posteingang/${eintrag}/inhalt`)).statusCode).toBe(404);
    const { rows: offen } = await ctx.db.query("SELECT status FROM posteingang_eintrag WHERE id = $1", [
      eintrag,
    ]);
    expect(offen[0]).toEqual(statusVorher);

    // Someone else's API token: not revocable, not even visible.
    const token = await ok<{ apiToken: { id: string } }>("sb63", "POST", "/api-tokens", {
      name: "Fachverfahren",
    });
    expect((await api("sb51", "DELETE", `/api-tokens/${token.apiToken.id}`)).statusCode).toBe(404);
    const { rows: tokens } = await ctx.db.query("SELECT widerrufen_am FROM api_token WHERE id = $1", [
      token.apiToken.id,
    ]);
    expect(tokens[0]).toMatchObject({ widerrufen_am: null });

    // Someone else's Wiedervorlage: not endable.
    const wv = await ok("sb63", "POST", `/vorgaenge/${ids.vorgang63}/wiedervorlagen`, {
      datum: "2099-01-01",
    });
    expect((await api("sb51", "POST", `/wiedervorlagen/${wv.id}/erledigen`)).statusCode).toBe(404);
    const { rows: wvs } = await ctx.db.query("SELECT erledigt_am FROM wiedervorlage WHERE id = $1", [wv.id]);
    expect(wvs[0]).toMatchObject({ erledigt_am: null });

    // A Dokument of a hidden Akte used on the routes of another owner: 404, nothing stored.
    const dok = (await hochladen("sb63", ids.vorgang63!, "plan.txt", "Lageplan")).json().id as string;
    for (const [method, url] of [
      ["GET", `/dokumente/${dok}`],
      ["GET", `/dokumente/${dok}/versionen/1/inhalt`],
      ["GET", `/dokumente/${dok}/versionen/1/email`],
      ["PATCH", `/dokumente/${dok}`],
    ] as const) {
      const r = await api("sb51", method, url, method === "PATCH" ? { titel: "übernommen" } : undefined);
      expect(r.statusCode, `${method} ${url}`).toBe(404);
    }
    const version = multipart({}, { filename: "x.txt", content: "fremde Version" });
    const neueVersion = await app.inject({
      method: "POST",
      url: `/api/v1/dokumente/${dok}/versionen`,
      headers: { ...s.sb51!.headers, ...version.headers },
      payload: version.payload,
    });
    expect(neueVersion.statusCode).toBe(404);
    const { rows: dokument } = await ctx.db.query(
      "SELECT titel, aktuelle_version FROM dokument WHERE id = $1",
      [dok],
    );
    expect(dokument[0]).toEqual({ titel: "plan", aktuelle_version: 1 });
  });
});

describe("GHSA-386h / GHSA-96jx: Geschäftsgang across owners", () => {
  it("answers 404 for a step of a hidden Vorgang and for a hidden Dokument in one's own Vorgang", async () => {
    const dok = (await hochladen("sb63", ids.vorgang63!, "entwurf.txt", "Entwurf Bescheid")).json()
      .id as string;
    const gang = await ok<{ id: string; schritte: { id: string; status: string }[] }>(
      "sb63",
      "POST",
      `/vorgaenge/${ids.vorgang63}/geschaeftsgaenge`,
      { dokument: dok, schritte: [{ art: "Mitzeichnung", adressat: { benutzer: "kollege63" } }] },
    );
    const schritt = gang.schritte[0]!.id;
    const vorher = (await ctx.db.query("SELECT status, ergebnis FROM schritt WHERE id = $1", [schritt])).rows;
    for (const [url, body] of [
      [`/schritte/${schritt}/aktionen`, { aktion: "zustimmen" }],
      [`/schritte/${schritt}/uebernehmen`, undefined],
      [`/geschaeftsgaenge/${gang.id}/abbrechen`, { begruendung: "fremd" }],
    ] as const) {
      const r = await api("sb51", "POST", url, body);
      expect(r.statusCode, `${url}: ${r.body}`).toBe(404);
    }
    const blobs = path.join(ctx.dataDir, "blobs");
    const dateienVorher = (await fs.readdir(blobs, { recursive: true })).sort();
    const upload = multipart({}, { filename: "geaendert.txt", content: "fremde Fassung" });
    const mitAenderungen = await app.inject({
      method: "POST",
      url: `/api/v1/schritte/${schritt}/mitzeichnung-mit-aenderungen`,
      headers: { ...s.sb51!.headers, ...upload.headers },
      payload: upload.payload,
    });
    expect(mitAenderungen.statusCode, mitAenderungen.body).toBe(404);
    expect((await fs.readdir(blobs, { recursive: true })).sort()).toEqual(dateienVorher);
    expect(
      (await ctx.db.query("SELECT status, ergebnis FROM schritt WHERE id = $1", [schritt])).rows,
    ).toEqual(vorher);
    // A Dokument of the hidden Akte named in a Geschäftsgang of one's own Vorgang: refused exactly
    // like an id that does not exist (nothing about the hidden one is revealed), nothing started.
    const starte = (dokument: string) =>
      api("sb51", "POST", `/vorgaenge/${ids.vorgang51}/geschaeftsgaenge`, {
        dokument,
        schritte: [{ art: "Mitzeichnung", adressat: { benutzer: "sb51" } }],
      });
    const fremdesDokument = await starte(dok);
    const unbekanntesDokument = await starte("00000000-0000-4000-8000-000000000000");
    expect(fremdesDokument.statusCode).toBeGreaterThanOrEqual(400);
    expect([fremdesDokument.statusCode, fremdesDokument.json().detail]).toEqual([
      unbekanntesDokument.statusCode,
      unbekanntesDokument.json().detail,
    ]);
    const { rows: gaenge } = await ctx.db.query("SELECT 1 FROM geschaeftsgang WHERE vorgang_id = $1", [
      ids.vorgang51,
    ]);
    expect(gaenge).toHaveLength(0);
  });
});

describe("Nuxeo CVE-2017-5869 / SeedDMS CVE-2019-12744: path traversal in file names", () => {
  it("keeps names as data: sanitised stored name, blob under its hash only, safe Content-Disposition", async () => {
    const namen: [string, string][] = [
      ["../../etc/passwd", "passwd"],
      ["..\\..\\x.txt", "x.txt"],
      ["/abs/path/datei.txt", "datei.txt"],
      ["a\u0000b.txt", "ab.txt"],
      ["%2e%2e%2fgeheim.txt", "%2e%2e%2fgeheim.txt"],
      ["..", "dokument"],
    ];
    for (const [name, erwartet] of namen) {
      const r = await hochladen("sb63", ids.vorgang63!, name, `Inhalt von ${JSON.stringify(name)}`, "Titel");
      expect(r.statusCode, `${JSON.stringify(name)}: ${r.body}`).toBe(201);
      const version = r.json().versionen[0];
      expect(version.dateiname, JSON.stringify(name)).toBe(erwartet);
      const download = await api("sb63", "GET", `/dokumente/${r.json().id}/versionen/1/inhalt`);
      const cd = download.headers["content-disposition"] as string;
      expect(cd).toMatch(/^attachment; filename="[^"/\\]*"; filename\*=UTF-8''[A-Za-z0-9%._~!$&+,;=:@-]*$/);
      expect(cd).not.toMatch(/\.\.[/\\]|\/etc\//);
    }
    // The blob store holds files named by their SHA-256 only (plus the temp directory).
    const root = path.join(ctx.dataDir, "blobs");
    for (const e of await fs.readdir(root, { withFileTypes: true, recursive: true })) {
      const rel = path.relative(root, path.join(e.parentPath, e.name));
      if (e.isDirectory()) expect(rel).toMatch(/^([0-9a-f]{2}|tmp)$/);
      else expect(rel).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}$/);
    }
    expect(await fs.readdir(path.dirname(ctx.dataDir))).not.toContain("passwd");
  });
});

describe("Mayan CVE-2018-16406/7: stored XSS in metadata", () => {
  it("returns markup in Betreff, Titel and Metadaten as JSON data, and no route serves it as HTML", async () => {
    const boese = `<script>alert(1)</script><img src=x onerror=alert(2)>`;
    const { akte, vorgang } = await akteMitVorgang("sb63", "63", boese, { bauvorhaben: boese });
    const dok = (await hochladen("sb63", vorgang, "x.txt", "x", boese)).json().id as string;
    for (const url of [`/akten/${akte}`, `/vorgaenge/${vorgang}`, `/dokumente/${dok}`, `/suche?q=alert`]) {
      const r = await api("sb63", "GET", url);
      expect(r.headers["content-type"], url).toMatch(/^application\/json/);
      expect(r.headers["content-security-policy"], url).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      if (url !== "/suche?q=alert") expect(r.body, url).toContain(JSON.stringify(boese).slice(1, -1));
    }
    // The web client's pages: a script policy without inline code or eval, and the page itself
    // carries no user data (the client renders API data as text).
    const seite = await app.inject({ method: "GET", url: `/akten/${akte}`, headers: s.sb63!.headers });
    const csp = seite.headers["content-security-policy"] as string;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(seite.body).not.toContain("alert(");
  });
});

describe("OpenKM CVE-2022-2131: XXE in an xdomea import", () => {
  it("refuses a message with a DTD (external entity, entity bomb) and shows no file content", async () => {
    const nachrichten = [
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xdomea:Abgabe.Abgabe.0401 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0"><Kopf><ProzessID>&xxe;</ProzessID></Kopf></xdomea:Abgabe.Abgabe.0401>`,
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xdomea:Abgabe.Abgabe.0401 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0"><Kopf><ProzessID>&lol3;</ProzessID></Kopf></xdomea:Abgabe.Abgabe.0401>`,
    ];
    const { rows: vorher } = await ctx.db.query("SELECT count(*)::int AS n FROM akte");
    for (const xml of nachrichten) {
      const r = await app.inject({
        method: "POST",
        url: "/api/v1/xdomea/import",
        headers: { ...s.registratur!.headers, "content-type": "application/xml" },
        payload: xml,
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.body).toMatch(/DTD/);
      expect(r.body).not.toMatch(/root:|lollol/);
    }
    const { rows: nachher } = await ctx.db.query("SELECT count(*)::int AS n FROM akte");
    expect(nachher).toEqual(vorher);
  });
});
