import { useEffect, useRef, useState } from "react";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { api, ApiError } from "../api/client";
import type { EinrichtungErgebnis, Me, PasskeyErgebnis, TotpEinrichtung } from "../api/types";
import { Feld, Meldung } from "./ui";
import { useFormular } from "../hooks/useFormular";

/**
 * What the browser reports when a passkey is not used (cancelled, no key, timeout), as a problem
 * the forms show like one from the API.
 */
export function passkeyFehler(err: unknown): unknown {
  if (err instanceof ApiError) return err;
  const name = err instanceof Error ? err.name : "";
  return new ApiError(
    0,
    "Der Passkey wurde nicht verwendet.",
    name === "NotAllowedError"
      ? "Der Vorgang wurde abgebrochen oder hat zu lange gedauert. Bitte versuchen Sie es erneut."
      : "Dieser Browser oder dieses Gerät kann den Passkey nicht verwenden.",
    [],
  );
}

/** The ten recovery codes, shown once, with the focus on them so they are read (and copied) first. */
export function Wiederherstellungscodes({ codes }: { codes: string[] }) {
  const rahmen = useRef<HTMLDivElement>(null);
  useEffect(() => rahmen.current?.focus(), []);
  return (
    <div ref={rahmen} tabIndex={-1} className="stapel" aria-labelledby="codes-titel">
      <Meldung art="warning" titel="Wiederherstellungscodes – nur jetzt sichtbar">
        <p className="kern-body" id="codes-titel">
          Bewahren Sie diese zehn Codes sicher auf (z. B. ausgedruckt im verschlossenen Schrank). Mit jedem
          Code können Sie sich einmal anmelden, wenn Authenticator-App und Passkey nicht zur Hand sind.
        </p>
      </Meldung>
      <ul className="wiederherstellungscodes" aria-label="Wiederherstellungscodes">
        {codes.map((c) => (
          <li key={c} className="kern-body">
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Setting up an authenticator app: a new secret as QR code and as text, confirmed with the first
 * code. `onFertig` gets the answer (recovery codes; during a sign-in also the session).
 */
export function TotpEinrichten({ onFertig }: { onFertig: (e: EinrichtungErgebnis) => void }) {
  const [einrichtung, setEinrichtung] = useState<TotpEinrichtung | null>(null);
  const start = useFormular(async () => {
    setEinrichtung(await api<TotpEinrichtung>("POST", "/api/v1/konto/totp"));
  });
  const bestaetigen = useFormular(async (f) => {
    onFertig(
      await api<EinrichtungErgebnis>("POST", "/api/v1/konto/totp/bestaetigen", {
        code: String(f.get("code")),
      }),
    );
  });
  if (!einrichtung)
    return (
      <form onSubmit={start.absenden} className="formular" noValidate>
        {start.rueckmeldung}
        <button type="submit" className="kern-btn kern-btn--secondary">
          <span className="kern-label">Authenticator-App einrichten</span>
        </button>
      </form>
    );
  return (
    <form onSubmit={bestaetigen.absenden} className="formular" noValidate aria-labelledby="totp-titel">
      <h3 id="totp-titel" className="kern-heading-small">
        Authenticator-App einrichten
      </h3>
      <ol className="kern-list kern-body">
        <li>
          Scannen Sie den QR-Code mit Ihrer Authenticator-App (z. B. FreeOTP, Aegis, Microsoft Authenticator).
        </li>
        <li>Geben Sie den sechsstelligen Code ein, den die App dann anzeigt.</li>
      </ol>
      <img
        src={einrichtung.qrCode}
        width={200}
        height={200}
        className="qr-code"
        alt="QR-Code für die Authenticator-App; der Schlüssel steht darunter auch als Text."
      />
      <p className="kern-body">
        Schlüssel zum Abtippen: <code className="geheimnis">{einrichtung.geheimnis}</code>
      </p>
      {bestaetigen.rueckmeldung}
      <Feld
        label="Code aus der App"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        maxLength={8}
        fehler={bestaetigen.api400?.fuer("code")}
      />
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">Code bestätigen</span>
      </button>
    </form>
  );
}

/** Registering a passkey (security key, Windows Hello, phone) with a name to recognise it by. */
export function PasskeyRegistrieren({ onFertig }: { onFertig: (e: PasskeyErgebnis) => void }) {
  const formular = useFormular(async (f, form) => {
    // The WebAuthn helper loads only when someone registers a passkey, not with every page.
    const [optionen, { startRegistration }] = await Promise.all([
      api<PublicKeyCredentialCreationOptionsJSON>("POST", "/api/v1/konto/passkeys/optionen"),
      import("@simplewebauthn/browser"),
    ]);
    let antwort;
    try {
      antwort = await startRegistration({ optionsJSON: optionen });
    } catch (err) {
      throw passkeyFehler(err);
    }
    const ergebnis = await api<PasskeyErgebnis>("POST", "/api/v1/konto/passkeys", {
      name: String(f.get("passkeyName") ?? ""),
      antwort,
    });
    form.reset();
    onFertig(ergebnis);
  });
  return (
    <form onSubmit={formular.absenden} className="formular" noValidate aria-labelledby="passkey-neu-titel">
      <h3 id="passkey-neu-titel" className="kern-heading-small">
        Passkey registrieren
      </h3>
      {formular.rueckmeldung}
      <Feld
        label="Name des Passkeys"
        name="passkeyName"
        maxLength={100}
        hinweis="Woran Sie ihn erkennen, z. B. „Sicherheitsschlüssel blau“"
      />
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-label">Passkey registrieren</span>
      </button>
    </form>
  );
}

/** The session a sign-in enrolment ended in, if any. */
export type NachEinrichtung = { codes: string[] | null; me: Me | undefined };
