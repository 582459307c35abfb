import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { HOTP, Secret, TOTP } from "otpauth";

/** The origin test servers run WebAuthn for unless AKTENWERK_URL says otherwise (config default). */
export const TEST_ORIGIN = "http://localhost:3000";

const b64url = (b: Uint8Array) => Buffer.from(b).toString("base64url");

/**
 * A passkey held in software, as a security key would: an ES256 key pair, a credential id and a
 * signature counter. Makes the answers `navigator.credentials.create()` and `.get()` give, so API
 * tests sign in with a passkey without a browser (and the browser helper can load the same key
 * into Chromium's virtual authenticator).
 */
export class SoftwarePasskey {
  readonly credentialId = randomBytes(16);
  readonly privateKey: KeyObject;
  readonly #x: Buffer;
  readonly #y: Buffer;
  zaehler = 0;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: "jwk" });
    this.#x = Buffer.from(jwk.x!, "base64url");
    this.#y = Buffer.from(jwk.y!, "base64url");
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  /** PKCS#8 of the private key, base64 (what CDP `WebAuthn.addCredential` takes). */
  pkcs8(): string {
    return this.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
  }

  #authData(rpId: string, mitSchluessel: boolean): Buffer {
    const rpIdHash = createHash("sha256").update(rpId).digest();
    const flags = Buffer.from([0x01 | 0x04 | (mitSchluessel ? 0x40 : 0)]);
    const zaehler = Buffer.alloc(4);
    zaehler.writeUInt32BE(this.zaehler);
    if (!mitSchluessel) return Buffer.concat([rpIdHash, flags, zaehler]);
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, new Uint8Array(this.#x)],
        [-3, new Uint8Array(this.#y)],
      ]),
    );
    const laenge = Buffer.alloc(2);
    laenge.writeUInt16BE(this.credentialId.length);
    return Buffer.concat([
      rpIdHash,
      flags,
      zaehler,
      Buffer.alloc(16),
      laenge,
      this.credentialId,
      Buffer.from(cose),
    ]);
  }

  /** The answer to registration options (`rp.id`, `challenge`), signed for `origin`. */
  registrierung(
    options: { challenge: string; rp?: { id?: string } },
    origin = TEST_ORIGIN,
  ): RegistrationResponseJSON {
    const rpId = options.rp?.id ?? new URL(origin).hostname;
    const clientData = Buffer.from(
      JSON.stringify({ type: "webauthn.create", challenge: options.challenge, origin, crossOrigin: false }),
    );
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, string> | Uint8Array>([
        ["fmt", "none"],
        ["attStmt", new Map<string, string>()],
        ["authData", new Uint8Array(this.#authData(rpId, true))],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientData),
        attestationObject: b64url(attestationObject),
        transports: ["usb"],
      },
      clientExtensionResults: {},
    };
  }

  /** The answer to sign-in options (`rpId`, `challenge`): counter moved on, signed over authData and the client data hash. */
  anmeldung(options: { challenge: string; rpId?: string }, origin = TEST_ORIGIN): AuthenticationResponseJSON {
    this.zaehler += 1;
    const rpId = options.rpId ?? new URL(origin).hostname;
    const authData = this.#authData(rpId, false);
    const clientData = Buffer.from(
      JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin, crossOrigin: false }),
    );
    const signatur = sign(
      "sha256",
      Buffer.concat([authData, createHash("sha256").update(clientData).digest()]),
      this.privateKey,
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signatur),
      },
      clientExtensionResults: {},
    };
  }
}

/** The code an authenticator app shows for `geheimnis` at `zeit` (a later step with `schritte`). */
export function totpCode(geheimnis: string, zeit: Date, schritte = 0): string {
  const counter = TOTP.counter({ period: 30, timestamp: zeit.getTime() }) + schritte;
  return HOTP.generate({ secret: Secret.fromBase32(geheimnis), counter });
}

/** One HTTP call of the sign-in, whatever carries it (inject, fetch). */
export type Senden = (
  methode: "POST",
  pfad: string,
  sitzung: { cookie: string; csrf: string },
  payload?: unknown,
) => Promise<{ status: number; body: unknown; cookie: string | null }>;

/** The passkeys the helpers made, per server (`schluessel`) and user: later sign-ins use the same. */
const passkeys = new Map<unknown, Map<string, SoftwarePasskey>>();

export function testPasskey(schluessel: unknown, benutzername: string): SoftwarePasskey | undefined {
  return passkeys.get(schluessel)?.get(benutzername);
}

export function merkeTestPasskey(schluessel: unknown, benutzername: string, passkey: SoftwarePasskey): void {
  if (!passkeys.has(schluessel)) passkeys.set(schluessel, new Map());
  passkeys.get(schluessel)!.set(benutzername, passkey);
}

/**
 * Completes a sign-in that answered 202 (second factor owed or to be set up) the way a person
 * with a security key would: sets one up when the role requires it (then the helpers keep it for
 * this server and user), otherwise signs with the one set up before. Returns the full session.
 */
export async function schliesseAnmeldungAb(
  senden: Senden,
  schluessel: unknown,
  benutzername: string,
  antwort: { cookie: string; body: unknown },
  origin = TEST_ORIGIN,
): Promise<{ cookie: string; csrf: string }> {
  const body = antwort.body as { zweiterFaktor: { einrichtung: boolean }; csrfToken: string };
  const sitzung = { cookie: antwort.cookie, csrf: body.csrfToken };
  const pruefe = (r: { status: number; body: unknown }, erwartet: number, was: string) => {
    if (r.status !== erwartet)
      throw new Error(`Zweiter Faktor für ${benutzername} (${was}): ${r.status} ${JSON.stringify(r.body)}`);
  };
  if (body.zweiterFaktor.einrichtung) {
    const optionen = await senden("POST", "/konto/passkeys/optionen", sitzung);
    pruefe(optionen, 200, "Optionen zur Einrichtung");
    const passkey = new SoftwarePasskey();
    const r = await senden("POST", "/konto/passkeys", sitzung, {
      name: "Testschlüssel",
      antwort: passkey.registrierung(optionen.body as { challenge: string }, origin),
    });
    pruefe(r, 201, "Einrichtung");
    merkeTestPasskey(schluessel, benutzername, passkey);
    return { cookie: r.cookie!, csrf: (r.body as { me: { csrfToken: string } }).me.csrfToken };
  }
  const passkey = testPasskey(schluessel, benutzername);
  if (!passkey)
    throw new Error(`${benutzername} hat einen zweiten Faktor, den die Testhelfer nicht eingerichtet haben.`);
  const optionen = await senden("POST", "/auth/zweiter-faktor/passkey-optionen", sitzung);
  pruefe(optionen, 200, "Optionen zur Anmeldung");
  const r = await senden("POST", "/auth/zweiter-faktor/passkey", sitzung, {
    antwort: passkey.anmeldung(optionen.body as { challenge: string }, origin),
  });
  pruefe(r, 200, "Anmeldung");
  return { cookie: r.cookie!, csrf: (r.body as { csrfToken: string }).csrfToken };
}
