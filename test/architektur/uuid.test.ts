import fs from "node:fs";
import path from "node:path";
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import aktenwerk, { UUID_IN_MUSTER, UUID_QUELLE } from "../../eslint/aktenwerk.js";
import { istUuid, UUID_PRAEFIX } from "../../src/server/platform/pruefungen.js";

// The UUID check exists once (issue #12, item 6): src/server/platform/pruefungen.ts writes the
// pattern, everything else calls istUuid. A copy drifts (a loose `[0-9a-f-]{36}` let malformed ids
// reach a `::uuid` cast); the lint rule aktenwerk/uuid-muster refuses one, and this file proves the
// rule fires, that src/ holds no copy, and that the one check is right.

RuleTester.describe = describe;
RuleTester.it = it;

const wurzel = path.resolve(import.meta.dirname, "../..");
const datei = (relativ: string) => path.join(wurzel, relativ);
const optionen = [{ wurzel }];
const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" },
});

tester.run("aktenwerk/uuid-muster", aktenwerk.rules["uuid-muster"], {
  valid: [
    // The one place that writes the pattern.
    {
      filename: datei(UUID_QUELLE),
      code: 'const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";',
      options: optionen,
    },
    // Calling the check, a schema format, other hex and digit patterns.
    {
      filename: datei("src/server/modules/posteingang/liste.service.ts"),
      code: 'if (istUuid(id)) f();\nconst s = { format: "uuid" };\nconst sha = /^[0-9a-f]{64}$/;\nconst d = /^\\d{4}-\\d{2}-\\d{2}$/;\nconst k = /^[a-z][a-z0-9_]{0,39}$/;',
      options: optionen,
    },
  ],
  invalid: [
    // The exact form and the loose one, as a regex literal, in any spelling of the hex class.
    ...[
      "/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i",
      "/^[0-9a-f-]{36}$/i",
      "/[a-f0-9]{8}-[a-f0-9]{4}/",
      "/^[0-9a-fA-F]{8}\\-/",
      "/^[\\da-f]{8}-/",
      "/^[0-9A-F-]{36}$/",
    ].map((muster) => ({
      filename: datei("src/server/modules/aktenplan/aktenplan.repository.ts"),
      code: `const istId = ${muster}.test(x);`,
      options: optionen,
      errors: [{ messageId: "kopie" }],
    })),
    // As the source of a RegExp, a schema pattern or a template, also in the web client.
    {
      filename: datei("src/web/pages/Akte.tsx"),
      code: 'const a = new RegExp("^[0-9a-f-]{36}$");\nconst b = { pattern: "^[0-9a-f]{8}-[0-9a-f]{4}" };\nconst c = new RegExp(`^[0-9a-f]{8}-${rest}`);',
      options: optionen,
      errors: [{ messageId: "kopie" }, { messageId: "kopie" }, { messageId: "kopie" }],
    },
    // Tests in src/ use istUuid too.
    {
      filename: datei("src/server/modules/access/access.routes.test.ts"),
      code: "expect(id).toMatch(/^[0-9a-f-]{36}$/);",
      options: optionen,
      errors: [{ messageId: "kopie" }],
    },
  ],
});

/** Every TypeScript file below src/, relative to the root. */
function quelldateien(): string[] {
  return fs
    .readdirSync(datei("src"), { recursive: true, encoding: "utf8" })
    .map((d) => `src/${d.split(path.sep).join("/")}`)
    .filter((d) => /\.tsx?$/.test(d));
}

describe("The UUID check", () => {
  it("is written in src/ only in platform/pruefungen.ts", () => {
    const dateien = quelldateien();
    expect(dateien).toContain(UUID_QUELLE);
    const kopien = dateien.filter(
      (d) => d !== UUID_QUELLE && UUID_IN_MUSTER.test(fs.readFileSync(datei(d), "utf8")),
    );
    expect(kopien).toEqual([]);
    expect(UUID_IN_MUSTER.test(fs.readFileSync(datei(UUID_QUELLE), "utf8"))).toBe(true);
  });

  it("takes canonical UUIDs in any case and nothing that merely has their length", () => {
    expect(istUuid("0b7e4c1a-9f3d-4e2a-8c55-1d2e3f4a5b6c")).toBe(true);
    expect(istUuid("0B7E4C1A-9F3D-4E2A-8C55-1D2E3F4A5B6C")).toBe(true);
    for (const falsch of [
      "-".repeat(36),
      "0b7e4c1a9f3d4e2a8c551d2e3f4a5b6c----",
      "0b7e4c1a-9f3d-4e2a-8c55-1d2e3f4a5b6",
      "0b7e4c1a-9f3d-4e2a-8c55-1d2e3f4a5b6cd",
      "0b7e4c1a-9f3d-4e2a-8c55-1d2e3f4a5b6g",
      " 0b7e4c1a-9f3d-4e2a-8c55-1d2e3f4a5b6c",
      "63.10-0042/2026",
      "schmidt",
    ]) {
      expect(istUuid(falsch), falsch).toBe(false);
    }
  });

  it("strips the UUID prefix xdomea puts before a file name, with its version number", () => {
    const uuid = "0b7e4c1a-9f3d-4e2a-8c55-1d2e3f4a5b6c";
    expect(`${uuid}_brief.pdf`.replace(UUID_PRAEFIX, "")).toBe("brief.pdf");
    expect(`${uuid}_2_brief.pdf`.replace(UUID_PRAEFIX, "")).toBe("brief.pdf");
    expect(`${uuid}brief.pdf`.replace(UUID_PRAEFIX, "")).toBe("brief.pdf");
    expect("brief_2_.pdf".replace(UUID_PRAEFIX, "")).toBe("brief_2_.pdf");
  });
});
