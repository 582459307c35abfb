/**
 * A real OpenID provider (`oidc-provider`) on loopback for the tests: discovery, PKCE, ID tokens
 * signed with its own RSA key, code redemption (single use), RP-initiated logout. Sign-in at the
 * provider is a small HTML form (label "Benutzername"), so a browser test can type into it and an
 * API test can post it (`meldeBeimAnbieterAn`).
 *
 * The only thing not produced by the real provider is a forged ID token: `faelscheIdToken` makes
 * the token endpoint's answer carry an ID token re-signed by the test (wrong audience, nonce,
 * expiry, or a key the provider never published). Tests using it say so in their names.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from "jose";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";

/** A person at the provider. `login` is what is typed into the form, `sub` the stable key. */
export interface OidcKonto {
  login: string;
  sub: string;
  given_name: string;
  family_name: string;
  email: string;
  groups: string[];
  /** Authentication methods the provider reports (amr), e.g. ["pwd", "otp"]. */
  amr?: string[];
}

export interface Faelschung {
  /** Changes the claims of the genuine ID token before it is re-signed. */
  claims?: (claims: JWTPayload) => JWTPayload;
  /** Sign with a key the provider never published (kid unknown to its JWKS). */
  fremderSchluessel?: boolean;
}

export interface TestAnbieter {
  issuer: string;
  clientId: string;
  clientSecret: string;
  konten: OidcKonto[];
  /** From now on the token endpoint answers with a forged ID token (null: genuine again). */
  faelscheIdToken(f: Faelschung | null): void;
  /** How many times the logout page (end_session_endpoint) was opened. */
  abmeldungen(): number;
  stop(): Promise<void>;
}

export const TEST_KONTEN: OidcKonto[] = [
  {
    login: "b.bauer",
    sub: "0f5c9a52-0001-4c55-9b1e-3f1d2a000001",
    given_name: "Berta",
    family_name: "Bauer",
    email: "b.bauer@kreis.example",
    groups: ["GG-63-SB", "Alle-Mitarbeitenden"],
    amr: ["pwd", "otp"],
  },
  {
    login: "l.lange",
    sub: "0f5c9a52-0002-4c55-9b1e-3f1d2a000002",
    given_name: "Lars",
    family_name: "Lange",
    email: "l.lange@kreis.example",
    groups: ["GG-63-L"],
  },
];

/**
 * Starts the provider on 127.0.0.1 (random port) with one confidential client for Aktenwerk.
 * `redirectUri` is Aktenwerk's callback; `postLogoutRedirectUri` where it returns after logout.
 */
export async function starteOidcAnbieter(options: {
  redirectUri: string;
  postLogoutRedirectUri: string;
  konten?: OidcKonto[];
  clientId?: string;
}): Promise<TestAnbieter> {
  const konten = options.konten ?? TEST_KONTEN;
  const clientId = options.clientId ?? "aktenwerk";
  const clientSecret = "geheim-nur-fuer-tests-0123456789abcdef";
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: "anbieter-1", alg: "RS256", use: "sig" };
  const fremd = (await generateKeyPair("RS256")).privateKey;
  let faelschung: Faelschung | null = null;
  let abmeldungen = 0;

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ["test-cookie-schluessel-0123456789"] },
    pkce: { required: () => true },
    // Scope claims into the ID token too, as Keycloak and Entra ID do with a groups mapper.
    conformIdTokenClaims: false,
    acrValues: ["pwd", "mfa"],
    claims: {
      acr: null,
      amr: null,
      openid: ["sub"],
      profile: ["name", "given_name", "family_name", "preferred_username", "groups"],
      email: ["email", "email_verified"],
    },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          abmeldungen += 1;
          // Confirm at once (a real provider asks); the form posts itself.
          ctx.body = `<!doctype html><html lang="de"><head><title>Abmelden</title></head><body>${form}
            <script>document.forms[0].submit()</script></body></html>`;
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const konto = konten.find((k) => k.sub === sub);
      if (!konto) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            name: `${konto.given_name} ${konto.family_name}`,
            given_name: konto.given_name,
            family_name: konto.family_name,
            preferred_username: konto.login,
            email: konto.email,
            email_verified: true,
            groups: konto.groups,
          };
        },
      };
    },
    // Aktenwerk is a first-party client: no consent screen.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grantId =
        ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId,
      });
      grant.addOIDCScope("openid profile email");
      await grant.save();
      return grant;
    },
    ttl: {
      IdToken: 3600,
      AccessToken: 3600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  server.on("request", (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", issuer);
      const m = /^\/interaction\/([^/]+)$/.exec(url.pathname);
      if (m && req.method === "GET") {
        await provider.interactionDetails(req, res);
        res.setHeader("content-type", "text/html; charset=utf-8");
        res.end(`<!doctype html><html lang="de"><head><title>Test-Anmeldedienst</title></head><body>
          <main><h1>Test-Anmeldedienst</h1>
          <form method="post" action="/interaction/${m[1]}">
            <label for="login">Benutzername</label> <input id="login" name="login" autocomplete="username">
            <label for="passwort">Passwort</label> <input id="passwort" name="passwort" type="password">
            <button type="submit">Beim Anmeldedienst anmelden</button>
          </form></main></body></html>`);
        return;
      }
      if (m && req.method === "POST") {
        const body = new URLSearchParams(await lies(req));
        const konto = konten.find((k) => k.login === body.get("login"));
        const result = konto
          ? {
              login: {
                accountId: konto.sub,
                amr: konto.amr,
                acr: konto.amr?.includes("otp") ? "mfa" : "pwd",
              },
            }
          : { error: "access_denied", error_description: "Unbekanntes Konto" };
        await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
        return;
      }
      if (url.pathname === "/session/end" || url.pathname === "/session/end/confirm") {
        // counted in logoutSource
      }
      if (url.pathname === "/token" && req.method === "POST" && faelschung) {
        faelscheAntwort(res, faelschung, { privateKey, fremd, issuer });
      }
      callback(req, res);
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    konten,
    faelscheIdToken(f) {
      faelschung = f;
    },
    abmeldungen: () => abmeldungen,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function lies(req: http.IncomingMessage): Promise<string> {
  const teile: Buffer[] = [];
  for await (const teil of req) teile.push(teil as Buffer);
  return Buffer.concat(teile).toString("utf8");
}

/** Rewrites the provider's token response on its way out: the ID token re-signed with changes. */
function faelscheAntwort(
  res: http.ServerResponse,
  f: Faelschung,
  keys: { privateKey: CryptoKey; fremd: CryptoKey; issuer: string },
): void {
  const ende = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => http.ServerResponse;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    const text = Buffer.isBuffer(chunk) ? chunk.toString("utf8") : typeof chunk === "string" ? chunk : "";
    let antwort: { id_token?: string } | undefined;
    try {
      antwort = JSON.parse(text) as { id_token?: string };
    } catch {
      antwort = undefined;
    }
    if (!antwort?.id_token) return ende(chunk, ...rest);
    const claims = (f.claims ?? ((c) => c))(decodeJwt(antwort.id_token));
    void new SignJWT(claims)
      .setProtectedHeader({
        alg: "RS256",
        kid: f.fremderSchluessel ? "unbekannt-9" : "anbieter-1",
        typ: "JWT",
      })
      .sign(f.fremderSchluessel ? keys.fremd : keys.privateKey)
      .then((idToken) => {
        const neu = JSON.stringify({ ...antwort, id_token: idToken });
        res.setHeader("content-length", Buffer.byteLength(neu));
        ende(neu);
      });
    return res;
  }) as typeof res.end;
}

/** A tiny cookie jar for walking through the provider's redirects with fetch. */
class Keksdose {
  private readonly werte = new Map<string, string>();
  nimm(response: Response): void {
    for (const c of response.headers.getSetCookie()) {
      const [paar] = c.split(";");
      const i = paar!.indexOf("=");
      this.werte.set(paar!.slice(0, i).trim(), paar!.slice(i + 1).trim());
    }
  }
  header(): string {
    return [...this.werte].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/**
 * Walks a browser's way through the provider: from the authorization URL Aktenwerk redirected to,
 * through the login form (as `login`), to the redirect back to Aktenwerk; returns that URL (the
 * callback with code, state and iss), which the test then hands to Aktenwerk.
 */
export async function meldeBeimAnbieterAn(autorisierungsUrl: string, login: string): Promise<URL> {
  const dose = new Keksdose();
  let url = new URL(autorisierungsUrl);
  let method = "GET";
  let body: string | undefined;
  const anbieter = url.origin;
  for (let schritt = 0; schritt < 10; schritt++) {
    const response = await fetch(url, {
      method,
      redirect: "manual",
      headers: {
        cookie: dose.header(),
        ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body,
    });
    dose.nimm(response);
    const ziel = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && ziel) {
      const weiter = new URL(ziel, url);
      if (weiter.origin !== anbieter) return weiter;
      url = weiter;
      method = "GET";
      body = undefined;
      continue;
    }
    if (response.status === 200 && /\/interaction\//.test(url.pathname)) {
      await response.text();
      method = "POST";
      body = new URLSearchParams({ login, passwort: "egal" }).toString();
      continue;
    }
    throw new Error(`Anbieter antwortete unerwartet: ${response.status} ${await response.text()}`);
  }
  throw new Error("Zu viele Weiterleitungen beim Anbieter.");
}
