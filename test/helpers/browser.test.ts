import { describe, expect, it } from "vitest";
import { heute, plusTage } from "../../src/server/platform/clock.js";
import { naechsterMittagInBerlin, VersetzbareUhr } from "./browser.js";

const berlin = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Berlin",
  dateStyle: "short",
  timeStyle: "medium",
});

describe("the browser journeys' clock never crosses midnight", () => {
  it.each([
    ["one second before midnight on New Year's Eve", "2026-12-31T22:59:59Z", "2027-01-01 12:00:00"],
    ["just after midnight", "2026-03-01T23:00:01Z", "2026-03-02 12:00:00"],
    ["noon itself", "2026-03-02T11:00:00Z", "2026-03-02 12:00:00"],
    ["one second after noon", "2026-03-02T11:00:01Z", "2026-03-03 12:00:00"],
    ["summer time", "2026-07-15T20:00:00Z", "2026-07-16 12:00:00"],
    ["the night the clocks go forward", "2026-03-29T00:30:00Z", "2026-03-29 12:00:00"],
    ["the night the clocks go back", "2026-10-25T00:30:00Z", "2026-10-25 12:00:00"],
  ])("%s: moves on to the next noon in Berlin, never back", (_fall, jetzt, mittag) => {
    const start = Date.parse(jetzt);
    const ziel = naechsterMittagInBerlin(start);
    expect(berlin.format(ziel)).toBe(mittag);
    expect(ziel).toBeGreaterThanOrEqual(start);
    expect(ziel - start).toBeLessThanOrEqual(25 * 3600_000);
  });

  it("starts at noon and reaches tomorrow when moved by a day", () => {
    let echt = Date.parse("2026-12-31T22:59:59Z");
    const uhr = new VersetzbareUhr(() => echt);
    const tag = heute(uhr);
    expect(tag).toBe("2027-01-01");
    expect(berlin.format(uhr.now()).slice(11, 13)).toBe("12");
    // Real time goes on past midnight during the journey: the journey's day does not change.
    echt += 3 * 3600_000;
    expect(heute(uhr)).toBe(tag);
    uhr.vorstellen(24 * 3600_000);
    expect(heute(uhr)).toBe(plusTage(tag, 1));
  });
});
