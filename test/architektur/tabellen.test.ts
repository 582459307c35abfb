import path from "node:path";
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import aktenwerk from "../../eslint/aktenwerk.js";
import { SCHICHTEN } from "../../eslint/schichten.js";
import { leseTabellenEigentum } from "../../eslint/sql-tabellen.js";
import { migrationsDir } from "../../src/server/platform/paths.js";
import { createTestContext, type TestContext } from "../helpers/context.js";

// Every table has an owning module (COMMENT ON TABLE … IS 'Modul: …' in the migrations), the
// migrated database says the same, and the lint rule aktenwerk/fremde-tabellen judges by the
// same owners.

const wurzel = path.resolve(import.meta.dirname, "../..");
const eigentum = leseTabellenEigentum(migrationsDir);

describe("table ownership", () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx.cleanup();
  });

  it("names an owner for every table the migrations create, and only modules of the layer list", () => {
    expect(eigentum.tabellen.length).toBeGreaterThan(30);
    expect(eigentum.ohneEigentuemer).toEqual([]);
    for (const [tabelle, modul] of eigentum.eigentum) {
      expect(eigentum.tabellen, `COMMENT ON TABLE ${tabelle}: die Tabelle gibt es nicht`).toContain(tabelle);
      expect(SCHICHTEN, `Tabelle ${tabelle}`).toContain(modul);
    }
  });

  it("is what the migrated database says (obj_description)", async () => {
    const { rows } = await ctx.db.query<{ tabelle: string; kommentar: string | null }>(
      `SELECT c.relname AS tabelle, obj_description(c.oid, 'pg_class') AS kommentar
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')`,
    );
    const inDatenbank = new Map(
      rows
        // The migrations' own bookkeeping, created by migrate() before any migration runs.
        .filter((r) => r.tabelle !== "schema_migration")
        .map((r) => [r.tabelle, /^Modul: ([\w-]+)$/.exec(r.kommentar ?? "")?.[1] ?? null]),
    );
    expect(Object.fromEntries(inDatenbank)).toEqual(Object.fromEntries(eigentum.eigentum));
  });

  it("is what aktenwerk/fremde-tabellen judges by", () => {
    const linter = new Linter({ cwd: wurzel });
    const konfiguration = [
      {
        files: ["**/*.ts"],
        languageOptions: { parser: tseslint.parser },
        plugins: { aktenwerk },
        rules: { "aktenwerk/fremde-tabellen": ["error", { wurzel }] },
      },
    ] as Linter.Config[];
    const pruefe = (modul: string, tabelle: string) =>
      linter.verify(
        `export const sql = "SELECT * FROM ${tabelle}";`,
        konfiguration,
        path.join(wurzel, "src/server/modules", modul, "beispiel.ts"),
      );
    for (const [tabelle, eigentuemer] of eigentum.eigentum) {
      const fremder = SCHICHTEN.find((m) => m !== eigentuemer && m !== "platform") ?? "";
      const meldungen = pruefe(fremder, tabelle);
      expect(meldungen.map((m) => m.message)).toEqual([
        eigentuemer === "platform"
          ? `SQL nennt die Tabelle ${tabelle} der Plattform; über deren Schnittstelle gehen.`
          : `SQL nennt die Tabelle ${tabelle} des Moduls ${eigentuemer}; über dessen index.ts gehen.`,
      ]);
      if (eigentuemer !== "platform") expect(pruefe(eigentuemer, tabelle)).toEqual([]);
    }
  });
});
