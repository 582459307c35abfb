import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import PDFDocument from "pdfkit";
import type { PoolClient } from "pg";
import { buildApp } from "../src/server/app.js";
import { createBenutzer, createOrganisationseinheit } from "../src/server/modules/access/access.service.js";
import { importAktenplanCsv } from "../src/server/modules/aktenplan/aktenplan.service.js";
import {
  GENESIS_HASH,
  hashEintrag,
  verifyProtokoll,
} from "../src/server/modules/protokoll/protokoll.service.js";
import { naechtlicheBerechnung } from "../src/server/modules/steuerung/berechnung.service.js";
import { heute, plusTage } from "../src/server/platform/clock.js";
import type { OeArt } from "../src/shared/organisation.js";
import fs from "node:fs/promises";
import path from "node:path";
import { packageRoot } from "../src/server/platform/paths.js";
import { login } from "../test/helpers/factories.js";
import { benchContext, benchDatabase, fmt, machine, summary } from "./harness.js";

/** `--klein`: the same county at a twentieth of the volume, to develop against. */
const KLEIN = process.argv.includes("--klein");
const F = KLEIN ? 0.05 : 1;
const AKTEN = Math.round(Number(process.env.BENCH_AKTEN ?? 100_000) * F);
const DOKUMENTE = Math.round(Number(process.env.BENCH_DOKUMENTE ?? 1_000_000) * F);
const EINGAENGE = Math.round(Number(process.env.BENCH_EINGAENGE ?? 300_000) * F);
const WIEDERVORLAGEN = Math.round(Number(process.env.BENCH_WIEDERVORLAGEN ?? 100_000) * F);
/** Share of the Vorgänge that got a Geschäftsgang (Mitzeichnung, Zeichnung, Abgang). */
const MIT_GANG = 0.5;
/** Protokoll entries per person on a working day they were active (mean). */
const EINTRAEGE_JE_AKTIVEM_TAG = KLEIN ? 2 : 4;
const TAGE = 730;
const PASSWORT = "Bench-Passwort-1";

/**
 * The county: Landrat, Stabsstelle, four Dezernate with their Ämter (some with Sachgebiete),
 * Rechnungsprüfung and Rechtsamt at the Landrat, Personalrat and Eigenbetrieb beside them – 30 OEs
 * and how many people each has of its own. Some groups are small on purpose (Dezernat I's office,
 * Sachgebiet 63.2), so the suppression has something to hide.
 */
const OES: { kuerzel: string; name: string; art: OeArt; oben?: string; personen: number }[] = [
  { kuerzel: "LR", name: "Landrat", art: "Landrat", personen: 6 },
  { kuerzel: "StE", name: "Stabsstelle E-Government", art: "Stabsstelle", oben: "LR", personen: 6 },
  { kuerzel: "15", name: "Rechnungsprüfungsamt", art: "Amt", oben: "LR", personen: 12 },
  { kuerzel: "30", name: "Rechtsamt", art: "Amt", oben: "LR", personen: 10 },
  { kuerzel: "D1", name: "Dezernat I", art: "Dezernat", oben: "LR", personen: 3 },
  { kuerzel: "D2", name: "Dezernat II", art: "Dezernat", oben: "LR", personen: 6 },
  { kuerzel: "D3", name: "Dezernat III", art: "Dezernat", oben: "LR", personen: 6 },
  { kuerzel: "D4", name: "Dezernat IV", art: "Dezernat", oben: "LR", personen: 6 },
  { kuerzel: "10", name: "Hauptamt", art: "Amt", oben: "D1", personen: 50 },
  { kuerzel: "11", name: "Personalamt", art: "Amt", oben: "D1", personen: 35 },
  { kuerzel: "20", name: "Kämmerei", art: "Amt", oben: "D1", personen: 60 },
  { kuerzel: "41", name: "Kreisarchiv", art: "Amt", oben: "D1", personen: 8 },
  { kuerzel: "63", name: "Bauaufsicht", art: "Amt", oben: "D2", personen: 50 },
  { kuerzel: "63.1", name: "Sachgebiet Baugenehmigung", art: "Sachgebiet", oben: "63", personen: 40 },
  { kuerzel: "63.2", name: "Sachgebiet Denkmalschutz", art: "Sachgebiet", oben: "63", personen: 3 },
  { kuerzel: "70", name: "Umweltamt", art: "Amt", oben: "D2", personen: 50 },
  { kuerzel: "32", name: "Ordnungsamt", art: "Amt", oben: "D2", personen: 60 },
  { kuerzel: "39", name: "Veterinäramt", art: "Amt", oben: "D2", personen: 30 },
  { kuerzel: "61", name: "Kreisplanung", art: "Amt", oben: "D2", personen: 20 },
  { kuerzel: "62", name: "Vermessung", art: "Amt", oben: "D2", personen: 25 },
  { kuerzel: "50", name: "Sozialamt", art: "Amt", oben: "D3", personen: 150 },
  { kuerzel: "51", name: "Jugendamt", art: "Amt", oben: "D3", personen: 90 },
  {
    kuerzel: "51.1",
    name: "Sachgebiet Allgemeiner Sozialer Dienst",
    art: "Sachgebiet",
    oben: "51",
    personen: 40,
  },
  { kuerzel: "53", name: "Gesundheitsamt", art: "Amt", oben: "D3", personen: 70 },
  { kuerzel: "36", name: "Straßenverkehrsamt", art: "Amt", oben: "D4", personen: 100 },
  { kuerzel: "66", name: "Tiefbauamt", art: "Amt", oben: "D4", personen: 40 },
  { kuerzel: "68", name: "Hochbauamt", art: "Amt", oben: "D4", personen: 30 },
  { kuerzel: "80", name: "Wirtschaftsförderung", art: "Amt", oben: "D4", personen: 12 },
  { kuerzel: "PR", name: "Personalrat", art: "Gremium", personen: 9 },
  { kuerzel: "EAW", name: "Eigenbetrieb Abfallwirtschaft", art: "Eigenbetrieb", personen: 45 },
];

const personenJeOe = (n: number) => (KLEIN ? Math.max(n < 5 ? n : 5, Math.round(n / 3)) : n);

/** Seconds of `arbeit`. */
async function sekunden<T>(arbeit: () => Promise<T>): Promise<{ wert: T; s: number }> {
  const start = performance.now();
  const wert = await arbeit();
  return { wert, s: (performance.now() - start) / 1000 };
}

/**
 * The people, Akten, Vorgänge, Dokumente, Eingänge, Geschäftsgänge and Wiedervorlagen of two
 * years, in bulk SQL on one connection (temp tables hold the people and the Vorgänge to draw
 * from). Rows go in in the order of their time, as a county's rows would. Times fall on office
 * hours of the last `TAGE` days; the share of Hybridakten and of
 * scanned Eingänge falls over the two years, as it would where the E-Akte is being introduced.
 */
async function erzeugeSchriftgut(c: PoolClient, blob: string): Promise<void> {
  await c.query("SELECT setseed(0.15)");
  // Each OE's people: every tenth a Leitung, one per OE does the Posteingang too.
  for (const oe of OES) {
    const n = personenJeOe(oe.personen);
    await c.query(
      `WITH neu AS (
         INSERT INTO benutzer (benutzername, vorname, nachname, aktiv, erstellt_am, geaendert_am)
         SELECT lower(regexp_replace($1, '[^A-Za-z0-9]', '-', 'g')) || '-p' || g, 'Person', 'Nr. ' || g || ' ' || $1,
           true, now() - interval '3 years', now() - interval '3 years'
         FROM generate_series(1, $2::int) g RETURNING id, benutzername)
       INSERT INTO mitgliedschaft (benutzer_id, oe_id, rolle)
       SELECT neu.id, o.id, CASE WHEN neu.benutzername LIKE '%-p1' OR neu.benutzername LIKE '%0' THEN 'Leitung' ELSE 'Sachbearbeitung' END
       FROM neu, organisationseinheit o WHERE o.kuerzel = $1`,
      [oe.kuerzel, n],
    );
  }
  await c.query(
    `CREATE TEMP TABLE p AS SELECT row_number() OVER (ORDER BY m.benutzer_id)::int AS i, m.benutzer_id AS id, m.oe_id
     FROM mitgliedschaft m JOIN organisationseinheit o ON o.id = m.oe_id
     WHERE o.art IN ('Amt', 'Sachgebiet', 'Eigenbetrieb', 'Stabsstelle')`,
  );
  await c.query(
    `CREATE TEMP TABLE e AS SELECT row_number() OVER (ORDER BY id)::int AS i, id FROM aktenplaneinheit x
     WHERE NOT EXISTS (SELECT 1 FROM aktenplaneinheit k WHERE k.parent_id = x.id)`,
  );
  const np = (await c.query<{ n: number }>("SELECT count(*)::int AS n FROM p")).rows[0]!.n;
  const ne = (await c.query<{ n: number }>("SELECT count(*)::int AS n FROM e")).rows[0]!.n;
  // An office-hours moment r (0 = now, 1 = two years ago) before now.
  const zeitpunkt = (r: string) =>
    `least(now() - interval '1 minute', date_trunc('day', now() - ${r} * interval '${TAGE} days') + interval '7 hours' + random() * interval '10 hours')`;

  await c.query(
    `INSERT INTO akte (aktenplaneinheit_id, aktenzeichen, lfdnr, jahr, betreff, federfuehrende_oe_id, papierablage,
       erstellt_am, erstellt_von, geaendert_am)
     SELECT e.id, 'K-' || x.g || '/' || extract(year FROM x.t)::int, x.g, extract(year FROM x.t)::int,
       'Akte Nr. ' || x.g || ' – Musterweg ' || (x.g % 300), p.oe_id,
       CASE WHEN random() < 0.10 + 0.35 * x.r THEN 'Registratur, Raum ' || (x.g % 40) END, x.t, p.id, x.t
     FROM (SELECT g, r, ${zeitpunkt("r")} AS t, 1 + floor(random() * $2)::int AS pi, 1 + floor(random() * $3)::int AS ei
           FROM (SELECT g, random() AS r FROM generate_series(1, $1::int) g) y) x
     JOIN p ON p.i = x.pi JOIN e ON e.i = x.ei
     ORDER BY x.t`,
    [AKTEN, np, ne],
  );
  // 1 to 5 Vorgänge per Akte; the time to zdA log-uniform between an hour and half a year.
  await c.query(
    `INSERT INTO vorgang (akte_id, nr, betreff, status, zda_am, frist, erstellt_am, erstellt_von, geaendert_am)
     SELECT x.akte_id, x.nr, 'Vorgang ' || x.nr || ' zu ' || x.aktenzeichen,
       CASE WHEN x.zda < now() THEN 'zda' ELSE 'in_bearbeitung' END, CASE WHEN x.zda < now() THEN x.zda END,
       x.frist, x.t, x.von, x.t
     FROM (SELECT a.id AS akte_id, n AS nr, a.aktenzeichen, a.erstellt_von AS von, t,
             CASE WHEN random() < 0.9 THEN t + exp(random() * ln(4300)) * interval '1 hour' END AS zda,
             CASE WHEN random() < 0.4 THEN (t AT TIME ZONE 'Europe/Berlin')::date + 7 + floor(random() * 50)::int END AS frist
           FROM akte a, generate_series(1, 1 + abs(hashtext(a.id::text)) % 5) n,
             LATERAL (SELECT least(now() - interval '1 minute', a.erstellt_am + random() * (n - 1) * interval '60 days') AS t) tt) x
     ORDER BY x.t`,
  );
  await c.query(
    "UPDATE akte a SET letzte_vorgang_nr = v.n FROM (SELECT akte_id, max(nr) AS n FROM vorgang GROUP BY 1) v WHERE v.akte_id = a.id",
  );
  await c.query(
    `CREATE TEMP TABLE v AS SELECT row_number() OVER (ORDER BY v.id)::int AS i, v.id, v.erstellt_am, v.zda_am, v.erstellt_von
     FROM vorgang v`,
  );
  const nv = (await c.query<{ n: number }>("SELECT count(*)::int AS n FROM v")).rows[0]!.n;
  await c.query(
    `INSERT INTO dokument (id, vorgang_id, typ, titel, aktuelle_version, erstellt_am, erstellt_von, geaendert_am)
     SELECT gen_random_uuid(), v.id, (ARRAY['Eingang','Ausgang','Vermerk','Entwurf','Bescheid','E-Mail','Anlage'])[1 + floor(random() * 7)::int],
       'Schreiben ' || x.g, 1, t, v.erstellt_von, t
     FROM (SELECT g, 1 + floor(random() * $2)::int AS vi FROM generate_series(1, $1::int) g) x JOIN v ON v.i = x.vi,
       LATERAL (SELECT v.erstellt_am + random() * (COALESCE(v.zda_am, now()) - v.erstellt_am) AS t) tt
     ORDER BY tt.t`,
    [DOKUMENTE, nv],
  );
  await c.query(
    `INSERT INTO dokument_version (dokument_id, nr, sha256, dateiname, originaldateiname, mime_typ, groesse, erstellt_am, erstellt_von)
     SELECT d.id, 1, $1, 'schreiben.pdf', 'schreiben.pdf', 'application/pdf', 2048, d.erstellt_am, d.erstellt_von FROM dokument d`,
    [blob],
  );
  // Eingänge in the Posteingang of the OE of someone who works there; scans fall from 60 % to 25 %.
  await c.query(
    `INSERT INTO posteingang_eintrag (oe_id, kanal, status, sha256, dateiname, originaldateiname, mime_typ, groesse,
       scanprotokoll, texterkennung, erstellt_am, erledigt_am)
     SELECT x.oe_id, x.kanal, x.status, $2, 'eingang-' || x.g || '.pdf', 'eingang.pdf', 'application/pdf', 2048,
       CASE WHEN x.kanal = 'scan' THEN jsonb_build_object('geraet', 'Scanner ' || (x.g % 7), 'aufloesungDpi', 300,
         'qualitaetGeprueftVon', CASE WHEN random() < 0.3 + 0.5 * (1 - x.r) THEN 'Qualitätsprüfung' END) END,
       'erledigt', x.t, CASE WHEN x.status <> 'neu' THEN x.fertig END
     FROM (SELECT y.*, p.oe_id,
             CASE WHEN y.k < 0.25 + 0.35 * y.r THEN 'scan' WHEN y.k < 0.7 THEN 'email' WHEN y.k < 0.9 THEN 'upload' ELSE 'api' END AS kanal,
             CASE WHEN y.fertig >= now() THEN 'neu' WHEN random() < 0.96 THEN 'registriert' ELSE 'verworfen' END AS status
           FROM (SELECT g, r, k, t, t + exp(random() * ln(2000)) * interval '6 minutes' AS fertig, pi
                 FROM (SELECT g, r, random() AS k, ${zeitpunkt("r")} AS t, 1 + floor(random() * $3)::int AS pi
                       FROM (SELECT g, random() AS r FROM generate_series(1, $1::int) g) z) zz) y
           JOIN p ON p.i = y.pi) x
     ORDER BY x.t`,
    [EINGAENGE, blob, np],
  );
  // Geschäftsgänge: Mitzeichnung by another OE, Zeichnung (skipped in one of ten), Abgang.
  await c.query(
    `CREATE TEMP TABLE gg AS
     SELECT gen_random_uuid() AS id, v.id AS vorgang_id, v.erstellt_von AS ersteller, t0,
       mz.id AS mz_oe, z.id AS zeichner, skip,
       t0 + exp(random() * ln(600)) * interval '30 minutes' AS t1,
       exp(random() * ln(600)) * interval '15 minutes' AS d2,
       exp(random() * ln(300)) * interval '10 minutes' AS d3
     FROM v, LATERAL (SELECT v.erstellt_am + random() * interval '5 days' AS t0, random() < 0.1 AS skip,
                        1 + floor(random() * $2)::int AS pm, 1 + floor(random() * $2)::int AS pz
                      WHERE random() < $1 AND v.i > 0) r
       JOIN p mp ON mp.i = r.pm JOIN organisationseinheit mz ON mz.id = mp.oe_id
       JOIN p z ON z.i = r.pz
     WHERE t0 < now()
     ORDER BY t0`,
    [MIT_GANG, np],
  );
  await c.query(
    `ALTER TABLE gg ADD COLUMN t2 timestamptz, ADD COLUMN t3 timestamptz;
     UPDATE gg SET t2 = CASE WHEN skip THEN t1 ELSE t1 + d2 END;
     UPDATE gg SET t3 = t2 + d3`,
  );
  await c.query(
    `INSERT INTO geschaeftsgang (id, vorgang_id, zeichnung_vor_abgang, status, ersteller_id, erstellt_am, abgeschlossen_am)
     SELECT id, vorgang_id, true, CASE WHEN t3 < now() THEN 'abgeschlossen' ELSE 'laufend' END, ersteller, t0,
       CASE WHEN t3 < now() THEN t3 END FROM gg`,
  );
  const schritt = (
    stufe: number,
    art: string,
    adressat: string,
    oe: string,
    offen: string,
    fertig: string,
    ergebnis: string,
    wo = "true",
  ) => `SELECT id, ${stufe}, '${art}', ${adressat}, ${oe},
      CASE WHEN ${fertig} < now() THEN 'erledigt' WHEN ${offen} < now() THEN 'offen' ELSE 'wartend' END,
      CASE WHEN ${fertig} < now() THEN '${ergebnis}' END,
      CASE WHEN ${fertig} < now() THEN ${fertig} END, CASE WHEN ${offen} < now() THEN ${offen} END, t0
    FROM gg WHERE ${wo}`;
  await c.query(
    `INSERT INTO schritt (geschaeftsgang_id, stufe, art, adressat_benutzer_id, adressat_oe_id, status, ergebnis, erledigt_am, offen_seit, erstellt_am)
     SELECT * FROM (
     ${schritt(1, "Mitzeichnung", "NULL::uuid", "mz_oe", "t0", "t1", "zugestimmt")}
     UNION ALL ${schritt(2, "Zeichnung", "zeichner", "NULL::uuid", "t1", "t2", "gezeichnet", "NOT skip")}
     UNION ALL SELECT id, 2, 'Zeichnung', zeichner, NULL, 'uebersprungen', 'uebersprungen', NULL, NULL, t0 FROM gg WHERE skip
     UNION ALL ${schritt(3, "Abgang", "ersteller", "NULL::uuid", "t2", "t3", "abgesandt")}
     ) s ORDER BY 10, 2`,
  );
  await c.query(
    `INSERT INTO wiedervorlage (vorgang_id, empfaenger_id, datum, notiz, erstellt_von, erstellt_am, erledigt_am)
     SELECT v.id, v.erstellt_von, x.datum, 'Wiedervorlage', v.erstellt_von, v.erstellt_am,
       CASE WHEN x.erledigt < now() THEN x.erledigt END
     FROM (SELECT 1 + floor(random() * $2)::int AS vi, random() AS k FROM generate_series(1, $1::int) g) y
       JOIN v ON v.i = y.vi,
       LATERAL (SELECT (v.erstellt_am AT TIME ZONE 'Europe/Berlin')::date + 1 + floor(y.k * 60)::int AS datum) d,
       LATERAL (SELECT (d.datum + floor(random() * 8)::int - CASE WHEN random() < 0.8 THEN 7 ELSE 0 END)
                  + interval '9 hours' AS erledigt) x0,
       LATERAL (SELECT d.datum, greatest(x0.erledigt, v.erstellt_am) AS erledigt) x
     ORDER BY v.erstellt_am`,
    [WIEDERVORLAGEN, nv],
  );
}

/**
 * Two years of Protokoll: on each working day every person is active with a probability that
 * rises from 50 % to 85 % as the E-Akte spreads, and writes a few entries in office hours. The
 * chain is computed here exactly as the Protokoll module computes it (its own `hashEintrag`,
 * numbers without gaps, each entry pointing to the hash before), so `aktenwerk protokoll prüfen`
 * accepts it; the rows go in with plain INSERTs (the table only refuses UPDATE, DELETE, TRUNCATE).
 */
async function erzeugeProtokoll(c: PoolClient): Promise<number> {
  const { rows: personen } = await c.query<{ id: string; name: string }>(
    `SELECT id, vorname || ' ' || nachname || ' (' || benutzername || ')' AS name FROM benutzer ORDER BY benutzername`,
  );
  const aktionen = [
    ["akte.geaendert", "akte"],
    ["vorgang.angelegt", "vorgang"],
    ["vorgang.geaendert", "vorgang"],
    ["dokument.angelegt", "dokument"],
    ["dokument.version_angelegt", "dokument"],
    ["schritt.erledigt", "schritt"],
  ] as const;
  let zufall = 0x9e3779b9;
  const rnd = () => {
    // xorshift32: the same Protokoll on every run
    zufall ^= zufall << 13;
    zufall ^= zufall >>> 17;
    zufall ^= zufall << 5;
    return (zufall >>> 0) / 4294967296;
  };
  let spalten = Array.from({ length: 12 }, () => [] as unknown[]);
  // One batch goes in while the next is hashed.
  let unterwegs: Promise<unknown> = Promise.resolve();
  // The county's set-up (OEs, Aktenplan) is already in the chain: continue after it.
  const { rows: vorher } = await c.query<{ nr: string; hash: string }>(
    "SELECT nr, hash FROM protokoll ORDER BY nr DESC LIMIT 1",
  );
  let nr = Number(vorher[0]?.nr ?? 0);
  let letzter = vorher[0]?.hash ?? GENESIS_HASH;
  const schreiben = async () => {
    await unterwegs;
    if (spalten[0]!.length === 0) return;
    unterwegs = c.query(
      `INSERT INTO protokoll (nr, zeit, akteur_id, akteur_name, im_auftrag_von_id, im_auftrag_von_name, aktion,
         objekt_art, objekt_id, details, vorheriger_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::jsonb[], $11::text[], $12::text[])`,
      spalten,
    );
    spalten = Array.from({ length: 12 }, () => [] as unknown[]);
  };
  const ende = new Date();
  for (let tag = TAGE; tag >= 1; tag--) {
    const d = new Date(ende.getTime() - tag * 86_400_000);
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    const mitternacht = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    const aktivAnteil = 0.5 + 0.35 * (1 - tag / TAGE);
    const eintraege: { t: number; p: number; a: number }[] = [];
    for (let p = 0; p < personen.length; p++) {
      if (rnd() >= aktivAnteil) continue;
      const n = 1 + Math.floor(rnd() * (2 * EINTRAEGE_JE_AKTIVEM_TAG - 1));
      for (let k = 0; k < n; k++)
        eintraege.push({
          t: mitternacht + Math.floor((6 + rnd() * 10) * 3_600_000),
          p,
          a: Math.floor(rnd() * aktionen.length),
        });
    }
    eintraege.sort((x, y) => x.t - y.t);
    for (const e of eintraege) {
      const person = personen[e.p]!;
      const [aktion, objektArt] = aktionen[e.a]!;
      nr++;
      const ohneHash = {
        nr,
        zeit: new Date(e.t).toISOString(),
        akteurId: person.id,
        akteurName: person.name,
        imAuftragVonId: null,
        imAuftragVonName: null,
        aktion,
        objektArt,
        objektId: randomUUID(),
        details: objektArt === "akte" ? {} : { akteId: randomUUID() },
        vorherigerHash: letzter,
      };
      letzter = hashEintrag(ohneHash);
      const werte = [
        nr,
        ohneHash.zeit,
        person.id,
        person.name,
        null,
        null,
        aktion,
        objektArt,
        ohneHash.objektId,
        JSON.stringify(ohneHash.details),
        ohneHash.vorherigerHash,
        letzter,
      ];
      werte.forEach((w, i) => spalten[i]!.push(w));
      if (spalten[0]!.length >= 20_000) await schreiben();
    }
  }
  await schreiben();
  await unterwegs;
  return nr - Number(vorher[0]?.nr ?? 0);
}

/** The time of a one-page, one-line PDF from pdfkit: what any PDF report costs at least. */
async function leeresPdf(): Promise<number> {
  const start = performance.now();
  const doc = new PDFDocument({ size: "A4" });
  const teile: Buffer[] = [];
  doc.on("data", (b: Buffer) => teile.push(b));
  const fertig = new Promise((r) => doc.on("end", r));
  doc.text("Verwaltungsbericht");
  doc.end();
  await fertig;
  return performance.now() - start;
}

/**
 * `npm run bench -- kennzahlen [--klein]`: the Steuerung with two years of a county – 30 OEs,
 * 100,000 Akten, 1,000,000 Dokumente, their Vorgänge, Eingänge, Geschäftsgänge, Wiedervorlagen
 * and Protokoll. Measures the first nightly aggregation (two years), a normal nightly run, the
 * dashboard API for the county, a Dezernat and an Amt over several time ranges, and the
 * Verwaltungsbericht as PDF; each beside a floor measured in the same run.
 */
export async function run(): Promise<void> {
  console.log(`Kennzahlen${KLEIN ? " (klein: 1/20)" : ""} – ${machine()}`);
  const { db, dir, close } = await benchDatabase();
  try {
    const ctx = await benchContext(db, dir);
    const aufbau = performance.now();
    let schriftgut = { s: 0 };
    let protokoll = { wert: 0, s: 0 };
    // BENCH_WEITER=1 with DATABASE_URL: measure again on a county built by an earlier run (its
    // Kennzahlen are cleared, so the first run is first again).
    const weiter =
      process.env.BENCH_WEITER === "1" &&
      Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM akte")).rows[0]!.n) > 0;
    if (weiter)
      await db.query("DELETE FROM kennzahl_monat; DELETE FROM kennzahl_tag; DELETE FROM kennzahl_lauf");
    else {
      for (const oe of OES)
        await createOrganisationseinheit(ctx, "system", {
          name: oe.name,
          kuerzel: oe.kuerzel,
          art: oe.art,
          uebergeordnet: oe.oben ?? null,
        });
      await importAktenplanCsv(
        ctx,
        "system",
        await fs.readFile(path.join(packageRoot, "src/server/demo/aktenplan.csv"), "utf8"),
      );
      const blob = (await ctx.blobs.put(Readable.from([Buffer.from("%PDF-1.4\n% Bench\n")]))).sha256;
      await db.query("INSERT INTO blob (sha256, groesse, erstellt_am) VALUES ($1, 17, now())", [blob]);
      const c = await db.pool.connect();
      try {
        schriftgut = await sekunden(() => erzeugeSchriftgut(c, blob));
        protokoll = await sekunden(() => erzeugeProtokoll(c));
      } finally {
        c.release();
      }
      // The people who log in: the Stabsstelle, a Dezernent and the Leitung of an Amt.
      for (const [benutzername, mitgliedschaften] of [
        [
          "steuerung",
          [
            { oe: "StE", rolle: "Steuerung" },
            { oe: "StE", rolle: "Sachbearbeitung" },
          ],
        ],
        ["dezernent", [{ oe: "D2", rolle: "Leitung" }]],
        ["amtsleitung", [{ oe: "63", rolle: "Leitung" }]],
      ] as const)
        await createBenutzer(ctx, "system", {
          benutzername,
          nachname: benutzername,
          passwort: PASSWORT,
          mitgliedschaften: [...mitgliedschaften],
        });
    }
    await db.query("VACUUM ANALYZE");
    const anzahl = (
      await db.query<Record<string, number>>(
        `SELECT (SELECT count(*) FROM organisationseinheit)::int AS oes, (SELECT count(*) FROM benutzer)::int AS personen,
           (SELECT count(*) FROM akte)::int AS akten, (SELECT count(*) FROM vorgang)::int AS vorgaenge,
           (SELECT count(*) FROM dokument)::int AS dokumente, (SELECT count(*) FROM posteingang_eintrag)::int AS eingaenge,
           (SELECT count(*) FROM geschaeftsgang)::int AS gaenge, (SELECT count(*) FROM schritt)::int AS schritte,
           (SELECT count(*) FROM wiedervorlage)::int AS wiedervorlagen, (SELECT count(*) FROM protokoll)::int AS protokoll`,
      )
    ).rows[0]!;
    const de = (n: number | undefined) => (n ?? 0).toLocaleString("de-DE");
    console.log(
      `\nAufgebaut in ${fmt((performance.now() - aufbau) / 1000, 0)} s (Schriftgut ${fmt(schriftgut.s, 0)} s, Protokoll ${fmt(protokoll.s, 0)} s):`,
    );
    console.log(
      `  ${de(anzahl.oes)} OEs, ${de(anzahl.personen)} Personen, ${de(anzahl.akten)} Akten, ${de(anzahl.vorgaenge)} Vorgänge, ${de(anzahl.dokumente)} Dokumente,`,
    );
    console.log(
      `  ${de(anzahl.eingaenge)} Eingänge, ${de(anzahl.gaenge)} Geschäftsgänge mit ${de(anzahl.schritte)} Schritten, ${de(anzahl.wiedervorlagen)} Wiedervorlagen, ${de(anzahl.protokoll)} Protokolleinträge`,
    );

    // Floor of the aggregation: one plain pass over every row it reads from.
    const quellen = ["akte", "vorgang", "posteingang_eintrag", "schritt", "wiedervorlage", "protokoll"];
    const scan = () =>
      sekunden(async () => {
        for (const t of quellen) await db.query(`SELECT count(*) FROM ${t}`);
      });
    await scan();
    const boden1 = (await scan()).s;

    const erster = await sekunden(() => naechtlicheBerechnung(ctx));
    const naechster = await sekunden(() => naechtlicheBerechnung(ctx));
    const boden2 = (await scan()).s;
    const bodenScan = Math.min(boden1, boden2);

    console.log(`\nBoden: count(*) über ${quellen.join(", ")}: ${fmt(bodenScan, 2)} s`);
    console.log("Nächtliche Berechnung                 |     Zeit  | × Boden | Tage | Zeilen");
    for (const [name, m] of [
      ["Erster Lauf (zwei Jahre)", erster],
      ["Nächtlicher Lauf (gestern, vorgestern)", naechster],
    ] as const)
      console.log(
        `${name.padEnd(38)} | ${fmt(m.s, 2).padStart(7)} s | ${fmt(m.s / bodenScan, 1).padStart(7)} | ${String(m.wert.tage).padStart(4)} | ${de(m.wert.zeilen)}`,
      );

    // Dashboard API through the HTTP stack with session check.
    const app = await buildApp(ctx);
    try {
      const steuerung = await login(app, "steuerung", PASSWORT);
      const dezernent = await login(app, "dezernent", PASSWORT);
      const amtsleitung = await login(app, "amtsleitung", PASSWORT);
      const oe = Object.fromEntries(
        (
          await db.query<{ kuerzel: string; id: string }>("SELECT kuerzel, id FROM organisationseinheit")
        ).rows.map((r) => [r.kuerzel, r.id]),
      );
      const tag = heute(ctx.clock);
      const monat = (tage: number) => plusTage(tag, -tage).slice(0, 7);
      const bereiche = [
        ["letzter Monat", monat(31), monat(31)],
        ["12 Monate", monat(365), monat(31)],
        ["24 Monate", monat(730), monat(1)],
      ] as const;
      const sichten = [
        ["Kreis", steuerung, undefined],
        ["Dezernat II", dezernent, oe.D2],
        ["Amt 63", amtsleitung, oe["63"]],
      ] as const;
      const anfragen = sichten.flatMap(([sicht, session, id]) =>
        bereiche.map(([bereich, von, bis]) => ({
          name: `${sicht}, ${bereich}`,
          session,
          url: `/api/v1/steuerung/kennzahlen?von=${von}&bis=${bis}${id ? `&oe=${id}` : ""}`,
        })),
      );
      const abruf = async (session: { cookie: string }, url: string) => {
        const t = performance.now();
        const r = await app.inject({ method: "GET", url, headers: { cookie: session.cookie } });
        if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
        return { ms: performance.now() - t, body: r.body };
      };
      for (const a of anfragen) await abruf(a.session, a.url);
      const probe = JSON.parse((await abruf(steuerung, anfragen[1]!.url)).body) as {
        gruppe: { kennzahlen: Record<string, { wert: number | null }[]> };
        unten: unknown[];
        ausgeblendet: number;
      };
      const RUNDEN = 200;
      const boden: number[] = [];
      for (let i = 0; i < 20; i++) await abruf(steuerung, "/api/v1/steuerung/katalog");
      for (let i = 0; i < RUNDEN; i++) boden.push((await abruf(steuerung, "/api/v1/steuerung/katalog")).ms);
      const alle: number[] = [];
      const je = new Map<string, number[]>();
      for (let i = 0; i < RUNDEN; i++) {
        const a = anfragen[i % anfragen.length]!;
        const { ms } = await abruf(a.session, a.url);
        alle.push(ms);
        je.set(a.name, [...(je.get(a.name) ?? []), ms]);
      }
      const b = summary(boden);
      const s = summary(alle);
      console.log(
        `\nDashboard (GET /steuerung/kennzahlen, ${RUNDEN} Anfragen reihum über ${anfragen.length} Sichten, app.inject mit Sitzung):`,
      );
      console.log(
        `  Kreis, 12 Monate: ${probe.unten.length} Gruppen darunter, ${probe.ausgeblendet} ausgeblendet; akten.elektronisch je Monat: ${probe.gruppe.kennzahlen["akten.elektronisch"]?.map((m) => m.wert ?? "–").join(" ")}`,
      );
      console.log(
        `  Boden: GET /steuerung/katalog (${b.n}×): p50 ${fmt(b.p50, 2)} ms, p95 ${fmt(b.p95, 2)} ms`,
      );
      for (const [name, d] of je) {
        const x = summary(d);
        console.log(
          `  ${name.padEnd(26)} p50 ${fmt(x.p50).padStart(6)} ms   p95 ${fmt(x.p95).padStart(6)} ms (×${fmt(x.p95 / b.p95, 0)} Boden, n = ${x.n})`,
        );
      }
      console.log(
        `  Alle                       p50 ${fmt(s.p50).padStart(6)} ms   p95 ${fmt(s.p95).padStart(6)} ms (×${fmt(s.p95 / b.p95, 0)} Boden)`,
      );

      // The Verwaltungsbericht as PDF, filed into a Vorgang of the Stabsstelle.
      const akte = await app.inject({
        method: "POST",
        url: "/api/v1/akten",
        headers: steuerung.headers,
        payload: {
          aktenplaneinheit: "01.40",
          betreff: "Verwaltungsberichte E-Government",
          federfuehrendeOe: "StE",
        },
      });
      if (akte.statusCode !== 201) throw new Error(akte.body);
      const vorgang = await app.inject({
        method: "POST",
        url: `/api/v1/akten/${akte.json().id}/vorgaenge`,
        headers: steuerung.headers,
        payload: { betreff: "Berichte an den Kreistag" },
      });
      if (vorgang.statusCode !== 201) throw new Error(vorgang.body);
      const einstellung = await app.inject({
        method: "PUT",
        url: "/api/v1/steuerung/berichte/einstellung",
        headers: steuerung.headers,
        payload: { vorgangId: vorgang.json().id, turnus: "aus" },
      });
      if (einstellung.statusCode !== 200) throw new Error(einstellung.body);
      await leeresPdf();
      const pdfBoden: number[] = [];
      for (let i = 0; i < 10; i++) pdfBoden.push(await leeresPdf());
      const pb = summary(pdfBoden).p50;
      console.log(`\nVerwaltungsbericht (POST /steuerung/berichte, Kreis, PDF erzeugen und ablegen):`);
      console.log(`  Boden: einseitiges PDF mit einer Zeile (pdfkit): ${fmt(pb, 1)} ms`);
      let langsamster = 0;
      for (const [bereich, von, bis] of bereiche) {
        const zeiten: number[] = [];
        let groesse = 0;
        for (let i = 0; i < 3; i++) {
          const t = performance.now();
          const r = await app.inject({
            method: "POST",
            url: "/api/v1/steuerung/berichte",
            headers: steuerung.headers,
            payload: { von, bis },
          });
          if (r.statusCode !== 201) throw new Error(r.body);
          zeiten.push(performance.now() - t);
          groesse = Number(
            (
              await db.query<{ g: string }>(
                "SELECT groesse AS g FROM dokument_version WHERE dokument_id = $1",
                [r.json().dokumentId],
              )
            ).rows[0]?.g ?? 0,
          );
        }
        const hoechst = Math.max(...zeiten);
        langsamster = Math.max(langsamster, hoechst);
        console.log(
          `  ${bereich.padEnd(14)} Median ${fmt(summary(zeiten).p50 / 1000, 2)} s, höchstens ${fmt(hoechst / 1000, 2)} s (×${fmt(hoechst / pb, 0)} Boden), ${fmt(groesse / 1024, 0)} KB`,
        );
      }

      console.log("\nZiele:");
      const ziel = (name: string, wert: number, grenze: number, einheit: string) =>
        console.log(
          `  ${name.padEnd(42)} ${fmt(wert, 2).padStart(8)} ${einheit} < ${grenze} ${einheit}: ${wert < grenze ? "erreicht" : "VERFEHLT"}`,
        );
      ziel("Nächtliche Berechnung (erster Lauf, 2 Jahre)", erster.s, 60, "s");
      ziel("Nächtliche Berechnung (normaler Lauf)", naechster.s, 60, "s");
      ziel("Dashboard-API p95", s.p95, 100, "ms");
      ziel("Verwaltungsbericht PDF (langsamster)", langsamster / 1000, 5, "s");

      // The bulk Protokoll is a valid chain: the module's own check walks all of it.
      const pruefung = await sekunden(() => verifyProtokoll(db));
      console.log(
        `\nProtokollkette geprüft (${de(pruefung.wert.anzahl)} Einträge, ${fmt(pruefung.s, 1)} s): ${pruefung.wert.ok ? "in Ordnung" : `FEHLER bei Nr. ${pruefung.wert.nr}: ${pruefung.wert.grund}`}`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await close();
  }
}
