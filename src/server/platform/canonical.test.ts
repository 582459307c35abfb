import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical.js";

describe("canonicalJson", () => {
  it("gives the same bytes for the same value whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: "ä" } })).toBe(
      canonicalJson({ a: { c: "ä", d: [2, { y: null, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it("drops undefined fields and refuses non-finite numbers", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
  });
});
