import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import {
  akteurVon,
  createOe,
  createUser,
  neueAkte,
  neuerVorgang,
} from "../../../../test/helpers/factories.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import { importiere, sammleDateien } from "./import.js";

let ctx: TestContext;
let ordner: string;

beforeAll(async () => {
  ctx = await createTestContext();
  for (const kuerzel of ["63", "51", "11"]) await createOe(ctx, { kuerzel });
  await importTestAktenplan(ctx);
  ordner = path.join(ctx.dataDir, "eingang");
  await fs.mkdir(path.join(ordner, "unter"), { recursive: true });
  await fs.writeFile(path.join(ordner, "antrag.txt"), "Antrag auf Baugenehmigung");
  await fs.writeFile(path.join(ordner, "unter", "vermerk.txt"), "Vermerk zum Ortstermin");
  // The same content under another name is another file of the folder: taken, once.
  await fs.writeFile(path.join(ordner, "unter", "antrag-kopie.txt"), "Antrag auf Baugenehmigung");
});
afterAll(async () => ctx.cleanup());

describe("aktenwerk import is idempotent", () => {
  it("into a Vorgang: a second run over the same folder (after a kill -9) adds nothing and skips every file", async () => {
    const benutzer = await createUser(ctx, { rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
    const actor = await akteurVon(ctx, benutzer);
    const akte = await neueAkte(ctx, actor, { federfuehrendeOe: "63" });
    const vorgang = await neuerVorgang(ctx, actor, akte.id);
    const dateien = await sammleDateien([ordner]);
    const ziel = { art: "vorgang" as const, vorgangId: vorgang.id, actor };
    // As if the first run had been killed after its first file.
    expect(await importiere(ctx, dateien.slice(0, 1), ziel)).toMatchObject({
      aufgenommen: 1,
      uebersprungen: 0,
    });
    expect(await importiere(ctx, dateien, ziel)).toMatchObject({
      aufgenommen: 2,
      uebersprungen: 1,
      probleme: [],
    });
    expect(await importiere(ctx, dateien, ziel)).toMatchObject({
      aufgenommen: 0,
      uebersprungen: 3,
      probleme: [],
    });
    const { rows } = await ctx.db.query<{ name: string }>(
      `SELECT dv.originaldateiname AS name FROM dokument d JOIN dokument_version dv ON dv.dokument_id = d.id
       WHERE d.vorgang_id = $1 ORDER BY 1`,
      [vorgang.id],
    );
    expect(rows.map((r) => r.name)).toEqual(["antrag-kopie.txt", "antrag.txt", "vermerk.txt"]);
  });

  it("into a Posteingang: the same, per OE", async () => {
    const dateien = await sammleDateien([ordner]);
    const ziel = { art: "posteingang" as const, oe: "51" };
    expect(await importiere(ctx, dateien, ziel)).toMatchObject({ aufgenommen: 3, uebersprungen: 0 });
    expect(await importiere(ctx, dateien, ziel)).toMatchObject({ aufgenommen: 0, uebersprungen: 3 });
    // Another OE's Posteingang is another target.
    expect(await importiere(ctx, dateien, { art: "posteingang", oe: "11" })).toMatchObject({
      aufgenommen: 3,
      uebersprungen: 0,
    });
  });
});
