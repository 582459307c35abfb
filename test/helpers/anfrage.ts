import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { Session } from "./factories.js";

export type Methode = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * A request to `/api/v1<pfad>` as `session`: reads with the cookie only, writes with the CSRF
 * token too, as the web client sends them.
 */
export function anfrage(
  app: FastifyInstance,
  session: Session,
  methode: Methode,
  pfad: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: methode,
    url: `/api/v1${pfad}`,
    headers: methode === "GET" ? { cookie: session.cookie } : session.headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
}
