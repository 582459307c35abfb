import { useEffect, useRef, useState } from "react";
import { api, ApiError } from "../api/client";
import type {
  ApiToken,
  ApiTokenErstellt,
  NeuesApiToken,
  PasswortEingabe,
  Sitzung,
  Wiederherstellungscodes as NeueCodes,
  ZweiterFaktorStand,
} from "../api/types";
import { PasskeyRegistrieren, TotpEinrichten, Wiederherstellungscodes } from "../components/ZweiterFaktor";
import {
  Auswahl,
  Badge,
  Fehler,
  Feld,
  Laden,
  Meldung,
  Seite,
  Tabellenrahmen,
  useAnsage,
} from "../components/ui";
import { formatDatum, formatZeit } from "../format";
import { useApi, type Laden as Geladen } from "../hooks/useApi";
import { useAktion, useFormular } from "../hooks/useFormular";
import { useSession } from "../session";
import { Abwesenheiten } from "../components/Postkorb";

const BEREICH_TEXT: Record<ApiToken["bereich"], string> = {
  lesen: "Nur lesen",
  posteingang: "Nur Einlieferung in den Posteingang",
  voll: "Alles, was ich darf",
};

/** A date `tage` days from today as the value of an `<input type="date">`. */
function inTagen(tage: number): string {
  return new Date(Date.now() + tage * 86_400_000).toISOString().slice(0, 10);
}

function PasswortAendern({ benutzerId, onGeaendert }: { benutzerId: string; onGeaendert: () => void }) {
  const { setFehler, api400, absenden, rueckmeldung } = useFormular(async (f, form) => {
    if (f.get("passwort") !== f.get("wiederholung")) {
      setFehler(
        new ApiError(400, "Die Eingabe ist ungültig.", "Die beiden neuen Passwörter stimmen nicht überein.", [
          { feld: "/wiederholung", meldung: "Stimmt nicht mit dem neuen Passwort überein." },
        ]),
      );
      return;
    }
    await api("PUT", `/api/v1/benutzer/${benutzerId}/passwort`, {
      aktuellesPasswort: String(f.get("aktuellesPasswort")),
      passwort: String(f.get("passwort")),
    } satisfies PasswortEingabe);
    form.reset();
    onGeaendert();
    return {
      titel: "Passwort geändert.",
      text: "Andere Sitzungen wurden beendet, Ihre API-Tokens widerrufen.",
    };
  });
  return (
    <form className="formular" onSubmit={absenden} noValidate aria-labelledby="passwort-titel">
      <h2 id="passwort-titel" className="kern-heading-medium">
        Passwort ändern
      </h2>
      <p className="kern-body">
        Danach enden Ihre Sitzungen auf anderen Geräten, und alle Ihre API-Tokens werden widerrufen.
      </p>
      {rueckmeldung}
      <Feld
        label="Bisheriges Passwort"
        name="aktuellesPasswort"
        type="password"
        autoComplete="current-password"
        required
        fehler={api400?.fuer("aktuellesPasswort")}
      />
      <Feld
        label="Neues Passwort"
        name="passwort"
        type="password"
        autoComplete="new-password"
        required
        hinweis="Mindestens 8 Zeichen"
        fehler={api400?.fuer("passwort")}
      />
      <Feld
        label="Neues Passwort wiederholen"
        name="wiederholung"
        type="password"
        autoComplete="new-password"
        required
        fehler={api400?.fuer("wiederholung")}
      />
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">Passwort ändern</span>
      </button>
    </form>
  );
}

const FAKTOR_TEXT: Record<string, string> = {
  totp: "Authenticator-App",
  passkey: "Passkey",
  wiederherstellungscode: "Wiederherstellungscode",
  einrichtung: "bei der Anmeldung eingerichtet",
  oidc: "beim Anmeldedienst",
};

const VERFAHREN_TEXT: Record<string, string> = {
  passwort: "Passwort",
  ldap: "Verzeichnis (LDAP)",
  oidc: "Anmeldedienst",
};

/** "Passwort + Passkey": how a session was signed in to. */
function anmeldungText(s: Sitzung): string {
  const verfahren = VERFAHREN_TEXT[s.anmeldeverfahren] ?? s.anmeldeverfahren;
  return s.faktor ? `${verfahren} + ${FAKTOR_TEXT[s.faktor] ?? s.faktor}` : verfahren;
}

/** The second factor: the app, passkeys, recovery codes; set up, remove, renew. */
function ZweiterFaktorBereich() {
  const stand = useApi<ZweiterFaktorStand>("/api/v1/konto/zweiter-faktor");
  const aktion = useAktion();
  const [codes, setCodes] = useState<string[] | null>(null);
  const fertig = (neueCodes: string[] | null, titel: string) => {
    setCodes(neueCodes);
    stand.neuLaden();
    aktion.zeige({ titel }, { fokus: !neueCodes });
  };
  const d = stand.daten;
  return (
    <section className="stapel" aria-labelledby="faktor-titel" id="zweiter-faktor">
      <h2 id="faktor-titel" className="kern-heading-medium">
        Zweiter Faktor
      </h2>
      <Fehler fehler={stand.fehler} />
      {aktion.rueckmeldung}
      {codes && <Wiederherstellungscodes codes={codes} />}
      {!d ? (
        <Laden />
      ) : (
        <>
          <p className="kern-body">
            {d.erforderlich
              ? "Ihre Rolle verlangt bei der Anmeldung einen zweiten Faktor."
              : "Ein zweiter Faktor schützt Ihr Konto, falls jemand Ihr Passwort erfährt."}{" "}
            {d.totp || d.passkeys.length > 0
              ? `Noch ${d.wiederherstellungscodesUebrig} von 10 Wiederherstellungscodes unbenutzt.`
              : "Bisher ist keiner eingerichtet."}
          </p>
          <h3 className="kern-heading-small">Authenticator-App</h3>
          {d.totp ? (
            <p className="kern-body">
              Eingerichtet.{" "}
              <button
                type="button"
                className="kern-btn kern-btn--tertiary kern-btn--x-small"
                onClick={() =>
                  void aktion.ausfuehren(async () => {
                    await api("DELETE", "/api/v1/konto/totp");
                    stand.neuLaden();
                    return { titel: "Authenticator-App entfernt." };
                  })
                }
              >
                <span className="kern-label">Authenticator-App entfernen</span>
              </button>
            </p>
          ) : (
            <TotpEinrichten
              onFertig={(e) => fertig(e.wiederherstellungscodes, "Authenticator-App eingerichtet.")}
            />
          )}
          <h3 className="kern-heading-small">Passkeys</h3>
          {d.passkeys.length === 0 ? (
            <p className="kern-body">Kein Passkey registriert.</p>
          ) : (
            <ul className="kern-list">
              {d.passkeys.map((p) => (
                <li key={p.id} className="kern-body">
                  {p.name}, registriert {formatZeit(p.erstelltAm)}
                  {p.zuletztBenutztAm ? `, zuletzt verwendet ${formatZeit(p.zuletztBenutztAm)}` : ""}{" "}
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary kern-btn--x-small"
                    onClick={() =>
                      void aktion.ausfuehren(async () => {
                        await api("DELETE", `/api/v1/konto/passkeys/${encodeURIComponent(p.id)}`);
                        stand.neuLaden();
                        return { titel: `Passkey „${p.name}“ entfernt.` };
                      })
                    }
                  >
                    <span className="kern-label">
                      Entfernen<span className="kern-sr-only">: Passkey {p.name}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <PasskeyRegistrieren
            onFertig={(e) => fertig(e.wiederherstellungscodes, `Passkey „${e.passkey.name}“ registriert.`)}
          />
          {(d.totp || d.passkeys.length > 0) && (
            <div>
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() =>
                  void aktion.ausfuehren(async () => {
                    const r = await api<NeueCodes>("POST", "/api/v1/konto/wiederherstellungscodes");
                    setCodes(r.wiederherstellungscodes);
                    stand.neuLaden();
                  })
                }
              >
                <span className="kern-label">Neue Wiederherstellungscodes erzeugen</span>
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Sitzungen({ sitzungen }: { sitzungen: Geladen<Sitzung[]> }) {
  const beendet = useAktion();
  const beenden = (s: Sitzung) =>
    beendet.ausfuehren(async () => {
      await api("DELETE", `/api/v1/sitzungen/${encodeURIComponent(s.id)}`);
      sitzungen.neuLaden();
      return { titel: `Sitzung auf ${s.geraet} beendet.` };
    });
  return (
    <section className="stapel" aria-labelledby="sitzungen-titel">
      <h2 id="sitzungen-titel" className="kern-heading-medium">
        Angemeldete Geräte
      </h2>
      <Fehler fehler={sitzungen.fehler} />
      {beendet.rueckmeldung}
      {sitzungen.laedt && !sitzungen.daten ? (
        <Laden />
      ) : (
        <Tabellenrahmen beschriftung="Ihre Sitzungen">
          <table className="kern-table kern-table--striped">
            <caption className="kern-sr-only">Ihre Sitzungen</caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                {["Gerät", "Adresse", "Anmeldung", "Angemeldet am", "Zuletzt aktiv"].map((t) => (
                  <th key={t} scope="col" className="kern-table__header">
                    {t}
                  </th>
                ))}
                <th scope="col" className="kern-table__header">
                  <span className="kern-sr-only">Aktion</span>
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {(sitzungen.daten ?? []).map((s) => (
                <tr key={s.id} className="kern-table__row">
                  <td className="kern-table__cell">
                    {s.geraet} {s.aktuell && <Badge art="info">Dieses Gerät</Badge>}
                  </td>
                  <td className="kern-table__cell">{s.ip ?? "–"}</td>
                  <td className="kern-table__cell">{anmeldungText(s)}</td>
                  <td className="kern-table__cell">{formatZeit(s.erstelltAm)}</td>
                  <td className="kern-table__cell">{formatZeit(s.zuletztAktivAm)}</td>
                  <td className="kern-table__cell">
                    {!s.aktuell && (
                      <button
                        type="button"
                        className="kern-btn kern-btn--tertiary kern-btn--x-small"
                        onClick={() => void beenden(s)}
                      >
                        <span className="kern-label">
                          Sitzung beenden
                          <span className="kern-sr-only">
                            : {s.geraet}, angemeldet {formatZeit(s.erstelltAm)}
                          </span>
                        </span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Tabellenrahmen>
      )}
    </section>
  );
}

/** The secret of a new token, shown once with the focus on it so it can be copied at once. */
function NeuesTokenAnzeige({ token }: { token: string }) {
  const feld = useRef<HTMLInputElement>(null);
  useEffect(() => {
    feld.current?.focus();
    feld.current?.select();
  }, [token]);
  return (
    <Meldung art="success" titel="Token erzeugt.">
      <p className="kern-body">Kopieren Sie das Token jetzt. Es wird nur dieses eine Mal angezeigt.</p>
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="neues-token">
          Ihr neues API-Token
        </label>
        <input
          id="neues-token"
          ref={feld}
          className="kern-form-input__input"
          value={token}
          readOnly
          spellCheck={false}
        />
      </div>
    </Meldung>
  );
}

function Tokens({ tokens }: { tokens: Geladen<ApiToken[]> }) {
  const ansage = useAnsage();
  const [neu, setNeu] = useState<string | null>(null);
  const widerruf = useAktion();
  const { fehler, api400, absenden } = useFormular(async (f, form) => {
    setNeu(null);
    const bis = String(f.get("laeuftAbAm"));
    const r = await api<ApiTokenErstellt>("POST", "/api/v1/api-tokens", {
      name: String(f.get("name")),
      bereich: String(f.get("bereich")) as ApiToken["bereich"],
      laeuftAbAm: bis ? new Date(`${bis}T23:59:59`).toISOString() : null,
    } satisfies NeuesApiToken);
    form.reset();
    setNeu(r.token);
    ansage(`API-Token „${r.apiToken.name}“ erzeugt. Es wird nur dieses eine Mal angezeigt.`);
    tokens.neuLaden();
  });
  const widerrufen = (t: ApiToken) =>
    widerruf.ausfuehren(async () => {
      setNeu(null);
      await api("DELETE", `/api/v1/api-tokens/${t.id}`);
      tokens.neuLaden();
      return { titel: `Token „${t.name}“ widerrufen.`, text: "Es gilt ab sofort nicht mehr." };
    });
  const jetzt = Date.now();
  const status = (t: ApiToken) =>
    t.widerrufenAm
      ? "widerrufen"
      : t.laeuftAbAm && new Date(t.laeuftAbAm).getTime() <= jetzt
        ? "abgelaufen"
        : "gültig";
  return (
    <section className="stapel" aria-labelledby="tokens-titel">
      <h2 id="tokens-titel" className="kern-heading-medium">
        API-Tokens
      </h2>
      <p className="kern-body">
        Mit einem API-Token greift ein Fachverfahren in Ihrem Namen auf Aktenwerk zu. Passwort ändern und
        Tokens erzeugen geht nur hier, nie mit einem Token.
      </p>
      <Fehler fehler={tokens.fehler} />
      {widerruf.rueckmeldung}
      {tokens.laedt && !tokens.daten ? (
        <Laden />
      ) : (tokens.daten ?? []).length === 0 ? (
        <p className="kern-body">Sie haben noch kein API-Token.</p>
      ) : (
        <Tabellenrahmen beschriftung="Ihre API-Tokens">
          <table className="kern-table kern-table--striped">
            <caption className="kern-sr-only">Ihre API-Tokens</caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                {["Name", "Beginnt mit", "Bereich", "Läuft ab", "Zuletzt benutzt", "Status"].map((t) => (
                  <th key={t} scope="col" className="kern-table__header">
                    {t}
                  </th>
                ))}
                <th scope="col" className="kern-table__header">
                  <span className="kern-sr-only">Aktion</span>
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {(tokens.daten ?? []).map((t) => (
                <tr key={t.id} className="kern-table__row">
                  <td className="kern-table__cell">{t.name}</td>
                  <td className="kern-table__cell">
                    <code>{t.praefix}…</code>
                  </td>
                  <td className="kern-table__cell">{BEREICH_TEXT[t.bereich]}</td>
                  <td className="kern-table__cell">{t.laeuftAbAm ? formatDatum(t.laeuftAbAm) : "nie"}</td>
                  <td className="kern-table__cell">{formatZeit(t.zuletztBenutztAm)}</td>
                  <td className="kern-table__cell">{status(t)}</td>
                  <td className="kern-table__cell">
                    {status(t) === "gültig" && (
                      <button
                        type="button"
                        className="kern-btn kern-btn--tertiary kern-btn--x-small"
                        onClick={() => void widerrufen(t)}
                      >
                        <span className="kern-label">
                          Widerrufen<span className="kern-sr-only">: {t.name}</span>
                        </span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Tabellenrahmen>
      )}
      {neu && <NeuesTokenAnzeige token={neu} />}
      <form className="formular" onSubmit={absenden} noValidate aria-labelledby="token-neu">
        <h3 id="token-neu" className="kern-heading-small">
          Neues API-Token
        </h3>
        <Fehler fehler={fehler} fokus />
        <Feld
          label="Name"
          name="name"
          required
          hinweis="Wofür, z. B. „Fachverfahren Bauantrag“"
          fehler={api400?.fuer("name")}
        />
        <Auswahl label="Bereich" name="bereich" required defaultValue="lesen">
          {Object.entries(BEREICH_TEXT).map(([b, text]) => (
            <option key={b} value={b}>
              {text}
            </option>
          ))}
        </Auswahl>
        <Feld
          label="Gültig bis"
          name="laeuftAbAm"
          type="date"
          required
          defaultValue={inTagen(365)}
          min={inTagen(1)}
          max={inTagen(730)}
          hinweis="Höchstens zwei Jahre"
          fehler={api400?.fuer("laeuftAbAm")}
        />
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">Token erzeugen</span>
        </button>
      </form>
    </section>
  );
}

/** "Mein Konto": absence and deputy, the daily e-mail, own password, devices signed in, API tokens. */
export default function Konto() {
  const { me } = useSession();
  const sitzungen = useApi<Sitzung[]>("/api/v1/sitzungen");
  const tokens = useApi<ApiToken[]>("/api/v1/api-tokens");
  return (
    <Seite titel="Mein Konto">
      <p className="kern-body">
        Angemeldet als {me.benutzer.anzeigename} ({me.benutzer.benutzername})
      </p>
      <div className="stapel">
        <Abwesenheiten />
        <ZweiterFaktorBereich />
        <Sitzungen sitzungen={sitzungen} />
        <Tokens tokens={tokens} />
        <PasswortAendern
          benutzerId={me.benutzer.id}
          onGeaendert={() => {
            sitzungen.neuLaden();
            tokens.neuLaden();
          }}
        />
      </div>
    </Seite>
  );
}
