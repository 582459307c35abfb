import { describe, expect, it } from "vitest";
import { oeKuerzelAus, oeWert } from "./auswahl.schema.js";

describe("the OE in a picker's value", () => {
  it("reads the Kürzel the picker wrote, and what a person types by hand", () => {
    expect(oeKuerzelAus(oeWert("63"))).toBe("63");
    expect(oeKuerzelAus("oe: 70 ")).toBe("70");
    expect(oeKuerzelAus("OE:PR")).toBe("PR");
  });

  it("says a person or an Akte is no OE, so the step goes to that person", () => {
    expect(oeKuerzelAus("wagner")).toBeNull();
    expect(oeKuerzelAus("oeffentlich")).toBeNull();
    expect(oeKuerzelAus("OE:")).toBeNull();
    expect(oeKuerzelAus("0b7c6f1e-6a55-4d1c-9a0e-3f1f4f6b2a11")).toBeNull();
  });
});
