import { useState, type FormEvent } from "react";
import { api, ApiError } from "../api/client";
import type { Login, Me } from "../api/types";
import { Fehler, Feld, Seite } from "../components/ui";

export function Anmeldung({ onAngemeldet }: { onAngemeldet: (me: Me) => void }) {
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
    <Seite titel="Anmeldung">
      <p className="kern-body unterzeile">
        Melden Sie sich mit Ihrem Benutzernamen und Passwort der Kreisverwaltung an.
      </p>
      <form className="formular" onSubmit={submit} noValidate>
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
    </Seite>
  );
}
