import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { createOe, createUser } from "../../../test/helpers/factories.js";
import { getBenutzer, getOrganisationseinheit, gibtEsBenutzer } from "../modules/access/access.service.js";
import { seedDemo } from "./seed.js";

// The demo county goes only into an empty installation: once anyone has an account, starting
// with --demo changes nothing. (Seeding an empty one is proven by the backup test, which restores it.)

describe("Demo-Landkreis", () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => {
    await ctx.cleanup();
  });

  it("is not seeded where a Benutzer exists: no demo OE, no demo login, no password", async () => {
    expect(await gibtEsBenutzer(ctx)).toBe(false);
    const amt = await createOe(ctx);
    await createUser(ctx, { rollen: [{ oe: amt.kuerzel, rolle: "Sachbearbeitung" }] });
    expect(await gibtEsBenutzer(ctx)).toBe(true);

    expect(await seedDemo(ctx, "Demo-Passwort-2026")).toEqual({ angelegt: false });
    await expect(getOrganisationseinheit(ctx, "LR")).rejects.toMatchObject({ code: "nicht_gefunden" });
    await expect(getBenutzer(ctx, "admin")).rejects.toMatchObject({ code: "nicht_gefunden" });
  });
});
