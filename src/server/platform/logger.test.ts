import { PassThrough } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";

function sammle(): { strom: PassThrough; text: () => string } {
  const strom = new PassThrough();
  let text = "";
  strom.on("data", (c: Buffer) => (text += c.toString("utf8")));
  return { strom, text: () => text };
}

describe("Logs", () => {
  it("are one JSON object a line for a collector, with level, message and fields", () => {
    const { strom, text } = sammle();
    createLogger("info", {}, strom).info({ reqId: "r-1" }, "Server gestartet");
    const zeile = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(zeile).toMatchObject({ level: 30, msg: "Server gestartet", reqId: "r-1", name: "aktenwerk" });
  });

  it("are readable lines on a terminal: time, level and message first, no JSON", () => {
    const { strom, text } = sammle();
    Object.assign(strom, { isTTY: true });
    createLogger("info", {}, strom).warn({ reqId: "r-2" }, "Ablage fast voll");
    const ausgabe = stripVTControlCharacters(text());
    expect(ausgabe).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: Ablage fast voll\n\s+reqId: "r-2"/);
  });

  it("follow AKTENWERK_LOG_FORMAT over the guess", () => {
    const { strom, text } = sammle();
    createLogger("info", { AKTENWERK_LOG_FORMAT: "lesbar" }, strom).info("Hallo");
    expect(text()).toMatch(/INFO: Hallo/);
  });
});
