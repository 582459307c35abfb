import { describe, expect, it } from "vitest";
import { buildApp } from "../../server/app.js";
import { createTestContext } from "../../../test/helpers/context.js";
import { ENDPUNKTE } from "./client.js";

describe("Typed API client", () => {
  it("calls only endpoints that the OpenAPI document describes, with the same method", async () => {
    const ctx = await createTestContext();
    const app = await buildApp(ctx);
    try {
      await app.ready();
      const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
      const missing = ENDPUNKTE.filter(([method, path]) => !doc.paths[path]?.[method.toLowerCase()]).map(
        ([m, p]) => `${m} ${p}`,
      );
      expect(missing).toEqual([]);
    } finally {
      await app.close();
      await ctx.cleanup();
    }
  });
});
