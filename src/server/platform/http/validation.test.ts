import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { bereinigeEingabe, saeubereFremdtext } from "./validation.js";

describe("Eingaberegel", () => {
  it("composes to NFC and keeps line breaks in text, but not in single-line values", () => {
    expect(bereinigeEingabe({ a: ["Mu\u0308ller\nZeile 2"] }, "")).toEqual({ a: ["Müller\nZeile 2"] });
    expect(() => bereinigeEingabe("a\nb", "query:/q", true)).toThrow(AppError);
  });

  it("refuses NUL, other controls and lone surrogates, naming the field", () => {
    for (const bad of ["a\u0000", "\u001b[31m", "\u0085", "x\uD800"]) {
      try {
        bereinigeEingabe({ titel: bad }, "");
        expect.unreachable(`${JSON.stringify(bad)} passed`);
      } catch (error) {
        expect((error as AppError).fehler).toEqual([expect.objectContaining({ feld: "/titel" })]);
      }
    }
    expect(() => bereinigeEingabe({ "k\u0000": 1 }, "")).toThrow(AppError);
  });

  it("cleans text from untrusted files instead: no controls, no bidi overrides, one line", () => {
    expect(saeubereFremdtext("Rechnung\u202Egpj.exe\u0000\r\nTeil 2 \uD800")).toBe(
      "Rechnung gpj.exe Teil 2 \uFFFD",
    );
    expect(saeubereFremdtext("x".repeat(5000)).length).toBe(1000);
  });
});
