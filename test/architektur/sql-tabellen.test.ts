import { describe, expect, it } from "vitest";
import { eigentumAusSql, istSql, tabellenBezuege } from "../../eslint/sql-tabellen.js";
import { importeVon, parse, sqlLiterale, zielart, zyklen } from "../../scripts/architektur.js";

// Which tables a piece of SQL names: the measurement (scripts/architektur.ts) and the lint rule
// aktenwerk/fremde-tabellen both count on it.

const TABELLEN = new Set([
  "akte",
  "vorgang",
  "dokument",
  "benutzer",
  "job",
  "blob",
  "schritt",
  "geschaeftsgang",
]);

/** The mentions as "table:R" or "table:W". */
function bezuege(sql: string): string[] {
  return tabellenBezuege(sql, TABELLEN).map((b) => `${b.tabelle}:${b.schreibend ? "W" : "R"}`);
}

describe("istSql", () => {
  it("takes statements at the start in any case, and capital statements inside", () => {
    expect(istSql("SELECT id FROM akte")).toBe(true);
    expect(istSql("  select id from akte")).toBe(true);
    expect(istSql("INSERT INTO job (art) VALUES ($1)")).toBe(true);
    expect(istSql("UPDATE vorgang v SET frist = NULL")).toBe(true);
    expect(istSql("DELETE FROM blob WHERE sha256 = $1")).toBe(true);
    expect(istSql("WITH RECURSIVE t (id) AS (SELECT 1) SELECT * FROM t")).toBe(true);
    expect(istSql("LOCK TABLE protokoll IN EXCLUSIVE MODE")).toBe(true);
    expect(istSql("TRUNCATE suchwort")).toBe(true);
    expect(istSql("CREATE TABLE IF NOT EXISTS schema_migration (name text)")).toBe(true);
    expect(istSql("EXPLAIN (FORMAT JSON) SELECT id FROM akte")).toBe(true);
  });

  it("leaves words and sentences alone", () => {
    expect(istSql("delete")).toBe(false);
    expect(istSql("update")).toBe(false);
    expect(istSql("select")).toBe(false);
    expect(istSql("Die Akte wurde aus dem Aktenplan entfernt.")).toBe(false);
    expect(istSql("with care")).toBe(false);
    expect(istSql("akte.geloescht")).toBe(false);
  });
});

describe("tabellenBezuege", () => {
  it("finds reads after FROM, JOIN and USING, with aliases and comma lists", () => {
    expect(
      bezuege("SELECT * FROM akte a JOIN vorgang v ON v.akte_id = a.id LEFT JOIN dokument d ON true"),
    ).toEqual(["akte:R", "vorgang:R", "dokument:R"]);
    expect(
      bezuege(
        "SELECT 1 FROM akte a, vorgang AS v, unnest($1::uuid[]) AS x (id), LATERAL (SELECT 1) y, benutzer",
      ),
    ).toEqual(["akte:R", "vorgang:R", "benutzer:R"]);
    expect(bezuege('SELECT 1 FROM public.akte, "vorgang"')).toEqual(["akte:R", "vorgang:R"]);
  });

  it("finds writes: INSERT INTO, UPDATE, DELETE FROM, TRUNCATE; the tables they read stay reads", () => {
    expect(bezuege("INSERT INTO job (art) SELECT 'x' FROM akte")).toEqual(["job:W", "akte:R"]);
    expect(bezuege("UPDATE benutzer n SET x = 1 FROM benutzer v WHERE v.id = n.id")).toEqual([
      "benutzer:W",
      "benutzer:R",
    ]);
    expect(bezuege("DELETE FROM schritt s USING geschaeftsgang g WHERE g.id = s.geschaeftsgang_id")).toEqual([
      "schritt:W",
      "geschaeftsgang:R",
    ]);
    expect(bezuege("TRUNCATE TABLE ONLY blob, job")).toEqual(["blob:W", "job:W"]);
    expect(bezuege("LOCK TABLE akte IN SHARE MODE")).toEqual(["akte:R"]);
  });

  it("ignores row locks, upserts, DISTINCT FROM, unknown tables, comments and string constants", () => {
    expect(bezuege("SELECT id FROM job WHERE status = 'wartend' FOR UPDATE SKIP LOCKED")).toEqual(["job:R"]);
    expect(bezuege("SELECT 1 FROM akte FOR NO KEY UPDATE OF akte")).toEqual(["akte:R"]);
    expect(bezuege("INSERT INTO blob VALUES ($1) ON CONFLICT (sha256) DO UPDATE SET groesse = 1")).toEqual([
      "blob:W",
    ]);
    expect(bezuege("SELECT 1 WHERE a IS DISTINCT FROM vorgang")).toEqual([]);
    expect(bezuege("SELECT 1 FROM sonstwas JOIN (SELECT 1) x ON true")).toEqual([]);
    expect(bezuege("SELECT 1 -- FROM akte\n /* JOIN vorgang */ WHERE x = 'FROM dokument'")).toEqual([]);
    expect(bezuege("SELECT $1 FROM akte WHERE t = $$ FROM vorgang $$")).toEqual(["akte:R"]);
  });
});

describe("eigentumAusSql", () => {
  it("takes the last COMMENT ON TABLE per table and lists the tables without one", () => {
    const e = eigentumAusSql([
      "CREATE TABLE akte (id uuid);\nCREATE TABLE IF NOT EXISTS job (id bigint);\n-- CREATE TABLE kommentar (x int);\nCREATE TABLE alt (x int);",
      "COMMENT ON TABLE akte IS 'Modul: akten';\nCOMMENT ON TABLE akte IS 'Modul: schriftgut';\nALTER TABLE alt RENAME TO neu;\nCREATE TABLE weg (x int);\nDROP TABLE weg;",
    ]);
    expect(e.tabellen).toEqual(["akte", "job", "neu"]);
    expect([...e.eigentum]).toEqual([["akte", "schriftgut"]]);
    expect(e.ohneEigentuemer).toEqual(["job", "neu"]);
  });
});

describe("scripts/architektur.ts", () => {
  it("extracts SQL literals from TypeScript: strings, templates, fragments inside them and continuations", () => {
    const datei = parse(
      "src/server/modules/workflow/x.service.ts",
      [
        'const A = "SELECT id FROM akte WHERE id = $1";',
        'const B = `SELECT v.id FROM vorgang v ${mitDokument ? "JOIN dokument d ON d.vorgang_id = v.id" : ""} WHERE v.id = ${1}`;',
        "const C = `${A} JOIN benutzer b ON b.id = a.erstellt_von WHERE a.id = $1`;",
        'const D = "Die Akte gibt es nicht.";',
        "const E = `INSERT INTO job (art) VALUES ($1)`;",
        'import x from "./FROM akte.js";',
      ].join("\n"),
    );
    const literale = sqlLiterale(datei, TABELLEN);
    expect(
      literale.map((l) => ({
        zeile: l.zeile,
        fortsetzung: l.fortsetzung,
        bezuege: l.bezuege.map((b) => `${b.tabelle}:${b.schreibend ? "W" : "R"}`),
      })),
    ).toEqual([
      { zeile: 1, fortsetzung: false, bezuege: ["akte:R"] },
      { zeile: 2, fortsetzung: false, bezuege: ["vorgang:R", "dokument:R"] },
      { zeile: 3, fortsetzung: true, bezuege: ["benutzer:R"] },
      { zeile: 5, fortsetzung: false, bezuege: ["job:W"] },
    ]);
  });

  it("reads imports, re-exports, dynamic imports and type imports; type-only is what TypeScript erases", () => {
    const datei = parse(
      "src/server/modules/akten/akten.service.ts",
      [
        'import { a } from "../access/access.service.js";',
        'import type { B } from "../access/access.types.js";',
        'import { type C } from "../protokoll/protokoll.types.js";',
        'export { d } from "../suche/index.js";',
        'export type { E } from "./akten.types.js";',
        'const m = await import("../content/extraktion.js");',
        'let t: import("../vorgaenge/vorgaenge.types.js").T;',
        'import fs from "node:fs";',
      ].join("\n"),
    );
    expect(importeVon(datei).map((i) => `${i.nach} ${i.art}${i.nurTyp ? " typ" : ""}`)).toEqual([
      "src/server/modules/access/access.service.ts import",
      "src/server/modules/access/access.types.ts import typ",
      "src/server/modules/protokoll/protokoll.types.ts import",
      "src/server/modules/suche/index.ts export",
      "src/server/modules/akten/akten.types.ts export typ",
      "src/server/modules/content/extraktion.ts dynamisch",
      "src/server/modules/vorgaenge/vorgaenge.types.ts typ typ",
    ]);
    expect(zielart("src/server/modules/suche/index.ts")).toBe("index");
    expect(zielart("src/server/modules/suche/repository/treffer.ts")).toBe("repository");
    expect(zielart("src/server/modules/akten/akten.repository.ts")).toBe("repository");
    expect(zielart("src/server/modules/akten/akten.types.ts")).toBe("typen");
    expect(zielart("src/server/modules/akten/sichtbarkeit.ts")).toBe("hilfsdatei");
  });

  it("finds strongly connected components with more than one node", () => {
    const kanten = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a", "d"])],
      ["d", new Set(["d"])],
      ["e", new Set(["f"])],
    ]);
    expect(zyklen(["a", "b", "c", "d", "e", "f"], kanten)).toEqual([["a", "b", "c"]]);
  });
});
