import path from "node:path";
import { expect, inject } from "vitest";

// Runs before every test file: tells the route recorder (and, through the environment, any
// `aktenwerk` child process the file starts) where to write and which test file is calling.
const WURZEL = path.resolve(import.meta.dirname, "..");
process.env.AKTENWERK_ROUTENABDECKUNG = inject("routenAbdeckung");
const testPath = expect.getState().testPath;
process.env.AKTENWERK_ROUTENABDECKUNG_TESTDATEI = testPath ? path.relative(WURZEL, testPath) : "";
await import("./helpers/routen-aufzeichnung.mjs");
