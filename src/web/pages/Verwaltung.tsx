import { useState } from "react";
import { api, ApiError } from "../api/client";
import type {
  AktenplanImportErgebnis,
  Benutzer,
  BenutzerMitRollen,
  MitgliedschaftEingabe,
  NeueOrganisationseinheit,
  NeuerBenutzer,
  Organisationseinheit,
  SitzungenBeendet,
} from "../api/types";
import { Auswahl, DateiFeld, Feld, Laden, Meldung, Seite, Tabellenrahmen } from "../components/ui";
import { useApi } from "../hooks/useApi";
import { useFormular } from "../hooks/useFormular";
import { oeArten, rollen, type OeArt, type Rolle } from "../../shared/organisation";
import { GeschaeftsgangVerwaltung } from "../components/GeschaeftsgangVerwaltung";
import { hatRolle, useSession } from "../session";

/** An OE's name for its Kürzel, as the reader knows it ("Bauaufsicht (63)"). */
function oeName(oes: Organisationseinheit[], kuerzel: string): string {
  const oe = oes.find((o) => o.kuerzel === kuerzel);
  return oe ? `${oe.name} (${oe.kuerzel})` : kuerzel;
}

/** The two choices of a membership: in which Organisationseinheit, in which role. */
function MitgliedschaftFelder({ oes }: { oes: Organisationseinheit[] }) {
  return (
    <>
      <Auswahl label="Organisationseinheit" name="oe" required>
        {oes.map((o) => (
          <option key={o.id} value={o.kuerzel}>
            {o.kuerzel} {o.name}
          </option>
        ))}
      </Auswahl>
      <Auswahl label="Rolle" name="rolle" required defaultValue="Sachbearbeitung">
        {rollen.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </Auswahl>
    </>
  );
}

function Organisation() {
  const oes = useApi<Organisationseinheit[]>("/api/v1/organisationseinheiten");
  const { api400, absenden, rueckmeldung } = useFormular(async (f, form) => {
    const oe = await api<Organisationseinheit>("POST", "/api/v1/organisationseinheiten", {
      name: String(f.get("name")),
      kuerzel: String(f.get("kuerzel")),
      art: String(f.get("art")) as OeArt,
      uebergeordnet: String(f.get("uebergeordnet")) || null,
    } satisfies NeueOrganisationseinheit);
    form.reset();
    oes.neuLaden();
    return {
      titel: `Organisationseinheit ${oe.kuerzel} ${oe.name} angelegt.`,
      text: "Sie steht in der Liste; Rollen darin vergeben Sie unter „Benutzer und Rollen“.",
    };
  });
  const byId = new Map((oes.daten ?? []).map((o) => [o.id, o]));
  return (
    <div className="raster raster--zwei">
      <Tabellenrahmen beschriftung="Organisationseinheiten">
        {oes.laedt ? (
          <Laden />
        ) : (
          <table className="kern-table kern-table--striped">
            <caption className="kern-sr-only">Organisationseinheiten</caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Kürzel
                </th>
                <th scope="col" className="kern-table__header">
                  Name
                </th>
                <th scope="col" className="kern-table__header">
                  Art
                </th>
                <th scope="col" className="kern-table__header">
                  Übergeordnet
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {(oes.daten ?? []).map((o) => (
                <tr key={o.id} className="kern-table__row">
                  <td className="kern-table__cell">{o.kuerzel}</td>
                  <td className="kern-table__cell">{o.name}</td>
                  <td className="kern-table__cell">{o.art}</td>
                  <td className="kern-table__cell">{o.parentId ? byId.get(o.parentId)?.name : "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Tabellenrahmen>
      <form className="formular" onSubmit={absenden} noValidate aria-labelledby="oe-neu">
        <h2 id="oe-neu" className="kern-heading-small">
          Neue Organisationseinheit
        </h2>
        {rueckmeldung}
        <Feld label="Name" name="name" required fehler={api400?.fuer("name")} />
        <Feld
          label="Kürzel"
          name="kuerzel"
          required
          fehler={api400?.fuer("kuerzel")}
          hinweis="z. B. 63 oder StE"
        />
        <Auswahl label="Art" name="art" required defaultValue="Amt">
          {oeArten.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </Auswahl>
        <Auswahl
          label="Übergeordnet"
          name="uebergeordnet"
          defaultValue=""
          fehler={api400?.fuer("uebergeordnet")}
        >
          <option value="">keine (oberste Ebene)</option>
          {(oes.daten ?? []).map((o) => (
            <option key={o.id} value={o.kuerzel}>
              {o.kuerzel} {o.name}
            </option>
          ))}
        </Auswahl>
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">Anlegen</span>
        </button>
      </form>
    </div>
  );
}

/** The memberships (OE × Rolle) of one user: remove one, or give another. */
function Rollen({
  benutzer,
  oes,
  onSchliessen,
}: {
  benutzer: Benutzer;
  oes: Organisationseinheit[];
  onSchliessen: () => void;
}) {
  const detail = useApi<BenutzerMitRollen>(`/api/v1/benutzer/${benutzer.id}`);
  // One place for the outcome of giving, removing and ending sessions: above the list.
  const {
    rueckmeldung,
    ausfuehren,
    absenden: geben,
  } = useFormular(async (f) => {
    const oe = String(f.get("oe"));
    const rolle = String(f.get("rolle")) as Rolle;
    await api("POST", `/api/v1/benutzer/${benutzer.id}/mitgliedschaften`, {
      oe,
      rolle,
    } satisfies MitgliedschaftEingabe);
    detail.neuLaden();
    return { titel: `${benutzer.anzeigename} hat jetzt die Rolle ${rolle} in ${oeName(oes, oe)}.` };
  });
  const entfernen = (oe: string, rolle: string) =>
    ausfuehren(async () => {
      await api(
        "DELETE",
        `/api/v1/benutzer/${benutzer.id}/mitgliedschaften?oe=${encodeURIComponent(oe)}&rolle=${encodeURIComponent(rolle)}`,
      );
      detail.neuLaden();
      return { titel: `Rolle ${rolle} in ${oeName(oes, oe)} entzogen.` };
    });
  const sitzungenBeenden = () =>
    ausfuehren(async () => {
      const r = await api<SitzungenBeendet>("POST", `/api/v1/benutzer/${benutzer.id}/sitzungen-beenden`);
      return {
        titel:
          r.beendet === 0
            ? `${benutzer.anzeigename} war nirgends angemeldet.`
            : r.beendet === 1
              ? `Eine Sitzung von ${benutzer.anzeigename} beendet.`
              : `${r.beendet} Sitzungen von ${benutzer.anzeigename} beendet.`,
      };
    });
  return (
    <section className="stapel kern-card kern-card--surface" aria-labelledby="rollen-titel">
      <div className="kern-card__container">
        <div className="kern-card__body stapel">
          <h3 id="rollen-titel" className="kern-heading-small">
            Rollen von {benutzer.anzeigename}
          </h3>
          {rueckmeldung}
          {detail.laedt ? (
            <Laden />
          ) : (
            <ul className="kern-list liste-mit-knoepfen">
              {(detail.daten?.mitgliedschaften ?? []).map((m) => (
                <li key={`${m.oeId}${m.rolle}`}>
                  {m.rolle} in {m.oeName} ({m.oeKuerzel}){" "}
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary kern-btn--x-small"
                    onClick={() => void entfernen(m.oeKuerzel, m.rolle)}
                  >
                    <span className="kern-label">
                      Entziehen
                      <span className="kern-sr-only">
                        : {m.rolle} in {m.oeName}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
              {detail.daten?.mitgliedschaften.length === 0 && <li>Noch keine Rolle.</li>}
            </ul>
          )}
          <form className="formular" onSubmit={geben} noValidate>
            <MitgliedschaftFelder oes={oes} />
            <div className="formular__knoepfe">
              <button type="submit" className="kern-btn kern-btn--primary">
                <span className="kern-label">Rolle geben</span>
              </button>
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() => void sitzungenBeenden()}
              >
                <span className="kern-label">Alle Sitzungen beenden</span>
              </button>
              <button type="button" className="kern-btn kern-btn--secondary" onClick={onSchliessen}>
                <span className="kern-label">Schließen</span>
              </button>
            </div>
          </form>
        </div>
      </div>
    </section>
  );
}

function BenutzerVerwaltung() {
  const benutzer = useApi<Benutzer[]>("/api/v1/benutzer");
  const oes = useApi<Organisationseinheit[]>("/api/v1/organisationseinheiten");
  const [gewaehlt, setGewaehlt] = useState<Benutzer | null>(null);
  const { api400, absenden, rueckmeldung } = useFormular(async (f, form) => {
    const neu = await api<Benutzer>("POST", "/api/v1/benutzer", {
      benutzername: String(f.get("benutzername")),
      vorname: String(f.get("vorname")),
      nachname: String(f.get("nachname")),
      email: String(f.get("email")) || null,
      passwort: String(f.get("passwort")),
      mitgliedschaften: [{ oe: String(f.get("oe")), rolle: String(f.get("rolle")) as Rolle }],
    } satisfies NeuerBenutzer);
    form.reset();
    benutzer.neuLaden();
    return {
      titel: `${neu.anzeigename} angelegt (Anmeldename ${neu.benutzername}).`,
      text: "Weitere Rollen geben Sie über „Rollen“ in der Liste.",
    };
  });
  return (
    <div className="raster raster--zwei">
      <Tabellenrahmen beschriftung="Benutzerinnen und Benutzer">
        {benutzer.laedt ? (
          <Laden />
        ) : (
          <table className="kern-table kern-table--striped">
            <caption className="kern-sr-only">Benutzerinnen und Benutzer</caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Name
                </th>
                <th scope="col" className="kern-table__header">
                  Benutzername
                </th>
                <th scope="col" className="kern-table__header">
                  Status
                </th>
                <th scope="col" className="kern-table__header">
                  Rollen
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {(benutzer.daten ?? []).map((b) => (
                <tr key={b.id} className="kern-table__row">
                  <td className="kern-table__cell">{b.anzeigename}</td>
                  <td className="kern-table__cell">{b.benutzername}</td>
                  <td className="kern-table__cell">{b.aktiv ? "aktiv" : "deaktiviert"}</td>
                  <td className="kern-table__cell">
                    <button
                      type="button"
                      className="kern-btn kern-btn--tertiary kern-btn--x-small"
                      onClick={() => setGewaehlt(b)}
                    >
                      <span className="kern-label">
                        Rollen<span className="kern-sr-only"> von {b.anzeigename}</span>
                      </span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Tabellenrahmen>
      {gewaehlt && (
        <Rollen
          key={gewaehlt.id}
          benutzer={gewaehlt}
          oes={oes.daten ?? []}
          onSchliessen={() => setGewaehlt(null)}
        />
      )}
      <form className="formular" onSubmit={absenden} noValidate aria-labelledby="benutzer-neu">
        <h2 id="benutzer-neu" className="kern-heading-small">
          Neuer Benutzer
        </h2>
        {rueckmeldung}
        <Feld
          label="Benutzername"
          name="benutzername"
          required
          autoCapitalize="none"
          fehler={api400?.fuer("benutzername")}
          hinweis="Kleinbuchstaben, Ziffern, Punkt, Bindestrich"
        />
        <Feld label="Vorname" name="vorname" fehler={api400?.fuer("vorname")} />
        <Feld label="Nachname" name="nachname" required fehler={api400?.fuer("nachname")} />
        <Feld label="E-Mail" name="email" type="email" fehler={api400?.fuer("email")} />
        <Feld
          label="Erstes Passwort"
          name="passwort"
          type="password"
          autoComplete="new-password"
          required
          fehler={api400?.fuer("passwort")}
          hinweis="Mindestens 8 Zeichen"
        />
        <MitgliedschaftFelder oes={oes.daten ?? []} />
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">Anlegen</span>
        </button>
      </form>
    </div>
  );
}

function AktenplanImport() {
  const { fehler, absenden, rueckmeldung } = useFormular(async (f) => {
    const datei = f.get("csv");
    if (!(datei instanceof File) || datei.size === 0)
      throw new ApiError(400, "Bitte wählen Sie eine CSV-Datei aus.", undefined, []);
    const r = await api<AktenplanImportErgebnis>("POST", "/api/v1/aktenplan/import", await datei.text(), {
      text: true,
    });
    return {
      titel: "Aktenplan importiert.",
      text: `${r.angelegt} angelegt, ${r.geaendert} geändert, ${r.unveraendert} unverändert.`,
      link: { href: "/aktenplan", text: "Zum Aktenplan" },
    };
  });
  return (
    <form className="formular" onSubmit={absenden} noValidate aria-labelledby="import-titel">
      <h2 id="import-titel" className="kern-heading-small">
        Aktenplan aus CSV importieren
      </h2>
      <p className="kern-body">
        Trennzeichen Semikolon, Spalten wie beim Export. Alles oder nichts: Bei einem Fehler wird nichts
        übernommen.
      </p>
      <p className="kern-body">
        <a className="kern-link" href="/api/v1/aktenplan/export" download>
          Aktuellen Aktenplan als CSV herunterladen
        </a>
      </p>
      <DateiFeld label="CSV-Datei" name="csv" id="csv" accept=".csv,text/csv" pflicht />
      {rueckmeldung}
      {fehler instanceof ApiError && fehler.fehler.length > 0 && (
        <ul className="kern-list kern-list--bullet" aria-label="Probleme in der Datei">
          {fehler.fehler.map((f) => (
            <li key={`${f.feld}${f.meldung}`}>
              <strong>{f.feld}:</strong> {f.meldung}
            </li>
          ))}
        </ul>
      )}
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">Importieren</span>
      </button>
    </form>
  );
}

export default function Verwaltung() {
  const { me } = useSession();
  const admin = hatRolle(me, "Administration");
  const registratur = hatRolle(me, "Registratur");
  const [bereich, setBereich] = useState<"oe" | "benutzer" | "aktenplan" | "geschaeftsgang">(
    admin ? "oe" : "aktenplan",
  );
  if (!admin && !registratur) {
    return (
      <Seite titel="Verwaltung">
        <Meldung art="info" titel="Kein Zugang">
          Die Verwaltung ist für Administration und Registratur.
        </Meldung>
      </Seite>
    );
  }
  const bereiche: ["oe" | "benutzer" | "aktenplan" | "geschaeftsgang", string, boolean][] = [
    ["oe", "Organisationseinheiten", admin],
    ["benutzer", "Benutzer und Rollen", admin],
    ["geschaeftsgang", "Geschäftsgang", admin],
    ["aktenplan", "Aktenplan-Import", registratur],
  ];
  return (
    <Seite titel="Verwaltung">
      <nav aria-label="Bereiche der Verwaltung" className="reiter">
        {bereiche
          .filter(([, , erlaubt]) => erlaubt)
          .map(([b, text]) => (
            <button key={b} type="button" aria-pressed={bereich === b} onClick={() => setBereich(b)}>
              {text}
            </button>
          ))}
      </nav>
      {bereich === "oe" && <Organisation />}
      {bereich === "benutzer" && <BenutzerVerwaltung />}
      {bereich === "aktenplan" && <AktenplanImport />}
      {bereich === "geschaeftsgang" && <GeschaeftsgangVerwaltung />}
    </Seite>
  );
}
