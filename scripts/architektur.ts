// Measures how well the house keeps its walls (issue #12): imports into other modules' internals,
// SQL naming other modules' tables, cycles, layer violations, the shape of each module, and copies.
// The same figures before and after a refactoring: `npm run architektur [-- --details] [-- --json]`.
// A report, not a check: the exit code is 0 whatever it finds (the lint rules in eslint/aktenwerk.js
// are the check).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import {
  MODULE_ORDNER,
  ORDNER_ZU_MODUL,
  SCHICHTEN,
  istTest,
  loeseAuf,
  modulVonOrdner,
  ortVon,
} from "../eslint/schichten.js";
import {
  PLATZHALTER,
  istSql,
  istSqlFortsetzung,
  leseTabellenEigentum,
  tabellenBezuege,
} from "../eslint/sql-tabellen.js";

/** Folder names that hold a module's use cases, one per file (instead of a *.service.ts). */
const ANWENDUNGSFALL_ORDNER = new Set(["use-cases", "usecases", "anwendungsfaelle", "faelle", "service"]);
/** Type names for "who acts" that should be one. */
const AKTEUR_TYPEN = new Set(["Actor", "Akteur", "Caller"]);
/** A UUID check: the exact pattern, or the loose "36 hex digits and dashes". */
const UUID_GENAU = /\[0-9a-f\]\{8\}-/i;
const UUID_LOSE = /\[0-9a-f-\]\{36\}/i;

// ---------------------------------------------------------------------------------------------
// Reading the files

/** One parsed source file. */
export interface Quelldatei {
  /** Path relative to the root, "/"-separated. */
  pfad: string;
  zeilen: number;
  ast: ts.SourceFile;
}

function alleDateien(wurzel: string, ordner: string, endungen: RegExp): string[] {
  const aus: string[] = [];
  const absolut = path.join(wurzel, ordner);
  if (!fs.existsSync(absolut)) return aus;
  for (const eintrag of fs.readdirSync(absolut, { withFileTypes: true, recursive: true })) {
    if (!eintrag.isFile() || !endungen.test(eintrag.name)) continue;
    const datei = path.join(eintrag.parentPath, eintrag.name);
    aus.push(path.relative(wurzel, datei).split(path.sep).join("/"));
  }
  return aus.sort();
}

/** Parses one file's text (the path decides TS or TSX). */
export function parse(pfad: string, text: string): Quelldatei {
  const art = pfad.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const ast = ts.createSourceFile(pfad, text, ts.ScriptTarget.Latest, true, art);
  // Lines as `wc -l` counts them, plus an unterminated last line.
  const zeilen = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  return { pfad, zeilen, ast };
}

function zeileVon(datei: Quelldatei, knoten: ts.Node): number {
  return datei.ast.getLineAndCharacterOfPosition(knoten.getStart(datei.ast)).line + 1;
}

function besuche(knoten: ts.Node, f: (k: ts.Node) => boolean | void): void {
  if (f(knoten) === false) return;
  ts.forEachChild(knoten, (kind) => besuche(kind, f));
}

// ---------------------------------------------------------------------------------------------
// Imports

/** One import, re-export or dynamic import() of a relative path. */
export interface Import {
  von: string;
  /** The target, relative to the root, with ".ts" for ".js". */
  nach: string;
  zeile: number;
  /** `import type`, `export type` or a type's `import("…")`: gone at run time. */
  nurTyp: boolean;
  art: "import" | "export" | "dynamisch" | "typ";
}

/**
 * The relative imports of a file. Type-only means what TypeScript erases under
 * verbatimModuleSyntax: `import type`, `export type`, `import("…").T`; an `import { type A }`
 * stays as `import {} from` and so still loads the module.
 */
export function importeVon(datei: Quelldatei): Import[] {
  const aus: Import[] = [];
  const nimm = (spezifizierer: ts.Node | undefined, knoten: ts.Node, nurTyp: boolean, art: Import["art"]) => {
    if (!spezifizierer || !ts.isStringLiteralLike(spezifizierer)) return;
    const nach = loeseAuf(datei.pfad, spezifizierer.text);
    if (nach !== undefined) aus.push({ von: datei.pfad, nach, zeile: zeileVon(datei, knoten), nurTyp, art });
  };
  besuche(datei.ast, (k) => {
    if (ts.isImportDeclaration(k)) {
      nimm(k.moduleSpecifier, k, k.importClause?.isTypeOnly === true, "import");
    } else if (ts.isExportDeclaration(k)) {
      nimm(k.moduleSpecifier, k, k.isTypeOnly, "export");
    } else if (ts.isImportEqualsDeclaration(k) && ts.isExternalModuleReference(k.moduleReference)) {
      nimm(k.moduleReference.expression, k, k.isTypeOnly, "import");
    } else if (ts.isCallExpression(k) && k.expression.kind === ts.SyntaxKind.ImportKeyword) {
      nimm(k.arguments[0], k, false, "dynamisch");
    } else if (ts.isImportTypeNode(k) && ts.isLiteralTypeNode(k.argument)) {
      nimm(k.argument.literal, k, true, "typ");
    }
  });
  return aus;
}

/** What kind of file an import reaches in another module. */
export type Zielart = "index" | "repository" | "service" | "typen" | "schema" | "hilfsdatei";

/** The kind of file an import reaches; typen, schema and hilfsdatei are the "other helper files". */
export function zielart(nach: string): Zielart {
  const name = path.posix.basename(nach);
  if (/^index\.tsx?$/.test(name) && path.posix.dirname(nach).split("/").length === 4) return "index";
  if (istRepository(nach)) return "repository";
  if (name.endsWith(".service.ts")) return "service";
  if (name.endsWith(".types.ts")) return "typen";
  if (name.endsWith(".schema.ts")) return "schema";
  return "hilfsdatei";
}

// ---------------------------------------------------------------------------------------------
// SQL

/** One string or template literal that is SQL. */
export interface SqlLiteral {
  datei: string;
  zeile: number;
  text: string;
  /** A template continuing SQL kept in a constant: `${SELECT_AKTE} WHERE a.id = $1`. */
  fortsetzung: boolean;
  /** Known tables it names (including those named in string fragments inside its `${…}`). */
  bezuege: { tabelle: string; schreibend: boolean; schluesselwort: string }[];
}

/** The text of a string or template literal; `${…}` become PLATZHALTER. */
export function literalText(k: ts.Node): string | undefined {
  if (ts.isStringLiteral(k) || ts.isNoSubstitutionTemplateLiteral(k)) return k.text;
  if (ts.isTemplateExpression(k)) {
    return [k.head.text, ...k.templateSpans.map((s) => s.literal.text)].join(PLATZHALTER);
  }
  return undefined;
}

/**
 * The SQL literals of a file and the known tables each names. A template that continues SQL kept
 * in a constant (`${SELECT_AKTE} WHERE a.id = $1`) counts as a SQL literal too. A string that is not SQL itself but
 * stands inside a SQL template's `${…}` (`${mitAkte ? "JOIN akte a ON …" : ""}`) adds its tables
 * to that template.
 */
export function sqlLiterale(
  datei: Quelldatei,
  tabellen: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): SqlLiteral[] {
  const aus: SqlLiteral[] = [];
  const offen: SqlLiteral[] = [];
  const gehe = (k: ts.Node): void => {
    const text = ts.isImportDeclaration(k) || ts.isExportDeclaration(k) ? undefined : literalText(k);
    let eigenes: SqlLiteral | undefined;
    if (text !== undefined) {
      const fortsetzung = ts.isTemplateExpression(k) && !istSql(text) && istSqlFortsetzung(text);
      if (fortsetzung || istSql(text)) {
        const bezuege = tabellenBezuege(text, tabellen);
        eigenes = { datei: datei.pfad, zeile: zeileVon(datei, k), text, fortsetzung, bezuege };
        aus.push(eigenes);
      } else {
        offen.at(-1)?.bezuege.push(...tabellenBezuege(text, tabellen));
      }
    }
    if (eigenes) offen.push(eigenes);
    ts.forEachChild(k, gehe);
    if (eigenes) offen.pop();
  };
  gehe(datei.ast);
  return aus;
}

function istRepository(pfad: string): boolean {
  return pfad.endsWith(".repository.ts") || pfad.split("/").slice(0, -1).includes("repository");
}

// ---------------------------------------------------------------------------------------------
// Graphs

/** Strongly connected components with more than one node (Tarjan), each sorted, largest first. */
export function zyklen(
  knoten: Iterable<string>,
  kanten: ReadonlyMap<string, ReadonlySet<string>>,
): string[][] {
  let zaehler = 0;
  const index = new Map<string, number>();
  const tief = new Map<string, number>();
  const stapel: string[] = [];
  const aufStapel = new Set<string>();
  const aus: string[][] = [];
  const verbinde = (v: string): void => {
    index.set(v, zaehler);
    tief.set(v, zaehler);
    zaehler++;
    stapel.push(v);
    aufStapel.add(v);
    for (const w of kanten.get(v) ?? []) {
      if (!index.has(w)) {
        verbinde(w);
        tief.set(v, Math.min(tief.get(v) ?? 0, tief.get(w) ?? 0));
      } else if (aufStapel.has(w)) {
        tief.set(v, Math.min(tief.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (tief.get(v) === index.get(v)) {
      const komponente: string[] = [];
      let w: string | undefined;
      do {
        w = stapel.pop();
        if (w === undefined) break;
        aufStapel.delete(w);
        komponente.push(w);
      } while (w !== v);
      if (komponente.length > 1) aus.push(komponente.sort());
    }
  };
  for (const v of knoten) if (!index.has(v)) verbinde(v);
  return aus.sort((a, b) => b.length - a.length || (a[0] ?? "").localeCompare(b[0] ?? ""));
}

function kante(kanten: Map<string, Set<string>>, von: string, nach: string): void {
  let menge = kanten.get(von);
  if (!menge) kanten.set(von, (menge = new Set()));
  menge.add(nach);
}

// ---------------------------------------------------------------------------------------------
// Functions

/** A readable name for a function-like node. */
export function funktionsname(k: ts.SignatureDeclaration, datei: Quelldatei): string {
  const klasse = ts.isClassLike(k.parent) && k.parent.name ? `${k.parent.name.text}.` : "";
  if (ts.isConstructorDeclaration(k)) return `${klasse}constructor`;
  if (k.name) return `${klasse}${k.name.getText(datei.ast)}`;
  const eltern = k.parent;
  if (
    ts.isVariableDeclaration(eltern) ||
    ts.isPropertyAssignment(eltern) ||
    ts.isPropertyDeclaration(eltern)
  ) {
    return eltern.name.getText(datei.ast);
  }
  if (ts.isCallExpression(eltern)) {
    const aufruf = eltern.expression.getText(datei.ast).replace(/\s+/g, " ");
    return `(Rückruf an ${aufruf.length > 60 ? `…${aufruf.slice(-60)}` : aufruf})`;
  }
  return "(anonym)";
}

// ---------------------------------------------------------------------------------------------
// The measurement

export interface Messung {
  wurzel: string;
  dateien: { server: number; serverOhneTests: number };
  importe: {
    modulUebergreifend: number;
    innereien: number;
    innereienNachArt: { repository: number; service: number; andere: number };
    /** The other helper files by kind: *.types.ts, *.schema.ts, the rest. */
    andereNachArt: { typen: number; schema: number; hilfsdatei: number };
    /**
     * Run-time imports of repositories and of helper files other than types and schemas: what the
     * old ARCHITECTURE.md ("über den Service") forbade, as the review of the first release counted.
     */
    repositoryUndHilfsdateienLaufzeit: { repository: number; hilfsdatei: number };
    /** Of the cross-module imports: between folders that are being merged into one module. */
    zwischenZusammengelegtenOrdnern: number;
    liste: (Import & { zielart: Zielart })[];
  };
  sql: {
    literale: number;
    /** Of them, templates continuing SQL kept in a constant. */
    fortsetzungen: number;
    modulLiterale: number;
    ausserhalbRepository: number;
    anteilAusserhalbRepositoryProzent: number;
    inRoutenDateien: number;
    routenListe: { datei: string; zeile: number }[];
    fremdeBezuege: { lesend: number; schreibend: number; gesamt: number };
    fremdeNachModul: Record<string, { lesend: number; schreibend: number }>;
    fremdeNachEigentuemer: Record<string, { lesend: number; schreibend: number }>;
    /** Platform and root files naming tables of modules. */
    ausserhalbDerModule: {
      datei: string;
      zeile: number;
      tabelle: string;
      eigentuemer: string;
      schreibend: boolean;
    }[];
    fremdeListe: {
      datei: string;
      zeile: number;
      modul: string;
      tabelle: string;
      eigentuemer: string;
      schreibend: boolean;
    }[];
    tabellenOhneEigentuemer: string[];
    nachDatei: Record<string, number>;
  };
  zyklen: {
    dateienLaufzeit: string[][];
    dateienMitTypen: string[][];
    moduleLaufzeit: string[][];
    moduleMitTypen: string[][];
    plattformNachModul: Import[];
  };
  schichten: {
    folge: readonly string[];
    verletzungen: number;
    liste: (Import & { vonModul: string; nachModul: string })[];
    ohneSchicht: string[];
  };
  gestalt: {
    module: Record<
      string,
      {
        dateien: number;
        zeilen: number;
        routes: boolean;
        service: boolean;
        repository: boolean;
        policy: boolean;
        schema: boolean;
        index: boolean;
        readme: boolean;
      }
    >;
    groessteDateien: { datei: string; zeilen: number; sql: number }[];
    laengsteFunktionen: { name: string; datei: string; zeile: number; zeilen: number }[];
  };
  doppelt: {
    uuidMuster: number;
    uuidMusterGenau: number;
    uuidMusterLose: number;
    uuidMusterDateien: number;
    uuidMusterInTests: number;
    uuidListe: { datei: string; zeile: number; muster: string }[];
    protokolliereExportiert: number;
    protokolliereAlle: { datei: string; zeile: number; exportiert: boolean }[];
    akteurTypen: string[];
    akteurDeklarationen: { name: string; datei: string; zeile: number }[];
  };
}

function istExportiert(k: ts.Node): boolean {
  return (
    ts.canHaveModifiers(k) && (ts.getModifiers(k) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  );
}

function zaehle(
  ziel: Record<string, { lesend: number; schreibend: number }>,
  schluessel: string,
  schreibend: boolean,
) {
  const eintrag = (ziel[schluessel] ??= { lesend: 0, schreibend: 0 });
  if (schreibend) eintrag.schreibend++;
  else eintrag.lesend++;
}

/** Measures the tree at `wurzel`. */
export function miss(wurzel: string): Messung {
  const lies = (p: string) => parse(p, fs.readFileSync(path.join(wurzel, p), "utf8"));
  const server = alleDateien(wurzel, "src/server", /\.tsx?$/).map(lies);
  const web = alleDateien(wurzel, "src/web", /\.tsx?$/).map(lies);
  const code = server.filter((d) => !istTest(d.pfad));
  const vorhanden = new Set(server.map((d) => d.pfad));
  const { eigentum, ohneEigentuemer } = leseTabellenEigentum(path.join(wurzel, "src/server/migrations"));
  const modulVon = (pfad: string): string | undefined => {
    const ort = ortVon(pfad);
    return ort.bereich === "modul" ? ort.modul : ort.bereich === "platform" ? "platform" : undefined;
  };

  // a. Imports into other modules.
  const alleImporte = code.flatMap(importeVon);
  const uebergreifend = alleImporte
    .filter((i) => {
      const von = ortVon(i.von);
      const nach = ortVon(i.nach);
      return von.bereich === "modul" && nach.bereich === "modul" && von.modul !== nach.modul;
    })
    .map((i) => ({ ...i, zielart: zielart(i.nach) }));
  const innereien = uebergreifend.filter((i) => i.zielart !== "index");
  const anzahl = (art: Zielart, nurLaufzeit = false) =>
    innereien.filter((i) => i.zielart === art && !(nurLaufzeit && i.nurTyp)).length;
  const ordnerModul = (p: string) => modulVonOrdner(modulVon(p) ?? "");

  // b. SQL.
  const literale = code.flatMap((d) => sqlLiterale(d, eigentum));
  const modulLiterale = literale.filter((l) => ortVon(l.datei).bereich === "modul");
  const ausserhalbRepository = modulLiterale.filter((l) => !istRepository(l.datei));
  const routen = literale.filter((l) => l.datei.endsWith(".routes.ts"));
  const fremdeListe: Messung["sql"]["fremdeListe"] = [];
  const ausserhalbDerModule: Messung["sql"]["ausserhalbDerModule"] = [];
  for (const l of literale) {
    const ort = ortVon(l.datei);
    for (const b of l.bezuege) {
      const eigentuemer = eigentum.get(b.tabelle) ?? "?";
      if (ort.bereich === "modul") {
        const modul = modulVonOrdner(ort.modul);
        if (eigentuemer !== modul) {
          fremdeListe.push({
            datei: l.datei,
            zeile: l.zeile,
            modul,
            tabelle: b.tabelle,
            eigentuemer,
            schreibend: b.schreibend,
          });
        }
      } else if (eigentuemer !== "platform") {
        ausserhalbDerModule.push({
          datei: l.datei,
          zeile: l.zeile,
          tabelle: b.tabelle,
          eigentuemer,
          schreibend: b.schreibend,
        });
      }
    }
  }
  const fremdeNachModul: Messung["sql"]["fremdeNachModul"] = {};
  const fremdeNachEigentuemer: Messung["sql"]["fremdeNachEigentuemer"] = {};
  for (const f of fremdeListe) {
    zaehle(fremdeNachModul, f.modul, f.schreibend);
    zaehle(fremdeNachEigentuemer, f.eigentuemer, f.schreibend);
  }
  const sqlNachDatei: Record<string, number> = {};
  for (const l of literale) sqlNachDatei[l.datei] = (sqlNachDatei[l.datei] ?? 0) + 1;

  // c. Cycles.
  const dateiKanten = (mitTypen: boolean) => {
    const kanten = new Map<string, Set<string>>();
    for (const i of alleImporte)
      if ((mitTypen || !i.nurTyp) && vorhanden.has(i.nach)) kante(kanten, i.von, i.nach);
    return kanten;
  };
  const modulKanten = (mitTypen: boolean) => {
    const kanten = new Map<string, Set<string>>();
    for (const i of alleImporte) {
      const von = modulVon(i.von);
      const nach = modulVon(i.nach);
      if (von && nach && von !== nach && (mitTypen || !i.nurTyp)) kante(kanten, von, nach);
    }
    return kanten;
  };
  const modulKnoten = ["platform", ...new Set(code.flatMap((d) => modulVon(d.pfad) ?? []))];
  const plattformNachModul = alleImporte.filter(
    (i) => ortVon(i.von).bereich === "platform" && ortVon(i.nach).bereich === "modul",
  );

  // d. Layers.
  const schichtListe: Messung["schichten"]["liste"] = [];
  const ohneSchicht = new Set<string>();
  for (const i of alleImporte) {
    const von = modulVon(i.von);
    const nachOrt = ortVon(i.nach);
    if (von === undefined || nachOrt.bereich !== "modul") continue;
    const vonModul = von === "platform" ? von : modulVonOrdner(von);
    const nachModul = modulVonOrdner(nachOrt.modul);
    const a = SCHICHTEN.indexOf(vonModul);
    const b = SCHICHTEN.indexOf(nachModul);
    if (a === -1) ohneSchicht.add(vonModul);
    if (b === -1) ohneSchicht.add(nachModul);
    if (a !== -1 && b > a) schichtListe.push({ ...i, vonModul, nachModul });
  }

  // e. Shape.
  const module: Messung["gestalt"]["module"] = {};
  for (const modul of modulKnoten.filter((m) => m !== "platform").sort()) {
    const praefix = `${MODULE_ORDNER}/${modul}/`;
    const dateien = code.filter((d) => d.pfad.startsWith(praefix));
    const namen = dateien.map((d) => d.pfad.slice(praefix.length));
    module[modul] = {
      dateien: dateien.length,
      zeilen: dateien.reduce((s, d) => s + d.zeilen, 0),
      routes: namen.some((n) => n.endsWith(".routes.ts")),
      service: namen.some(
        (n) => n.endsWith(".service.ts") || ANWENDUNGSFALL_ORDNER.has(n.split("/")[0] ?? ""),
      ),
      repository: namen.some((n) => istRepository(n)),
      policy: namen.some((n) => n.endsWith(".policy.ts")),
      schema: namen.some((n) => n.endsWith(".schema.ts")),
      index: namen.includes("index.ts"),
      readme: fs.existsSync(path.join(wurzel, praefix, "README.md")),
    };
  }
  const groessteDateien = [...code]
    .sort((a, b) => b.zeilen - a.zeilen)
    .slice(0, 10)
    .map((d) => ({ datei: d.pfad, zeilen: d.zeilen, sql: sqlNachDatei[d.pfad] ?? 0 }));
  const funktionen: Messung["gestalt"]["laengsteFunktionen"] = [];
  for (const d of code) {
    besuche(d.ast, (k) => {
      if (ts.isFunctionLike(k) && "body" in k && k.body) {
        const beginn = zeileVon(d, k);
        const ende = d.ast.getLineAndCharacterOfPosition(k.getEnd()).line + 1;
        funktionen.push({
          name: funktionsname(k, d),
          datei: d.pfad,
          zeile: beginn,
          zeilen: ende - beginn + 1,
        });
      }
    });
  }
  const laengsteFunktionen = funktionen.sort((a, b) => b.zeilen - a.zeilen).slice(0, 10);

  // f. Copies.
  const uuidListe: (Messung["doppelt"]["uuidListe"][number] & { test: boolean })[] = [];
  const protokolliereAlle: Messung["doppelt"]["protokolliereAlle"] = [];
  const akteurDeklarationen: Messung["doppelt"]["akteurDeklarationen"] = [];
  for (const d of [...server, ...web]) {
    const test = istTest(d.pfad);
    besuche(d.ast, (k) => {
      const muster =
        k.kind === ts.SyntaxKind.RegularExpressionLiteral
          ? (k as ts.RegularExpressionLiteral).text
          : ts.isStringLiteral(k) || ts.isNoSubstitutionTemplateLiteral(k)
            ? k.text
            : undefined;
      if (muster !== undefined && (UUID_GENAU.test(muster) || UUID_LOSE.test(muster))) {
        uuidListe.push({ datei: d.pfad, zeile: zeileVon(d, k), muster, test });
      }
      if (test) return;
      if (ts.isFunctionDeclaration(k) && k.name?.text === "protokolliere") {
        protokolliereAlle.push({ datei: d.pfad, zeile: zeileVon(d, k), exportiert: istExportiert(k) });
      }
      if (ts.isVariableStatement(k)) {
        for (const v of k.declarationList.declarations) {
          if (
            ts.isIdentifier(v.name) &&
            v.name.text === "protokolliere" &&
            v.initializer &&
            ts.isFunctionLike(v.initializer)
          ) {
            protokolliereAlle.push({ datei: d.pfad, zeile: zeileVon(d, v), exportiert: istExportiert(k) });
          }
        }
      }
      if (
        (ts.isInterfaceDeclaration(k) ||
          ts.isTypeAliasDeclaration(k) ||
          ts.isClassDeclaration(k) ||
          ts.isEnumDeclaration(k)) &&
        k.name &&
        AKTEUR_TYPEN.has(k.name.text)
      ) {
        akteurDeklarationen.push({ name: k.name.text, datei: d.pfad, zeile: zeileVon(d, k) });
      }
    });
  }
  const uuidCode = uuidListe.filter((u) => !u.test);

  return {
    wurzel,
    dateien: { server: server.length, serverOhneTests: code.length },
    importe: {
      modulUebergreifend: uebergreifend.length,
      innereien: innereien.length,
      innereienNachArt: {
        repository: anzahl("repository"),
        service: anzahl("service"),
        andere: anzahl("typen") + anzahl("schema") + anzahl("hilfsdatei"),
      },
      andereNachArt: { typen: anzahl("typen"), schema: anzahl("schema"), hilfsdatei: anzahl("hilfsdatei") },
      repositoryUndHilfsdateienLaufzeit: {
        repository: anzahl("repository", true),
        hilfsdatei: anzahl("hilfsdatei", true),
      },
      zwischenZusammengelegtenOrdnern: uebergreifend.filter((i) => ordnerModul(i.von) === ordnerModul(i.nach))
        .length,
      liste: innereien,
    },
    sql: {
      literale: literale.length,
      fortsetzungen: literale.filter((l) => l.fortsetzung).length,
      modulLiterale: modulLiterale.length,
      ausserhalbRepository: ausserhalbRepository.length,
      anteilAusserhalbRepositoryProzent:
        modulLiterale.length === 0
          ? 0
          : Math.round((1000 * ausserhalbRepository.length) / modulLiterale.length) / 10,
      inRoutenDateien: routen.length,
      routenListe: routen.map((l) => ({ datei: l.datei, zeile: l.zeile })),
      fremdeBezuege: {
        lesend: fremdeListe.filter((f) => !f.schreibend).length,
        schreibend: fremdeListe.filter((f) => f.schreibend).length,
        gesamt: fremdeListe.length,
      },
      fremdeNachModul,
      fremdeNachEigentuemer,
      ausserhalbDerModule,
      fremdeListe,
      tabellenOhneEigentuemer: ohneEigentuemer,
      nachDatei: sqlNachDatei,
    },
    zyklen: {
      dateienLaufzeit: zyklen(vorhanden, dateiKanten(false)),
      dateienMitTypen: zyklen(vorhanden, dateiKanten(true)),
      moduleLaufzeit: zyklen(modulKnoten, modulKanten(false)),
      moduleMitTypen: zyklen(modulKnoten, modulKanten(true)),
      plattformNachModul,
    },
    schichten: {
      folge: SCHICHTEN,
      verletzungen: schichtListe.length,
      liste: schichtListe,
      ohneSchicht: [...ohneSchicht].sort(),
    },
    gestalt: { module, groessteDateien, laengsteFunktionen },
    doppelt: {
      uuidMuster: uuidCode.length,
      uuidMusterGenau: uuidCode.filter((u) => UUID_GENAU.test(u.muster)).length,
      uuidMusterLose: uuidCode.filter((u) => !UUID_GENAU.test(u.muster)).length,
      uuidMusterDateien: new Set(uuidCode.map((u) => u.datei)).size,
      uuidMusterInTests: uuidListe.length - uuidCode.length,
      uuidListe: uuidCode.map(({ datei, zeile, muster }) => ({ datei, zeile, muster })),
      protokolliereExportiert: protokolliereAlle.filter((p) => p.exportiert).length,
      protokolliereAlle,
      akteurTypen: [...new Set(akteurDeklarationen.map((a) => a.name))].sort(),
      akteurDeklarationen,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The report

function ort(x: { datei?: string; von?: string; zeile: number }): string {
  return `${x.datei ?? x.von}:${x.zeile}`;
}

/** The report as text; `details` adds every finding. */
export function bericht(m: Messung, details: boolean): string {
  const z: string[] = [];
  const zeile = (s = "") => z.push(s);
  const ja = (b: boolean) => (b ? "ja " : "–  ");
  zeile(`Architektur von ${m.wurzel}`);
  zeile(
    `${m.dateien.server} Dateien unter src/server, davon ${m.dateien.serverOhneTests} ohne Tests (gezählt wird nur Code ohne Tests).`,
  );
  zeile(`Schichtenfolge (eslint/schichten.js): ${m.schichten.folge.join(" < ")}`);
  const zusammen = Object.entries(ORDNER_ZU_MODUL).map(([o, mod]) => `${o}→${mod}`);
  zeile(`Ordner, die zu einem Modul zusammengelegt werden: ${zusammen.join(", ") || "keine"}`);
  zeile();

  zeile("a. Importe in fremde Module");
  zeile(`   modulübergreifende Importe:                 ${m.importe.modulUebergreifend}`);
  zeile(`     davon zwischen zusammenzulegenden Ordnern: ${m.importe.zwischenZusammengelegtenOrdnern}`);
  zeile(`   nicht über index.ts („Innereien“):          ${m.importe.innereien}`);
  zeile(`     in *.repository.ts:                       ${m.importe.innereienNachArt.repository}`);
  zeile(`     in *.service.ts:                          ${m.importe.innereienNachArt.service}`);
  const a = m.importe.andereNachArt;
  zeile(
    `     in andere Dateien:                        ${m.importe.innereienNachArt.andere} ` +
      `(*.types.ts ${a.typen}, *.schema.ts ${a.schema}, sonstige Hilfsdateien ${a.hilfsdatei})`,
  );
  const r = m.importe.repositoryUndHilfsdateienLaufzeit;
  zeile(
    `   Laufzeit-Importe von Repositories und sonstigen Hilfsdateien (Maß des Reviews): ` +
      `${r.repository + r.hilfsdatei} (Repository ${r.repository}, Hilfsdateien ${r.hilfsdatei})`,
  );
  if (details) {
    for (const i of m.importe.liste)
      zeile(`     ${ort(i)} → ${i.nach} [${i.zielart}${i.nurTyp ? ", nur Typ" : ""}]`);
  }
  zeile();

  zeile("b. SQL");
  zeile(`   SQL-Literale in src/server:                 ${m.sql.literale}`);
  zeile(`     davon Fortsetzungen \`\${…} WHERE …\`:       ${m.sql.fortsetzungen}`);
  zeile(`   davon in Modulen:                           ${m.sql.modulLiterale}`);
  zeile(
    `   Modul-SQL außerhalb von Repository-Dateien: ${m.sql.ausserhalbRepository} (${m.sql.anteilAusserhalbRepositoryProzent} %)`,
  );
  zeile(`   SQL-Literale in *.routes.ts:                ${m.sql.inRoutenDateien}`);
  if (details) for (const r of m.sql.routenListe) zeile(`     ${ort(r)}`);
  const f = m.sql.fremdeBezuege;
  zeile(
    `   Bezüge auf Tabellen fremder Module:         ${f.gesamt} (lesend ${f.lesend}, schreibend ${f.schreibend})`,
  );
  zeile("     nach nennendem Modul:");
  for (const [modul, n] of Object.entries(m.sql.fremdeNachModul).sort()) {
    zeile(
      `       ${modul.padEnd(14)} lesend ${String(n.lesend).padStart(3)}  schreibend ${String(n.schreibend).padStart(3)}`,
    );
  }
  zeile("     nach Eigentümer der Tabelle:");
  for (const [modul, n] of Object.entries(m.sql.fremdeNachEigentuemer).sort()) {
    zeile(
      `       ${modul.padEnd(14)} lesend ${String(n.lesend).padStart(3)}  schreibend ${String(n.schreibend).padStart(3)}`,
    );
  }
  zeile(
    `   Tabellen ohne Eigentümer:                   ${m.sql.tabellenOhneEigentuemer.join(", ") || "keine"}`,
  );
  zeile(`   Modultabellen außerhalb der Module:         ${m.sql.ausserhalbDerModule.length}`);
  if (details) {
    zeile("     fremde Bezüge (S = schreibend):");
    for (const b of m.sql.fremdeListe) {
      zeile(`     ${b.schreibend ? "S" : " "} ${ort(b)} ${b.tabelle} (${b.eigentuemer})`);
    }
    zeile("     außerhalb der Module (Plattform, Wurzel, Demo):");
    for (const b of m.sql.ausserhalbDerModule) {
      zeile(`     ${b.schreibend ? "S" : " "} ${ort(b)} ${b.tabelle} (${b.eigentuemer})`);
    }
  }
  zeile();

  zeile("c. Zyklen");
  const komponenten = (titel: string, liste: string[][], immer: boolean) => {
    zeile(`   ${titel}: ${liste.length}`);
    if (immer || details) for (const k of liste) zeile(`     {${k.join(", ")}}`);
  };
  komponenten("Dateien, nur Laufzeit-Importe (Komponenten > 1 Datei)", m.zyklen.dateienLaufzeit, true);
  komponenten("Dateien, mit Typ-Importen", m.zyklen.dateienMitTypen, details);
  komponenten("Module, nur Laufzeit-Importe (Komponenten > 1 Modul)", m.zyklen.moduleLaufzeit, true);
  komponenten("Module, mit Typ-Importen", m.zyklen.moduleMitTypen, true);
  zeile(`   Importe der Plattform aus Modulen: ${m.zyklen.plattformNachModul.length}`);
  for (const i of m.zyklen.plattformNachModul)
    zeile(`     ${ort(i)} → ${i.nach}${i.nurTyp ? " (nur Typ)" : ""}`);
  zeile();

  zeile("d. Schichten");
  zeile(`   Importe aus einer niedrigeren in eine höhere Schicht: ${m.schichten.verletzungen}`);
  const paare = new Map<string, number>();
  for (const v of m.schichten.liste)
    paare.set(`${v.vonModul} → ${v.nachModul}`, (paare.get(`${v.vonModul} → ${v.nachModul}`) ?? 0) + 1);
  for (const [paar, n] of [...paare].sort()) zeile(`     ${paar}: ${n}`);
  if (details) for (const v of m.schichten.liste) zeile(`     ${ort(v)} → ${v.nach}`);
  if (m.schichten.ohneSchicht.length > 0)
    zeile(`   Module ohne Platz in der Folge: ${m.schichten.ohneSchicht.join(", ")}`);
  zeile();

  zeile("e. Gestalt");
  zeile("   Modul          Dateien Zeilen  routes service repo policy schema index README");
  for (const [modul, g] of Object.entries(m.gestalt.module)) {
    zeile(
      `   ${modul.padEnd(14)} ${String(g.dateien).padStart(7)} ${String(g.zeilen).padStart(6)}  ${ja(g.routes)}    ${ja(g.service)}     ${ja(g.repository)}  ${ja(g.policy)}    ${ja(g.schema)}    ${ja(g.index)}   ${ja(g.readme)}`,
    );
  }
  zeile("   größte Dateien (Zeilen, SQL-Literale):");
  for (const d of m.gestalt.groessteDateien)
    zeile(`     ${String(d.zeilen).padStart(5)}  ${String(d.sql).padStart(3)}  ${d.datei}`);
  zeile("   längste Funktionen (Zeilen):");
  for (const fn of m.gestalt.laengsteFunktionen)
    zeile(`     ${String(fn.zeilen).padStart(5)}  ${fn.name}  ${ort(fn)}`);
  zeile();

  zeile("f. Doppelt");
  const d = m.doppelt;
  zeile(
    `   UUID-Muster (src/server, src/web, ohne Tests): ${d.uuidMuster} in ${d.uuidMusterDateien} Dateien ` +
      `([0-9a-f]{8}-…: ${d.uuidMusterGenau}, [0-9a-f-]{36}: ${d.uuidMusterLose}); in Tests weitere ${d.uuidMusterInTests}`,
  );
  if (details) for (const u of d.uuidListe) zeile(`     ${ort(u)} ${u.muster}`);
  zeile(
    `   exportierte Funktionen „protokolliere“:     ${d.protokolliereExportiert} (alle Funktionen dieses Namens: ${d.protokolliereAlle.length})`,
  );
  for (const p of d.protokolliereAlle) zeile(`     ${ort(p)}${p.exportiert ? " (exportiert)" : ""}`);
  zeile(`   Typnamen für „wer handelt“: ${d.akteurTypen.length} (${d.akteurTypen.join(", ")})`);
  for (const a of d.akteurDeklarationen) zeile(`     ${a.name} ${ort(a)}`);
  return z.join("\n");
}

function hauptprogramm(argumente: string[]): void {
  const wurzelIndex = argumente.indexOf("--wurzel");
  const wurzel = path.resolve(
    wurzelIndex === -1 ? path.join(import.meta.dirname, "..") : (argumente[wurzelIndex + 1] ?? "."),
  );
  const messung = miss(wurzel);
  if (argumente.includes("--json")) console.log(JSON.stringify(messung, null, 2));
  else console.log(bericht(messung, argumente.includes("--details")));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  hauptprogramm(process.argv.slice(2));
}
