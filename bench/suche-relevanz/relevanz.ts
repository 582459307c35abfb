import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/server/app.js";
import { createWorker } from "../../src/server/main.js";
import {
  createBenutzer,
  createOrganisationseinheit,
  getBenutzer,
  loadActor,
} from "../../src/server/modules/access/access.service.js";
import { importAktenplanCsv } from "../../src/server/modules/aktenplan/aktenplan.service.js";
import { suche } from "../../src/server/modules/suche/suche.service.js";
import type { AppContext } from "../../src/server/platform/context.js";
import { login, type Session } from "../../test/helpers/factories.js";
import { multipart } from "../../test/helpers/multipart.js";
import { TEST_AKTENPLAN } from "../../test/helpers/schriftgut.js";
import { deutscherText, zufall } from "../texte.js";
import { ANFRAGEN, braucheKorpus, type Anfrage, type Klasse, type Zeichen } from "./anfragen.js";
import { AKTEN, BRIEFE, KORPUS_DATEIEN } from "./korpus.js";

/**
 * The relevance set, loaded into an empty Aktenwerk through its API (upload, text recognition,
 * indexing as in production) and measured: recall@10 and MRR per query, per class and overall,
 * for our search and, as the floor, for PostgreSQL's plain `german` full-text search over the same
 * texts (websearch_to_tsquery: quoted phrases and "-wort" included, no decompounding, no umlaut
 * spellings, no typo tolerance).
 */

/** The shared test corpus beside the repository (absent: its queries are skipped with a reason). */
export const KORPUS_VERZEICHNIS = path.resolve(import.meta.dirname, "../../../shared/corpus");

export interface Geladen {
  ctx: AppContext;
  app: FastifyInstance;
  /** Dokument id → key of the letter or file. */
  schluessel: Map<string, string>;
  zeichen: Zeichen;
  /** Dokument id → the reference numbers it carries (for the floor's text). */
  zeichenDesDokuments: Map<string, string>;
  mitKorpus: boolean;
}

const PASSWORT = "Relevanz-Passwort-1";

async function json(app: FastifyInstance, session: Session, url: string, payload: Record<string, unknown>) {
  const r = await app.inject({ method: "POST", url: `/api/v1${url}`, headers: session.headers, payload });
  if (r.statusCode !== 201) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}

async function hochladen(
  app: FastifyInstance,
  session: Session,
  vorgangId: string,
  datei: { filename: string; content: Buffer },
  metadaten: Record<string, string>,
): Promise<string> {
  const { payload, headers } = multipart({ metadaten: { typ: "Eingang", ...metadaten } }, datei);
  const r = await app.inject({
    method: "POST",
    url: `/api/v1/vorgaenge/${vorgangId}/dokumente`,
    headers: { ...session.headers, ...headers },
    payload,
  });
  if (r.statusCode !== 201) throw new Error(`${datei.filename}: ${r.statusCode} ${r.body}`);
  return r.json().id as string;
}

/**
 * Loads the set into the (empty, migrated) database of `ctx`: an Amt with a clerk, one Akte per
 * topic, the letters, `fueller` generated letters as noise, and the corpus files if present.
 */
export async function ladeRelevanzset(
  ctx: AppContext,
  optionen: { fueller?: number; korpus?: string } = {},
): Promise<Geladen> {
  const korpus = optionen.korpus ?? KORPUS_VERZEICHNIS;
  const mitKorpus = existsSync(path.join(korpus, "SOURCES.md"));
  for (const [kuerzel, name] of [
    ["63", "Bauaufsicht"],
    ["51", "Jugendamt"],
    ["11", "Personalamt"],
  ] as const)
    await createOrganisationseinheit(ctx, "system", { name, kuerzel, art: "Amt" });
  await importAktenplanCsv(ctx, "system", TEST_AKTENPLAN);
  await createBenutzer(ctx, "system", {
    benutzername: "relevanz",
    nachname: "Prüfer",
    passwort: PASSWORT,
    mitgliedschaften: [{ oe: "63", rolle: "Sachbearbeitung" }],
  });
  const app = await buildApp(ctx);
  const session = await login(app, "relevanz", PASSWORT);
  const akten = new Map<string, { vorgangId: string; aktenzeichen: string; vorgangszeichen: string }>();
  for (const [name, betreff] of Object.entries({ ...AKTEN, allgemein: "Allgemeiner Schriftverkehr" })) {
    const akte = await json(app, session, "/akten", {
      aktenplaneinheit: "63.20",
      betreff,
      federfuehrendeOe: "63",
    });
    const vorgang = await json(app, session, `/akten/${akte.id}/vorgaenge`, { betreff });
    akten.set(name, {
      vorgangId: vorgang.id,
      aktenzeichen: akte.aktenzeichen,
      vorgangszeichen: vorgang.zeichen,
    });
  }
  const schluessel = new Map<string, string>();
  const zeichenDesDokuments = new Map<string, string>();
  const merke = (id: string, key: string, akte: string, fremd = "") => {
    schluessel.set(id, key);
    const a = akten.get(akte)!;
    zeichenDesDokuments.set(id, `${a.aktenzeichen} ${a.vorgangszeichen} ${fremd}`);
  };
  // Noise first and last, so that the letters are indexed amid a growing lexicon.
  const rnd = zufall(16);
  const fueller = optionen.fueller ?? 100;
  const fuellerHochladen = async (von: number, bis: number) => {
    for (let i = von; i < bis; i++) {
      const id = await hochladen(
        app,
        session,
        akten.get("allgemein")!.vorgangId,
        { filename: `schreiben-${i}.txt`, content: Buffer.from(deutscherText(rnd, 150)) },
        { titel: `Schreiben ${i + 1}` },
      );
      merke(id, `fueller_${i}`, "allgemein");
    }
  };
  await fuellerHochladen(0, Math.floor(fueller / 2));
  for (const b of BRIEFE) {
    const id = await hochladen(
      app,
      session,
      akten.get(b.akte)!.vorgangId,
      { filename: `${b.schluessel}.txt`, content: Buffer.from(b.text) },
      {
        titel: b.titel,
        ...(b.fremdesGeschaeftszeichen ? { fremdesGeschaeftszeichen: b.fremdesGeschaeftszeichen } : {}),
      },
    );
    merke(id, b.schluessel, b.akte, b.fremdesGeschaeftszeichen);
  }
  if (mitKorpus)
    for (const [i, f] of KORPUS_DATEIEN.entries()) {
      const id = await hochladen(
        app,
        session,
        akten.get("allgemein")!.vorgangId,
        { filename: f.datei, content: await readFile(path.join(korpus, f.datei)) },
        { titel: `Eingang ${i + 1} aus dem Testkorpus` },
      );
      merke(id, f.schluessel, "allgemein");
    }
  await fuellerHochladen(Math.floor(fueller / 2), fueller);
  await createWorker(ctx, 2).drain();
  const zeichen: Zeichen = {
    aktenzeichen: (akte) => akten.get(akte)!.aktenzeichen,
    vorgangszeichen: (akte) => akten.get(akte)!.vorgangszeichen,
  };
  return { ctx, app, schluessel, zeichen, zeichenDesDokuments, mitKorpus };
}

export interface Ergebnis {
  anfrage: Anfrage;
  q: string;
  /** The keys of the first ten hits. */
  treffer: string[];
  recall: number;
  rr: number;
}

export interface Kennzahlen {
  n: number;
  recall: number;
  mrr: number;
}

export interface Bericht {
  /** Milliseconds per query: ours (HTTP-less service call with permissions) and the floor's. */
  zeiten: { unsere: number[]; basis: number[] };
  unsere: Ergebnis[];
  basis: Ergebnis[];
  gesamt: { unsere: Kennzahlen; basis: Kennzahlen };
  klassen: { klasse: Klasse; unsere: Kennzahlen; basis: Kennzahlen }[];
  /** Why queries were left out (e.g. the corpus is missing). */
  ausgelassen: string | null;
}

function bewerte(anfrage: Anfrage, q: string, treffer: string[]): Ergebnis {
  const top = treffer.slice(0, 10);
  const gefunden = anfrage.erwartet.filter((e) => top.includes(e)).length;
  const erster = top.findIndex((t) => anfrage.erwartet.includes(t));
  return {
    anfrage,
    q,
    treffer: top,
    recall: gefunden / anfrage.erwartet.length,
    rr: erster < 0 ? 0 : 1 / (erster + 1),
  };
}

function kennzahlen(ergebnisse: Ergebnis[]): Kennzahlen {
  const n = ergebnisse.length;
  const summe = (f: (e: Ergebnis) => number) => ergebnisse.reduce((s, e) => s + f(e), 0);
  return { n, recall: n ? summe((e) => e.recall) / n : 0, mrr: n ? summe((e) => e.rr) / n : 0 };
}

/** Runs every query as the clerk (Dokumente, first page of ten), ours and the floor, and sums up. */
export async function messeRelevanz(geladen: Geladen): Promise<Bericht> {
  const { ctx, schluessel } = geladen;
  const { mitgliedschaften: _m, ...benutzer } = await getBenutzer(ctx, "relevanz");
  const actor = await loadActor(ctx.db, benutzer, "sitzung");
  const anfragen = ANFRAGEN.filter((a) => geladen.mitKorpus || !braucheKorpus(a));
  // The floor: plain PostgreSQL over the same texts (title, recognised text, reference numbers).
  const { rows: texte } = await ctx.db.query<{ id: string; inhalt: string }>(
    "SELECT dokument_id AS id, inhalt FROM suchindex",
  );
  const ids = texte.map((t) => t.id);
  const basisTexte = texte.map((t) => `${t.inhalt} ${geladen.zeichenDesDokuments.get(t.id) ?? ""}`);
  const unsere: Ergebnis[] = [];
  const basis: Ergebnis[] = [];
  const zeiten = { unsere: [] as number[], basis: [] as number[] };
  for (const anfrage of anfragen) {
    const q = typeof anfrage.q === "function" ? anfrage.q(geladen.zeichen) : anfrage.q;
    let t0 = performance.now();
    const r = await suche(ctx, actor, q, { art: "dokument" }, { limit: 10, offset: 0 });
    zeiten.unsere.push(performance.now() - t0);
    unsere.push(
      bewerte(
        anfrage,
        q,
        r.treffer.map((t) => schluessel.get(t.dokument!.id) ?? "?"),
      ),
    );
    t0 = performance.now();
    const { rows } = await ctx.db.query<{ id: string }>(
      `WITH b AS (SELECT id, to_tsvector('german', text) AS tsv FROM unnest($1::uuid[], $2::text[]) AS t(id, text))
       SELECT id FROM b WHERE tsv @@ websearch_to_tsquery('german', $3)
       ORDER BY ts_rank(tsv, websearch_to_tsquery('german', $3)) DESC, id LIMIT 10`,
      [ids, basisTexte, q],
    );
    zeiten.basis.push(performance.now() - t0);
    basis.push(
      bewerte(
        anfrage,
        q,
        rows.map((x) => schluessel.get(x.id) ?? "?"),
      ),
    );
  }
  const klassen = [...new Set(anfragen.map((a) => a.klasse))].map((klasse) => ({
    klasse,
    unsere: kennzahlen(unsere.filter((e) => e.anfrage.klasse === klasse)),
    basis: kennzahlen(basis.filter((e) => e.anfrage.klasse === klasse)),
  }));
  return {
    zeiten,
    unsere,
    basis,
    gesamt: { unsere: kennzahlen(unsere), basis: kennzahlen(basis) },
    klassen,
    ausgelassen: geladen.mitKorpus
      ? null
      : `Testkorpus fehlt unter ${KORPUS_VERZEICHNIS}: ${ANFRAGEN.filter(braucheKorpus).length} Anfragen ausgelassen.`,
  };
}

const zahl = (x: number) => x.toLocaleString("de-DE", { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const verhaeltnis = (a: number, b: number) =>
  b > 0 ? `${(a / b).toLocaleString("de-DE", { maximumFractionDigits: 2 })} ×` : "–";

/** The report as lines: overall, per class (ours, floor, ratio), and every query ours misses. */
export function berichtZeilen(bericht: Bericht): string[] {
  const zeile = (name: string, u: Kennzahlen, b: Kennzahlen) =>
    `  ${name.padEnd(18)} ${String(u.n).padStart(3)}   recall@10 ${zahl(u.recall)}  MRR ${zahl(u.mrr)}   | Boden: recall@10 ${zahl(b.recall)}  MRR ${zahl(b.mrr)}   | Verhältnis recall ${verhaeltnis(u.recall, b.recall)}`;
  const out = [
    "Klasse               n   Aktenwerk-Suche                       | PostgreSQL german (websearch_to_tsquery), gleiche Texte",
    zeile("gesamt", bericht.gesamt.unsere, bericht.gesamt.basis),
    ...bericht.klassen.map((k) => zeile(k.klasse, k.unsere, k.basis)),
    `Ziel recall@10 ≥ 0,95: ${bericht.gesamt.unsere.recall >= 0.95 ? "erreicht" : "VERFEHLT"}`,
  ];
  const fehler = bericht.unsere.filter((e) => e.recall < 1);
  if (fehler.length) {
    out.push("Nicht (ganz) gefunden:");
    for (const e of fehler)
      out.push(
        `  [${e.anfrage.klasse}] ${e.q}: fehlt ${e.anfrage.erwartet.filter((x) => !e.treffer.includes(x)).join(", ")} (Treffer: ${e.treffer.slice(0, 5).join(", ") || "keine"})`,
      );
  }
  if (bericht.ausgelassen) out.push(bericht.ausgelassen);
  return out;
}
