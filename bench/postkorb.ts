import { createBenutzer, createOrganisationseinheit } from "../src/server/modules/access/access.service.js";
import { heute, plusTage } from "../src/server/platform/clock.js";
import { login } from "../test/helpers/factories.js";
import { benchContext, benchDatabase, benchVorgang, fmt, machine, summary } from "./harness.js";

const EIGENE = Number(process.env.BENCH_EIGENE ?? 2000);
const OE = Number(process.env.BENCH_OE ?? 1500);
const VERTRETUNG = Number(process.env.BENCH_VERTRETUNG ?? 1000);
const WIEDERVORLAGEN = Number(process.env.BENCH_WIEDERVORLAGEN ?? 300);
const POSTEINGANG = Number(process.env.BENCH_POSTEINGANG ?? 200);
/** Open and finished steps of everybody else, so the indexes have something to skip. */
const ANDERE = Number(process.env.BENCH_ANDERE ?? 30000);
const VORGAENGE = 500;
const RUNDEN = 200;

/**
 * `npm run bench -- postkorb`: a clerk with 5,000 pending items – own steps, steps in the OE's
 * Postkorb, steps of an absent colleague they stand in for, due Wiedervorlagen and new Posteingang –
 * in a county with tens of thousands of other steps. Measures loading the Postkorb and one action
 * (Kenntnisnahme, which opens the next step) through the HTTP stack with session check.
 */
export async function run(): Promise<void> {
  console.log(`Postkorb – ${machine()}`);
  const { db, dir, close } = await benchDatabase();
  try {
    const ctx = await benchContext(db, dir);
    const { app, session, vorgangId } = await benchVorgang(ctx);
    await createOrganisationseinheit(ctx, "system", { name: "Umweltamt", kuerzel: "70", art: "Amt" });
    for (const [name, oe, rolle] of [
      ["schmidt", "63", "Leitung"],
      ["wagner", "70", "Sachbearbeitung"],
      ["kollege", "63", "Sachbearbeitung"],
    ] as const)
      await createBenutzer(ctx, "system", {
        benutzername: name,
        nachname: name,
        passwort: "Bench-Passwort-1",
        mitgliedschaften: [{ oe, rolle }],
      });
    const ids = Object.fromEntries(
      (
        await db.query<{ benutzername: string; id: string }>("SELECT benutzername, id FROM benutzer")
      ).rows.map((r) => [r.benutzername, r.id]),
    );
    const oes = Object.fromEntries(
      (
        await db.query<{ kuerzel: string; id: string }>("SELECT kuerzel, id FROM organisationseinheit")
      ).rows.map((r) => [r.kuerzel, r.id]),
    );
    const akteId = (
      await db.query<{ akte_id: string }>("SELECT akte_id FROM vorgang WHERE id = $1", [vorgangId])
    ).rows[0]!.akte_id;
    const start = performance.now();
    // Vorgänge in one Akte, then one running route per pending item: the item open, a next step waiting.
    await db.query(
      `INSERT INTO vorgang (akte_id, nr, betreff, status, metadaten, erstellt_am, erstellt_von, geaendert_am)
       SELECT $1, n + 1, 'Vorgang ' || n, 'in_bearbeitung', '{}', now(), $2, now() FROM generate_series(1, $3) n`,
      [akteId, ids.mueller, VORGAENGE],
    );
    const erzeuge = async (
      anzahl: number,
      adressat: { benutzer?: string; oe?: string },
      art: string,
      frist: (n: number) => string | null,
    ) => {
      await db.query(
        `WITH v AS (SELECT id, row_number() OVER (ORDER BY nr) AS i FROM vorgang WHERE akte_id = $1),
         g AS (
           INSERT INTO geschaeftsgang (vorgang_id, zeichnung_vor_abgang, ersteller_id, erstellt_am)
           SELECT (SELECT id FROM v WHERE i = 1 + (n % $2)), false, $3, now() - (n || ' minutes')::interval
           FROM generate_series(1, $4) n RETURNING id, erstellt_am)
         INSERT INTO schritt (geschaeftsgang_id, stufe, art, adressat_benutzer_id, adressat_oe_id, frist, status, offen_seit, erstellt_am)
         SELECT g.id, 1, $5, $6::uuid, $7::uuid, (ARRAY[$8::date, $9::date, NULL::date])[1 + (row_number() OVER () % 3)], 'offen', g.erstellt_am, g.erstellt_am FROM g
         UNION ALL
         SELECT g.id, 2, 'Bearbeitung', $3::uuid, NULL::uuid, NULL::date, 'wartend', NULL, g.erstellt_am FROM g`,
        [
          akteId,
          VORGAENGE,
          ids.kollege,
          anzahl,
          art,
          adressat.benutzer ?? null,
          adressat.oe ?? null,
          frist(0),
          frist(1),
        ],
      );
    };
    const tag = heute(ctx.clock);
    const fristen = (n: number) => (n === 0 ? plusTage(tag, -2) : plusTage(tag, 10));
    await erzeuge(EIGENE / 2, { benutzer: ids.mueller }, "Kenntnisnahme", fristen);
    await erzeuge(EIGENE / 2, { benutzer: ids.mueller }, "Mitzeichnung", fristen);
    await erzeuge(OE, { oe: oes["63"] }, "Bearbeitung", fristen);
    await erzeuge(VERTRETUNG, { benutzer: ids.schmidt }, "Zeichnung", fristen);
    await erzeuge(ANDERE / 2, { benutzer: ids.wagner }, "Mitzeichnung", fristen);
    await erzeuge(ANDERE / 2, { oe: oes["70"] }, "Bearbeitung", fristen);
    await db.query(
      "UPDATE schritt SET status = 'erledigt', ergebnis = 'erledigt', erledigt_am = now() WHERE adressat_oe_id = $1 AND random() < 0.6",
      [oes["70"]],
    );
    await db.query(
      `INSERT INTO wiedervorlage (vorgang_id, empfaenger_id, datum, notiz, erstellt_von, erstellt_am)
       SELECT (SELECT id FROM vorgang WHERE akte_id = $1 ORDER BY nr OFFSET (n % $2) LIMIT 1), $3, $4::date - (n % 30), 'WV ' || n, $3, now()
       FROM generate_series(1, $5) n`,
      [akteId, VORGAENGE, ids.mueller, tag, WIEDERVORLAGEN],
    );
    await db.query(
      `INSERT INTO blob (sha256, groesse, erstellt_am) VALUES (repeat('a', 64), 1, now()) ON CONFLICT DO NOTHING`,
    );
    await db.query(
      `INSERT INTO posteingang_eintrag (oe_id, kanal, sha256, dateiname, originaldateiname, mime_typ, groesse, erstellt_am)
       SELECT $1, 'scan', repeat('a', 64), 'scan-' || n || '.pdf', 'scan.pdf', 'application/pdf', 1, now() - (n || ' minutes')::interval
       FROM generate_series(1, $2) n`,
      [oes["63"], POSTEINGANG],
    );
    await db.query(
      "INSERT INTO abwesenheit (benutzer_id, von, bis, vertreter_id, erstellt_am) VALUES ($1, $2, $3, $4, now())",
      [ids.schmidt, plusTage(tag, -1), plusTage(tag, 14), ids.mueller],
    );
    await db.query("ANALYZE");
    console.log(`Daten angelegt in ${fmt((performance.now() - start) / 1000)} s`);

    const laden = async () => {
      const t = performance.now();
      const r = await app.inject({
        method: "GET",
        url: "/api/v1/postkorb",
        headers: { cookie: session.cookie },
      });
      if (r.statusCode !== 200) throw new Error(r.body);
      return { ms: performance.now() - t, body: r.json() as { zaehler: Record<string, number> } };
    };
    const { body } = await laden();
    const gesamt = Object.entries(body.zaehler)
      .filter(([k]) => k !== "frist")
      .reduce((a, [, n]) => a + n, 0);
    console.log(`Offene Einträge im Postkorb von mueller: ${gesamt} (${JSON.stringify(body.zaehler)})`);
    for (let i = 0; i < 10; i++) await laden();
    const ladezeiten: number[] = [];
    for (let i = 0; i < RUNDEN; i++) ladezeiten.push((await laden()).ms);

    const { rows: schritte } = await db.query<{ id: string }>(
      "SELECT id FROM schritt WHERE adressat_benutzer_id = $1 AND art = 'Kenntnisnahme' AND status = 'offen' LIMIT $2",
      [ids.mueller, RUNDEN + 10],
    );
    const aktionen: number[] = [];
    const s2 = await login(app, "mueller", "Bench-Passwort-1");
    for (const [i, s] of schritte.entries()) {
      const t = performance.now();
      const r = await app.inject({
        method: "POST",
        url: `/api/v1/schritte/${s.id}/aktionen`,
        headers: s2.headers,
        payload: { aktion: "kenntnisnehmen" },
      });
      if (r.statusCode !== 200) throw new Error(r.body);
      if (i >= 10) aktionen.push(performance.now() - t);
    }
    await app.close();
    const l = summary(ladezeiten);
    const a = summary(aktionen);
    console.log(
      `\nPostkorb laden (${l.n}×):     p50 ${fmt(l.p50)} ms   p95 ${fmt(l.p95)} ms   Ziel p95 < 50 ms`,
    );
    console.log(
      `Eine Aktion (${a.n}× Kenntnisnahme): p50 ${fmt(a.p50)} ms   p95 ${fmt(a.p95)} ms   Ziel p95 < 50 ms`,
    );
  } finally {
    await close();
  }
}
