import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The API schemas exist once (issue #12, item 7): the TypeBox schemas in `*.schema.ts` and the
// lists in src/shared are the single source; server and web client derive their types from them.
// These tests keep it so: a schema file pulls in nothing of the server but other schemas, the web
// client's type-check reaches nothing else of the server, and the web client writes down no list
// of values that a schema already has.

const wurzel = path.resolve(import.meta.dirname, "../../..");
const relativ = (datei: string) => path.relative(wurzel, datei).split(path.sep).join("/");
const MODULE = "src/server/modules/";

function dateien(ordner: string, passt: (relativ: string) => boolean): string[] {
  return fs
    .readdirSync(path.join(wurzel, ordner), { recursive: true, encoding: "utf8" })
    .map((d) => `${ordner}/${d.split(path.sep).join("/")}`)
    .filter((d) => passt(d) && !/\.test\.tsx?$/.test(d))
    .sort();
}

const schemaDateien = dateien("src", (d) => d.endsWith(".schema.ts"));
const geteilteDateien = dateien("src/shared", (d) => /\.tsx?$/.test(d));
const webDateien = dateien("src/web", (d) => /\.tsx?$/.test(d));

/** The specifiers a file imports or re-exports (also `import type` and `import()`). */
function spezifizierer(datei: string): string[] {
  const text = fs.readFileSync(path.join(wurzel, datei), "utf8");
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** A relative specifier as a path relative to the root, `.js` read as `.ts`. */
function ziel(von: string, spez: string): string | undefined {
  if (!spez.startsWith(".")) return undefined;
  return path.posix.join(path.posix.dirname(von), spez).replace(/\.js$/, ".ts");
}

/** The module folder of a file below src/server/modules, or undefined. */
function modulVon(datei: string): string | undefined {
  return datei.startsWith(MODULE) ? datei.slice(MODULE.length).split("/")[0] : undefined;
}

/**
 * What a schema file may import: typebox, src/shared, and the schema files of its own module.
 * Another module's schemas are reached through src/shared/api, never through that module.
 */
function verboteneSchemaImporte(datei: string, specs: string[]): string[] {
  return specs.filter((spez) => {
    if (spez === "typebox") return false;
    const z = ziel(datei, spez);
    if (z === undefined) return true;
    if (z.startsWith("src/shared/")) return false;
    return !(z.endsWith(".schema.ts") && modulVon(z) !== undefined && modulVon(z) === modulVon(datei));
  });
}

describe("Schema files", () => {
  it("exist, and src/shared/api holds what several modules share", () => {
    expect(schemaDateien.length).toBeGreaterThan(5);
    expect(schemaDateien).toContain("src/shared/api/metadatenfeld.schema.ts");
  });

  it("import only typebox, src/shared and schema files of their own module", () => {
    const verstoesse = schemaDateien.flatMap((d) =>
      verboteneSchemaImporte(d, spezifizierer(d)).map((s) => `${d}: ${s}`),
    );
    expect(verstoesse).toEqual([]);
  });

  it("the rule refuses services, types files, the platform, packages and other modules' schemas", () => {
    const d = "src/server/modules/schriftgut/vorgaenge.schema.ts";
    expect(
      verboteneSchemaImporte(d, [
        "typebox",
        "../../../shared/workflow.js",
        "../../../shared/api/metadatenfeld.schema.js",
        "./akten.schema.js",
        "./dokumente.schema.js",
      ]),
    ).toEqual([]);
    const verboten = [
      "./vorgaenge.service.js",
      "./vorgaenge.types.js",
      "../aktenplan/aktenplan.schema.js",
      "../aktenplan/index.js",
      "../../platform/http/schemas.js",
      "fastify",
    ];
    expect(verboteneSchemaImporte(d, verboten)).toEqual(verboten);
  });

  it("src/shared imports only typebox and src/shared", () => {
    const verstoesse = geteilteDateien.flatMap((d) =>
      spezifizierer(d)
        .filter((s) => s !== "typebox" && !ziel(d, s)?.startsWith("src/shared/"))
        .map((s) => `${d}: ${s}`),
    );
    expect(verstoesse).toEqual([]);
  });
});

describe("Web client", () => {
  it("its type-check reaches outside src/web only schema files and src/shared", () => {
    const konfig = ts.getParsedCommandLineOfConfigFile(
      path.join(wurzel, "tsconfig.web.json"),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => expect.fail(String(d.messageText)) },
    );
    const programm = ts.createProgram(konfig!.fileNames, konfig!.options);
    const fremd = programm
      .getSourceFiles()
      .map((f) => relativ(f.fileName))
      .filter((d) => !d.startsWith("node_modules/") && !d.startsWith("src/web/"))
      .filter((d) => !d.startsWith("src/shared/") && !d.endsWith(".schema.ts"));
    expect(fremd).toEqual([]);
  }, 60_000);

  it("imports schema files only as types, so no schema code reaches the bundle", () => {
    const verstoesse: string[] = [];
    for (const datei of webDateien) {
      const quelle = ts.createSourceFile(
        datei,
        fs.readFileSync(path.join(wurzel, datei), "utf8"),
        ts.ScriptTarget.Latest,
        true,
      );
      for (const anweisung of quelle.statements) {
        if (!ts.isImportDeclaration(anweisung) && !ts.isExportDeclaration(anweisung)) continue;
        const m = anweisung.moduleSpecifier;
        const spez = m && ts.isStringLiteral(m) ? m.text : undefined;
        if (!spez || !/\.schema(\.js)?$/.test(spez)) continue;
        if (!nurTypen(anweisung)) verstoesse.push(`${datei}: ${spez}`);
      }
    }
    expect(verstoesse).toEqual([]);
  });

  it("writes down no list or union of values that a server schema already has", async () => {
    const server = await aufzaehlungenDerSchemas();
    expect(server.size).toBeGreaterThan(10);
    const funde = webDateien.flatMap((d) =>
      listenIn(d, fs.readFileSync(path.join(wurzel, d), "utf8")).flatMap(({ werte, zeile }) => {
        const schema = server.get(schluessel(werte));
        return schema ? [`${d}:${zeile} [${werte.join(", ")}] = ${schema}`] : [];
      }),
    );
    expect(funde).toEqual([]);
  });

  it("the duplicate check finds lists, tuple lists, unions and label maps keyed by string", async () => {
    const server = await aufzaehlungenDerSchemas();
    const beispiel = [
      'export const DOKUMENT_TYPEN = ["Eingang", "Ausgang", "Vermerk", "Entwurf", "Bescheid", "E-Mail", "Anlage", "Sonstiges"] as const;',
      'const KATEGORIEN = [["posteingang", "Neu"], ["bearbeiten", "a"], ["mitzeichnung", "b"], ["zeichnung", "c"], ["kenntnis", "d"], ["wiedervorlage", "e"], ["frist", "f"]] as const;',
      'interface Z { rolle: "Sachbearbeitung" | "Leitung" }',
      'const KANAL: Record<string, string> = { upload: "hochgeladen", scan: "Scan", email: "E-Mail", api: "Fachverfahren" };',
      // Keyed by the schema's type: tsc checks it, so it is no copy.
      'const KANAL2: Record<PosteingangEintrag["kanal"], string> = { upload: "a", scan: "b", email: "c", api: "d" };',
    ].join("\n");
    const funde = listenIn("beispiel.tsx", beispiel).filter(({ werte }) => server.has(schluessel(werte)));
    expect(funde.map((f) => f.zeile)).toEqual([1, 2, 3, 4]);
  });

  it("declares no interface or object type with exactly the fields of a server schema", async () => {
    const server = await objekteDerSchemas();
    const funde = webDateien.flatMap((d) =>
      objektTypenIn(d, fs.readFileSync(path.join(wurzel, d), "utf8")).flatMap(({ felder, zeile }) => {
        const schema = server.get(schluessel(felder));
        return schema ? [`${d}:${zeile} {${felder.join(", ")}} = ${schema}`] : [];
      }),
    );
    expect(funde).toEqual([]);
    const beispiel =
      "interface Zeichnungsbefugnis { id: string; rolle: string; oe: null; aktenplanPraefix: string }";
    expect(objektTypenIn("beispiel.ts", beispiel).map((o) => server.get(schluessel(o.felder)))).toEqual([
      expect.stringContaining("ZeichnungsbefugnisSchema"),
    ]);
  });
});

/** Whether an import or export declaration brings in types only. */
function nurTypen(anweisung: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(anweisung)) {
    return (
      anweisung.isTypeOnly ||
      (!!anweisung.exportClause &&
        ts.isNamedExports(anweisung.exportClause) &&
        anweisung.exportClause.elements.every((e) => e.isTypeOnly))
    );
  }
  const klausel = anweisung.importClause;
  if (!klausel) return false;
  if (klausel.isTypeOnly) return true;
  if (klausel.name) return false;
  const bindungen = klausel.namedBindings;
  return !!bindungen && ts.isNamedImports(bindungen) && bindungen.elements.every((e) => e.isTypeOnly);
}

const schluessel = (werte: string[]) => JSON.stringify([...new Set(werte)].sort());

type Fund = { werte: string[]; zeile: number };

/**
 * The lists of strings a web file writes down: string arrays, arrays of tuples led by a string
 * (value and label), unions of string literals, and label maps whose type says only
 * `Record<string, …>` (one keyed by a schema's type is checked by tsc and no copy).
 */
function listenIn(datei: string, text: string): Fund[] {
  const quelle = ts.createSourceFile(datei, text, ts.ScriptTarget.Latest, true);
  const funde: Fund[] = [];
  const zeile = (n: ts.Node) => quelle.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const text_ = (n: ts.Node) => (ts.isStringLiteralLike(n) ? n.text : undefined);
  const besuche = (n: ts.Node): void => {
    if (ts.isArrayLiteralExpression(n) && n.elements.length >= 2) {
      const werte = n.elements.map(text_);
      const erste = n.elements.map((e) =>
        ts.isArrayLiteralExpression(e) && e.elements[0] ? text_(e.elements[0]) : undefined,
      );
      if (werte.every((w) => w !== undefined)) funde.push({ werte: werte as string[], zeile: zeile(n) });
      else if (erste.every((w) => w !== undefined)) funde.push({ werte: erste as string[], zeile: zeile(n) });
    }
    if (ts.isUnionTypeNode(n) && n.types.length >= 2) {
      const werte = n.types.map((t) =>
        ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined,
      );
      if (werte.every((w) => w !== undefined)) funde.push({ werte: werte as string[], zeile: zeile(n) });
    }
    if (
      ts.isVariableDeclaration(n) &&
      n.initializer &&
      ts.isObjectLiteralExpression(n.initializer) &&
      n.initializer.properties.length >= 2 &&
      (!n.type || /^(Partial<)?Record<string\b/.test(n.type.getText(quelle)))
    ) {
      const namen = n.initializer.properties.map((p) =>
        ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))
          ? p.name.text
          : undefined,
      );
      if (namen.every((w) => w !== undefined)) funde.push({ werte: namen as string[], zeile: zeile(n) });
    }
    ts.forEachChild(n, besuche);
  };
  besuche(quelle);
  return funde;
}

/** The field names of every interface and object type a web file declares (from three fields). */
function objektTypenIn(datei: string, text: string): { felder: string[]; zeile: number }[] {
  const quelle = ts.createSourceFile(datei, text, ts.ScriptTarget.Latest, true);
  const funde: { felder: string[]; zeile: number }[] = [];
  const besuche = (n: ts.Node): void => {
    if (ts.isInterfaceDeclaration(n) || ts.isTypeLiteralNode(n)) {
      const felder = n.members.flatMap((m) =>
        ts.isPropertySignature(m) && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))
          ? [m.name.text]
          : [],
      );
      if (felder.length >= 3) {
        funde.push({ felder, zeile: quelle.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
      }
    }
    ts.forEachChild(n, besuche);
  };
  besuche(quelle);
  return funde;
}

/** Every exported schema of every schema file, by "file#name". */
async function alleSchemas(): Promise<[string, unknown][]> {
  const alle: [string, unknown][] = [];
  for (const datei of schemaDateien) {
    const modul = (await import(pathToFileURL(path.join(wurzel, datei)).href)) as Record<string, unknown>;
    for (const [name, wert] of Object.entries(modul)) alle.push([`${datei}#${name}`, wert]);
  }
  return alle;
}

/** Walks a JSON schema, calling `fn` with each subschema and where it is. */
function durchlaufe(schema: unknown, wo: string, fn: (s: Record<string, unknown>, wo: string) => void): void {
  if (!schema || typeof schema !== "object") return;
  if (Array.isArray(schema)) {
    schema.forEach((s, i) => durchlaufe(s, `${wo}[${i}]`, fn));
    return;
  }
  const s = schema as Record<string, unknown>;
  fn(s, wo);
  for (const [k, v] of Object.entries(s)) durchlaufe(v, `${wo}.${k}`, fn);
}

/** Every set of values a schema allows (enum, or a union of constants), and where it is. */
async function aufzaehlungenDerSchemas(): Promise<Map<string, string>> {
  const mengen = new Map<string, string>();
  for (const [name, schema] of await alleSchemas()) {
    durchlaufe(schema, name, (s, wo) => {
      const werte = Array.isArray(s.enum)
        ? s.enum
        : Array.isArray(s.anyOf) && s.anyOf.every((t: { const?: unknown }) => typeof t?.const === "string")
          ? s.anyOf.map((t: { const: string }) => t.const)
          : undefined;
      if (werte && werte.length >= 2 && werte.every((w) => typeof w === "string")) {
        if (!mengen.has(schluessel(werte))) mengen.set(schluessel(werte), wo);
      }
    });
  }
  return mengen;
}

/** The field names of every object a schema describes (from three fields), and where it is. */
async function objekteDerSchemas(): Promise<Map<string, string>> {
  const mengen = new Map<string, string>();
  for (const [name, schema] of await alleSchemas()) {
    durchlaufe(schema, name, (s, wo) => {
      if (s.type !== "object" || !s.properties || typeof s.properties !== "object") return;
      const felder = Object.keys(s.properties);
      if (felder.length >= 3 && !mengen.has(schluessel(felder))) mengen.set(schluessel(felder), wo);
    });
  }
  return mengen;
}
