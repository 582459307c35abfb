import pino from "pino";
import pretty from "pino-pretty";

export type Logger = pino.Logger;

/**
 * Logs to stdout; every request log line carries the request id (Fastify adds `reqId`). On a
 * terminal the lines are readable (time, level, message, then the fields); otherwise, for a log
 * collector or a file, one JSON object a line. `AKTENWERK_LOG_FORMAT=json` or `=lesbar` decides.
 */
export function createLogger(
  level: string,
  env: NodeJS.ProcessEnv = process.env,
  /** Where to write instead of stdout (tests). */
  ziel?: NodeJS.WritableStream & { isTTY?: boolean },
): Logger {
  const terminal = (ziel ?? process.stdout).isTTY === true;
  const format = env.AKTENWERK_LOG_FORMAT ?? (terminal ? "lesbar" : "json");
  const base = { level, base: { name: "aktenwerk" } };
  if (format !== "lesbar") return ziel ? pino(base, ziel) : pino(base);
  return pino(
    base,
    pretty({
      colorize: terminal,
      ...(ziel ? { destination: ziel } : {}),
      translateTime: "SYS:HH:MM:ss",
      ignore: "pid,hostname,name",
      sync: true,
    }),
  );
}

export const silentLogger: Logger = pino({ level: "silent" });
