import { useState, type FormEvent } from "react";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { api, ApiError, setCsrfToken } from "../api/client";
import type { Anmeldeverfahren, Login, Me, ZweiterFaktorCode, ZweiterFaktorNoetig } from "../api/types";
import { Aufklapper, Fehler, Feld, Meldung, Seite } from "../components/ui";
import {
  passkeyFehler,
  PasskeyRegistrieren,
  TotpEinrichten,
  Wiederherstellungscodes,
} from "../components/ZweiterFaktor";
import { useApi } from "../hooks/useApi";

/** Why a sign-in at the OpenID provider failed (`?oidc=…` from the server's redirect). */
const OIDC_FEHLER: Record<string, (name: string) => string> = {
  nicht_erreichbar: (name) =>
    `Der Anmeldedienst „${name}“ ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut. In dringenden Fällen hilft die IT mit dem Notfallzugang.`,
  abgelaufen: () =>
    "Die Anmeldung ist abgelaufen oder wurde in einem anderen Browserfenster begonnen. Bitte melden Sie sich erneut an.",
  abgewiesen: (name) =>
    `Der Anmeldedienst „${name}“ hat keine gültige Anmeldung geliefert. Bitte melden Sie sich erneut an; hilft das nicht, wenden Sie sich an die IT.`,
  deaktiviert: () => "Ihr Konto ist in Aktenwerk deaktiviert. Bitte wenden Sie sich an die Administration.",
  zweiter_faktor: (name) =>
    `Ihre Rolle verlangt einen zweiten Faktor, und der Anmeldedienst „${name}“ hat keinen bestätigt. Bitte melden Sie sich dort mit Ihrem zweiten Faktor an (z. B. Authenticator-App oder Sicherheitsschlüssel).`,
};

type Schritt =
  | { art: "passwort" }
  | { art: "faktor"; verfahren: ZweiterFaktorNoetig["zweiterFaktor"]["verfahren"] }
  | { art: "einrichtung" }
  | { art: "codes"; codes: string[]; me: Me };

/** The second step: the code of the app, a passkey, or one of the recovery codes. */
function ZweiterFaktor({
  verfahren,
  onAngemeldet,
  onAbbrechen,
}: {
  verfahren: ZweiterFaktorNoetig["zweiterFaktor"]["verfahren"];
  onAngemeldet: (me: Me) => void;
  onAbbrechen: () => void;
}) {
  const [fehler, setFehler] = useState<unknown>(null);
  const [sendet, setSendet] = useState(false);
  const [mitCode, setMitCode] = useState<ZweiterFaktorCode["art"]>(
    verfahren.includes("totp") ? "totp" : "wiederherstellungscode",
  );
  const ausfuehren = async (schritt: () => Promise<Me>) => {
    setSendet(true);
    setFehler(null);
    try {
      onAngemeldet(await schritt());
    } catch (err) {
      setFehler(err);
    } finally {
      setSendet(false);
    }
  };
  const code = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void ausfuehren(() =>
      api<Me>("POST", "/api/v1/auth/zweiter-faktor", { art: mitCode, code: String(f.get("code")) }),
    );
  };
  const passkey = () =>
    ausfuehren(async () => {
      // The WebAuthn helper loads only when someone signs in with a passkey.
      const [optionen, { startAuthentication }] = await Promise.all([
        api<PublicKeyCredentialRequestOptionsJSON>("POST", "/api/v1/auth/zweiter-faktor/passkey-optionen"),
        import("@simplewebauthn/browser"),
      ]);
      let antwort;
      try {
        antwort = await startAuthentication({ optionsJSON: optionen });
      } catch (err) {
        throw passkeyFehler(err);
      }
      return api<Me>("POST", "/api/v1/auth/zweiter-faktor/passkey", { antwort });
    });
  const feldFehler = fehler instanceof ApiError ? fehler : undefined;
  return (
    <Seite titel="Zweiter Faktor">
      <p className="kern-body unterzeile">
        Ihr Passwort war richtig. Bestätigen Sie die Anmeldung mit Ihrem zweiten Faktor; dafür haben Sie fünf
        Minuten Zeit.
      </p>
      <div className="formular">
        <Fehler fehler={fehler} fokus />
        {verfahren.includes("passkey") && (
          <div className="formular__knoepfe">
            <button
              type="button"
              className="kern-btn kern-btn--primary"
              disabled={sendet}
              onClick={() => void passkey()}
            >
              <span className="kern-label">Mit Passkey bestätigen</span>
            </button>
          </div>
        )}
      </div>
      <form className="formular" onSubmit={code} noValidate key={mitCode}>
        <Feld
          label={mitCode === "totp" ? "Code aus der Authenticator-App" : "Wiederherstellungscode"}
          name="code"
          required
          autoCapitalize="none"
          spellCheck={false}
          {...(mitCode === "totp"
            ? { inputMode: "numeric" as const, autoComplete: "one-time-code", maxLength: 8 }
            : { maxLength: 20, hinweis: "Jeder der zehn Codes gilt nur einmal, z. B. K7QM-4XPA-2RTN" })}
          fehler={feldFehler?.fuer("code")}
        />
        <div className="formular__knoepfe">
          <button
            type="submit"
            className={`kern-btn ${verfahren.includes("passkey") ? "kern-btn--secondary" : "kern-btn--primary"}`}
            disabled={sendet}
          >
            <span className="kern-label">{sendet ? "Wird geprüft …" : "Code bestätigen"}</span>
          </button>
          <button
            type="button"
            className="kern-btn kern-btn--tertiary"
            onClick={() => setMitCode(mitCode === "totp" ? "wiederherstellungscode" : "totp")}
            hidden={!verfahren.includes("totp")}
          >
            <span className="kern-label">
              {mitCode === "totp"
                ? "Stattdessen Wiederherstellungscode eingeben"
                : "Stattdessen Code der App eingeben"}
            </span>
          </button>
          <button type="button" className="kern-btn kern-btn--tertiary" onClick={onAbbrechen}>
            <span className="kern-label">Abbrechen</span>
          </button>
        </div>
      </form>
    </Seite>
  );
}

/** A role requires a second factor the user has none of: set it up now, before anything else. */
function Einrichtung({ onFertig }: { onFertig: (codes: string[] | null, me: Me | undefined) => void }) {
  return (
    <Seite titel="Zweiten Faktor einrichten">
      <p className="kern-body unterzeile">
        Ihre Rolle verlangt bei der Anmeldung einen zweiten Faktor. Richten Sie jetzt eine Authenticator-App
        oder einen Passkey ein; erst danach geht es weiter. Dafür haben Sie 15 Minuten Zeit.
      </p>
      <div className="stapel">
        <PasskeyRegistrieren onFertig={(e) => onFertig(e.wiederherstellungscodes, e.me)} />
        <TotpEinrichten onFertig={(e) => onFertig(e.wiederherstellungscodes, e.me)} />
      </div>
    </Seite>
  );
}

export function Anmeldung({ onAngemeldet }: { onAngemeldet: (me: Me) => void }) {
  const [fehler, setFehler] = useState<unknown>(null);
  const [sendet, setSendet] = useState(false);
  const [schritt, setSchritt] = useState<Schritt>({ art: "passwort" });
  const verfahren = useApi<Anmeldeverfahren>("/api/v1/auth/verfahren");
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setSendet(true);
    setFehler(null);
    try {
      const antwort = await api<Me | ZweiterFaktorNoetig>("POST", "/api/v1/auth/login", {
        benutzername: String(form.get("benutzername")),
        passwort: String(form.get("passwort")),
      } satisfies Login);
      if ("zweiterFaktor" in antwort) {
        // The pending sign-in's CSRF token, for the steps that complete it.
        setCsrfToken(antwort.csrfToken);
        setSchritt(
          antwort.zweiterFaktor.einrichtung
            ? { art: "einrichtung" }
            : { art: "faktor", verfahren: antwort.zweiterFaktor.verfahren },
        );
      } else onAngemeldet(antwort);
    } catch (err) {
      setFehler(err);
    } finally {
      setSendet(false);
    }
  };
  const abbrechen = () => {
    void api("POST", "/api/v1/auth/logout").catch(() => undefined);
    setSchritt({ art: "passwort" });
  };
  if (schritt.art === "faktor")
    return (
      <ZweiterFaktor verfahren={schritt.verfahren} onAngemeldet={onAngemeldet} onAbbrechen={abbrechen} />
    );
  if (schritt.art === "einrichtung")
    return (
      <Einrichtung
        onFertig={(codes, me) => {
          if (!me) return;
          if (codes) setSchritt({ art: "codes", codes, me });
          else onAngemeldet(me);
        }}
      />
    );
  if (schritt.art === "codes")
    return (
      <Seite titel="Zweiter Faktor eingerichtet">
        <div className="stapel">
          <Wiederherstellungscodes codes={schritt.codes} />
          <div className="formular__knoepfe">
            <button
              type="button"
              className="kern-btn kern-btn--primary"
              onClick={() => onAngemeldet(schritt.me)}
            >
              <span className="kern-label">Codes notiert – weiter</span>
            </button>
          </div>
        </div>
      </Seite>
    );
  const feldFehler = fehler instanceof ApiError ? fehler : undefined;
  const passwortformular = (
    <form className="formular" onSubmit={submit} noValidate aria-label="Anmeldung mit Passwort">
      <Fehler fehler={fehler} fokus />
      <Feld
        label="Benutzername"
        name="benutzername"
        autoComplete="username"
        required
        autoCapitalize="none"
        spellCheck={false}
        fehler={feldFehler?.fuer("benutzername")}
      />
      <Feld
        label="Passwort"
        name="passwort"
        type="password"
        autoComplete="current-password"
        required
        fehler={feldFehler?.fuer("passwort")}
      />
      <div className="formular__knoepfe">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={sendet}>
          <span className="kern-label">{sendet ? "Anmeldung läuft …" : "Anmelden"}</span>
        </button>
      </div>
    </form>
  );
  // Without the answer (server old or unreachable) the password form is offered as before.
  const lokal = verfahren.daten?.lokal ?? true;
  const oidc = verfahren.daten?.oidc ?? null;
  const params = new URLSearchParams(window.location.search);
  const oidcFehler = params.get("oidc");
  const fehlerText = oidcFehler ? OIDC_FEHLER[oidcFehler]?.(oidc?.name ?? "Anmeldedienst") : undefined;
  const zurueck = `${window.location.pathname}${window.location.hash}`;
  return (
    <Seite titel="Anmeldung">
      {fehlerText && (
        <Meldung art="danger" titel="Die Anmeldung hat nicht geklappt">
          <p className="kern-body">{fehlerText}</p>
        </Meldung>
      )}
      {oidc && (
        <div className="stapel">
          <p className="kern-body unterzeile">Melden Sie sich mit Ihrem Konto der Kreisverwaltung an.</p>
          <div className="formular__knoepfe">
            <a
              className="kern-btn kern-btn--primary"
              href={`/api/v1/auth/oidc/start?zurueck=${encodeURIComponent(zurueck)}`}
            >
              <span className="kern-label">Anmelden mit {oidc.name}</span>
            </a>
          </div>
        </div>
      )}
      {lokal && !oidc && (
        <>
          <p className="kern-body unterzeile">
            Melden Sie sich mit Ihrem Benutzernamen und Passwort der Kreisverwaltung an.
          </p>
          {passwortformular}
        </>
      )}
      {oidc && (
        <Aufklapper
          titel={lokal ? "Mit Benutzername und Passwort anmelden" : "Notfallzugang (nur für die IT)"}
        >
          {passwortformular}
        </Aufklapper>
      )}
      {!lokal && !oidc && passwortformular}
    </Seite>
  );
}
