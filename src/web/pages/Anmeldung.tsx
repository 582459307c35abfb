import { useState, type FormEvent } from "react";
import { api, ApiError } from "../api/client";
import type { Anmeldeverfahren, Login, Me } from "../api/types";
import { Aufklapper, Fehler, Feld, Meldung, Seite } from "../components/ui";
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
};

function Passwortformular({ onAngemeldet }: { onAngemeldet: (me: Me) => void }) {
  const [fehler, setFehler] = useState<unknown>(null);
  const [sendet, setSendet] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setSendet(true);
    setFehler(null);
    try {
      onAngemeldet(
        await api<Me>("POST", "/api/v1/auth/login", {
          benutzername: String(form.get("benutzername")),
          passwort: String(form.get("passwort")),
        } satisfies Login),
      );
    } catch (err) {
      setFehler(err);
    } finally {
      setSendet(false);
    }
  };
  const feldFehler = fehler instanceof ApiError ? fehler : undefined;
  return (
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
}

export function Anmeldung({ onAngemeldet }: { onAngemeldet: (me: Me) => void }) {
  const verfahren = useApi<Anmeldeverfahren>("/api/v1/auth/verfahren");
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
          <Passwortformular onAngemeldet={onAngemeldet} />
        </>
      )}
      {oidc && (
        <Aufklapper
          titel={lokal ? "Mit Benutzername und Passwort anmelden" : "Notfallzugang (nur für die IT)"}
        >
          <Passwortformular onAngemeldet={onAngemeldet} />
        </Aufklapper>
      )}
      {!lokal && !oidc && <Passwortformular onAngemeldet={onAngemeldet} />}
    </Seite>
  );
}
