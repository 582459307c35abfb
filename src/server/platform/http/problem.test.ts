import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { datenbankNichtErreichbar } from "../database/database.js";
import { registerProblemHandlers } from "./problem.js";

describe("a database that went away", () => {
  it("is recognised by SQLSTATE, socket error and node-postgres message, and nothing else", () => {
    for (const e of [
      { code: "57P01", message: "terminating connection due to unexpected postmaster exit" },
      { code: "57P03", message: "the database system is starting up" },
      { code: "08006", message: "connection failure" },
      { code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:5432" },
      new Error("Connection terminated unexpectedly"),
      new Error("Client has encountered a connection error and is not queryable"),
    ])
      expect(datenbankNichtErreichbar(e), JSON.stringify(e)).toBe(true);
    for (const e of [{ code: "23505" }, { code: "22P02" }, new Error("Ein anderer Fehler"), null, "x"])
      expect(datenbankNichtErreichbar(e), JSON.stringify(e)).toBe(false);
  });

  it("answers 503 with a German problem and Retry-After instead of a 500", async () => {
    const app = Fastify();
    registerProblemHandlers(app);
    app.get("/weg", async () => {
      throw Object.assign(new Error("terminating connection due to unexpected postmaster exit"), {
        code: "57P01",
      });
    });
    app.get("/kaputt", async () => {
      throw new Error("etwas anderes");
    });
    const weg = await app.inject({ method: "GET", url: "/weg" });
    expect(weg.statusCode).toBe(503);
    expect(weg.headers["retry-after"]).toBe("5");
    expect(weg.json()).toMatchObject({
      type: "urn:aktenwerk:problem:nicht_verfuegbar",
      detail: expect.stringMatching(/Datenbank ist gerade nicht erreichbar/),
    });
    expect((await app.inject({ method: "GET", url: "/kaputt" })).statusCode).toBe(500);
    await app.close();
  });
});
