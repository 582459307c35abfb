import { useState } from "react";
import { api, ApiError } from "../api/client";
import type {
  Anmeldedienste,
  Gruppenzuordnung,
  GruppenzuordnungEingabe,
  GruppenzuordnungVorschau,
  LetzterVerzeichnisbericht,
} from "../api/types";
import { formatZahl, formatZeit } from "../format";
import { Kombifeld } from "../components/Kombifeld";
import {
  Auswahl,
  Badge,
  Bestaetigung,
  Fehler,
  Feld,
  Laden,
  Meldung,
  Tabellenrahmen,
  useErgebnis,
} from "../components/ui";
import { useApi } from "../hooks/useApi";
import { rollen, type Rolle } from "../../shared/organisation";
import type { AuswahlEintrag } from "../../shared/api/auswahl.schema";

/** One status of the break-glass account, from worst to fine. */
function NotfallkontoStand({ k }: { k: NonNullable<Anmeldedienste["notfallkonto"]> }) {
  if (!k.vorhanden) return <Badge art="danger">fehlt in Aktenwerk</Badge>;
  if (!k.aktiv) return <Badge art="danger">deaktiviert</Badge>;
  if (!k.zweiterFaktor) return <Badge art="warning">noch ohne zweiten Faktor</Badge>;
  return <Badge art="success">bereit</Badge>;
}

/** The sign-in methods as the operator configured them in the server's environment. */
function Anmeldedienste() {
  const dienste = useApi<Anmeldedienste>("/api/v1/anmeldedienste");
  if (!dienste.daten) return dienste.fehler ? <Fehler fehler={dienste.fehler} /> : <Laden />;
  const { oidc, ldap, lokal, notfallkonto } = dienste.daten;
  return (
    <section aria-labelledby="anmeldedienste" className="stapel">
      <h2 id="anmeldedienste" className="kern-heading-small">
        Anmeldedienste
      </h2>
      <p className="kern-body">
        Eingerichtet werden die Dienste in der Umgebung des Servers (<code>AKTENWERK_OIDC_…</code>,{" "}
        <code>AKTENWERK_LDAP_…</code>, <code>AKTENWERK_LOKALE_ANMELDUNG</code>,{" "}
        <code>AKTENWERK_NOTFALLKONTO</code>, siehe README); hier sehen Sie, was gilt. Geheimnisse werden nie
        angezeigt.
      </p>

      <h3 className="kern-heading-x-small">
        OpenID Connect {oidc ? <Badge art="success">eingerichtet</Badge> : <Badge>nicht eingerichtet</Badge>}
      </h3>
      {oidc && (
        <dl className="merkmale" aria-label="OpenID Connect">
          <dt>Name auf der Anmeldeseite</dt>
          <dd>„{oidc.name}“</dd>
          <dt>Aussteller (Issuer)</dt>
          <dd>
            <code>{oidc.issuer}</code>
          </dd>
          <dt>Client-ID</dt>
          <dd>
            <code>{oidc.clientId}</code> (
            {oidc.mitClientSecret ? "mit Client-Secret" : "öffentlicher Client, nur PKCE"})
          </dd>
          <dt>Gruppen-Claim</dt>
          <dd>
            <code>{oidc.gruppenClaim}</code>
          </dd>
          <dt>Zweiter Faktor</dt>
          <dd>
            {oidc.mfaAcr.length
              ? `bestätigt durch amr oder acr ${oidc.mfaAcr.map((a) => `„${a}“`).join(", ")}`
              : "bestätigt durch amr (z. B. mfa, otp, hwk)"}
          </dd>
        </dl>
      )}

      <h3 className="kern-heading-x-small">
        Verzeichnis (Active Directory / LDAP){" "}
        {ldap ? <Badge art="success">eingerichtet</Badge> : <Badge>nicht eingerichtet</Badge>}
      </h3>
      {ldap && (
        <dl className="merkmale" aria-label="Verzeichnis">
          <dt>Adresse</dt>
          <dd>
            <code>{ldap.url}</code> ({ldap.verschluesselung === "ldaps" ? "LDAPS" : "StartTLS"})
          </dd>
          <dt>Art</dt>
          <dd>
            {ldap.art === "ad"
              ? "Active Directory (sAMAccountName, memberOf, userAccountControl)"
              : "LDAP (uid, groupOfNames)"}
          </dd>
          <dt>Suchbasis</dt>
          <dd>
            <code>{ldap.basisDn}</code>
          </dd>
          <dt>Dienstkonto</dt>
          <dd>
            <code>{ldap.bindDn}</code>
          </dd>
          <dt>Benutzerfilter</dt>
          <dd>
            <code>{ldap.benutzerfilter}</code>
          </dd>
          <dt>Gruppenfilter</dt>
          <dd>
            <code>{ldap.gruppenfilter}</code>
          </dd>
          <dt>Abgleich</dt>
          <dd>
            {ldap.syncMinuten > 0
              ? `alle ${ldap.syncMinuten} Minuten und von Hand`
              : "nur von Hand (aktenwerk verzeichnis sync)"}
          </dd>
        </dl>
      )}

      <h3 className="kern-heading-x-small">
        Benutzername und Passwort in Aktenwerk{" "}
        {lokal ? <Badge art="success">an</Badge> : <Badge art="warning">aus</Badge>}
      </h3>
      <dl className="merkmale" aria-label="Anmeldung in Aktenwerk">
        <dt>Wer sich so anmeldet</dt>
        <dd>
          {lokal
            ? "alle Konten mit einem Passwort in Aktenwerk"
            : "nur noch das Notfallkonto; alle anderen über den Anmeldedienst oder das Verzeichnis"}
        </dd>
        <dt>Notfallkonto</dt>
        <dd>
          {notfallkonto ? (
            <>
              <code>{notfallkonto.benutzername}</code> <NotfallkontoStand k={notfallkonto} />
            </>
          ) : (
            "keines benannt"
          )}
        </dd>
      </dl>
    </section>
  );
}

type Bericht = NonNullable<LetzterVerzeichnisbericht["bericht"]>;
type Person = Bericht["angelegt"][number];

/** What changed for a person, in one line. */
function aenderung(p: Person): string {
  const teile = [
    p.hinzugefuegt?.length ? `neu: ${p.hinzugefuegt.join(", ")}` : "",
    p.entfernt?.length ? `entzogen: ${p.entfernt.join(", ")}` : "",
    p.felder?.length ? `geändert: ${p.felder.join(", ")}` : "",
    p.grund ?? "",
  ];
  return teile.filter(Boolean).join("; ") || "–";
}

/** One list of the report (created, changed, deactivated, skipped) as a table. */
function Personenliste({
  titel,
  personen,
  anzahl,
  spalte,
}: {
  titel: string;
  personen: Person[];
  anzahl: number;
  spalte: string;
}) {
  if (anzahl === 0) return null;
  return (
    <Tabellenrahmen beschriftung={titel}>
      <table className="kern-table kern-table--striped">
        <caption className="kern-title">
          {titel} ({anzahl})
        </caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              Name
            </th>
            <th scope="col" className="kern-table__header">
              Benutzername
            </th>
            <th scope="col" className="kern-table__header">
              {spalte}
            </th>
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {personen.map((p) => (
            <tr key={p.benutzername} className="kern-table__row">
              <td className="kern-table__cell">{p.name}</td>
              <td className="kern-table__cell">{p.benutzername}</td>
              <td className="kern-table__cell">{aenderung(p)}</td>
            </tr>
          ))}
          {anzahl > personen.length && (
            <tr className="kern-table__row">
              <td className="kern-table__cell" colSpan={3}>
                … und {anzahl - personen.length} weitere (vollständig in der Ausgabe von{" "}
                <code>aktenwerk verzeichnis sync</code>)
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </Tabellenrahmen>
  );
}

/** The last directory sync: when, whether it worked, what changed and what it reported. */
function Verzeichnisabgleich() {
  const stand = useApi<LetzterVerzeichnisbericht>("/api/v1/verzeichnisabgleich");
  if (!stand.daten) return stand.fehler ? <Fehler fehler={stand.fehler} /> : <Laden />;
  const { konfiguriert, bericht } = stand.daten;
  return (
    <section aria-labelledby="verzeichnisabgleich" className="stapel">
      <h2 id="verzeichnisabgleich" className="kern-heading-small">
        Letzter Verzeichnisabgleich
      </h2>
      {!konfiguriert && !bericht ? (
        <p className="kern-body">
          Kein Verzeichnis eingerichtet. Wer sich über den Anmeldedienst anmeldet, wird bei jeder Anmeldung
          aktualisiert.
        </p>
      ) : !bericht ? (
        <p className="kern-body">
          Noch kein Abgleich gelaufen. <code>aktenwerk verzeichnis sync --probe</code> zeigt, was sich ändern
          würde, ohne etwas zu ändern.
        </p>
      ) : (
        <>
          <dl className="merkmale" aria-label="Letzter Verzeichnisabgleich">
            <dt>Gelaufen</dt>
            <dd>
              {formatZeit(bericht.beendetAm)} Uhr,{" "}
              {bericht.ausgeloest === "zeitplan" ? "nach Zeitplan" : "von Hand (aktenwerk verzeichnis sync)"}
            </dd>
            <dt>Ergebnis</dt>
            <dd>
              {bericht.erfolgreich ? (
                <Badge art="success">erfolgreich</Badge>
              ) : (
                <Badge art="danger">gescheitert – nichts geändert</Badge>
              )}
            </dd>
            <dt>Im Verzeichnis</dt>
            <dd>
              {formatZahl(bericht.personen)} Personen, {formatZahl(bericht.gruppen)} Gruppen
            </dd>
            <dt>Änderungen</dt>
            <dd>
              {formatZahl(bericht.anzahl.angelegt)} angelegt, {formatZahl(bericht.anzahl.geaendert)} geändert,{" "}
              {formatZahl(bericht.anzahl.deaktiviert)} deaktiviert, {formatZahl(bericht.anzahl.uebersprungen)}{" "}
              übersprungen, {formatZahl(bericht.anzahl.unveraendert)} unverändert
            </dd>
          </dl>
          {bericht.fehler && (
            <Meldung art="danger" titel="Der Abgleich ist gescheitert" ansagen={false}>
              <p className="kern-body">{bericht.fehler}</p>
              <p className="kern-body">Es wurde nichts geändert; alle Konten sind, wie sie vorher waren.</p>
            </Meldung>
          )}
          {bericht.anzahl.uebersprungen > 0 && (
            <Meldung art="warning" titel="Gemeldet: für diese Personen wurde nichts geändert" ansagen={false}>
              <p className="kern-body">
                Meist ist eine Gruppe einer aufgelösten Organisationseinheit zugeordnet. Ändern Sie die
                Zuordnung oben; der nächste Abgleich holt es nach.
              </p>
            </Meldung>
          )}
          <Personenliste
            titel="Gemeldet und übersprungen"
            personen={bericht.uebersprungen}
            anzahl={bericht.anzahl.uebersprungen}
            spalte="Grund"
          />
          <Personenliste
            titel="Deaktiviert"
            personen={bericht.deaktiviert}
            anzahl={bericht.anzahl.deaktiviert}
            spalte="Grund"
          />
          <Personenliste
            titel="Neu angelegt"
            personen={bericht.angelegt}
            anzahl={bericht.anzahl.angelegt}
            spalte="Rollen"
          />
          <Personenliste
            titel="Geändert"
            personen={bericht.geaendert}
            anzahl={bericht.anzahl.geaendert}
            spalte="Änderung"
          />
        </>
      )}
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
  const ergebnis = useErgebnis();
  const [bearbeitet, setBearbeitet] = useState<Gruppenzuordnung | null>(null);
  const [gruppe, setGruppe] = useState("");
  const [oe, setOe] = useState<AuswahlEintrag | null>(null);
  const [rolle, setRolle] = useState<Rolle>("Sachbearbeitung");
  const [vorschau, setVorschau] = useState<GruppenzuordnungVorschau | null>(null);
  const [fehler, setFehler] = useState<unknown>(null);
  const [loeschen, setLoeschen] = useState<Gruppenzuordnung | null>(null);

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
    ergebnis.leeren();
    try {
      if (bearbeitet) await api("PUT", `/api/v1/gruppenzuordnungen/${bearbeitet.id}`, eingabe());
      else await api("POST", "/api/v1/gruppenzuordnungen", eingabe());
      // Shown where the form is and focused, so it is heard once (not also in the live region).
      ergebnis.zeige({
        titel: "Gespeichert",
        text: `Zuordnung „${gruppe}“ → ${rolle} in ${eingabe().oe} gespeichert.`,
      });
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
      {ergebnis.ergebnis}
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
                      ergebnis.leeren();
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
              ergebnis.zeige({ titel: "Gelöscht", text: `Zuordnung „${z.gruppe}“ gelöscht.` });
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

/** Verwaltung → Anmeldung: the sign-in methods, the group mapping, the last directory sync (Administration). */
export function AnmeldungVerwaltung() {
  return (
    <div className="stapel">
      <Anmeldedienste />
      <Gruppenzuordnungen />
      <Verzeichnisabgleich />
    </div>
  );
}
