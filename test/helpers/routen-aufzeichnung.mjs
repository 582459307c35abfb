// Records which API routes the tests really exercise (issue #12 item 9, "routes no test calls").
// Loaded in every vitest worker (test/setup-routenabdeckung.ts) and, through NODE_OPTIONS
// (childEnv in test/helpers/process.ts), in every `aktenwerk` child process a test starts.
//
// A route counts as called when a request reached its handler (past the sign-in hook, the CSRF
// check and schema validation) and the answer was not an error (status below 400). A 401 from the
// route table test or a 400 from the fuzz test does not count: those reach every route by
// construction and would hide a route whose work no test ever checks.
//
// Each process appends "METHOD<TAB>pattern<TAB>test file" lines to <dir>/<pid>.txt, where <dir>
// is AKTENWERK_ROUTENABDECKUNG (set by test/global-setup.ts); the global teardown compares them
// with the route table (test/helpers/routenabdeckung.ts).
import dc from "node:diagnostics_channel";
import fs from "node:fs";
import path from "node:path";

const SCHLUESSEL = Symbol.for("aktenwerk.routenaufzeichnung");
/** Once per process, however often the setup file runs: the lines written so far. */
const speicher = /** @type {Record<symbol, Set<string> | undefined>} */ (/** @type {unknown} */ (globalThis));

/** @param {unknown} nachricht the store of Fastify's `tracing:fastify.request.handler:start` */
function handlerStart(nachricht) {
  const verzeichnis = process.env.AKTENWERK_ROUTENABDECKUNG;
  const { request, reply } =
    /** @type {{ request: import("fastify").FastifyRequest, reply: import("fastify").FastifyReply }} */ (
      nachricht
    );
  const muster = request.routeOptions?.url;
  if (!verzeichnis || !muster?.startsWith("/api/")) return;
  const zeile = `${request.method}\t${muster}\t${process.env.AKTENWERK_ROUTENABDECKUNG_TESTDATEI ?? ""}\n`;
  reply.raw.once("finish", () => {
    const gesehen = speicher[SCHLUESSEL];
    if (reply.raw.statusCode >= 400 || !gesehen || gesehen.has(zeile)) return;
    gesehen.add(zeile);
    try {
      fs.appendFileSync(path.join(verzeichnis, `${process.pid}.txt`), zeile);
    } catch {
      // Recording never breaks a test or a server (e.g. a child outliving the run's folder).
    }
  });
}

if (!speicher[SCHLUESSEL]) {
  speicher[SCHLUESSEL] = new Set();
  dc.subscribe("tracing:fastify.request.handler:start", handlerStart);
}
