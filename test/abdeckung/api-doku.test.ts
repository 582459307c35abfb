import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { createTestContext, type TestContext } from "../helpers/context.js";

// The API documentation under /api/docs (issue #12 item 9): public, and every form of it works.

let ctx: TestContext;
let app: FastifyInstance;

const holen = (url: string) => app.inject({ method: "GET", url });

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
});

afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("the API documentation", () => {
  it("serves the OpenAPI document as JSON (twice) and as YAML, without login", async () => {
    const eigenes = await holen("/api/docs/openapi.json");
    expect(eigenes.statusCode).toBe(200);
    const doc = eigenes.json();
    expect(doc).toMatchObject({
      openapi: "3.1.0",
      info: { title: "Aktenwerk API", license: { name: "EUPL-1.2" } },
    });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/akten/{id}/querverweise", "/api/v1/geschaeftsgaenge/{id}/verfuegung"]),
    );

    const ui = await holen("/api/docs/json");
    expect(ui.statusCode).toBe(200);
    expect(ui.json().paths).toEqual(doc.paths);

    const yaml = await holen("/api/docs/yaml");
    expect(yaml.statusCode).toBe(200);
    expect(yaml.headers["content-type"]).toMatch(/yaml/);
    expect(yaml.body).toMatch(/^openapi: 3\.1\.0$/m);
    expect(yaml.body).toContain("/api/v1/akten/{id}/querverweise:");
  });

  it("serves the documentation page with its script and styles, without login", async () => {
    const seite = await holen("/api/docs/");
    expect(seite.statusCode).toBe(200);
    expect(seite.headers["content-type"]).toMatch(/^text\/html/);
    expect(seite.body).toContain("<title>Swagger UI</title>");
    expect(seite.headers["content-security-policy"]).toMatch(/script-src 'self'/);

    // The old address of the page leads to it.
    const alt = await holen("/api/docs/static/index.html");
    expect(alt.statusCode).toBe(302);
    expect(alt.headers.location).toBe("/api/docs/");

    const skript = await holen("/api/docs/static/swagger-initializer.js");
    expect(skript.statusCode).toBe(200);
    expect(skript.headers["content-type"]).toMatch(/javascript/);
    expect(skript.body).toContain("SwaggerUIBundle");

    const stil = await holen("/api/docs/static/swagger-ui.css");
    expect(stil.statusCode).toBe(200);
    expect(stil.headers["content-type"]).toMatch(/^text\/css/);
  });
});
