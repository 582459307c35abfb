import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { einfachesPdf } from "../../demo/pdf.js";
import { ManualClock } from "../../platform/clock.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { dokumentHochladen } from "../../../../test/helpers/dokumente.js";
import { multipart } from "../../../../test/helpers/multipart.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import {
  programmDa,
  voraussetzung,
  XDOMEA_SCHEMAS,
  xdomeaSchemasDa,
} from "../../../../test/helpers/voraussetzung.js";
import { DATEIFORMAT_SONSTIGES, dateiformatCode } from "./xdomea/dateiformat.js";
import { code, el, kopf, nachricht, NACHRICHTEN, text } from "./xdomea/nachrichten.js";
import { exportiereAktenplan } from "./xdomea/aktenplan.js";
import { exportiere } from "./xdomea/export.service.js";
import { importiere } from "./xdomea/import.service.js";

const run = promisify(execFile);
const SHARED = XDOMEA_SCHEMAS;
const SAMPLES = path.join(SHARED, "samples");
/** Every message is checked against the official XSD: without schemas and xmllint nothing is exchanged. */
const schemasDa =
  voraussetzung("xdomea-Schemas", xdomeaSchemasDa(), `3.0.0, 3.1.0 und samples fehlen unter ${SHARED}`) &&
  voraussetzung("xmllint", programmDa("xmllint"), "Debian-Paket libxml2-utils");

const clock = new ManualClock("2026-03-02T08:00:00Z");
let a: TestContext;
let b: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};
let akte: { id: string; aktenzeichen: string };
let tmp: string;

async function kreis(ctx: TestContext) {
  for (const [k, name] of [
    ["63", "Bauaufsicht"],
    ["51", "Jugendamt"],
    ["11", "Personalamt"],
    ["10", "Hauptamt"],
    ["41", "Kreisarchiv"],
  ] as const)
    await createOe(ctx, { kuerzel: k, name });
  await importTestAktenplan(ctx);
}

async function api(who: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) {
  const r = await app.inject({
    method,
    url: `/api/v1${url}`,
    headers: method === "GET" ? { cookie: s[who]!.cookie } : s[who]!.headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  return r;
}

const hochladen = (
  vorgang: string,
  titel: string,
  filename: string,
  content: Buffer | string,
  typ = "Eingang",
  mehr: Record<string, string> = {},
) => dokumentHochladen(app, s.sb!, vorgang, { filename, content }, { typ, titel, ...mehr });

/** A message as the archive would send it (0502 decisions, 0506 confirmation). */
function vomArchiv(
  typ: "0502" | "0506" | "0402",
  prozessId: string,
  objekte: [string, string][],
): Uint8Array {
  const xml = nachricht(
    "3.0.0",
    NACHRICHTEN[typ],
    kopf({
      prozessId,
      nachrichtentyp: typ,
      erstellt: new Date("2027-02-01T10:00:00Z"),
      absender: "Kreisarchiv Musterkreis",
      empfaenger: "Landkreis Musterkreis",
      produktVersion: "1",
      bestaetigungen: typ === "0502" ? ["Empfangsbestaetigung"] : [],
    }),
    objekte.map(([id, wert]) =>
      typ === "0502"
        ? el(
            "BewertetesObjekt",
            text("ID", id),
            el("Aussonderungsart", code("Aussonderungsart", "aussonderungsart", wert)),
          )
        : el(
            typ === "0506" ? "AusgesondertesSGO" : "AbgegebenesObjekt",
            text("IDSGO", id),
            text("Erfolgreich", wert),
          ),
    ),
  );
  return strToU8(xml);
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** What an Akte is, compared across instances: metadata, Vorgänge, Dokumente, versions and hashes. */
async function inhaltDer(ctx: TestContext, aktenzeichen: string) {
  const { rows } = await ctx.db.query<{
    betreff: string;
    einheit: string;
    vorgang: number;
    vbetreff: string;
    status: string;
    titel: string | null;
    typ: string | null;
    versionen: string[] | null;
  }>(
    `SELECT a.betreff, e.kennzeichen AS einheit, v.nr AS vorgang, v.betreff AS vbetreff, v.status, v.frist::text,
       v.metadaten, (v.zda_am AT TIME ZONE 'UTC')::date::text AS zda, d.titel, d.typ, d.absender, d.empfaenger,
       d.fremdes_geschaeftszeichen, d.eingangsdatum::text, d.datum_des_schreibens::text,
       (SELECT array_agg(x.sha256 ORDER BY x.nr) FROM dokument_version x WHERE x.dokument_id = d.id) AS versionen
     FROM akte a JOIN aktenplaneinheit e ON e.id = a.aktenplaneinheit_id JOIN vorgang v ON v.akte_id = a.id
     LEFT JOIN dokument d ON d.vorgang_id = v.id WHERE a.aktenzeichen = $1 ORDER BY v.nr, d.titel`,
    [aktenzeichen],
  );
  return rows;
}

const zaehle = async (ctx: TestContext) =>
  (
    await ctx.db.query(
      `SELECT (SELECT count(*)::int FROM akte) AS akten, (SELECT count(*)::int FROM dokument) AS dokumente,
         (SELECT count(*)::int FROM xdomea_nachricht) AS nachrichten, (SELECT count(*)::int FROM protokoll) AS protokoll`,
    )
  ).rows[0];

beforeAll(async () => {
  a = await createTestContext({ clock, config: { xdomeaSchemas: SHARED } });
  b = await createTestContext({ clock, config: { xdomeaSchemas: SHARED } });
  await kreis(a);
  await kreis(b);
  app = await buildApp(a);
  for (const [name, oe, rolle] of [
    ["sb", "63", "Sachbearbeitung"],
    ["reg", "10", "Registratur"],
    ["archiv", "41", "Archiv"],
  ] as const) {
    await createUser(a, { benutzername: name, rollen: [{ oe, rolle }] });
    s[name] = await login(app, name);
  }
  tmp = await fs.mkdtemp(path.join(a.dataDir, "xdomea-"));
  // An Akte with 3 Vorgänge and versioned Dokumente, all zdA.
  akte = (
    await api("sb", "POST", "/akten", {
      aktenplaneinheit: "63.20",
      betreff: "Vorbescheid Mühlenstraße 7",
      federfuehrendeOe: "63",
    })
  ).json();
  for (const [i, betreff] of ["Voranfrage", "Stellungnahme Umweltamt", "Bescheid"].entries()) {
    const v = (
      await api("sb", "POST", `/akten/${akte.id}/vorgaenge`, { betreff, frist: `2026-0${i + 4}-15` })
    ).json();
    const d = await hochladen(
      v.id,
      `${betreff} – Schreiben`,
      `schreiben-${i}.pdf`,
      einfachesPdf([betreff, "Seite 1"]),
      "Eingang",
      {
        absender: "Ingenieurbüro Weiß & Söhne",
        eingangsdatum: "2026-02-2" + i,
        fremdesGeschaeftszeichen: `IB-2026/${i}7`,
      },
    );
    if (i !== 1) {
      const { payload, headers } = multipart(
        { grund: "Geänderte Fassung" },
        { filename: `schreiben-${i}-v2.pdf`, content: einfachesPdf([betreff, "geändert"]) },
      );
      const r = await app.inject({
        method: "POST",
        url: `/api/v1/dokumente/${d}/versionen`,
        headers: { ...s.sb!.headers, ...headers },
        payload,
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    await hochladen(
      v.id,
      `Vermerk ${i + 1}`,
      `vermerk-${i}.txt`,
      `Vermerk zu ${betreff}: Größe und Maße geprüft.`,
      "Vermerk",
    );
    expect((await api("sb", "POST", `/vorgaenge/${v.id}/zda`)).statusCode).toBe(200);
  }
});
afterAll(async () => {
  await app?.close();
  await a?.cleanup();
  await b?.cleanup();
});

describe.runIf(schemasDa)("xdomea: Aussonderung und Abgabe", () => {
  it("exports 0503, 0501 and 0401 that validate against the official XSD (3.0.0 and 3.1.0)", async () => {
    for (const [nachricht, version] of [
      ["0503", "3.0.0"],
      ["0501", "3.0.0"],
      ["0401", "3.0.0"],
      ["0503", "3.1.0"],
    ] as const) {
      const ziel = path.join(tmp, `${nachricht}-${version}.zip`);
      const e = await exportiere(a, "system", {
        aktenzeichen: [akte.aktenzeichen],
        nachricht,
        version,
        ziel,
      });
      const inhalt = unzipSync(new Uint8Array(await fs.readFile(ziel)));
      const xmlName = Object.keys(inhalt).find((n) => n.endsWith(".xml"))!;
      expect(xmlName).toMatch(new RegExp(`^${e.prozessId}_.*\\.${nachricht}\\.xml$`));
      const xmlDatei = path.join(tmp, `${nachricht}-${version}.xml`);
      await fs.writeFile(xmlDatei, inhalt[xmlName]!);
      const { stderr } = await run("xmllint", [
        "--noout",
        "--nonet",
        "--schema",
        path.join(SHARED, version, "xdomea.xsd"),
        xmlDatei,
      ]);
      expect(stderr).toContain("validates");
      // Each primary document names its format by the code list an archive reads: PDF and text.
      const formate = [
        ...Buffer.from(inhalt[xmlName]!)
          .toString("utf8")
          .matchAll(/<xdomea:Format>\s*<xdomea:Name[^>]*listVersionID="1.0"[^>]*>\s*<code>(\d+)<\/code>/g),
      ].map((m) => m[1]);
      expect(formate.sort()).toEqual(
        nachricht === "0501" ? [] : ["018", "018", "018", "018", "018", "045", "045", "045"],
      );
      // 0501 offers metadata only; 0503 and 0401 carry every version of every primary document.
      expect(Object.keys(inhalt).length - 1).toBe(nachricht === "0501" ? 0 : 8);
    }
  });

  it("names formats by the xdomea code list: the bytes decide, the ending only tells apart what they cannot", () => {
    expect(dateiformatCode("application/pdf", "bescheid.docx")).toBe("018");
    expect(dateiformatCode("image/jpeg", "foto.JPEG")).toBe("010");
    expect(dateiformatCode("image/jpeg", "foto.png")).toBe("011");
    expect(dateiformatCode("image/tiff", "scan.tif")).toBe("023");
    expect(dateiformatCode("application/x-cfb", "haushalt.xls")).toBe("028");
    expect(dateiformatCode("application/x-cfb", "unbekannt.bin")).toBe(DATEIFORMAT_SONSTIGES);
    expect(dateiformatCode("application/zip", "archiv.zip")).toBe(DATEIFORMAT_SONSTIGES);
  });

  it("round trip: 0503 into an empty instance keeps Aktenzeichen, metadata, version count and every SHA-256", async () => {
    const ziel = path.join(tmp, "rundreise.zip");
    await exportiere(a, "system", { aktenzeichen: [akte.aktenzeichen], nachricht: "0503", ziel });
    const ergebnis = await importiere(b, "system", new Uint8Array(await fs.readFile(ziel)));
    expect(ergebnis.akten).toEqual([
      {
        aktenzeichen: akte.aktenzeichen,
        betreff: "Vorbescheid Mühlenstraße 7",
        vorgaenge: 3,
        dokumente: 6,
        versionen: 8,
      },
    ]);
    const vorher = await inhaltDer(a, akte.aktenzeichen);
    expect(vorher.length).toBe(6);
    expect(await inhaltDer(b, akte.aktenzeichen)).toEqual(vorher);
    // The same again is refused, and changes nothing.
    const stand = await zaehle(b);
    await expect(importiere(b, "system", new Uint8Array(await fs.readFile(ziel)))).rejects.toThrow(
      /bereits importiert/,
    );
    expect(await zaehle(b)).toEqual(stand);
  });

  it("imports the sample messages of another system: 0501 as an offer list, 0503 into Akten, 0505 as a confirmation", async () => {
    const datei = async (typ: string) =>
      new Uint8Array(
        await fs.readFile(
          path.join(
            SAMPLES,
            (await fs.readdir(SAMPLES)).find((f) => f.includes(typ))!,
          ),
        ),
      );
    const angebot = await importiere(b, "system", await datei(".0501.zip"));
    expect(angebot.nachrichtentyp).toBe("0501");
    const { rows } = await b.db.query<{ inhalt: { kennzeichen: string }[] }>(
      "SELECT inhalt FROM xdomea_nachricht WHERE nachrichtentyp = '0501' AND richtung = 'ein'",
    );
    expect(rows[0]!.inhalt.length).toBeGreaterThan(0);
    const aussonderung = await importiere(b, "system", await datei(".0503.zip"));
    expect(aussonderung.akten.length).toBeGreaterThan(0);
    // The primary documents arrive byte for byte.
    const container = unzipSync(await datei(".0503.zip"));
    const pdf = Object.entries(container).find(([n]) => n.endsWith("test_pdf_a1-b.pdf"))!;
    const { rows: versionen } = await b.db.query("SELECT 1 FROM dokument_version WHERE sha256 = $1", [
      sha(pdf[1]),
    ]);
    expect(versionen.length).toBeGreaterThan(0);
    const bestaetigung = await importiere(b, "system", await datei(".0505.zip"));
    expect(bestaetigung.nachrichtentyp).toBe("0505");
  });

  it("refuses hostile imports with a German reason and changes nothing", async () => {
    const basis = new TextDecoder().decode(
      Object.values(
        unzipSync(
          new Uint8Array(
            await fs.readFile(
              path.join(
                SAMPLES,
                (await fs.readdir(SAMPLES)).find((f) => f.includes(".0505."))!,
              ),
            ),
          ),
        ),
      )[0]!,
    );
    const mitProlog = (zusatz: string) =>
      basis.replace(
        "<?xml version='1.0' encoding='UTF-8'?>",
        `<?xml version='1.0' encoding='UTF-8'?>${zusatz}`,
      );
    const faelle: [string, Uint8Array, RegExp][] = [
      [
        "XXE",
        strToU8(mitProlog('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>')),
        /DTD oder Entity/,
      ],
      [
        "billion laughs",
        strToU8(mitProlog('<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')),
        /DTD oder Entity/,
      ],
      [
        "zip slip",
        zipSync({
          "../../x.pdf": einfachesPdf(["x"]),
          "p_Aussonderung.Aussonderung.0503.xml": strToU8(basis),
        }),
        /Zip-Slip/,
      ],
      [
        "zip bomb",
        zipSync(
          {
            "bombe.pdf": new Uint8Array(200 * 1024 * 1024),
            "p_Aussonderung.Aussonderung.0503.xml": strToU8(basis),
          },
          { level: 9 },
        ),
        /Zip-Bombe/,
      ],
      [
        "schema violation",
        strToU8(basis.replace(/<xdomea:ProzessID>[^<]*<\/xdomea:ProzessID>/, "")),
        /Schema 3\.0\.0: Zeile \d+, Element/,
      ],
      [
        "not xdomea",
        strToU8('<?xml version="1.0"?><rechnung xmlns="urn:beispiel"/>'),
        /keine xdomea-Nachricht/,
      ],
      [
        "unknown process",
        strToU8(basis.replace(/(<xdomea:ProzessID>)[^<]*/, "$10f0c4f0e-0000-4000-8000-000000000000")),
        /unbekannten Prozess/,
      ],
      ["broken zip", strToU8("PK\u0003\u0004 kaputt"), /kein lesbarer ZIP-Container/],
    ];
    // A 0503 of another system whose first primary document is new here and whose last is missing,
    // or empty: refused before any of its documents is stored.
    const probe = unzipSync(
      new Uint8Array(
        await fs.readFile(
          path.join(
            SAMPLES,
            (await fs.readdir(SAMPLES)).find((f) => f.includes(".0503."))!,
          ),
        ),
      ),
    );
    const erster = Object.keys(probe).find((n) => n.endsWith("_test_pdf_a1-b.pdf"))!;
    const letzter = Object.keys(probe).find((n) => n.endsWith("_test_pdf_a2-u.pdf"))!;
    const neuesErstes = { ...probe, [erster]: Buffer.concat([probe[erster]!, strToU8("\n% nur hier\n")]) };
    const { [letzter]: _weg, ...ohneLetztes } = neuesErstes;
    faelle.push(
      ["primary document missing", zipSync(ohneLetztes), /Primärdokument „[^“]*_test_pdf_a2-u\.pdf“ fehlt/],
      [
        "primary document empty",
        zipSync({ ...neuesErstes, [letzter]: new Uint8Array(0) }),
        /Primärdokument „[^“]*_test_pdf_a2-u\.pdf“ ist leer/,
      ],
    );
    /** Every blob in b's store, and every file left in its temp directory. */
    const ablage = async () => {
      const blobs: string[] = [];
      for await (const x of b.blobs.list()) blobs.push(x.sha256);
      const temp = await fs.readdir(path.join(b.dataDir, "blobs", "tmp")).catch(() => [] as string[]);
      return { blobs: blobs.sort(), temp };
    };
    // The import unpacks under the system's temp directory: here one of our own, to see what stays.
    const eigenesTmp = await fs.mkdtemp(path.join(tmp, "tmpdir-"));
    const tmpdirVorher = process.env.TMPDIR;
    process.env.TMPDIR = eigenesTmp;
    try {
      for (const [name, daten, meldung] of faelle) {
        const stand = await zaehle(b);
        const abgelegt = await ablage();
        const fehler = await importiere(b, "system", daten).then(
          () => null,
          (e: unknown) => e as { detail?: string; message: string; status?: number },
        );
        expect(fehler, name).not.toBeNull();
        expect(fehler!.detail ?? fehler!.message, name).toMatch(meldung);
        expect(await zaehle(b), name).toEqual(stand);
        expect(await ablage(), name).toEqual(abgelegt);
        // (tsx, which runs these tests, keeps its cache there too.)
        expect(
          (await fs.readdir(eigenesTmp)).filter((n) => !n.startsWith("tsx-")),
          name,
        ).toEqual([]);
      }
    } finally {
      if (tmpdirVorher === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdirVorher;
    }
  });

  it("refuses the Aussonderung of an Akte under Löschsperre (0503 and the API), lets the 0501 out once lifted", async () => {
    const x = (
      await api("sb", "POST", "/akten", {
        aktenplaneinheit: "63.20",
        betreff: "Nutzungsänderung Klageverfahren",
        federfuehrendeOe: "63",
      })
    ).json();
    const v = (await api("sb", "POST", `/akten/${x.id}/vorgaenge`, { betreff: "Nutzungsänderung" })).json();
    await hochladen(v.id, "Antrag", "antrag.txt", `Antrag ${x.id}`);
    await api("sb", "POST", `/vorgaenge/${v.id}/zda`);
    const gesperrt = (
      await api("reg", "POST", `/akten/${x.id}/loeschsperren`, { grund: "Klageverfahren VG Musterstadt" })
    ).json();
    expect(gesperrt.loeschsperren).toHaveLength(1);
    await expect(
      exportiere(a, "system", {
        aktenzeichen: [x.aktenzeichen],
        nachricht: "0503",
        ziel: path.join(tmp, "x.zip"),
      }),
    ).rejects.toThrow(/Löschsperre/);
    const export0503 = await api("reg", "POST", "/xdomea/export", {
      akten: [x.aktenzeichen],
      nachricht: "0503",
    });
    expect(export0503.statusCode).toBe(409);
    expect(export0503.json().detail).toMatch(/Löschsperre/);
    await api("reg", "POST", `/loeschsperren/${gesperrt.loeschsperren[0].id}/aufheben`, {
      grund: "Verfahren rechtskräftig abgeschlossen",
    });
    const ok = await api("reg", "POST", "/xdomea/export", { akten: [x.aktenzeichen], nachricht: "0501" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers["content-type"]).toBe("application/zip");
  });

  it("two-stage: after the archive confirms the 0503, the content is deleted and a Löschprotokoll remains", async () => {
    const neu = (
      await api("sb", "POST", "/akten", {
        aktenplaneinheit: "63.20",
        betreff: "Abriss Scheune Feldweg 2",
        federfuehrendeOe: "63",
      })
    ).json();
    const v = (await api("sb", "POST", `/akten/${neu.id}/vorgaenge`, { betreff: "Abrissanzeige" })).json();
    const inhalt = einfachesPdf(["Abrissanzeige", `einmalig ${neu.id}`]);
    const dok = await hochladen(v.id, "Anzeige", "anzeige.pdf", inhalt);
    await api("sb", "POST", `/vorgaenge/${v.id}/zda`);
    const e = await exportiere(a, "system", {
      aktenzeichen: [neu.aktenzeichen],
      nachricht: "0503",
      ziel: path.join(tmp, "zweistufig.zip"),
    });
    // A confirmation naming Schriftgut that was never sent is refused.
    await expect(
      importiere(
        a,
        "system",
        vomArchiv("0506", e.prozessId, [["0f0c4f0e-0000-4000-8000-000000000001", "1"]]),
      ),
    ).rejects.toThrow(/nicht angeboten oder abgegeben/);
    const r = await importiere(a, "system", vomArchiv("0506", e.prozessId, [[neu.id, "1"]]));
    expect(r.hinweis).toMatch(/Inhalt von 1 Akte\(n\) gelöscht/);
    expect((await a.db.query("SELECT 1 FROM dokument WHERE id = $1", [dok])).rows).toEqual([]);
    expect((await a.db.query("SELECT status FROM akte WHERE id = $1", [neu.id])).rows[0]).toEqual({
      status: "ausgesondert",
    });
    expect(await a.blobs.stat(sha(inhalt))).toBeUndefined();
    const protokoll = (await api("reg", "GET", "/aussonderung/loeschprotokoll")).json();
    expect(
      protokoll.find((p: { aktenzeichen: string }) => p.aktenzeichen === neu.aktenzeichen),
    ).toMatchObject({
      betreff: "Abriss Scheune Feldweg 2",
      entscheidung: "A",
      archiv: "Kreisarchiv Musterkreis",
      dokumente: 1,
      versionen: 1,
      geloeschtVon: "System (xdomea)",
    });
    await expect(a.db.query("DELETE FROM loeschprotokoll")).rejects.toThrow(/unveränderlich/);
  });

  it("four-stage: 0501 offer, 0502 decisions (V deleted at once, never under Löschsperre), 0503 of the A, 0506", async () => {
    const anlegen = async (betreff: string) => {
      const x = (
        await api("sb", "POST", "/akten", { aktenplaneinheit: "63.20", betreff, federfuehrendeOe: "63" })
      ).json();
      const v = (await api("sb", "POST", `/akten/${x.id}/vorgaenge`, { betreff })).json();
      await hochladen(v.id, betreff, "x.txt", `${betreff} ${x.id}`);
      await api("sb", "POST", `/vorgaenge/${v.id}/zda`);
      return x as { id: string; aktenzeichen: string };
    };
    const [archivwuerdig, wertlos, gesperrt] = [
      await anlegen("Baugenehmigung Rathaus"),
      await anlegen("Werbeanlage Kiosk"),
      await anlegen("Carport Streitfall"),
    ];
    const angebot = await exportiere(a, "system", {
      aktenzeichen: [archivwuerdig.aktenzeichen, wertlos.aktenzeichen, gesperrt.aktenzeichen],
      nachricht: "0501",
      ziel: path.join(tmp, "angebot.zip"),
    });
    // What the Archiv still has to answer: the offer, until its Bewertung comes in.
    const wartet = async (prozessId: string) => {
      const r = await api("archiv", "GET", "/xdomea/nachrichten?offen=true");
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as { prozessId: string; nachrichtentyp: string; richtung: string }[])
        .filter((n) => n.prozessId === prozessId)
        .map((n) => `${n.richtung} ${n.nachrichtentyp}`);
    };
    expect(await wartet(angebot.prozessId)).toEqual(["aus 0501"]);
    await api("reg", "POST", `/akten/${gesperrt.id}/loeschsperren`, { grund: "Rechtsstreit anhängig" });
    const entscheidung = await importiere(
      a,
      "system",
      vomArchiv("0502", angebot.prozessId, [
        [archivwuerdig.id, "A"],
        [wertlos.id, "V"],
        [gesperrt.id, "V"],
      ]),
    );
    expect(entscheidung.hinweis).toMatch(/Inhalt von 1 Akte\(n\) gelöscht .*1 wegen Löschsperre nicht/);
    const status = async (id: string) =>
      (await a.db.query<{ status: string }>("SELECT status FROM akte WHERE id = $1", [id])).rows[0]!.status;
    expect([await status(archivwuerdig.id), await status(wertlos.id), await status(gesperrt.id)]).toEqual([
      "offen",
      "ausgesondert",
      "offen",
    ]);
    expect(await wartet(angebot.prozessId)).toEqual([]);
    const abgabe = await exportiere(a, "system", {
      aktenzeichen: [archivwuerdig.aktenzeichen],
      nachricht: "0503",
      ziel: path.join(tmp, "a.zip"),
    });
    expect(await wartet(abgabe.prozessId)).toEqual(["aus 0503"]);
    await importiere(a, "system", vomArchiv("0506", abgabe.prozessId, [[archivwuerdig.id, "1"]]));
    expect(await wartet(abgabe.prozessId)).toEqual([]);
    // The whole book still has every message of both processes, in and out.
    const alle = (await api("archiv", "GET", "/xdomea/nachrichten")).json() as { prozessId: string }[];
    expect(alle.filter((n) => [angebot.prozessId, abgabe.prozessId].includes(n.prozessId))).toHaveLength(4);
    expect(await status(archivwuerdig.id)).toBe("ausgesondert");
    const { rows } = await a.db.query<{ aktenzeichen: string; entscheidung: string }>(
      "SELECT aktenzeichen, entscheidung FROM loeschprotokoll WHERE akte_id = ANY($1) ORDER BY entscheidung",
      [[archivwuerdig.id, wertlos.id, gesperrt.id]],
    );
    expect(rows).toEqual([
      { aktenzeichen: archivwuerdig.aktenzeichen, entscheidung: "A" },
      { aktenzeichen: wertlos.aktenzeichen, entscheidung: "V" },
    ]);
  });
  it("exchanges the Aktenplan as 0301: validated export, import into an empty instance with the same units", async () => {
    const ziel = path.join(tmp, "aktenplan.zip");
    const e = await exportiereAktenplan(a, "system", { ziel });
    const inhalt = unzipSync(new Uint8Array(await fs.readFile(ziel)));
    const xmlDatei = path.join(tmp, "aktenplan.xml");
    await fs.writeFile(xmlDatei, Object.values(inhalt)[0]!);
    const { stderr } = await run("xmllint", [
      "--noout",
      "--nonet",
      "--schema",
      path.join(SHARED, "3.0.0", "xdomea.xsd"),
      xmlDatei,
    ]);
    expect(stderr).toContain("validates");
    const c = await createTestContext({ clock, config: { xdomeaSchemas: SHARED } });
    try {
      const r = await importiere(c, "system", { datei: ziel });
      expect(r.hinweis).toMatch(new RegExp(`${e.einheiten} Einheit\\(en\\) angelegt`));
      const einheiten = async (ctx: TestContext) =>
        (
          await ctx.db.query(
            "SELECT e.kennzeichen, e.titel, p.kennzeichen AS eltern, e.geschlossen FROM aktenplaneinheit e LEFT JOIN aktenplaneinheit p ON p.id = e.parent_id WHERE e.kennzeichen NOT LIKE '1234%' ORDER BY e.kennzeichen",
          )
        ).rows;
      expect(await einheiten(c)).toEqual(await einheiten(a));
    } finally {
      await c.cleanup();
    }
  });
  it("Abgabe: after the receiving authority confirms the import (0402), our Akte is closed as handed over", async () => {
    const x = (
      await api("sb", "POST", "/akten", {
        aktenplaneinheit: "63.20",
        betreff: "Zuständigkeitswechsel Grenzweg",
        federfuehrendeOe: "63",
      })
    ).json();
    const abgabe = await exportiere(a, "system", {
      aktenzeichen: [x.aktenzeichen],
      nachricht: "0401",
      ziel: path.join(tmp, "abgabe.zip"),
    });
    const r = await importiere(a, "system", vomArchiv("0402", abgabe.prozessId, [[x.id, "1"]]));
    expect(r.hinweis).toMatch(/1 Akte\(n\) als abgegeben geschlossen/);
    expect((await a.db.query("SELECT status FROM akte WHERE id = $1", [x.id])).rows[0]).toEqual({
      status: "geschlossen",
    });
  });
  it("round trip by Abgabe (0401) in xdomea 3.1.0 into another empty instance: the same Akte arrives", async () => {
    const ziel = path.join(tmp, "abgabe-310.zip");
    await exportiere(a, "system", {
      aktenzeichen: [akte.aktenzeichen],
      nachricht: "0401",
      version: "3.1.0",
      ziel,
    });
    const c = await createTestContext({ clock, config: { xdomeaSchemas: SHARED } });
    try {
      await kreis(c);
      const r = await importiere(c, "system", { datei: ziel });
      expect([r.nachrichtentyp, r.version]).toEqual(["0401", "3.1.0"]);
      expect(await inhaltDer(c, akte.aktenzeichen)).toEqual(await inhaltDer(a, akte.aktenzeichen));
    } finally {
      await c.cleanup();
    }
  });
});

// Retention needs no schema: it runs wherever the database runs.
describe("Aufbewahrung und Löschsperre", () => {
  it("keeps Akten under Löschsperre, computes the Aufbewahrungsende and lists what is due", async () => {
    const aufb = (await api("reg", "GET", `/akten/${akte.id}/aufbewahrung`)).json();
    // 63.20 inherits 30 years and "B" from 6 Bauwesen; all Vorgänge were zdA in 2026.
    expect(aufb).toMatchObject({
      aufbewahrungsfrist: 30,
      archivwuerdigkeit: "B",
      aufbewahrungsende: "2056-12-31",
      abweichend: false,
    });
    const ohneGrund = await api("reg", "PUT", `/akten/${akte.id}/aufbewahrung`, {
      aufbewahrungsfrist: 0,
      archivwuerdigkeit: "A",
      begruendung: "",
    });
    expect(ohneGrund.statusCode).toBe(400);
    expect(
      (
        await api("sb", "PUT", `/akten/${akte.id}/aufbewahrung`, {
          aufbewahrungsfrist: 0,
          archivwuerdigkeit: null,
          begruendung: "x",
        })
      ).statusCode,
    ).toBe(403);
    const neu = (
      await api("reg", "PUT", `/akten/${akte.id}/aufbewahrung`, {
        aufbewahrungsfrist: 0,
        archivwuerdigkeit: "A",
        begruendung: "Sonderfall: Abgabe an das Kreisarchiv vereinbart",
      })
    ).json();
    expect(neu).toMatchObject({ aufbewahrungsende: "2026-12-31", archivwuerdigkeit: "A", abweichend: true });
    clock.set("2027-01-05T08:00:00Z");
    s.reg = await login(app, "reg");
    s.archiv = await login(app, "archiv");
    const faellig = async () =>
      (await api("archiv", "GET", "/aussonderung/liste"))
        .json()
        .map((x: { aktenzeichen: string }) => x.aktenzeichen) as string[];
    expect(await faellig()).toContain(akte.aktenzeichen);
    const gesperrt = (
      await api("reg", "POST", `/akten/${akte.id}/loeschsperren`, { grund: "Klageverfahren VG Musterstadt" })
    ).json();
    expect(gesperrt.loeschsperren).toHaveLength(1);
    expect(await faellig()).not.toContain(akte.aktenzeichen);
    const aufgehoben = await api("reg", "POST", `/loeschsperren/${gesperrt.loeschsperren[0].id}/aufheben`, {
      grund: "Verfahren rechtskräftig abgeschlossen",
    });
    expect(aufgehoben.statusCode, aufgehoben.body).toBe(200);
    expect(await faellig()).toContain(akte.aktenzeichen);
    clock.set("2026-03-02T08:00:00Z");
  });
});
