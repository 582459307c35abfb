import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import type { Rolle } from "../../../shared/organisation.js";
import type { Akteur } from "../akteur.js";
import { AppError } from "../errors.js";

/**
 * Who may call a route, declared on the route itself and read from the matched route, never from
 * the URL string: `oeffentlich` (no login), `angemeldet` (any signed-in user; the service decides
 * about the object), or `{ rollen }` (signed in and holding one of these roles in some OE).
 */
export type Zugang = "oeffentlich" | "angemeldet" | { rollen: readonly Rolle[] };

/**
 * What an API token needs on a route besides `zugang`. By default a token of scope `lesen` may
 * call safe methods, `voll` everything. `posteingang`: intake tokens may call it too. `nie`: only a
 * browser session (own password, creating tokens): a leaked token cannot escalate itself.
 */
export type TokenRegel = "posteingang" | "nie";

/** Scopes an API token carries. */
export type TokenBereich = "lesen" | "posteingang" | "voll";

/** One row of the route table: what a test enumerates to check every route's access. */
export interface RoutenEintrag {
  methode: string;
  /** Route pattern as registered, e.g. `/api/v1/akten/:id`. */
  pfad: string;
  zugang: Zugang;
  token: TokenRegel | undefined;
  /** Path parameters with a closed set of values (an enum in the route's schema), e.g. `art`. */
  pfadWerte: Record<string, string[]>;
}

/** The values a path parameter's schema allows, when it lists them (`enum`, or `anyOf` of `const`). */
function erlaubteWerte(schema: unknown): string[] | undefined {
  if (!schema || typeof schema !== "object") return undefined;
  const s = schema as { enum?: unknown[]; anyOf?: { const?: unknown }[] };
  const werte = s.enum ?? s.anyOf?.map((x) => x.const);
  return werte?.every((w) => typeof w === "string") ? (werte as string[]) : undefined;
}

function pfadWerte(route: RouteOptions): Record<string, string[]> {
  const params = (route.schema?.params ?? {}) as { properties?: Record<string, unknown> };
  const ergebnis: Record<string, string[]> = {};
  for (const [name, schema] of Object.entries(params.properties ?? {})) {
    const werte = erlaubteWerte(schema);
    if (werte) ergebnis[name] = werte;
  }
  return ergebnis;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Every route of the app with its declared access (after `ready()`). */
    routenTabelle(): RoutenEintrag[];
  }
  interface FastifyRequest {
    /** The authenticated actor; set on every route that is not public. */
    actor: Akteur | null;
    /** The session's CSRF token when the request came with a session cookie. */
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Required on every route: `buildApp` refuses to start with a route that lacks it. */
    zugang?: Zugang;
    token?: TokenRegel;
    /**
     * The unfinished sign-ins that may call this route besides full sessions: `zweiter_faktor`
     * (the steps that complete a sign-in with a second factor), `einrichtung` (setting up the
     * factor a role requires). Without it only a full session gets in.
     */
    stufe?: readonly ("zweiter_faktor" | "einrichtung")[];
  }
}

/** Methods that change nothing: no CSRF token needed, allowed to read-only tokens. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** The actor of a request on a protected route. */
export function actorOf(request: FastifyRequest): Akteur {
  if (!request.actor) throw new AppError("nicht_angemeldet");
  return request.actor;
}

/**
 * The start-up check: every route names its `zugang`. Plugin routes (API docs, static files) are
 * declared by the scope that registers them (`oeffentlicheRouten`).
 */
export function pruefeZugangErklaert(route: RouteOptions): void {
  const zugang = route.config?.zugang;
  const methods = Array.isArray(route.method) ? route.method.join(",") : route.method;
  if (zugang === undefined)
    throw new Error(`Route ${methods} ${route.url} erklärt keinen Zugang (config.zugang fehlt).`);
  if (typeof zugang === "object" && zugang.rollen.length === 0)
    throw new Error(`Route ${methods} ${route.url}: Zugang nach Rollen ohne Rolle.`);
}

/** The route table from the routes seen by `onRoute`: one row per method. */
export function routenTabelle(routes: readonly RouteOptions[]): RoutenEintrag[] {
  return routes.flatMap((route) =>
    (Array.isArray(route.method) ? route.method : [route.method]).map((methode) => ({
      methode,
      pfad: route.url,
      zugang: route.config?.zugang ?? "angemeldet",
      token: route.config?.token,
      pfadWerte: pfadWerte(route),
    })),
  );
}

/** Marks every route registered in this scope as public (API docs UI, the web client's files). */
export function oeffentlicheRouten(scope: FastifyInstance): void {
  scope.addHook("onRoute", (route) => {
    route.config = { ...(route.config ?? {}), zugang: "oeffentlich" };
  });
}

/** May a token of this scope call this route with this method? */
export function tokenDarf(bereich: TokenBereich, method: string, regel: TokenRegel | undefined): boolean {
  if (regel === "nie") return false;
  if (bereich === "voll") return true;
  if (bereich === "lesen") return SAFE_METHODS.has(method);
  return regel === "posteingang";
}
