import { useState } from "react";
import { api, ApiError } from "../api/client";
import type {
  Anmeldeverfahren,
  Gruppenzuordnung,
  GruppenzuordnungEingabe,
  GruppenzuordnungVorschau,
} from "../api/types";
import { Kombifeld } from "../components/Kombifeld";
import { Auswahl, Badge, Bestaetigung, Fehler, Feld, Laden, Meldung, useAnsage } from "../components/ui";
import { useApi } from "../hooks/useApi";
import { rollen, type Rolle } from "../../shared/organisation";
import type { AuswahlEintrag } from "../../shared/api/auswahl.schema";

/** The sign-in methods this installation offers (set by the operator in the environment). */
function Anmeldedienste() {
  const verfahren = useApi<Anmeldeverfahren>("/api/v1/auth/verfahren");
  if (!verfahren.daten) return verfahren.fehler ? <Fehler fehler={verfahren.fehler} /> : <Laden />;
  const { oidc, lokal } = verfahren.daten;
  return (
    <section aria-labelledby="anmeldedienste" className="stapel">
      <h2 id="anmeldedienste" className="kern-heading-small">
        Anmeldedienste
      </h2>
      <ul className="kern-list">
        <li>
          <strong>OpenID Connect:</strong>{" "}
          {oidc ? (
            <>
              „{oidc.name}“ <Badge art="success">eingerichtet</Badge>
            </>
          ) : (
            <>
              nicht eingerichtet <Badge>aus</Badge>
            </>
          )}
        </li>
        <li>
          <strong>Benutzername und Passwort in Aktenwerk:</strong>{" "}
          {lokal ? (
            <Badge art="success">an</Badge>
          ) : (
            <>
              <Badge art="warning">aus</Badge> – nur noch das Notfallkonto
            </>
          )}
        </li>
      </ul>
      <p className="kern-body">
        Eingerichtet wird das in der Umgebung des Servers (<code>AKTENWERK_OIDC_ISSUER</code>,{" "}
        <code>AKTENWERK_LOKALE_ANMELDUNG</code> …, siehe README).
      </p>
    </section>
  );
}

/** "These 12 users would become Sachbearbeitung in 63": what a row would do, in one sentence. */
function VorschauText({ v, rolle }: { v: GruppenzuordnungVorschau; rolle: Rolle }) {
  const oe = `${v.oeKuerzel} (${v.oeName})`;
  if (!v.oeAktiv) {
    return (
      <Meldung art="warning" titel="Organisationseinheit aufgelöst">
        <p className="kern-body">
          Die Organisationseinheit {oe} ist deaktiviert; diese Zuordnung würde nichts ändern.
        </p>
      </Meldung>
    );
  }
  if (v.anzahl === 0) {
    return (
      <Meldung art="info" titel="Vorschau">
        <p className="kern-body">
          Niemand, der sich bisher angemeldet hat oder abgeglichen wurde, ist in dieser Gruppe. Die Zuordnung
          wirkt bei der nächsten Anmeldung.
        </p>
      </Meldung>
    );
  }
  const schon = v.anzahl - v.neu;
  return (
    <Meldung art="info" titel="Vorschau">
      <p className="kern-body">
        {v.anzahl === 1 ? "Dieser Benutzer würde" : `Diese ${v.anzahl} Benutzer würden`} {rolle} in {oe}
        {schon > 0 && ` (${schon} davon sind es schon)`}. Die Zuordnung wirkt bei der nächsten Anmeldung oder
        dem nächsten Abgleich.
      </p>
      <ul className="kern-list" aria-label="Betroffene Benutzer">
        {v.benutzer.map((b) => (
          <li key={b.id}>
            {b.anzeigename} ({b.benutzername}){b.hatBereits && " – hat die Rolle schon"}
          </li>
        ))}
        {v.anzahl > v.benutzer.length && <li>… und {v.anzahl - v.benutzer.length} weitere</li>}
      </ul>
    </Meldung>
  );
}

const oeWahl = (z: Gruppenzuordnung): AuswahlEintrag => ({
  id: z.oeId,
  wert: `OE:${z.oeKuerzel}`,
  text: `${z.oeKuerzel} ${z.oeName}`,
  zusatz: "",
});

/** The group mapping: list, add, change, delete, each with a preview of whom it affects. */
function Gruppenzuordnungen() {
  const liste = useApi<Gruppenzuordnung[]>("/api/v1/gruppenzuordnungen");
  const ansage = useAnsage();
  const [bearbeitet, setBearbeitet] = useState<Gruppenzuordnung | null>(null);
  const [gruppe, setGruppe] = useState("");
  const [oe, setOe] = useState<AuswahlEintrag | null>(null);
  const [rolle, setRolle] = useState<Rolle>("Sachbearbeitung");
  const [vorschau, setVorschau] = useState<GruppenzuordnungVorschau | null>(null);
  const [fehler, setFehler] = useState<unknown>(null);
  const [loeschen, setLoeschen] = useState<Gruppenzuordnung | null>(null);
  const [meldung, setMeldung] = useState<string | null>(null);

  const eingabe = (): GruppenzuordnungEingabe => ({
    gruppe,
    oe: oe?.wert.replace(/^OE:/, "") ?? "",
    rolle,
  });
  const leeren = () => {
    setBearbeitet(null);
    setGruppe("");
    setOe(null);
    setRolle("Sachbearbeitung");
    setVorschau(null);
    setFehler(null);
  };
  const zeigeVorschau = async () => {
    setFehler(null);
    try {
      setVorschau(
        await api<GruppenzuordnungVorschau>("POST", "/api/v1/gruppenzuordnungen/vorschau", eingabe()),
      );
    } catch (e) {
      setVorschau(null);
      setFehler(e);
    }
  };
  const speichern = async () => {
    setFehler(null);
    setMeldung(null);
    try {
      if (bearbeitet) await api("PUT", `/api/v1/gruppenzuordnungen/${bearbeitet.id}`, eingabe());
      else await api("POST", "/api/v1/gruppenzuordnungen", eingabe());
      const text = `Zuordnung „${gruppe}“ → ${rolle} in ${eingabe().oe} gespeichert.`;
      setMeldung(text);
      ansage(text);
      leeren();
      liste.neuLaden();
    } catch (e) {
      setFehler(e);
    }
  };
  const feldFehler = fehler instanceof ApiError ? fehler : undefined;

  return (
    <section aria-labelledby="gruppenzuordnung" className="stapel">
      <h2 id="gruppenzuordnung" className="kern-heading-small">
        Gruppenzuordnung
      </h2>
      <p className="kern-body">
        Wer im Verzeichnis oder beim Anmeldedienst in einer Gruppe ist, bekommt die Rolle in der
        Organisationseinheit. Von Hand vergebene Rollen bleiben immer erhalten.
      </p>
      {meldung && (
        <Meldung art="success" titel="Gespeichert">
          <p className="kern-body">{meldung}</p>
        </Meldung>
      )}
      {liste.fehler && <Fehler fehler={liste.fehler} />}
      {liste.laedt && !liste.daten ? (
        <Laden />
      ) : (liste.daten ?? []).length === 0 ? (
        <p className="kern-body">Noch keine Zuordnung.</p>
      ) : (
        <table className="kern-table">
          <caption className="kern-title">Gruppen und was sie gewähren</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">
                Gruppe
              </th>
              <th scope="col" className="kern-table__header">
                Organisationseinheit
              </th>
              <th scope="col" className="kern-table__header">
                Rolle
              </th>
              <th scope="col" className="kern-table__header">
                Aktionen
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {(liste.daten ?? []).map((z) => (
              <tr key={z.id} className="kern-table__row">
                <td className="kern-table__cell">
                  <code>{z.gruppe}</code>
                </td>
                <td className="kern-table__cell">
                  {z.oeKuerzel} {z.oeName}{" "}
                  {!z.oeAktiv && <Badge art="warning">aufgelöst – wirkt nicht</Badge>}
                </td>
                <td className="kern-table__cell">{z.rolle}</td>
                <td className="kern-table__cell">
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary"
                    aria-label={`Zuordnung ${z.gruppe} → ${z.rolle} in ${z.oeKuerzel} ändern`}
                    onClick={() => {
                      setBearbeitet(z);
                      setGruppe(z.gruppe);
                      setOe(oeWahl(z));
                      setRolle(z.rolle);
                      setVorschau(null);
                      setMeldung(null);
                    }}
                  >
                    <span className="kern-label">Ändern</span>
                  </button>
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary"
                    aria-label={`Zuordnung ${z.gruppe} → ${z.rolle} in ${z.oeKuerzel} löschen`}
                    onClick={() => setLoeschen(z)}
                  >
                    <span className="kern-label">Löschen</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="formular"
        noValidate
        aria-label={bearbeitet ? "Zuordnung ändern" : "Neue Zuordnung"}
        onSubmit={(e) => {
          e.preventDefault();
          void speichern();
        }}
      >
        <h3 className="kern-heading-x-small">{bearbeitet ? "Zuordnung ändern" : "Neue Zuordnung"}</h3>
        <Fehler fehler={fehler} />
        <Feld
          label="Gruppe im Verzeichnis"
          name="gruppe"
          required
          value={gruppe}
          onChange={(e) => {
            setGruppe(e.target.value);
            setVorschau(null);
          }}
          hinweis="Wert des Gruppen-Claims oder Name/DN der LDAP-Gruppe, z. B. GG-63-SB"
          fehler={feldFehler?.fuer("gruppe")}
        />
        <Kombifeld
          label="Organisationseinheit"
          name="oe"
          art="oes"
          required
          wahl={oe}
          onWahl={(w) => {
            setOe(w);
            setVorschau(null);
          }}
          fehler={feldFehler?.fuer("oe")}
          hinweis="Name oder Kürzel tippen und wählen."
        />
        <Auswahl
          label="Rolle"
          name="rolle"
          required
          value={rolle}
          onChange={(e) => {
            setRolle(e.target.value as Rolle);
            setVorschau(null);
          }}
        >
          {rollen.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </Auswahl>
        {vorschau && <VorschauText v={vorschau} rolle={rolle} />}
        <div className="formular__knoepfe">
          <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void zeigeVorschau()}>
            <span className="kern-label">Vorschau</span>
          </button>
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{bearbeitet ? "Änderung speichern" : "Zuordnung anlegen"}</span>
          </button>
          {bearbeitet && (
            <button type="button" className="kern-btn kern-btn--tertiary" onClick={leeren}>
              <span className="kern-label">Abbrechen</span>
            </button>
          )}
        </div>
      </form>
      <Bestaetigung
        offen={loeschen !== null}
        titel="Zuordnung löschen?"
        bestaetigen="Löschen"
        onAbbruch={() => setLoeschen(null)}
        onBestaetigt={() => {
          const z = loeschen;
          setLoeschen(null);
          if (!z) return;
          void api("DELETE", `/api/v1/gruppenzuordnungen/${z.id}`).then(
            () => {
              const text = `Zuordnung „${z.gruppe}“ gelöscht.`;
              setMeldung(text);
              ansage(text);
              liste.neuLaden();
            },
            (e: unknown) => setFehler(e),
          );
        }}
      >
        <p className="kern-body">
          Wer die Rolle {loeschen?.rolle} in {loeschen?.oeKuerzel} nur über die Gruppe „{loeschen?.gruppe}“
          hat, verliert sie bei der nächsten Anmeldung oder dem nächsten Abgleich.
        </p>
      </Bestaetigung>
    </section>
  );
}

/** Verwaltung → Anmeldung: the sign-in methods and the group mapping (Administration). */
export function AnmeldungVerwaltung() {
  return (
    <div className="stapel">
      <Anmeldedienste />
      <Gruppenzuordnungen />
    </div>
  );
}
