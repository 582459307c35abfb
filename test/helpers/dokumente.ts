import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import type { Session } from "./factories.js";
import { multipart } from "./multipart.js";

/** Uploads a Dokument into a Vorgang through the API as `session`; expects 201 and returns its id. */
export async function dokumentHochladen(
  app: FastifyInstance,
  session: Session,
  vorgang: string,
  datei: { filename: string; content: Buffer | string },
  metadaten: Record<string, string> = {},
): Promise<string> {
  const { payload, headers } = multipart(
    { metadaten: { typ: "Eingang", titel: datei.filename, ...metadaten } },
    datei,
  );
  const r = await app.inject({
    method: "POST",
    url: `/api/v1/vorgaenge/${vorgang}/dokumente`,
    headers: { ...session.headers, ...headers },
    payload,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}
