import path from "node:path";
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
import aktenwerk from "../../eslint/aktenwerk.js";
import { SCHICHTEN } from "../../eslint/schichten.js";

// The lint rules of the house walls (eslint/aktenwerk.js) fire on each kind of breach and stay
// quiet on what is allowed. Files are named below the real root, so fremde-tabellen reads the real
// migrations.

RuleTester.describe = describe;
RuleTester.it = it;

const wurzel = path.resolve(import.meta.dirname, "../..");
const datei = (relativ: string) => path.join(wurzel, relativ);
const optionen = [{ wurzel }];
const folge = SCHICHTEN.join(" < ");

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" },
});

const modulgrenzen = aktenwerk.rules.modulgrenzen;
const fremdeTabellen = aktenwerk.rules["fremde-tabellen"];

tester.run("aktenwerk/modulgrenzen", modulgrenzen, {
  valid: [
    // The front door of another module, in every import form.
    {
      filename: datei("src/server/modules/workflow/postkorb.service.ts"),
      code: 'import { ladeAkte } from "../schriftgut/index.js";\nimport type { Akteur } from "../protokoll/index.js";\nexport { x } from "../access/index.js";\nconst m = await import("../aktenplan/index.js");',
      options: optionen,
    },
    // Inside the own module, deep paths are fine; the platform and packages are fine.
    {
      filename: datei("src/server/modules/aussonderung/xdomea/xdomea.service.ts"),
      code: 'import { a } from "../aufbewahrung.service.js";\nimport { AppError } from "../../../platform/errors.js";\nimport ts from "typescript";',
      options: optionen,
    },
    // A module may import one listed before it.
    {
      filename: datei("src/server/modules/schriftgut/akte.ts"),
      code: 'import { pruefe } from "../access/index.js";',
      options: optionen,
    },
    // Folders being merged into one module share its layer.
    {
      filename: datei("src/server/modules/akten/akten.service.ts"),
      code: 'import { x } from "../vorgaenge/index.js";',
      options: optionen,
    },
    // Tests may reach internals, also upwards.
    {
      filename: datei("src/server/modules/access/access.routes.test.ts"),
      code: 'import { x } from "../workflow/geschaeftsgang.service.js";',
      options: optionen,
    },
    {
      filename: datei("test/helpers/factories.ts"),
      code: 'import { x } from "../../src/server/modules/akten/akten.repository.js";',
      options: optionen,
    },
    // The composition root may import any module's internals (it wires them).
    {
      filename: datei("src/server/app.ts"),
      code: 'import { x } from "./modules/akten/akten.routes.js";',
      options: optionen,
    },
    // The platform may import the platform.
    {
      filename: datei("src/server/platform/http/auth.ts"),
      code: 'import { x } from "../errors.js";',
      options: optionen,
    },
    // The web client may import schemas and src/shared.
    {
      filename: datei("src/web/api/types.ts"),
      code: 'import type { S } from "../../server/modules/suche/suche.schema.js";\nimport { n } from "../../shared/namen.js";\nimport { c } from "./client.js";',
      options: optionen,
    },
    // …and what the options allow.
    {
      filename: datei("src/web/api/types.ts"),
      code: 'import type { A } from "../../server/api.js";',
      options: [{ wurzel, webErlaubt: ["^src/server/api\\.ts$"] }],
    },
    // Another layer order from the options.
    {
      filename: datei("src/server/modules/suche/suche.service.ts"),
      code: 'import { x } from "../workflow/index.js";',
      options: [{ wurzel, schichten: ["platform", "workflow", "suche"] }],
    },
  ],
  invalid: [
    // A deliberate import of another module's internals.
    {
      filename: datei("src/server/modules/workflow/fristen.service.ts"),
      code: 'import { a } from "../access/access.repository.js";',
      options: optionen,
      errors: [
        {
          messageId: "innereien",
          data: {
            modul: "access",
            ziel: "src/server/modules/access/access.repository.ts",
            tuer: "src/server/modules/access/index.ts",
          },
        },
      ],
    },
    // Type imports, re-exports, dynamic imports and import types are imports too.
    {
      filename: datei("src/server/modules/workflow/fristen.service.ts"),
      code: 'import type { A } from "../access/access.types.js";\nexport * from "../access/access.service.js";\nawait import("../aktenplan/aktenplan.service.js");\nlet t: import("../protokoll/protokoll.types.js").Akteur;',
      options: optionen,
      errors: [
        { messageId: "innereien" },
        { messageId: "innereien" },
        { messageId: "innereien" },
        { messageId: "innereien" },
      ],
    },
    // Between folders that are being merged: still separate folders for the front door.
    {
      filename: datei("src/server/modules/dokumente/dokumente.service.ts"),
      code: 'import { x } from "../akten/akten.service.js";',
      options: optionen,
      errors: [{ messageId: "innereien" }],
    },
    // The platform imports no module, not even its front door.
    {
      filename: datei("src/server/platform/http/auth.ts"),
      code: 'import { a } from "../../modules/access/index.js";\nimport type { B } from "../../modules/access/access.types.js";',
      options: optionen,
      errors: [
        { messageId: "plattform", data: { ziel: "src/server/modules/access/index.ts" } },
        { messageId: "plattform" },
      ],
    },
    // Upwards through the front door: schriftgut must not import suche.
    {
      filename: datei("src/server/modules/schriftgut/akte.ts"),
      code: 'import { indexiere } from "../suche/index.js";',
      options: optionen,
      errors: [{ messageId: "schicht", data: { von: "schriftgut", nach: "suche", folge } }],
    },
    // Upwards into internals: both walls.
    {
      filename: datei("src/server/modules/protokoll/protokoll.service.ts"),
      code: 'import type { Actor } from "../access/access.types.js";',
      options: optionen,
      errors: [
        { messageId: "innereien" },
        { messageId: "schicht", data: { von: "protokoll", nach: "access", folge } },
      ],
    },
    // A merged folder is in its module's layer.
    {
      filename: datei("src/server/modules/vorgaenge/vorgaenge.service.ts"),
      code: 'import { x } from "../suche/index.js";',
      options: optionen,
      errors: [{ messageId: "schicht", data: { von: "schriftgut", nach: "suche", folge } }],
    },
    // The web client imports the server only where allowed.
    {
      filename: datei("src/web/pages/Akte.tsx"),
      code: 'import { x } from "../../server/modules/akten/akten.service.js";',
      options: optionen,
      errors: [{ messageId: "web" }],
    },
    {
      filename: datei("src/web/api/types.ts"),
      code: 'import type { S } from "../../server/modules/suche/suche.schema.js";',
      options: [{ wurzel, webErlaubt: ["^src/shared/"] }],
      errors: [{ messageId: "web" }],
    },
  ],
});

tester.run("aktenwerk/fremde-tabellen", fremdeTabellen, {
  valid: [
    // The own tables.
    {
      filename: datei("src/server/modules/workflow/fristen.service.ts"),
      code: 'const a = "SELECT * FROM schritt s JOIN geschaeftsgang g ON g.id = s.geschaeftsgang_id";\nconst b = `UPDATE wiedervorlage SET erledigt_am = $1 WHERE id = ${"x"}`;',
      options: optionen,
    },
    // Folders being merged own the merged module's tables.
    {
      filename: datei("src/server/modules/vorgaenge/vorgaenge.repository.ts"),
      code: 'const a = "SELECT * FROM vorgang v JOIN akte a ON a.id = v.akte_id JOIN dokument d ON d.vorgang_id = v.id";',
      options: optionen,
    },
    // Not SQL, unknown tables, tests, the platform and the composition root.
    {
      filename: datei("src/server/modules/workflow/fristen.service.ts"),
      code: 'const a = "Die Akte gibt es nicht.";\nconst b = "akte";\nconst c = "SELECT * FROM unbekannt";',
      options: optionen,
    },
    {
      filename: datei("src/server/modules/workflow/geschaeftsgang.test.ts"),
      code: 'const a = "SELECT * FROM akte";',
      options: optionen,
    },
    {
      filename: datei("src/server/platform/fsck.ts"),
      code: 'const a = "SELECT sha256 FROM blob";',
      options: optionen,
    },
    {
      filename: datei("src/server/cli.ts"),
      code: 'const a = "SELECT * FROM protokoll";',
      options: optionen,
    },
  ],
  invalid: [
    // SQL naming another module's table.
    {
      filename: datei("src/server/modules/workflow/fristen.service.ts"),
      code: 'const a = "SELECT v.id FROM vorgang v JOIN akte a ON a.id = v.akte_id JOIN schritt s ON s.vorgang_id = v.id";',
      options: optionen,
      errors: [
        { messageId: "fremd", data: { tabelle: "vorgang", modul: "schriftgut" } },
        { messageId: "fremd", data: { tabelle: "akte", modul: "schriftgut" } },
      ],
    },
    // Writes, templates, continuations of SQL kept in constants, fragments inside a template.
    {
      filename: datei("src/server/modules/aussonderung/aufbewahrung.service.ts"),
      code: [
        "const a = `DELETE FROM suchindex WHERE dokument_id = ANY(${'$1'})`;",
        "const b = `${SELECT} JOIN benutzer b ON b.id = x.von WHERE x = 1`;",
        'const c = `SELECT 1 FROM loeschsperre l ${mitAkte ? "JOIN akte a ON a.id = l.akte_id" : ""}`;',
      ].join("\n"),
      options: optionen,
      errors: [
        { messageId: "fremd", data: { tabelle: "suchindex", modul: "suche" }, line: 1 },
        { messageId: "fremd", data: { tabelle: "benutzer", modul: "access" }, line: 2 },
        { messageId: "fremd", data: { tabelle: "akte", modul: "schriftgut" }, line: 3 },
      ],
    },
    // The platform's tables too: a module goes through the platform's interface (JobQueue).
    {
      filename: datei("src/server/modules/content/content.service.ts"),
      code: 'const a = "INSERT INTO blob (sha256, groesse, erstellt_am) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";',
      options: optionen,
      errors: [{ messageId: "plattform", data: { tabelle: "blob" } }],
    },
  ],
});

tester.run("aktenwerk/in-tx-name", aktenwerk.rules["in-tx-name"], {
  valid: [
    // The public use case opens its own transaction; the in-transaction step says so.
    {
      filename: datei("src/server/modules/schriftgut/dokumente.service.ts"),
      code: "export async function legeDokumentAn(ctx: AppContext, akteur: Akteur) {}\nexport async function legeDokumentAnInTx(ctx: AppContext, tx: Tx) {}\nconst schrittInTx = async (tx: Tx) => {};",
      options: optionen,
    },
    // A Queryable may be the pool: no claim about the transaction.
    {
      filename: datei("src/server/modules/schriftgut/akten.service.ts"),
      code: "export async function liesAkte(q: Queryable, id: string) {}",
      options: optionen,
    },
    // Repository functions always take a Queryable or Tx and need no suffix; tests are exempt.
    {
      filename: datei("src/server/modules/schriftgut/akten.repository.ts"),
      code: "export async function insertAkte(tx: Tx, daten: unknown) {}",
      options: optionen,
    },
    {
      filename: datei("src/server/modules/schriftgut/akten.test.ts"),
      code: "async function baue(tx: Tx) {}",
      options: optionen,
    },
  ],
  invalid: [
    {
      filename: datei("src/server/modules/schriftgut/dokumente.service.ts"),
      code: "export async function legeDokumentAn(ctx: AppContext, tx: Tx, akteur: Akteur) {}",
      options: optionen,
      errors: [{ messageId: "name", data: { name: "legeDokumentAn" } }],
    },
    {
      filename: datei("src/server/modules/workflow/geschaeftsgang.service.ts"),
      code: "const schreiteFort = async (ctx: AppContext, tx: Tx = standard) => {};",
      options: optionen,
      errors: [{ messageId: "name", data: { name: "schreiteFort" } }],
    },
  ],
});
