import { describe, expect, it } from "vitest";
import type { Queryable } from "./database/database.js";
import { Ereignisse } from "./ereignisse.js";

const q = {} as Queryable;

describe("Ereignisse: Fragen an höhere Schichten", () => {
  it("answers with the one registered answerer, given the asker's connection", async () => {
    const e = new Ereignisse();
    e.beantworte("akten.je_aktenplaneinheit", async (mit, frage) => {
      expect(mit).toBe(q);
      return new Map((frage.einheitIds ?? ["alle"]).map((id) => [id, 1]));
    });
    expect(await e.frage(q, "akten.je_aktenplaneinheit", { einheitIds: ["x"] })).toEqual(new Map([["x", 1]]));
    expect(await e.frage(q, "akten.je_aktenplaneinheit", {})).toEqual(new Map([["alle", 1]]));
  });

  it("refuses a second answerer and a question nobody answers", async () => {
    const e = new Ereignisse();
    await expect(e.frage(q, "akten.je_aktenplaneinheit", {})).rejects.toThrow(/keine Antwort/);
    e.beantworte("akten.je_aktenplaneinheit", async () => new Map());
    expect(() => e.beantworte("akten.je_aktenplaneinheit", async () => new Map())).toThrow(/schon/);
  });
});
