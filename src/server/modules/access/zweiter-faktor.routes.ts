import type { FastifyInstance, FastifyRequest } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { IdParams, MeSchema } from "./access.schema.js";
import * as access from "./access.service.js";
import type { ClientInfo } from "./authentication.service.js";
import { meAntwort, setzeSitzungsCookie } from "./anmeldung.routes.js";
import * as zf from "./zweiter-faktor.service.js";
import {
  EinrichtungErgebnisSchema,
  NeuerPasskeySchema,
  PasskeyAnmeldungSchema,
  PasskeyErgebnisSchema,
  TotpBestaetigungSchema,
  TotpEinrichtungSchema,
  WebauthnOptionenSchema,
  WiederherstellungscodesSchema,
  ZweiterFaktorCodeSchema,
  ZweiterFaktorPflichtEingabeSchema,
  ZweiterFaktorPflichtSchema,
  ZweiterFaktorStandSchema,
} from "./zweiter-faktor.schema.js";

function client(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers["user-agent"] ?? null };
}

const PasskeyIdParams = Type.Object({ id: Type.String({ format: "uuid" }) });

/**
 * The second factor: completing a sign-in with it (only a sign-in waiting for it may call those),
 * setting it up in "Mein Konto" (also a sign-in whose role requires one and that has none yet),
 * and the Verwaltung's rules.
 */
export function zweiterFaktorRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const anmeldung = { zugang: "angemeldet", token: "nie", stufe: ["zweiter_faktor"] } as const;
  const einrichtung = { zugang: "angemeldet", token: "nie", stufe: ["einrichtung"] } as const;

  app.post(
    "/auth/zweiter-faktor",
    {
      config: anmeldung,
      schema: {
        tags: ["Anmeldung"],
        summary: "Anmeldung mit dem Code der Authenticator-App oder einem Wiederherstellungscode abschließen",
        body: ZweiterFaktorCodeSchema,
        response: { 200: MeSchema, ...problemResponses(401, 429) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const result =
        request.body.art === "totp"
          ? await zf.anmeldungMitTotp(ctx, actor, request.body.code, client(request))
          : await zf.anmeldungMitWiederherstellungscode(ctx, actor, request.body.code, client(request));
      setzeSitzungsCookie(request, reply, result);
      return meAntwort(result.actor, result.csrfToken);
    },
  );

  app.post(
    "/auth/zweiter-faktor/passkey-optionen",
    {
      config: anmeldung,
      schema: {
        tags: ["Anmeldung"],
        summary: "WebAuthn-Optionen, um die Anmeldung mit einem Passkey abzuschließen",
        response: { 200: WebauthnOptionenSchema, ...problemResponses(409) },
      },
    },
    async (request) => zf.passkeyAnmeldungOptionen(ctx, actorOf(request)),
  );

  app.post(
    "/auth/zweiter-faktor/passkey",
    {
      config: anmeldung,
      schema: {
        tags: ["Anmeldung"],
        summary: "Anmeldung mit einem Passkey abschließen",
        body: PasskeyAnmeldungSchema,
        response: { 200: MeSchema, ...problemResponses(401, 429) },
      },
    },
    async (request, reply) => {
      const result = await zf.anmeldungMitPasskey(
        ctx,
        actorOf(request),
        request.body.antwort as AuthenticationResponseJSON,
        client(request),
      );
      setzeSitzungsCookie(request, reply, result);
      return meAntwort(result.actor, result.csrfToken);
    },
  );

  app.get(
    "/konto/zweiter-faktor",
    {
      config: einrichtung,
      schema: {
        tags: ["Anmeldung"],
        summary: "Eigener zweiter Faktor: Authenticator-App, Passkeys, übrige Wiederherstellungscodes",
        response: { 200: ZweiterFaktorStandSchema, ...problemResponses() },
      },
    },
    async (request) => zf.zweiterFaktorStand(ctx, actorOf(request)),
  );

  app.post(
    "/konto/totp",
    {
      config: einrichtung,
      schema: {
        tags: ["Anmeldung"],
        summary: "Authenticator-App einrichten: neuen Schlüssel mit QR-Code erzeugen",
        response: { 200: TotpEinrichtungSchema, ...problemResponses(409) },
      },
    },
    async (request) => zf.beginneTotpEinrichtung(ctx, actorOf(request)),
  );

  app.post(
    "/konto/totp/bestaetigen",
    {
      config: einrichtung,
      schema: {
        tags: ["Anmeldung"],
        summary: "Authenticator-App mit dem ersten Code bestätigen",
        body: TotpBestaetigungSchema,
        response: { 200: EinrichtungErgebnisSchema, ...problemResponses(401, 409, 429) },
      },
    },
    async (request, reply) => {
      const result = await zf.bestaetigeTotpEinrichtung(
        ctx,
        actorOf(request),
        request.body.code,
        client(request),
      );
      if (result.sitzung) setzeSitzungsCookie(request, reply, result.sitzung);
      return {
        wiederherstellungscodes: result.wiederherstellungscodes,
        ...(result.sitzung ? { me: meAntwort(result.sitzung.actor, result.sitzung.csrfToken) } : {}),
      };
    },
  );

  app.delete(
    "/konto/totp",
    {
      config: { zugang: "angemeldet", token: "nie" },
      schema: {
        tags: ["Anmeldung"],
        summary: "Authenticator-App entfernen",
        response: { 204: Type.Null(), ...problemResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await zf.entferneTotp(ctx, actorOf(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/konto/passkeys/optionen",
    {
      config: einrichtung,
      schema: {
        tags: ["Anmeldung"],
        summary: "WebAuthn-Optionen, um einen Passkey zu registrieren",
        response: { 200: WebauthnOptionenSchema, ...problemResponses() },
      },
    },
    async (request) => zf.passkeyRegistrierungOptionen(ctx, actorOf(request)),
  );

  app.post(
    "/konto/passkeys",
    {
      config: einrichtung,
      schema: {
        tags: ["Anmeldung"],
        summary: "Passkey registrieren",
        body: NeuerPasskeySchema,
        response: { 201: PasskeyErgebnisSchema, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const result = await zf.registrierePasskey(
        ctx,
        actorOf(request),
        { name: request.body.name, antwort: request.body.antwort as RegistrationResponseJSON },
        client(request),
      );
      if (result.sitzung) setzeSitzungsCookie(request, reply, result.sitzung);
      return reply.code(201).send({
        passkey: result.passkey,
        wiederherstellungscodes: result.wiederherstellungscodes,
        ...(result.sitzung ? { me: meAntwort(result.sitzung.actor, result.sitzung.csrfToken) } : {}),
      });
    },
  );

  app.delete(
    "/konto/passkeys/:id",
    {
      config: { zugang: "angemeldet", token: "nie" },
      schema: {
        tags: ["Anmeldung"],
        summary: "Passkey entfernen",
        params: PasskeyIdParams,
        response: { 204: Type.Null(), ...problemResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await zf.entfernePasskey(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/konto/wiederherstellungscodes",
    {
      config: { zugang: "angemeldet", token: "nie" },
      schema: {
        tags: ["Anmeldung"],
        summary: "Neue Wiederherstellungscodes erzeugen (die bisherigen verfallen)",
        response: { 200: WiederherstellungscodesSchema, ...problemResponses(409) },
      },
    },
    async (request) => ({
      wiederherstellungscodes: await zf.erneuereWiederherstellungscodes(ctx, actorOf(request)),
    }),
  );

  app.get(
    "/verwaltung/zweiter-faktor",
    {
      config: { zugang: { rollen: ["Administration"] } },
      schema: {
        tags: ["Organisation"],
        summary: "Rollen, die einen zweiten Faktor verlangen",
        response: { 200: ZweiterFaktorPflichtSchema, ...problemResponses(403) },
      },
    },
    async () => zf.zweiterFaktorPflicht(ctx),
  );

  app.put(
    "/verwaltung/zweiter-faktor",
    {
      config: { zugang: { rollen: ["Administration"] }, token: "nie" },
      schema: {
        tags: ["Organisation"],
        summary: "Rollen festlegen, die einen zweiten Faktor verlangen (Administration immer)",
        body: ZweiterFaktorPflichtEingabeSchema,
        response: { 200: ZweiterFaktorPflichtSchema, ...problemResponses(403) },
      },
    },
    async (request) => zf.setzeZweiterFaktorPflicht(ctx, actorOf(request), request.body.rollen),
  );

  app.post(
    "/benutzer/:id/zweiter-faktor-zuruecksetzen",
    {
      config: { zugang: { rollen: ["Administration"] }, token: "nie" },
      schema: {
        tags: ["Organisation"],
        summary:
          "Zweiten Faktor eines Benutzers zurücksetzen (Gerät verloren): App, Passkeys und Codes entfernen, Sitzungen beenden",
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(403, 404) },
      },
    },
    async (request, reply) => {
      await zf.setzeZweitenFaktorZurueck(
        ctx,
        actorOf(request),
        await access.benutzerIdZu(ctx, request.params.id),
      );
      return reply.code(204).send(null);
    },
  );
}
