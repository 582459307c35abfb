import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../src/server/app.js";
import { createBenutzer, getBenutzer, loadActor } from "../src/server/modules/access/access.service.js";
import { profilFuer } from "../src/server/modules/schriftgut/index.js";
import { teileAllerWoerter, woerter } from "../src/server/modules/suche/deutsch.js";
import { schluesselDesLesers } from "../src/server/modules/suche/suche.policy.js";
import * as repo from "../src/server/modules/suche/suche.repository.js";
import { KANDIDATEN, SUCHINDEX_FASSUNG, suchanfrage } from "../src/server/modules/suche/suche.service.js";
import type { AppContext } from "../src/server/platform/context.js";
import type { Database, Queryable } from "../src/server/platform/database/database.js";
import { login, type Session } from "../test/helpers/factories.js";
import { BIN, childEnv } from "../test/helpers/process.js";
import { kopiere } from "./copy.js";
import { benchContext, benchDatabase, benchKreis, fmt, machine, summary, vmRss } from "./harness.js";
import { deutscherText, SELTENE_WOERTER, zufall } from "./texte.js";

/**
 * `npm run bench -- search`: a county's Dokumente (BENCH_DOKUMENTE, default 100,000, ~180 words of
 * administrative German each) bulk-loaded with COPY, the index's indexes built after loading, then
 * every query class through HTTP (a real Fastify app, `inject`) with the permission check, as a
 * clerk who sees 5 % and as the Registratur who sees all. Beside each class the bare PostgreSQL
 * match of the same tsquery (no rank, no permission, first candidates only) measured in the same
 * run, as the floor. BENCH_EXPLAIN=1 prints the candidate query's plan per class;
 * BENCH_WIEDERVERWENDEN=1 with DATABASE_URL reuses a corpus loaded by an earlier run. Then the
 * re-index of the whole corpus by the real program, killed and resumed (`neuIndizierung`).
 */

const DOKUMENTE = Number(process.env.BENCH_DOKUMENTE ?? 100_000);
const PASSWORT = "Bench-Passwort-1";
const WIEDERHOLUNGEN = 40;
const AEMTER = 20;

export async function run(): Promise<void> {
  const beginn = performance.now();
  console.log(`Suche – ${machine()}`);
  const { db, dir, url, close } = await benchDatabase();
  try {
    const ctx = await benchContext(db, dir);
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM suchindex");
    if (process.env.BENCH_WIEDERVERWENDEN && rows[0]!.n >= DOKUMENTE)
      console.log(`\nKorpus aus einem früheren Lauf wiederverwendet (${rows[0]!.n} Dokumente).`);
    else await korpus(ctx, db);

    const app = await buildApp(ctx);
    try {
      const akten = DOKUMENTE / 10;
      // Akten g with g % 20 = 0 belong to OE 63 (the clerk's); their Aktenzeichen are "S<g>/2025".
      const zeichen = [20, 20 * Math.floor(akten / 60), 20 * Math.floor(akten / 30), akten - (akten % 20)];
      const klassen: [string, Record<string, string>[]][] = [
        ["selten (Wort in ~10 Dokumenten)", SELTENE_WOERTER.slice(0, 4).map((q) => ({ q }))],
        [
          "häufig (Wort in vielen Dokumenten)",
          ["Antrag", "Genehmigung", "Landkreis", "Frist"].map((q) => ({ q })),
        ],
        [
          "zwei Wörter",
          ["Bauantrag Frist", "Widerspruch Gebühr", "Grundstück Stellungnahme", "Vertrag Vergabe"].map(
            (q) => ({
              q,
            }),
          ),
        ],
        ["Tippfehler", ["Genehmigunk", "Stellungnahem", "Grundstuck", "Ausschreibnug"].map((q) => ({ q }))],
        ["Teil eines Kompositums", ["Gebühr", "Beitrag", "Schutz", "Nachweis"].map((q) => ({ q }))],
        [
          "Aktenzeichen",
          [`S${zeichen[0]}/2025`, `S${zeichen[1]}/2025`, `S${zeichen[2]}/2025-1`, `S${zeichen[3]}/2025`].map(
            (q) => ({
              q,
            }),
          ),
        ],
        [
          "mit Facettenfilter",
          [
            { q: "Genehmigung", typ: "Bescheid" },
            { q: "Frist", jahr: "2025" },
            { q: "Stellungnahme", oe: "63" },
            { q: "Antrag", art: "dokument" },
          ],
        ],
      ];
      for (const [rolle, benutzername] of [
        ["Sachbearbeitung einer OE (sieht etwa 5 % der Akten)", "mueller"],
        ["Registratur (sieht alle Akten)", "registratur"],
      ] as const) {
        await messeRolle(ctx, app, rolle, benutzername, klassen);
      }
    } finally {
      await app.close();
    }
    console.log(
      `\nGesamtdauer der Suche (Korpus und Abfragen): ${fmt((performance.now() - beginn) / 1000, 0)} s.`,
    );
    await neuIndizierung(db, url, dir);
  } finally {
    await close();
  }
}

async function messeRolle(
  ctx: AppContext,
  app: FastifyInstance,
  rolle: string,
  benutzername: string,
  klassen: [string, Record<string, string>[]][],
): Promise<void> {
  const session: Session = await login(app, benutzername, PASSWORT);
  const { mitgliedschaften: _m, ...benutzer } = await getBenutzer(ctx, benutzername);
  const actor = await loadActor(ctx.db, benutzer, "sitzung");
  const profil = await profilFuer(ctx, actor);
  const leser = { schluessel: schluesselDesLesers(profil), profil };
  console.log(
    `\nAls ${rolle}, über HTTP mit Berechtigungsprüfung; daneben die blanke PostgreSQL-Abfrage (derselbe tsquery, ohne Rang und Berechtigung, die ersten ${KANDIDATEN + 1} Treffer):`,
  );
  for (const [name, anfragen] of klassen) {
    const frage = async (a: Record<string, string>) => {
      const r = await app.inject({ method: "GET", url: "/api/v1/suche", query: a, headers: session.headers });
      if (r.statusCode !== 200) throw new Error(`${JSON.stringify(a)}: ${r.statusCode} ${r.body}`);
      return r.json() as { anzahlText: string };
    };
    // The bare match runs the tsquery the search built (typo corrections included).
    const tsqueries = await Promise.all(
      anfragen.map(async (a) => repo.tsqueryText(ctx.db, (await suchanfrage(ctx, leser, a.q!)).worte)),
    );
    let treffer = "";
    for (const [i, a] of anfragen.entries()) {
      const r = await frage(a);
      await repo.nackteTreffer(ctx.db, tsqueries[i]!, KANDIDATEN + 1);
      treffer += `${Object.values(a).join(" + ")}: ${r.anzahlText}; `;
    }
    const http: number[] = [];
    const nackt: number[] = [];
    for (let i = 0; i < WIEDERHOLUNGEN; i++) {
      const k = i % anfragen.length;
      let t0 = performance.now();
      await frage(anfragen[k]!);
      http.push(performance.now() - t0);
      t0 = performance.now();
      await repo.nackteTreffer(ctx.db, tsqueries[k]!, KANDIDATEN + 1);
      nackt.push(performance.now() - t0);
    }
    const s = summary(http);
    const b = summary(nackt);
    console.log(
      `  ${name.padEnd(36)} p50 ${fmt(s.p50).padStart(6)} ms  p95 ${fmt(s.p95).padStart(6)} ms` +
        `  | blank p50 ${fmt(b.p50).padStart(6)} ms  p95 ${fmt(b.p95).padStart(6)} ms  | p95 ${fmt(s.p95 / b.p95)} × blank` +
        `  | Ziel p95 < 100 ms: ${s.p95 < 100 ? "erreicht" : "VERFEHLT"}   (${treffer.trim()})`,
    );
    if (process.env.BENCH_EXPLAIN) await erklaere(ctx, leser, anfragen[0]!);
  }
}

/** The plan of the candidate query for one request, with EXPLAIN (ANALYZE, BUFFERS). */
async function erklaere(ctx: AppContext, leser: repo.Leser, a: Record<string, string>): Promise<void> {
  const { q, art, jahr, ...rest } = a;
  const anfrage = await suchanfrage(ctx, leser, q!);
  const erklaerend: Queryable = {
    query: async <R extends object>(text: string, values?: unknown[]) => {
      if (text.startsWith("EXPLAIN")) return ctx.db.query(text, values) as never;
      const r = await ctx.db.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
      console.log(r.rows.map((z) => `      ${z["QUERY PLAN"]}`).join("\n"));
      return { ...r, rows: [] as R[] } as never;
    },
  };
  console.log(`    Plan für ${JSON.stringify(a)}:`);
  await repo.kandidaten(
    erklaerend,
    anfrage,
    leser,
    { ...rest, ...(art ? { art: art as repo.TrefferArt } : {}), ...(jahr ? { jahr: Number(jahr) } : {}) },
    KANDIDATEN + 1,
  );
}

/**
 * The corpus: Akten, Vorgänge and Dokumente set-based; the index rows' texts generated here and
 * loaded with COPY into a staging table; the vectors computed from it by the live index's own
 * expression (`suchvektorSql`) on two connections; then the indexes built.
 */
async function korpus(ctx: AppContext, db: Database): Promise<void> {
  const oes = await benchKreis(ctx, AEMTER);
  await createBenutzer(ctx, "system", {
    benutzername: "mueller",
    nachname: "Müller",
    passwort: PASSWORT,
    mitgliedschaften: [{ oe: "63", rolle: "Sachbearbeitung" }],
  });
  await createBenutzer(ctx, "system", {
    benutzername: "registratur",
    nachname: "Krüger",
    passwort: PASSWORT,
    mitgliedschaften: [{ oe: "10", rolle: "Registratur" }],
  });
  const akten = DOKUMENTE / 10;
  const phase = (() => {
    let t = performance.now();
    return (was: string) => {
      const jetzt = performance.now();
      console.log(`  ${was.padEnd(58)} ${fmt((jetzt - t) / 1000, 0).padStart(5)} s`);
      t = jetzt;
    };
  })();
  const start = performance.now();
  console.log(`\nKorpus aus ${DOKUMENTE.toLocaleString("de-DE")} Dokumenten:`);
  await db.query(
    `INSERT INTO akte (aktenplaneinheit_id, aktenzeichen, lfdnr, jahr, betreff, federfuehrende_oe_id, erstellt_am, geaendert_am)
     SELECT (SELECT id FROM aktenplaneinheit WHERE kennzeichen = '63.10'), 'S' || g || '/2025', g, 2025, 'Vorgangsakte ' || g,
            ($1::uuid[])[1 + (g % ${AEMTER})], now() - make_interval(days => g % 700), now()
     FROM generate_series(1, $2::int) g`,
    [oes, akten],
  );
  await db.query(
    "INSERT INTO vorgang (akte_id, nr, betreff, erstellt_am, geaendert_am) SELECT id, 1, 'Vorgang', erstellt_am, erstellt_am FROM akte",
  );
  await db.query(
    `INSERT INTO dokument (vorgang_id, typ, titel, aktuelle_version, erstellt_am, geaendert_am)
     SELECT v.id, (ARRAY['Eingang','Ausgang','Vermerk','Bescheid'])[1 + (n % 4)], 'Schreiben ' || n, 1, v.erstellt_am, v.erstellt_am
     FROM vorgang v, generate_series(1, 10) n`,
  );
  await db.query("ANALYZE akte, vorgang, dokument");
  phase("Akten, Vorgänge, Dokumente (INSERT … SELECT)");

  // The index's own indexes go and come back after loading, as their definitions say.
  const { rows: indizes } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
     WHERE tablename IN ('suchindex', 'suchwort') AND indexname NOT IN ('suchindex_pkey', 'suchwort_pkey')`,
  );
  for (const i of indizes) await db.query(`DROP INDEX ${i.indexname}`);
  await db.query("CREATE UNLOGGED TABLE bench_text (teil int, id uuid, text text, teile text)");

  const { rows: doks } = await db.query<{ id: string }>("SELECT id FROM dokument ORDER BY id");
  // Rare words: each in 10 documents the clerk may read (OE 63), so "rare" means rare hits.
  const { rows: seltenIds } = await db.query<{ id: string }>(
    "SELECT d.id FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id JOIN akte a ON a.id = v.akte_id WHERE a.federfuehrende_oe_id = $1 ORDER BY d.id LIMIT $2",
    [oes[0], SELTENE_WOERTER.length * 10],
  );
  const seltenFuer = new Map(seltenIds.map((r, i) => [r.id, SELTENE_WOERTER[i % SELTENE_WOERTER.length]!]));
  const rnd = zufall(7);
  // The parts of a text are the parts of its words: computed once per word.
  const teileJeWort = new Map<string, string[]>();
  const lexikon = new Set<string>();
  const BATCH = 10_000;
  for (let i = 0; i < doks.length; i += BATCH) {
    const zeilen = doks.slice(i, i + BATCH).map((d, j): string[] => {
      const text = deutscherText(rnd, 180, seltenFuer.get(d.id));
      const teile = new Set<string>();
      for (const w of new Set(woerter(`Schreiben ${text}`))) {
        let t = teileJeWort.get(w);
        if (!t) {
          t = teileAllerWoerter(w);
          teileJeWort.set(w, t);
          if (w.length >= 4 && w.length <= 40) lexikon.add(w);
        }
        for (const x of t) teile.add(x);
      }
      return [String((i + j) % 2), d.id, text, [...teile].join(" ")];
    });
    await kopiere(db, "bench_text", ["teil", "id", "text", "teile"], zeilen);
  }
  phase(`Texte erzeugt und mit COPY geladen (${doks.length.toLocaleString("de-DE")} Zeilen)`);

  // The vectors, by the live index's expression, on two connections.
  await Promise.all(
    [0, 1].map((teil) =>
      db.query(
        `INSERT INTO suchindex (dokument_id, tsv, inhalt, aktualisiert_am, sichtbar_fuer)
         SELECT t.id, ${repo.suchvektorSql("d.titel", "concat_ws(' ', d.typ, d.absender, d.empfaenger, v.betreff, a.betreff)", "concat_ws(' ', a.aktenzeichen, d.fremdes_geschaeftszeichen, a.aktenzeichen || '-' || v.nr)", "t.text", "t.teile")},
                left(d.titel || E'\\n' || t.text, 100000), now(), ARRAY['oe:' || a.federfuehrende_oe_id, 'registratur']
         FROM bench_text t JOIN dokument d ON d.id = t.id JOIN vorgang v ON v.id = d.vorgang_id JOIN akte a ON a.id = v.akte_id
         WHERE t.teil = $1`,
        [teil],
      ),
    ),
  );
  // Each Dokument a version with its recognised text, as an upload leaves it: what a re-index reads.
  const sha = "0".repeat(64);
  await db.query(
    "INSERT INTO blob (sha256, groesse, erstellt_am) VALUES ($1, 1000, now()) ON CONFLICT DO NOTHING",
    [sha],
  );
  await db.query(
    `INSERT INTO dokument_version (dokument_id, nr, sha256, dateiname, originaldateiname, mime_typ, groesse, erstellt_am)
     SELECT id, 1, $1, 'schreiben.pdf', 'schreiben.pdf', 'application/pdf', 1000, erstellt_am FROM dokument`,
    [sha],
  );
  await db.query(
    `INSERT INTO dokument_inhalt (dokument_id, nr, status, quelle, text, seiten, aktualisiert_am)
     SELECT id, 1, 'fertig', 'textlayer', text, 1, now() FROM bench_text`,
  );
  await db.query("DROP TABLE bench_text");
  await kopiere(
    db,
    "suchwort",
    ["wort"],
    [...lexikon].map((w) => [w]),
  );
  phase("Suchvektoren berechnet (to_tsvector, zwei Verbindungen), Versionen und Texte");

  // The indexes after loading, two at a time, each with room to sort.
  const offen = [...indizes];
  await Promise.all(
    [0, 1].map(async () => {
      const client = await db.pool.connect();
      try {
        await client.query("SET maintenance_work_mem = '512MB'");
        for (let i = offen.shift(); i; i = offen.shift()) await client.query(i.indexdef);
      } finally {
        client.release();
      }
    }),
  );
  phase(`Indizes aufgebaut (${indizes.map((i) => i.indexname).join(", ")})`);
  await db.query("VACUUM ANALYZE suchindex");
  await db.query("ANALYZE suchwort");
  phase("VACUUM ANALYZE");
  console.log(`  ${"zusammen".padEnd(58)} ${fmt((performance.now() - start) / 1000, 0).padStart(5)} s`);
}

/**
 * The re-index of the whole corpus by the real program: `aktenwerk suche neu-indizieren --alle`,
 * killed with SIGKILL after BENCH_NEUINDEX_SEKUNDEN (default 60), then started again without
 * `--alle`, which must continue where the first stopped (its rows stay done). Prints the rate of
 * the second run, the time a whole re-index takes at that rate, and the peak resident memory of
 * each run (VmRSS every 100 ms; goal < 1 GB). BENCH_NEUINDEX_VOLL=1 lets the second run finish.
 */
async function neuIndizierung(db: Database, url: string, dir: string): Promise<void> {
  const sekunden = Number(process.env.BENCH_NEUINDEX_SEKUNDEN ?? 60);
  console.log(`\nNeuindizierung (\`aktenwerk suche neu-indizieren\`, das echte Programm):`);
  if (!existsSync(new URL("../dist/server/cli.js", import.meta.url))) {
    console.log(`  übersprungen: das Programm ist nicht gebaut (\`npm run build\`).`);
    return;
  }
  const zaehle = async () =>
    (
      await db.query<{ aktuell: number; gesamt: number }>(
        "SELECT count(*) FILTER (WHERE fassung = $1)::int AS aktuell, count(*)::int AS gesamt FROM suchindex",
        [SUCHINDEX_FASSUNG],
      )
    ).rows[0]!;
  const lauf = async (args: string[], frist: number | null) => {
    const vorher = await zaehle();
    const child = spawn(process.execPath, [BIN, "suche", "neu-indizieren", ...args], {
      env: { ...childEnv(dir), DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let ausgabe = "";
    child.stdout.on("data", (d: Buffer) => (ausgabe += d.toString()));
    child.stderr.on("data", (d: Buffer) => (ausgabe += d.toString()));
    const ende = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    let spitze = 0;
    const probe = setInterval(() => void vmRss(child.pid!).then((r) => (spitze = Math.max(spitze, r))), 100);
    const start = performance.now();
    const abgelaufen =
      frist === null ? null : new Promise<"frist">((r) => setTimeout(() => r("frist"), frist * 1000));
    const getoetet = abgelaufen ? (await Promise.race([ende, abgelaufen])) === "frist" : false;
    if (getoetet) child.kill("SIGKILL");
    const code = await ende;
    clearInterval(probe);
    const ms = performance.now() - start;
    const nachher = await zaehle();
    if (!getoetet && code !== 0) throw new Error(`neu-indizieren endete mit ${code}: ${ausgabe}`);
    return { vorher, nachher, ms, spitze, getoetet, ausgabe };
  };
  const mb = (b: number) => `${fmt(b / 1024 / 1024, 0)} MB`;
  const erster = await lauf(["--alle"], sekunden);
  console.log(
    `  1. Lauf mit --alle: nach ${fmt(erster.ms / 1000, 0)} s ${erster.getoetet ? "mit kill -9 beendet" : "fertig"}; ` +
      `${erster.nachher.aktuell.toLocaleString("de-DE")} von ${erster.nachher.gesamt.toLocaleString("de-DE")} Dokumenten neu indiziert; RSS-Spitze ${mb(erster.spitze)}.`,
  );
  const zweiter = await lauf([], process.env.BENCH_NEUINDEX_VOLL ? null : sekunden);
  const geschafft = zweiter.nachher.aktuell - zweiter.vorher.aktuell;
  const rate = geschafft / (zweiter.ms / 1000);
  console.log(
    `  2. Lauf ohne --alle: setzte bei ${zweiter.vorher.aktuell.toLocaleString("de-DE")} fort ` +
      `(${zweiter.vorher.aktuell === erster.nachher.aktuell ? "nichts verloren, nichts doppelt" : "ABWEICHUNG zum 1. Lauf"}); ` +
      `nach ${fmt(zweiter.ms / 1000, 0)} s ${zweiter.getoetet ? "mit kill -9 beendet" : "fertig"}: ${zweiter.nachher.aktuell.toLocaleString("de-DE")} von ${zweiter.nachher.gesamt.toLocaleString("de-DE")}; RSS-Spitze ${mb(zweiter.spitze)}.`,
  );
  const ganz = zweiter.nachher.gesamt / rate;
  const spitze = Math.max(erster.spitze, zweiter.spitze);
  console.log(
    `  Rate ${fmt(rate, 0)} Dokumente/s → ganzer Korpus in etwa ${fmt(ganz / 60, 0)} min; ` +
      `RSS-Spitze ${mb(spitze)}   Ziel < 1 GB: ${spitze < 1024 ** 3 ? "erreicht" : "VERFEHLT"}`,
  );
}
