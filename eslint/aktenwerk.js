// @ts-check
// Aktenwerk's own lint rules: the walls of the house (ARCHITECTURE.md, issue #12).
//   aktenwerk/modulgrenzen    a module reaches another only through its index.ts; the platform
//                             imports no module; no import from a lower layer into a higher one;
//                             the web client imports from the server only what is allowed.
//   aktenwerk/fremde-tabellen a module's SQL names only the module's own tables.
//   aktenwerk/in-tx-name      a function running in its caller's transaction ends in InTx.
//   aktenwerk/uuid-muster     a UUID pattern is written once, in platform/pruefungen.ts.
// Tests (*.test.ts, test/**) may reach anything and are not checked.
import path from "node:path";
import {
  MODULE_ORDNER,
  ORDNER_ZU_MODUL,
  SCHICHTEN,
  istTest,
  loeseAuf,
  modulVonOrdner,
  ortVon,
  relativZu,
} from "./schichten.js";
import {
  PLATZHALTER,
  istSql,
  istSqlFortsetzung,
  leseTabellenEigentum,
  tabellenBezuege,
} from "./sql-tabellen.js";

/** @typedef {import("eslint").Rule.RuleModule} RuleModule */
/** @typedef {import("eslint").Rule.RuleContext} RuleContext */
/** @typedef {import("estree").Node} Knoten */

/**
 * What the web client may import from outside src/web/ (regular expressions on the target's path
 * relative to the root, with ".ts" for ".js"): the request/response schemas and src/shared.
 */
export const WEB_ERLAUBT_STANDARD = Object.freeze(["\\.schema\\.ts$", "^src/shared/"]);

/**
 * @typedef {object} ModulgrenzenOptionen
 * @property {string} [wurzel] the project root (default: ESLint's working directory)
 * @property {string[]} [schichten] the layers, lowest first (default: eslint/schichten.js)
 * @property {Record<string, string>} [ordnerZuModul] module folders that belong to a module of the
 *   layer list (default: eslint/schichten.js)
 * @property {string[]} [webErlaubt] what src/web/ may import from outside src/web/
 */

/**
 * The root, from the options or ESLint's working directory.
 * @param {RuleContext} context
 * @param {{ wurzel?: string } | undefined} optionen
 */
function wurzelVon(context, optionen) {
  return path.resolve(optionen?.wurzel ?? context.cwd);
}

/**
 * The specifier of an import-like node, if it is a plain string.
 * @param {{ type: string, source?: unknown, expression?: unknown }} node
 * @returns {string | undefined}
 */
function spezifiziererVon(node) {
  const quelle =
    /** @type {{ type?: string, value?: unknown, quasis?: { value: { cooked?: string | null } }[], expressions?: unknown[] } | null | undefined} */ (
      node.type === "TSExternalModuleReference" ? node.expression : node.source
    );
  if (!quelle) return undefined;
  if (quelle.type === "Literal" && typeof quelle.value === "string") return quelle.value;
  if (quelle.type === "TemplateLiteral" && quelle.expressions?.length === 0) {
    return quelle.quasis?.[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** @type {RuleModule} */
const modulgrenzen = {
  meta: {
    type: "problem",
    docs: {
      description:
        "Ein Modul erreicht ein anderes nur über dessen index.ts; die Plattform importiert kein Modul; " +
        "keine niedrigere Schicht importiert eine höhere; der Web-Client importiert vom Server nur Erlaubtes.",
    },
    schema: [
      {
        type: "object",
        properties: {
          wurzel: { type: "string" },
          schichten: { type: "array", items: { type: "string" } },
          ordnerZuModul: { type: "object", additionalProperties: { type: "string" } },
          webErlaubt: { type: "array", items: { type: "string" } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      innereien: "Import aus dem Innern des Moduls {{modul}} ({{ziel}}); nur über {{tuer}} gehen.",
      plattform: "Die Plattform importiert kein Modul ({{ziel}}).",
      schicht:
        "Das Modul {{von}} darf {{nach}} nicht importieren: {{nach}} liegt in der Schichtenfolge höher ({{folge}}).",
      web: "Der Web-Client importiert {{ziel}}; aus dem Server erlaubt sind nur Ziele nach {{erlaubt}}.",
    },
  },
  create(context) {
    const optionen = /** @type {ModulgrenzenOptionen | undefined} */ (context.options[0]);
    const wurzel = wurzelVon(context, optionen);
    const datei = relativZu(wurzel, context.filename);
    if (datei === undefined || istTest(datei)) return {};
    const ort = ortVon(datei);
    if (ort.bereich !== "modul" && ort.bereich !== "platform" && ort.bereich !== "web") return {};
    const schichten = optionen?.schichten ?? SCHICHTEN;
    const zuordnung = optionen?.ordnerZuModul ?? ORDNER_ZU_MODUL;
    const webErlaubt = (optionen?.webErlaubt ?? WEB_ERLAUBT_STANDARD).map((m) => new RegExp(m));

    /** @param {Knoten} node */
    function pruefe(node) {
      const spezifizierer = spezifiziererVon(node);
      if (spezifizierer === undefined) return;
      const ziel = loeseAuf(datei ?? "", spezifizierer);
      if (ziel === undefined) return;
      const zielOrt = ortVon(ziel);
      if (ort.bereich === "web") {
        if (ziel.startsWith("src/web/") || !ziel.startsWith("src/")) return;
        if (webErlaubt.some((m) => m.test(ziel))) return;
        context.report({
          node,
          messageId: "web",
          data: { ziel, erlaubt: webErlaubt.map((m) => m.source).join(", ") },
        });
        return;
      }
      if (zielOrt.bereich !== "modul") return;
      if (ort.bereich === "platform") {
        context.report({ node, messageId: "plattform", data: { ziel } });
        return;
      }
      if (ort.bereich !== "modul" || zielOrt.modul === ort.modul) return;
      const tuer = `${MODULE_ORDNER}/${zielOrt.modul}/index.ts`;
      if (ziel !== tuer) {
        context.report({ node, messageId: "innereien", data: { modul: zielOrt.modul, ziel, tuer } });
      }
      const von = modulVonOrdner(ort.modul, zuordnung);
      const nach = modulVonOrdner(zielOrt.modul, zuordnung);
      const vonStufe = schichten.indexOf(von);
      const nachStufe = schichten.indexOf(nach);
      if (vonStufe !== -1 && nachStufe > vonStufe) {
        context.report({
          node,
          messageId: "schicht",
          data: { von, nach, folge: schichten.join(" < ") },
        });
      }
    }

    return {
      ImportDeclaration: pruefe,
      ExportAllDeclaration: pruefe,
      ExportNamedDeclaration: pruefe,
      ImportExpression: pruefe,
      // TypeScript's import("…").T and import x = require("…").
      /** @param {Knoten} node */
      TSImportType: pruefe,
      /** @param {Knoten} node */
      TSExternalModuleReference: pruefe,
    };
  },
};

/**
 * @typedef {object} FremdeTabellenOptionen
 * @property {string} [wurzel] the project root (default: ESLint's working directory)
 * @property {string} [migrationen] the migrations folder, relative to the root
 *   (default: src/server/migrations)
 * @property {Record<string, string>} [ordnerZuModul] module folders that belong to a module of the
 *   layer list (default: eslint/schichten.js)
 */

/** The default migrations folder, relative to the root. */
export const MIGRATIONEN_STANDARD = "src/server/migrations";

/**
 * The text of a string or template literal; a template's `${…}` become PLATZHALTER.
 * @param {Knoten} node
 * @returns {string | undefined}
 */
export function literalText(node) {
  if (node.type === "Literal") return typeof node.value === "string" ? node.value : undefined;
  if (node.type === "TemplateLiteral") {
    return node.quasis.map((q) => q.value.cooked ?? q.value.raw).join(PLATZHALTER);
  }
  return undefined;
}

/**
 * Whether a literal is SQL: it looks like SQL, or it is a template continuing SQL kept in a
 * constant (`${SELECT_AKTE} WHERE a.id = $1`).
 * @param {Knoten} node
 * @param {string} text
 */
function istSqlLiteral(node, text) {
  if (istSql(text)) return true;
  return node.type === "TemplateLiteral" && node.expressions.length > 0 && istSqlFortsetzung(text);
}

/** @type {RuleModule} */
const fremdeTabellen = {
  meta: {
    type: "problem",
    docs: {
      description:
        "SQL eines Moduls nennt nur Tabellen dieses Moduls (Eigentum: COMMENT ON TABLE … IS 'Modul: …' in den Migrationen).",
    },
    schema: [
      {
        type: "object",
        properties: {
          wurzel: { type: "string" },
          migrationen: { type: "string" },
          ordnerZuModul: { type: "object", additionalProperties: { type: "string" } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      fremd: "SQL nennt die Tabelle {{tabelle}} des Moduls {{modul}}; über dessen index.ts gehen.",
      plattform: "SQL nennt die Tabelle {{tabelle}} der Plattform; über deren Schnittstelle gehen.",
    },
  },
  create(context) {
    const optionen = /** @type {FremdeTabellenOptionen | undefined} */ (context.options[0]);
    const wurzel = wurzelVon(context, optionen);
    const datei = relativZu(wurzel, context.filename);
    if (datei === undefined || istTest(datei)) return {};
    const ort = ortVon(datei);
    if (ort.bereich !== "modul") return {};
    const eigenes = modulVonOrdner(ort.modul, optionen?.ordnerZuModul ?? ORDNER_ZU_MODUL);
    const { eigentum } = leseTabellenEigentum(
      path.resolve(wurzel, optionen?.migrationen ?? MIGRATIONEN_STANDARD),
    );

    /** @param {Knoten} node */
    function pruefe(node) {
      const text = literalText(node);
      if (text === undefined) return;
      // A string inside a SQL template's ${…} ("JOIN akte a ON …") is part of that SQL.
      const teilVonSql = () =>
        context.sourceCode.getAncestors(node).some((a) => {
          const t = a.type === "TemplateLiteral" ? literalText(a) : undefined;
          return t !== undefined && istSqlLiteral(a, t);
        });
      if (!istSqlLiteral(node, text) && !teilVonSql()) return;
      const gemeldet = new Set();
      for (const { tabelle } of tabellenBezuege(text, eigentum)) {
        const modul = eigentum.get(tabelle);
        if (modul === undefined || modul === eigenes || gemeldet.has(tabelle)) continue;
        gemeldet.add(tabelle);
        context.report({
          node,
          messageId: modul === "platform" ? "plattform" : "fremd",
          data: { tabelle, modul },
        });
      }
    }

    return { Literal: pruefe, TemplateLiteral: pruefe };
  },
};

/**
 * Is this parameter declared as `tx: Tx` (the caller's transaction)? Only the type name counts:
 * a `Queryable` may be the pool or a transaction and says nothing about who commits.
 * @param {any} param
 */
function nimmtTx(param) {
  const p = param.type === "AssignmentPattern" ? param.left : param;
  const typ = p.typeAnnotation?.typeAnnotation;
  return typ?.type === "TSTypeReference" && typ.typeName?.type === "Identifier" && typ.typeName.name === "Tx";
}

/** @type {RuleModule} */
const inTxName = {
  meta: {
    type: "suggestion",
    docs: {
      description:
        "Eine Funktion, die in der Transaktion ihres Aufrufers läuft (Parameter `tx: Tx`), endet auf InTx; Repository-Funktionen ausgenommen.",
    },
    schema: [{ type: "object", properties: { wurzel: { type: "string" } }, additionalProperties: false }],
    messages: {
      name: "„{{name}}“ läuft in der Transaktion des Aufrufers (tx: Tx) und muss auf InTx enden.",
    },
  },
  create(context) {
    const optionen = /** @type {{ wurzel?: string } | undefined} */ (context.options[0]);
    const wurzel = wurzelVon(context, optionen);
    const datei = relativZu(wurzel, context.filename);
    if (datei === undefined || istTest(datei)) return {};
    if (!datei.startsWith("src/server/modules/") || /\.repository\.ts$|\/repository\//.test(datei)) return {};
    /**
     * @param {any} node
     * @param {string | undefined} name
     */
    function pruefe(node, name) {
      if (!name || name.endsWith("InTx")) return;
      if (!node.params.some(nimmtTx)) return;
      context.report({ node, messageId: "name", data: { name } });
    }
    return {
      /** @param {any} node */
      FunctionDeclaration: (node) => pruefe(node, node.id?.name),
      /** @param {any} node */
      "VariableDeclarator > ArrowFunctionExpression": (node) =>
        pruefe(node, node.parent.id?.type === "Identifier" ? node.parent.id.name : undefined),
    };
  },
};

/**
 * A character class of hex digits as UUID patterns spell it: [0-9a-f], [a-f0-9], [0-9a-fA-F],
 * [\da-f], also with the dash of the loose form ([0-9a-f-]).
 */
const HEX_KLASSE = String.raw`\[(?=[^\]]*(?:a-f|A-F))(?:0-9|\\d|a-f|A-F|-)+\]`;

/**
 * A UUID pattern inside a regular expression's source: eight hex digits and a dash (the exact
 * 8-4-4-4-12 form) or 36 hex digits and dashes (the loose form, which lets malformed ids through).
 */
export const UUID_IN_MUSTER = new RegExp(String.raw`${HEX_KLASSE}\{8\}\\?-|${HEX_KLASSE}\{36\}`);

/** Where the UUID pattern is written, once (relative to the root). */
export const UUID_QUELLE = "src/server/platform/pruefungen.ts";

/** @type {RuleModule} */
const uuidMuster = {
  meta: {
    type: "problem",
    docs: {
      description:
        "Ein UUID-Muster steht nur in src/server/platform/pruefungen.ts; alle anderen prüfen mit istUuid (oder einem dort benannten Muster).",
    },
    schema: [{ type: "object", properties: { wurzel: { type: "string" } }, additionalProperties: false }],
    messages: {
      kopie:
        "Eigenes UUID-Muster „{{muster}}“: istUuid aus platform/pruefungen.ts verwenden (ein anderes Muster dort benennen).",
    },
  },
  create(context) {
    const optionen = /** @type {{ wurzel?: string } | undefined} */ (context.options[0]);
    const datei = relativZu(wurzelVon(context, optionen), context.filename);
    if (datei === undefined || datei === UUID_QUELLE) return {};
    /**
     * @param {any} node
     * @param {unknown} text
     */
    function pruefe(node, text) {
      if (typeof text !== "string" || !UUID_IN_MUSTER.test(text)) return;
      const muster = text.length > 60 ? `${text.slice(0, 57)}…` : text;
      context.report({ node, messageId: "kopie", data: { muster } });
    }
    return {
      /** @param {any} node */
      Literal: (node) => pruefe(node, node.regex ? node.regex.pattern : node.value),
      /** @param {any} node */
      TemplateElement: (node) => pruefe(node, node.value.cooked ?? node.value.raw),
    };
  },
};

/** The plugin, registered in eslint.config.js under the name "aktenwerk". */
const plugin = {
  meta: { name: "aktenwerk" },
  rules: {
    modulgrenzen,
    "fremde-tabellen": fremdeTabellen,
    "in-tx-name": inTxName,
    "uuid-muster": uuidMuster,
  },
};

export default plugin;
