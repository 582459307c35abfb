import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, ApiError } from "../api/client";
import type {
  AktenplanImportErgebnis,
  Benutzer,
  BenutzerAenderung,
  BenutzerMitRollen,
  MitgliedschaftEingabe,
  NeueOrganisationseinheit,
  NeuerBenutzer,
  Organisationseinheit,
  SitzungenBeendet,
} from "../api/types";
import { Kombifeld } from "../components/Kombifeld";
import {
  Auswahl,
  Aufklapper,
  Badge,
  Bestaetigung,
  DateiFeld,
  Fehler,
  Feld,
  Laden,
  Meldung,
  Seite,
  useAnsage,
} from "../components/ui";
import { useApi } from "../hooks/useApi";
import { useFormular } from "../hooks/useFormular";
import { oeArten, rollen, type OeArt, type Rolle } from "../../shared/organisation";
import { oeKuerzelAus, type AuswahlEintrag } from "../../shared/api/auswahl.schema";
import { GeschaeftsgangVerwaltung } from "../components/GeschaeftsgangVerwaltung";
import { hatRolle, useSession } from "../session";

/** An OE picker's value ("OE:63") as the Kürzel the API takes, or null. */
const kuerzel = (wahl: AuswahlEintrag | null): string | null => (wahl ? oeKuerzelAus(wahl.wert) : null);

/** How searches compare names: case and accents do not matter ("kruger" finds "Krüger"). */
const vergleichbar = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("de");

/** A result that is seen and focused, not only announced (success messages after an action). */
function Ergebnis({ text, titel = "Gespeichert" }: { text: string | null; titel?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text]);
  if (!text) return null;
  return (
    <div ref={ref} tabIndex={-1}>
      <Meldung art="success" titel={titel}>
        <p className="kern-body">{text}</p>
      </Meldung>
    </div>
  );
}

/** The two choices of a membership: in which Organisationseinheit (picker), in which role. */
function MitgliedschaftFelder({
  oe,
  setOe,
  fehler,
}: {
  oe: AuswahlEintrag | null;
  setOe: (oe: AuswahlEintrag | null) => void;
  fehler?: string;
}) {
  return (
    <>
      <Kombifeld
        label="Organisationseinheit"
        name="oe"
        art="oes"
        required
        wahl={oe}
        onWahl={setOe}
        fehler={fehler}
        hinweis="Name oder Kürzel tippen und wählen."
      />
      <Auswahl label="Rolle" name="rolle" required defaultValue="Sachbearbeitung">
        {rollen.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </Auswahl>
    </>
  );
}

/** One OE with its children, indented; a button opens and closes the children. */
function OeZweig({
  oe,
  kinder,
  offen,
  umschalten,
}: {
  oe: Organisationseinheit;
  kinder: Map<string | null, Organisationseinheit[]>;
  offen: Set<string>;
  umschalten: (id: string) => void;
}) {
  const eigene = kinder.get(oe.id) ?? [];
  const istOffen = offen.has(oe.id);
  return (
    <li>
      <div className="baum__zeile">
        {eigene.length > 0 ? (
          <button
            type="button"
            className="baum__schalter"
            aria-expanded={istOffen}
            aria-label={`${oe.kuerzel} ${oe.name} ${istOffen ? "zuklappen" : "aufklappen"}`}
            onClick={() => umschalten(oe.id)}
          >
            {istOffen ? "−" : "+"}
          </button>
        ) : (
          <span className="baum__platz" aria-hidden="true" />
        )}
        <span className="baum__oe">
          <span className="baum__kennzeichen">{oe.kuerzel}</span>{" "}
          <span>
            {oe.name} <span className="kern-body kern-body--small">({oe.art})</span>
            {!oe.aktiv && (
              <>
                {" "}
                <Badge>aufgelöst</Badge>
              </>
            )}
          </span>
        </span>
      </div>
      {istOffen && eigene.length > 0 && (
        <ul>
          {eigene.map((k) => (
            <OeZweig key={k.id} oe={k} kinder={kinder} offen={offen} umschalten={umschalten} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The OEs as a tree (from each OE's parentId): the top levels open, the rest on demand. */
function OeBaum({ oes }: { oes: Organisationseinheit[] }) {
  const kinder = new Map<string | null, Organisationseinheit[]>();
  const ids = new Set(oes.map((o) => o.id));
  for (const o of oes) {
    // An OE whose parent is unknown here still shows, at the top.
    const eltern = o.parentId && ids.has(o.parentId) ? o.parentId : null;
    kinder.set(eltern, [...(kinder.get(eltern) ?? []), o]);
  }
  const oben = kinder.get(null) ?? [];
  const [offen, setOffen] = useState<Set<string>>(() => new Set(oben.map((o) => o.id)));
  const umschalten = (id: string) =>
    setOffen((vorher) => {
      const neu = new Set(vorher);
      if (neu.has(id)) neu.delete(id);
      else neu.add(id);
      return neu;
    });
  const mitKindern = oes.filter((o) => kinder.has(o.id)).map((o) => o.id);
  return (
    <section aria-labelledby="oe-baum" className="stapel">
      <h2 id="oe-baum" className="kern-heading-small">
        Aufbau der Verwaltung
      </h2>
      <div className="knopfleiste">
        <button
          type="button"
          className="kern-btn kern-btn--tertiary"
          onClick={() => setOffen(new Set(mitKindern))}
        >
          <span className="kern-label">Alle aufklappen</span>
        </button>
        <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setOffen(new Set())}>
          <span className="kern-label">Alle zuklappen</span>
        </button>
      </div>
      <ul className="baum" aria-label="Organisationseinheiten als Baum">
        {oben.map((o) => (
          <OeZweig key={o.id} oe={o} kinder={kinder} offen={offen} umschalten={umschalten} />
        ))}
      </ul>
    </section>
  );
}

function Organisation() {
  const oes = useApi<Organisationseinheit[]>("/api/v1/organisationseinheiten");
  const [uebergeordnet, setUebergeordnet] = useState<AuswahlEintrag | null>(null);
  const [ergebnis, setErgebnis] = useState<string | null>(null);
  const { fehler, api400, absenden } = useFormular(async (f, form) => {
    setErgebnis(null);
    const name = String(f.get("name"));
    await api("POST", "/api/v1/organisationseinheiten", {
      name,
      kuerzel: String(f.get("kuerzel")),
      art: String(f.get("art")) as OeArt,
      uebergeordnet: kuerzel(uebergeordnet),
    } satisfies NeueOrganisationseinheit);
    setErgebnis(`Organisationseinheit „${name}“ angelegt.`);
    form.reset();
    setUebergeordnet(null);
    oes.neuLaden();
  });
  return (
    <div className="raster raster--zwei">
      {oes.laedt && !oes.daten ? (
        <Laden />
      ) : oes.fehler ? (
        <Fehler fehler={oes.fehler} />
      ) : (
        // Keyed by the number of OEs: a new OE rebuilds the tree with the top levels open.
        <OeBaum key={oes.daten?.length ?? 0} oes={oes.daten ?? []} />
      )}
      <div className="stapel">
        <Ergebnis text={ergebnis} />
        <Aufklapper titel="Neue Organisationseinheit anlegen">
          <form className="formular" onSubmit={absenden} noValidate aria-label="Neue Organisationseinheit">
            <Fehler fehler={fehler} />
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
            <Kombifeld
              label="Übergeordnete Organisationseinheit"
              name="uebergeordnet"
              art="oes"
              wahl={uebergeordnet}
              onWahl={setUebergeordnet}
              fehler={api400?.fuer("uebergeordnet")}
              hinweis="Leer lassen für die oberste Ebene."
            />
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">Anlegen</span>
            </button>
          </form>
        </Aufklapper>
      </div>
    </div>
  );
}

/**
 * One user as the Administration keeps them: name and e-mail, active or not (deactivating ends
 * every session at once, so it asks first), memberships (OE × Rolle), sessions.
 */
function BenutzerBearbeiten({
  benutzer,
  onGeaendert,
  onSchliessen,
}: {
  benutzer: Benutzer;
  onGeaendert: () => void;
  onSchliessen: () => void;
}) {
  const detail = useApi<BenutzerMitRollen>(`/api/v1/benutzer/${benutzer.id}`);
  const titel = useRef<HTMLHeadingElement>(null);
  const [ergebnis, setErgebnis] = useState<string | null>(null);
  const [fragen, setFragen] = useState(false);
  const [oe, setOe] = useState<AuswahlEintrag | null>(null);
  useEffect(() => titel.current?.focus(), [benutzer.id]);
  const erledigt = (text: string) => setErgebnis(text);
  const angaben = useFormular(async (f) => {
    setErgebnis(null);
    await api<Benutzer>("PATCH", `/api/v1/benutzer/${benutzer.id}`, {
      vorname: String(f.get("vorname") ?? ""),
      nachname: String(f.get("nachname") ?? ""),
      email: String(f.get("email") ?? "").trim() || null,
    } satisfies BenutzerAenderung);
    erledigt("Name und E-Mail gespeichert.");
    detail.neuLaden();
    onGeaendert();
  });
  const aktivSetzen = async (aktiv: boolean) => {
    setFragen(false);
    setErgebnis(null);
    angaben.setFehler(null);
    try {
      await api<Benutzer>("PATCH", `/api/v1/benutzer/${benutzer.id}`, {
        aktiv,
      } satisfies BenutzerAenderung);
      erledigt(
        aktiv
          ? `${benutzer.anzeigename} ist wieder aktiv und kann sich anmelden.`
          : `${benutzer.anzeigename} ist deaktiviert; alle Sitzungen sind beendet.`,
      );
      detail.neuLaden();
      onGeaendert();
    } catch (err) {
      angaben.setFehler(err);
    }
  };
  const rolle = useFormular(async (f) => {
    setErgebnis(null);
    const r = String(f.get("rolle")) as Rolle;
    await api("POST", `/api/v1/benutzer/${benutzer.id}/mitgliedschaften`, {
      oe: kuerzel(oe) ?? "",
      rolle: r,
    } satisfies MitgliedschaftEingabe);
    erledigt(`Rolle ${r} in ${oe?.text ?? ""} gegeben.`);
    setOe(null);
    detail.neuLaden();
  });
  const entfernen = async (oeKuerzel: string, r: string, oeName: string) => {
    setErgebnis(null);
    rolle.setFehler(null);
    try {
      await api(
        "DELETE",
        `/api/v1/benutzer/${benutzer.id}/mitgliedschaften?oe=${encodeURIComponent(oeKuerzel)}&rolle=${encodeURIComponent(r)}`,
      );
      erledigt(`Rolle ${r} in ${oeName} entzogen.`);
      detail.neuLaden();
    } catch (err) {
      rolle.setFehler(err);
    }
  };
  const sitzungenBeenden = async () => {
    setErgebnis(null);
    rolle.setFehler(null);
    try {
      const r = await api<SitzungenBeendet>("POST", `/api/v1/benutzer/${benutzer.id}/sitzungen-beenden`);
      erledigt(
        r.beendet === 1
          ? `Eine Sitzung von ${benutzer.anzeigename} beendet.`
          : `${r.beendet} Sitzungen von ${benutzer.anzeigename} beendet.`,
      );
    } catch (err) {
      rolle.setFehler(err);
    }
  };
  const aktiv = detail.daten?.aktiv ?? benutzer.aktiv;
  return (
    <section className="kern-card kern-card--surface" aria-labelledby="benutzer-titel">
      <div className="kern-card__container">
        <div className="kern-card__body stapel">
          <h3 id="benutzer-titel" className="kern-heading-small" tabIndex={-1} ref={titel}>
            {benutzer.anzeigename} ({benutzer.benutzername})
          </h3>
          <Ergebnis text={ergebnis} />
          <p className="kern-body">
            Status: <strong>{aktiv ? "aktiv" : "deaktiviert"}</strong>{" "}
            {aktiv ? (
              <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setFragen(true)}>
                <span className="kern-label">Deaktivieren</span>
              </button>
            ) : (
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() => void aktivSetzen(true)}
              >
                <span className="kern-label">Wieder aktivieren</span>
              </button>
            )}
          </p>
          <Bestaetigung
            offen={fragen}
            titel={`${benutzer.anzeigename} deaktivieren?`}
            bestaetigen="Deaktivieren"
            onBestaetigt={() => void aktivSetzen(false)}
            onAbbruch={() => setFragen(false)}
          >
            <p className="kern-body">
              Das Konto kann sich nicht mehr anmelden; alle Sitzungen enden sofort. Akten, Rollen und
              Protokoll bleiben. Reaktivieren ist jederzeit möglich.
            </p>
          </Bestaetigung>
          <form className="formular" onSubmit={angaben.absenden} noValidate aria-label="Name und E-Mail">
            <Fehler fehler={angaben.fehler} />
            <Feld
              key={`v-${detail.daten?.vorname ?? benutzer.vorname}`}
              label="Vorname"
              name="vorname"
              defaultValue={detail.daten?.vorname ?? benutzer.vorname}
              fehler={angaben.api400?.fuer("vorname")}
            />
            <Feld
              key={`n-${detail.daten?.nachname ?? benutzer.nachname}`}
              label="Nachname"
              name="nachname"
              required
              defaultValue={detail.daten?.nachname ?? benutzer.nachname}
              fehler={angaben.api400?.fuer("nachname")}
            />
            <Feld
              key={`e-${detail.daten?.email ?? benutzer.email ?? ""}`}
              label="E-Mail"
              name="email"
              type="email"
              defaultValue={detail.daten?.email ?? benutzer.email ?? ""}
              fehler={angaben.api400?.fuer("email")}
            />
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">Name und E-Mail speichern</span>
            </button>
          </form>
          <h4 className="kern-heading-small">Rollen</h4>
          <Fehler fehler={rolle.fehler} />
          {detail.laedt && !detail.daten ? (
            <Laden />
          ) : (
            <ul className="kern-list">
              {(detail.daten?.mitgliedschaften ?? []).map((m) => (
                <li key={`${m.oeId}${m.rolle}`}>
                  {m.rolle} in {m.oeName} ({m.oeKuerzel}){" "}
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary kern-btn--x-small"
                    aria-label={`Entziehen: ${m.rolle} in ${m.oeName}`}
                    onClick={() => void entfernen(m.oeKuerzel, m.rolle, m.oeName)}
                  >
                    <span className="kern-label">Entziehen</span>
                  </button>
                </li>
              ))}
              {detail.daten?.mitgliedschaften.length === 0 && <li>Noch keine Rolle.</li>}
            </ul>
          )}
          <Aufklapper titel="Rolle geben">
            <form className="formular" onSubmit={rolle.absenden} noValidate aria-label="Rolle geben">
              <MitgliedschaftFelder oe={oe} setOe={setOe} fehler={rolle.api400?.fuer("oe")} />
              <button type="submit" className="kern-btn kern-btn--primary">
                <span className="kern-label">Rolle geben</span>
              </button>
            </form>
          </Aufklapper>
          <div className="formular__knoepfe">
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
        </div>
      </div>
    </section>
  );
}

function BenutzerVerwaltung() {
  const benutzer = useApi<Benutzer[]>("/api/v1/benutzer");
  const [gewaehlt, setGewaehlt] = useState<string | null>(null);
  const [suche, setSuche] = useState("");
  const [neuOe, setNeuOe] = useState<AuswahlEintrag | null>(null);
  const [ergebnis, setErgebnis] = useState<string | null>(null);
  const { fehler, api400, absenden } = useFormular(async (f, form) => {
    setErgebnis(null);
    const b = await api<BenutzerMitRollen>("POST", "/api/v1/benutzer", {
      benutzername: String(f.get("benutzername")),
      vorname: String(f.get("vorname")),
      nachname: String(f.get("nachname")),
      email: String(f.get("email")) || null,
      passwort: String(f.get("passwort")),
      mitgliedschaften: [{ oe: kuerzel(neuOe) ?? "", rolle: String(f.get("rolle")) as Rolle }],
    } satisfies NeuerBenutzer);
    setErgebnis(`${b.anzeigename} (${b.benutzername}) angelegt.`);
    form.reset();
    setNeuOe(null);
    benutzer.neuLaden();
  });
  const alle = benutzer.daten ?? [];
  const t = vergleichbar(suche.trim());
  const treffer = t
    ? alle.filter((b) => vergleichbar(`${b.anzeigename} ${b.benutzername} ${b.email ?? ""}`).includes(t))
    : alle;
  const auswahl = alle.find((b) => b.id === gewaehlt) ?? null;
  return (
    <div className="raster raster--zwei">
      <div className="stapel">
        <div className="kern-form-input" role="search">
          <label className="kern-label" htmlFor="benutzer-suche">
            Benutzer suchen
          </label>
          <div className="kern-hint" id="benutzer-suche-hinweis">
            Teil des Namens, des Benutzernamens oder der E-Mail; auch deaktivierte Konten.
          </div>
          <input
            id="benutzer-suche"
            type="search"
            className="kern-form-input__input"
            value={suche}
            onChange={(e) => setSuche(e.target.value)}
            aria-describedby="benutzer-suche-hinweis benutzer-treffer"
          />
        </div>
        <p id="benutzer-treffer" className="kern-body" aria-live="polite">
          {t ? `${treffer.length} von ${alle.length} Konten gefunden.` : `${alle.length} Konten.`}
        </p>
        {benutzer.laedt && !benutzer.daten ? (
          <Laden />
        ) : (
          <div className="tabelle-rahmen">
            <table className="kern-table kern-table--striped tabelle-karten">
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
                    <span className="kern-sr-only">Aktion</span>
                  </th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {treffer.map((b) => (
                  <tr key={b.id} className="kern-table__row">
                    <td className="kern-table__cell" data-label="Name">
                      {b.anzeigename}
                    </td>
                    <td className="kern-table__cell" data-label="Benutzername">
                      {b.benutzername}
                    </td>
                    <td className="kern-table__cell" data-label="Status">
                      {b.aktiv ? "aktiv" : <Badge art="warning">deaktiviert</Badge>}
                    </td>
                    <td className="kern-table__cell">
                      <button
                        type="button"
                        className="kern-btn kern-btn--tertiary kern-btn--x-small"
                        aria-pressed={gewaehlt === b.id}
                        aria-label={`Bearbeiten: ${b.anzeigename}`}
                        onClick={() => setGewaehlt(b.id)}
                      >
                        <span className="kern-label">Bearbeiten</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <div className="stapel">
        {auswahl && (
          <BenutzerBearbeiten
            key={auswahl.id}
            benutzer={auswahl}
            onGeaendert={benutzer.neuLaden}
            onSchliessen={() => setGewaehlt(null)}
          />
        )}
        <Ergebnis text={ergebnis} titel="Angelegt" />
        <Aufklapper titel="Neuen Benutzer anlegen">
          <form className="formular" onSubmit={absenden} noValidate aria-label="Neuer Benutzer">
            <Fehler fehler={fehler} />
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
            <MitgliedschaftFelder oe={neuOe} setOe={setNeuOe} fehler={api400?.fuer("mitgliedschaften")} />
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">Anlegen</span>
            </button>
          </form>
        </Aufklapper>
      </div>
    </div>
  );
}

/** The CSV columns in words, for the list of what an import changes. */
const SPALTE: Record<string, string> = {
  uebergeordnet: "übergeordnete Einheit",
  titel: "Titel",
  beschreibung: "Beschreibung",
  aufbewahrungsfrist: "Aufbewahrungsfrist",
  archivwuerdigkeit: "Archivwürdigkeit",
  zugriffsbeschraenkung: "Zugriffsbeschränkung",
  zustaendige_oe: "zuständige OE",
  geschlossen: "geschlossen",
  metadatenfelder: "Metadatenfelder",
};
const ART: Record<AktenplanImportErgebnis["aenderungen"][number]["art"], string> = {
  neu: "Neu",
  geaendert: "Geändert",
  geschlossen: "Geschlossen",
};
const GEZEIGT = 50;

/**
 * A CSV import in two steps: a dry run says what would change (new, changed, closed units) and
 * writes nothing; then the Registratur takes over exactly the file that was checked.
 */
function AktenplanImport({ uebernehmen }: { uebernehmen: boolean }) {
  const [fehler, setFehler] = useState<unknown>(null);
  const [probe, setProbe] = useState<{
    text: string;
    name: string;
    ergebnis: AktenplanImportErgebnis;
  } | null>(null);
  const [fertig, setFertig] = useState<string | null>(null);
  const [laeuft, setLaeuft] = useState(false);
  const ansage = useAnsage();
  const zusammenfassung = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (probe) zusammenfassung.current?.focus();
  }, [probe]);
  const pruefen = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const datei = (new FormData(e.currentTarget).get("csv") as File | null) ?? null;
    setFehler(null);
    setProbe(null);
    setFertig(null);
    if (!datei || datei.size === 0) {
      setFehler(new ApiError(400, "Bitte wählen Sie eine CSV-Datei aus.", undefined, []));
      return;
    }
    setLaeuft(true);
    try {
      const text = await datei.text();
      const ergebnis = await api<AktenplanImportErgebnis>(
        "POST",
        "/api/v1/aktenplan/import?probe=true",
        text,
        {
          text: true,
        },
      );
      setProbe({ text, name: datei.name, ergebnis });
      ansage("Probelauf fertig: nichts übernommen.");
    } catch (err) {
      setFehler(err);
    } finally {
      setLaeuft(false);
    }
  };
  const jetztUebernehmen = async () => {
    if (!probe) return;
    setFehler(null);
    setLaeuft(true);
    try {
      const r = await api<AktenplanImportErgebnis>("POST", "/api/v1/aktenplan/import", probe.text, {
        text: true,
      });
      const text = `Aktenplan aus „${probe.name}“ übernommen: ${r.angelegt} angelegt, ${r.geaendert} geändert, ${r.unveraendert} unverändert.`;
      setProbe(null);
      setFertig(text);
    } catch (err) {
      setFehler(err);
    } finally {
      setLaeuft(false);
    }
  };
  const e = probe?.ergebnis;
  const anzahl = (art: string) => e?.aenderungen.filter((a) => a.art === art).length ?? 0;
  return (
    <div className="stapel">
      <form className="formular" onSubmit={pruefen} noValidate aria-labelledby="import-titel">
        <h2 id="import-titel" className="kern-heading-small">
          Aktenplan aus CSV importieren
        </h2>
        <p className="kern-body">
          Trennzeichen Semikolon, Spalten wie beim Export. Zuerst zeigt ein Probelauf, was sich ändern würde;
          übernommen wird erst danach, alles oder nichts.{" "}
          <a href="/api/v1/aktenplan/export">Aktuellen Aktenplan als CSV herunterladen</a>
        </p>
        <DateiFeld
          label="CSV-Datei"
          id="csv"
          name="csv"
          accept=".csv,text/csv"
          onDateien={() => {
            setProbe(null);
            setFertig(null);
          }}
        />
        <Fehler fehler={fehler} />
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
          <span className="kern-label">Probelauf: Was würde sich ändern?</span>
        </button>
      </form>
      {laeuft && <Laden text="Aktenplan wird geprüft …" />}
      {e && probe && (
        <div
          ref={zusammenfassung}
          tabIndex={-1}
          className="stapel"
          aria-labelledby="probe-titel"
          role="region"
        >
          <Meldung art="info" titel="Probelauf – noch nichts übernommen">
            <p className="kern-body" id="probe-titel">
              „{probe.name}“: {anzahl("neu")} neu, {anzahl("geaendert")} geändert, {anzahl("geschlossen")}{" "}
              geschlossen, {e.unveraendert} unverändert.
            </p>
          </Meldung>
          {e.aenderungen.length > 0 && (
            <ul className="kern-list" aria-label="Was sich ändern würde">
              {e.aenderungen.slice(0, GEZEIGT).map((a) => (
                <li key={a.kennzeichen}>
                  {ART[a.art]}: <strong>{a.kennzeichen}</strong> {a.titel}
                  {a.felder.length > 0 && ` (${a.felder.map((f) => SPALTE[f] ?? f).join(", ")})`}
                </li>
              ))}
              {e.aenderungen.length > GEZEIGT && <li>… und {e.aenderungen.length - GEZEIGT} weitere</li>}
            </ul>
          )}
          {uebernehmen ? (
            <div className="formular__knoepfe">
              <button
                type="button"
                className="kern-btn kern-btn--primary"
                disabled={laeuft}
                onClick={() => void jetztUebernehmen()}
              >
                <span className="kern-label">Jetzt übernehmen</span>
              </button>
              <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setProbe(null)}>
                <span className="kern-label">Verwerfen</span>
              </button>
            </div>
          ) : (
            <p className="kern-body">Übernehmen kann die Registratur; geben Sie ihr die geprüfte Datei.</p>
          )}
        </div>
      )}
      <Ergebnis text={fertig} titel="Aktenplan übernommen" />
    </div>
  );
}

type Bereich = "oe" | "benutzer" | "aktenplan" | "geschaeftsgang";

export default function Verwaltung() {
  const { me } = useSession();
  const admin = hatRolle(me, "Administration");
  const registratur = hatRolle(me, "Registratur");
  const [bereich, setBereich] = useState<Bereich>(admin ? "oe" : "aktenplan");
  if (!admin && !registratur) {
    return (
      <Seite titel="Verwaltung">
        <Meldung art="info" titel="Kein Zugang">
          Die Verwaltung ist für Administration und Registratur.
        </Meldung>
      </Seite>
    );
  }
  const bereiche: [Bereich, string, boolean][] = [
    ["oe", "Organisationseinheiten", admin],
    ["benutzer", "Benutzer und Rollen", admin],
    ["geschaeftsgang", "Geschäftsgang", admin],
    ["aktenplan", "Aktenplan-Import", admin || registratur],
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
      {bereich === "aktenplan" && <AktenplanImport uebernehmen={registratur} />}
      {bereich === "geschaeftsgang" && <GeschaeftsgangVerwaltung />}
    </Seite>
  );
}
