import { Type, type TSchema } from "typebox";

/** RFC 9457 problem details; shared with the web client, which reads them. */
export { ProblemSchema } from "../../../shared/api/problem.schema.js";

export const Uuid = Type.String({ format: "uuid" });

/** Standard error responses of a protected route, for the OpenAPI document. */
export function problemResponses(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const status of [400, 401, ...statuses]) out[status] = Type.Ref("Problem");
  return out;
}
