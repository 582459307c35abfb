import pino from "pino";

export type Logger = pino.Logger;

/** JSON logs to stdout; every request log line carries the request id (Fastify adds `reqId`). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { name: "aktenwerk" } });
}

export const silentLogger: Logger = pino({ level: "silent" });
