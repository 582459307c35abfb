import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { buildApp } from "../src/server/app.js";
import { createBenutzer } from "../src/server/modules/access/access.service.js";
import { login } from "../test/helpers/factories.js";
import { multipart } from "../test/helpers/multipart.js";
import { benchContext, benchDatabase, benchKreis, fmt, machine, summary } from "./harness.js";

const AKTEN = Number(process.env.BENCH_AKTEN ?? 100_000);

async function timed(n: number, work: (i: number) => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await work(i);
    durations.push(performance.now() - start);
  }
  return durations;
}

function report(label: string, durations: number[], goal?: number) {
  const s = summary(durations);
  console.log(
    `${label.padEnd(38)} p50 ${fmt(s.p50, 1).padStart(6)} ms   p95 ${fmt(s.p95, 1).padStart(6)} ms   (n = ${s.n})${goal ? `   Ziel p95 < ${goal} ms: ${s.p95 < goal ? "erreicht" : "VERFEHLT"}` : ""}`,
  );
}

export async function run(): Promise<void> {
  console.log(`Schriftgut – ${machine()}`);
  const { db, dir, close } = await benchDatabase();
  try {
    const ctx = await benchContext(db, dir);

    console.log(
      `\nAufbau: ${AKTEN.toLocaleString("de-DE")} Akten, ${(AKTEN * 3).toLocaleString("de-DE")} Vorgänge, ${(AKTEN * 10).toLocaleString("de-DE")} Dokumente …`,
    );
    const seedStart = performance.now();
    const oes = await benchKreis(ctx, 40);
    // A realistic clerk: Sachbearbeitung in the Bauaufsicht, Lesen in the Umweltamt.
    await createBenutzer(ctx, "system", {
      benutzername: "mueller",
      nachname: "Müller",
      passwort: "Bench-Passwort-1",
      mitgliedschaften: [
        { oe: "63", rolle: "Sachbearbeitung" },
        { oe: "70", rolle: "Lesen" },
      ],
    });
    const blobs: string[] = [];
    for (let i = 0; i < 200; i++)
      blobs.push((await ctx.blobs.put(Readable.from([randomBytes(2048)]))).sha256);
    await db.query("INSERT INTO blob (sha256, groesse, erstellt_am) SELECT unnest($1::text[]), 2048, now()", [
      blobs,
    ]);
    // Bulk rows in SQL: 10 % of the Akten belong to the Bauaufsicht, 5 % are restricted.
    await db.query(
      `INSERT INTO akte (aktenplaneinheit_id, aktenzeichen, lfdnr, jahr, betreff, federfuehrende_oe_id, zugriffsbeschraenkt, erstellt_am, geaendert_am)
       SELECT u.ids[1 + (g % array_length(u.ids, 1))], 'B' || g || '/2025', g, 2025, 'Bestandsakte Nr. ' || g || ' – Musterstraße ' || (g % 300),
              CASE WHEN g % 10 = 0 THEN $1::uuid ELSE ($2::uuid[])[1 + (g % 39)] END,
              g % 20 = 0, now() - make_interval(mins => g), now() - make_interval(mins => g)
       FROM generate_series(1, $3::int) g,
            (SELECT array_agg(id) AS ids FROM aktenplaneinheit e WHERE NOT EXISTS (SELECT 1 FROM aktenplaneinheit c WHERE c.parent_id = e.id)) u`,
      [oes[0], oes.slice(1), AKTEN],
    );
    await db.query(
      "INSERT INTO akte_beteiligte_oe (akte_id, oe_id) SELECT id, $1 FROM akte WHERE lfdnr % 10 = 3",
      [oes[1]],
    );
    await db.query(
      "INSERT INTO akte_zugriff (akte_id, benutzer_id, recht) SELECT a.id, b.id, 'bearbeiten' FROM akte a, benutzer b WHERE a.zugriffsbeschraenkt AND a.lfdnr % 40 = 0 AND b.benutzername = 'mueller'",
    );
    await db.query(
      `INSERT INTO vorgang (akte_id, nr, betreff, erstellt_am, geaendert_am)
       SELECT a.id, n, 'Vorgang ' || n || ' zu ' || a.aktenzeichen, a.erstellt_am, a.erstellt_am FROM akte a, generate_series(1, 3) n`,
    );
    await db.query("UPDATE akte SET letzte_vorgang_nr = 3");
    await db.query(
      `INSERT INTO dokument (id, vorgang_id, typ, titel, aktuelle_version, erstellt_am, geaendert_am)
       SELECT gen_random_uuid(), v.id, (ARRAY['Eingang','Ausgang','Vermerk','Anlage'])[1 + (n % 4)], 'Schreiben ' || n, 1, v.erstellt_am, v.erstellt_am
       FROM vorgang v, generate_series(1, CASE WHEN v.nr = 1 THEN 4 ELSE 3 END) n`,
    );
    await db.query(
      `INSERT INTO dokument_version (dokument_id, nr, sha256, dateiname, originaldateiname, mime_typ, groesse, erstellt_am)
       SELECT d.id, 1, ($1::text[])[1 + (abs(hashtext(d.id::text)) % 200)], 'schreiben.pdf', 'schreiben.pdf', 'application/pdf', 2048, d.erstellt_am FROM dokument d`,
      [blobs],
    );
    await db.query("ANALYZE");
    const counts = (
      await db.query<{ a: number; v: number; d: number }>(
        "SELECT (SELECT count(*) FROM akte)::int AS a, (SELECT count(*) FROM vorgang)::int AS v, (SELECT count(*) FROM dokument)::int AS d",
      )
    ).rows[0]!;
    console.log(
      `Aufgebaut in ${fmt((performance.now() - seedStart) / 1000, 0)} s: ${counts.a.toLocaleString("de-DE")} Akten, ${counts.v.toLocaleString("de-DE")} Vorgänge, ${counts.d.toLocaleString("de-DE")} Dokumente.`,
    );

    const app = await buildApp(ctx);
    const session = await login(app, "mueller", "Bench-Passwort-1");
    const { rows: sichtbar } = await db.query<{ id: string }>(
      "SELECT id FROM akte WHERE federfuehrende_oe_id = $1 AND NOT zugriffsbeschraenkt ORDER BY random() LIMIT 1000",
      [oes[0]],
    );
    const { rows: vorgaenge } = await db.query<{ id: string }>(
      "SELECT v.id FROM vorgang v JOIN akte a ON a.id = v.akte_id WHERE a.federfuehrende_oe_id = $1 AND NOT a.zugriffsbeschraenkt LIMIT 300",
      [oes[0]],
    );

    // Warm up every path once.
    await app.inject({
      method: "GET",
      url: `/api/v1/akten/${sichtbar[0]!.id}`,
      headers: { cookie: session.cookie },
    });
    await app.inject({
      method: "GET",
      url: "/api/v1/akten?oe=63&limit=50",
      headers: { cookie: session.cookie },
    });

    console.log("\nAls Sachbearbeitung der Bauaufsicht (HTTP über app.inject, mit Sitzungsprüfung):");
    report(
      "Akte abrufen (GET /akten/:id)",
      await timed(500, async (i) => {
        const r = await app.inject({
          method: "GET",
          url: `/api/v1/akten/${sichtbar[i % sichtbar.length]!.id}`,
          headers: { cookie: session.cookie },
        });
        if (r.statusCode !== 200) throw new Error(r.body);
      }),
      20,
    );
    let cursor: string | null = null;
    report(
      "Liste, 50 je Seite, Filter OE (blättern)",
      await timed(300, async (i) => {
        const url = `/api/v1/akten?oe=63&limit=50${cursor && i % 10 !== 0 ? `&cursor=${cursor}` : ""}`;
        const r = await app.inject({ method: "GET", url, headers: { cookie: session.cookie } });
        if (r.statusCode !== 200) throw new Error(r.body);
        cursor = r.json().naechsterCursor;
      }),
      50,
    );
    report(
      "Akte anlegen (POST /akten)",
      await timed(200, async (i) => {
        const r = await app.inject({
          method: "POST",
          url: "/api/v1/akten",
          headers: session.headers,
          payload: { aktenplaneinheit: "63.20", betreff: `Voranfrage ${i}`, federfuehrendeOe: "63" },
        });
        if (r.statusCode !== 201) throw new Error(r.body);
      }),
    );
    report(
      "Dokument 100 KB hochladen (multipart)",
      await timed(200, async (i) => {
        const { payload, headers } = multipart(
          { metadaten: { typ: "Eingang", titel: `Schreiben ${i}` } },
          { filename: "schreiben.pdf", content: randomBytes(100 * 1024) },
        );
        const r = await app.inject({
          method: "POST",
          url: `/api/v1/vorgaenge/${vorgaenge[i % vorgaenge.length]!.id}/dokumente`,
          headers: { ...session.headers, ...headers },
          payload,
        });
        if (r.statusCode !== 201) throw new Error(r.body);
      }),
    );
    await app.close();
  } finally {
    await close();
  }
}
