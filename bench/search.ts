import { createBenutzer, getBenutzer, loadActor } from "../src/server/modules/access/access.service.js";
import { teileAllerWoerter, woerter } from "../src/server/modules/suche/deutsch.js";
import { suche } from "../src/server/modules/suche/suche.service.js";
import { benchContext, benchDatabase, benchKreis, fmt, machine, summary } from "./harness.js";
import { deutscherText, SELTENE_WOERTER, zufall } from "./texte.js";

const DOKUMENTE = Number(process.env.BENCH_DOKUMENTE ?? 100_000);

export async function run(): Promise<void> {
  console.log(`Suche – ${machine()}`);
  const { db, dir, close } = await benchDatabase();
  try {
    const ctx = await benchContext(db, dir);
    const oes = await benchKreis(ctx, 20);
    await createBenutzer(ctx, "system", {
      benutzername: "mueller",
      nachname: "Müller",
      mitgliedschaften: [{ oe: "63", rolle: "Sachbearbeitung" }],
    });
    const akten = DOKUMENTE / 10;
    const start = performance.now();
    await db.query("INSERT INTO blob (sha256, groesse, erstellt_am) VALUES (repeat('a', 64), 1, now())");
    await db.query(
      `INSERT INTO akte (aktenplaneinheit_id, aktenzeichen, lfdnr, jahr, betreff, federfuehrende_oe_id, erstellt_am, geaendert_am)
       SELECT (SELECT id FROM aktenplaneinheit WHERE kennzeichen = '63.10'), 'S' || g || '/2025', g, 2025, 'Vorgangsakte ' || g,
              ($1::uuid[])[1 + (g % 20)], now() - make_interval(days => g % 700), now()
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
    const { rows: doks } = await db.query<{ id: string }>("SELECT id FROM dokument ORDER BY id");
    // Rare words: each in 10 documents the clerk may read (OE 63), so "rare" means rare hits.
    const { rows: seltenIds } = await db.query<{ id: string }>(
      "SELECT d.id FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id JOIN akte a ON a.id = v.akte_id WHERE a.federfuehrende_oe_id = $1 ORDER BY d.id LIMIT $2",
      [oes[0], SELTENE_WOERTER.length * 10],
    );
    const seltenFuer = new Map(seltenIds.map((r, i) => [r.id, SELTENE_WOERTER[i % SELTENE_WOERTER.length]!]));
    const rnd = zufall(7);
    for (let i = 0; i < doks.length; i += 500) {
      const batch = doks.slice(i, i + 500);
      const texte = batch.map((d) => deutscherText(rnd, 180, seltenFuer.get(d.id)));
      // The same expression the live index uses (suche.service.ts), set-based for speed.
      await db.query(
        `INSERT INTO suchindex (dokument_id, tsv, inhalt, aktualisiert_am, sichtbar_fuer)
         SELECT t.id, setweight(to_tsvector('german', text), 'C') || setweight(to_tsvector('german', teile), 'D'), left(text, 100000), now(),
                ARRAY['oe:' || a.federfuehrende_oe_id, 'registratur']
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, text, teile)
         JOIN dokument d ON d.id = t.id JOIN vorgang v ON v.id = d.vorgang_id JOIN akte a ON a.id = v.akte_id`,
        [batch.map((d) => d.id), texte, texte.map((t) => teileAllerWoerter(t).join(" "))],
      );
      const lexikon = [...new Set(texte.flatMap((t) => woerter(t)).filter((w) => w.length >= 4))];
      await db.query("INSERT INTO suchwort (wort) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", [
        lexikon,
      ]);
    }
    await db.query("ANALYZE");
    console.log(
      `\n${doks.length.toLocaleString("de-DE")} Dokumente mit je etwa 180 Wörtern deutschem Verwaltungstext indiziert in ${fmt((performance.now() - start) / 1000, 0)} s.`,
    );

    const { mitgliedschaften: _m, ...benutzer } = await getBenutzer(ctx, "mueller");
    const actor = await loadActor(db, benutzer, "sitzung");
    const klassen: [string, string[]][] = [
      ["selten (ein Wort in ~10 Dokumenten)", SELTENE_WOERTER.slice(0, 4)],
      ["häufig (Wort in vielen Dokumenten)", ["Antrag", "Genehmigung", "Landkreis", "Frist"]],
      [
        "zwei Wörter",
        ["Bauantrag Frist", "Widerspruch Gebühr", "Grundstück Stellungnahme", "Vertrag Vergabe"],
      ],
      ["Tippfehler", ["Genehmigunk", "Stellungnahem", "Grundstuck", "Ausschreibnug"]],
    ];
    console.log("\nAls Sachbearbeitung einer OE (sieht etwa 5 % der Akten; Berechtigung in der Abfrage):");
    for (const [name, anfragen] of klassen) {
      await suche(ctx, actor, anfragen[0]!);
      const zeiten: number[] = [];
      let treffer = "";
      for (let i = 0; i < 60; i++) {
        const t0 = performance.now();
        const r = await suche(ctx, actor, anfragen[i % anfragen.length]!);
        zeiten.push(performance.now() - t0);
        if (i < anfragen.length) treffer += `${anfragen[i]}: ${r.anzahlText}; `;
      }
      const s = summary(zeiten);
      console.log(
        `  ${name.padEnd(38)} p50 ${fmt(s.p50, 1).padStart(6)} ms  p95 ${fmt(s.p95, 1).padStart(6)} ms  Ziel p95 < 100 ms: ${s.p95 < 100 ? "erreicht" : "VERFEHLT"}   (${treffer.trim()})`,
      );
    }
  } finally {
    await close();
  }
}
