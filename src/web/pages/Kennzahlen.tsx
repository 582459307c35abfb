import { useMemo, useState } from "react";
import { api, ApiError } from "../api/client";
import type {
  AbgelegterBericht,
  BerichtEinstellung,
  Kennzahl,
  KennzahlenGruppe,
  KennzahlenUebersicht,
} from "../api/types";
import { KENNZAHL_BEREICHE } from "../../shared/steuerung";
import { Diagramm } from "../components/Diagramm";
import { Kombifeld } from "../components/Kombifeld";
import type { AuswahlEintrag } from "../../shared/api/auswahl.schema";
import { DemodatenHinweis } from "../components/DemodatenHinweis";
import { Auswahl, Fehler, Laden, Leer, Seite, Tabellenrahmen, useErgebnis } from "../components/ui";
import { formatZahl, kennzahlEinheit } from "../format";
import { useApi } from "../hooks/useApi";
import { Link, navigate, useLocation } from "../router";
import { hatRolle, useSession } from "../session";

type Wert = KennzahlenGruppe["kennzahlen"][string][number];

const MONAT = /^\d{4}-(0[1-9]|1[0-2])$/;

function monatPlus(monat: string, n: number): string {
  const [j, m] = monat.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(j, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

const monatsname = (monat: string) =>
  new Intl.DateTimeFormat("de-DE", { month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${monat}-01T00:00:00Z`),
  );

/** A duration in hours as people say it: hours below two days, else days. */
function dauer(stunden: number): string {
  if (stunden < 48) return `${formatZahl(Math.round(stunden * 10) / 10)} Std.`;
  return `${formatZahl(Math.round((stunden / 24) * 10) / 10)} Tage`;
}

/** A monthly value in the Kennzahl's unit; "keine Daten" where the month has none. */
export function wertText(k: Pick<Kennzahl, "art">, w: Wert | undefined): string {
  if (!w || w.wert === null) return "keine Daten";
  switch (k.art) {
    case "anteil":
      return `${formatZahl(w.wert)} %`;
    case "dauer":
      return `Median ${dauer(w.wert)}${w.p90 !== null ? `, 90 % bis ${dauer(w.p90)}` : ""}`;
    default:
      return formatZahl(w.wert);
  }
}

/** The latest month with a value. */
const letzter = (werte: Wert[] | undefined) => [...(werte ?? [])].reverse().find((w) => w.wert !== null);

/**
 * The county's figures for the Stabsstelle E-Government, the Landrat and the Dezernenten, and a
 * Leitung's figures for its OE: per Bereich a chart and the same values as a table, and the groups
 * below for the drill-down. Groups under five people show no figures ("< 5").
 */
export default function Kennzahlen() {
  const { search } = useLocation();
  const jetzt = new Date().toISOString().slice(0, 7);
  const bis = MONAT.test(search.get("bis") ?? "") ? search.get("bis")! : jetzt;
  const von = MONAT.test(search.get("von") ?? "") ? search.get("von")! : monatPlus(bis, -11);
  const oe = search.get("oe");
  const katalog = useApi<Kennzahl[]>("/api/v1/steuerung/katalog");
  const pfad = `/api/v1/steuerung/kennzahlen?von=${von}&bis=${bis}${oe ? `&oe=${encodeURIComponent(oe)}` : ""}`;
  const daten = useApi<KennzahlenUebersicht>(pfad);
  /** The page's address for a time range and an OE (null: the reader's own overview). */
  const ziel = (zeitraum: [string, string], o: string | null) => {
    const p = new URLSearchParams();
    if (o) p.set("oe", o);
    p.set("von", zeitraum[0]);
    p.set("bis", zeitraum[1]);
    return `/steuerung?${p.toString()}`;
  };
  const u = daten.daten;
  const { me } = useSession();
  const steuerung = hatRolle(me, "Steuerung");
  const titel = u ? `Kennzahlen: ${u.gruppe.oe.name}` : "Kennzahlen";
  const export_ = (endung: string) => pfad.replace("/kennzahlen?", `/kennzahlen.${endung}?`);
  return (
    <Seite titel={titel}>
      <p className="kern-body unterzeile">
        Zahlen über Gruppen, nie über einzelne Personen: Gruppen unter fünf Personen erscheinen ohne Werte
        („&lt; 5“). Was jede Kennzahl misst, steht im <Link href="/steuerung/katalog">Kennzahlenkatalog</Link>
        , die Ziele in der <Link href="/steuerung/strategie">Strategie</Link>.
      </p>
      <form
        className="filterleiste"
        aria-label="Zeitraum"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          navigate(ziel([String(f.get("von")), String(f.get("bis"))], oe));
        }}
      >
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="zeitraum-von">
            Von (Monat)
          </label>
          <input
            className="kern-form-input__input"
            id="zeitraum-von"
            name="von"
            type="month"
            defaultValue={von}
            key={`v${von}`}
          />
        </div>
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="zeitraum-bis">
            Bis (Monat)
          </label>
          <input
            className="kern-form-input__input"
            id="zeitraum-bis"
            name="bis"
            type="month"
            defaultValue={bis}
            key={`b${bis}`}
          />
        </div>
        <button className="kern-btn kern-btn--secondary" type="submit">
          <span className="kern-label">Zeitraum anzeigen</span>
        </button>
      </form>
      {(daten.laedt || katalog.laedt) && !u && <Laden text="Kennzahlen werden geladen …" />}
      <Fehler fehler={daten.fehler ?? katalog.fehler} />
      {u && katalog.daten && (
        <>
          <DemodatenHinweis demodaten={u.demodaten} />
          <p className="kern-body downloads">
            Alle Werte herunterladen:{" "}
            <a className="kern-link" href={export_("csv")} download>
              CSV (Excel)
            </a>{" "}
            ·{" "}
            <a className="kern-link" href={export_("xlsx")} download>
              XLSX
            </a>
          </p>
          <Uebersicht u={u} katalog={katalog.daten} ziel={(o) => ziel([von, bis], o)} />
        </>
      )}
      {steuerung && <Verwaltungsbericht von={von} bis={bis} />}
    </Seite>
  );
}

function Uebersicht({
  u,
  katalog,
  ziel,
}: {
  u: KennzahlenUebersicht;
  katalog: Kennzahl[];
  /** The page for another OE (null: the reader's own overview), same time range. */
  ziel: (oe: string | null) => string;
}) {
  const beschriftungen = useMemo(() => u.monate.map(monatsname), [u.monate]);
  if (u.gruppe.unterdrueckt)
    return (
      <Leer titel="Für diese Gruppe werden keine Zahlen gezeigt">
        Sie hat weniger als fünf Personen, oder ihre Zahlen ließen zusammen mit anderen Gruppen auf weniger
        als fünf Personen schließen. Ihre Zahlen sind in der übergeordneten Gruppe enthalten.
      </Leer>
    );
  const ohneDaten = Object.values(u.gruppe.kennzahlen).every((r) => r.every((w) => w.wert === null));
  return (
    <>
      <p className="kern-body">
        {u.gruppe.personen !== null && <>Gruppe mit {formatZahl(u.gruppe.personen)} Personen. </>}
        Zeitraum {monatsname(u.zeitraum.von)} bis {monatsname(u.zeitraum.bis)}.
        {u.gruppe.oe.id !== "kreis" && (
          <>
            {" "}
            <Link href={ziel(null)}>Zur eigenen Übersicht</Link>
          </>
        )}
      </p>
      {ohneDaten ? (
        <Leer titel="Für diesen Zeitraum liegen keine Zahlen vor">
          Die Kennzahlen werden jede Nacht für den Vortag berechnet. Wählen Sie einen früheren Zeitraum.
        </Leer>
      ) : (
        KENNZAHL_BEREICHE.map((bereich) => {
          const kennzahlen = katalog.filter(
            (k) => k.bereich === bereich && u.gruppe.kennzahlen[k.schluessel],
          );
          if (kennzahlen.length === 0) return null;
          return (
            <section key={bereich} aria-labelledby={`bereich-${bereich}`} className="kennzahlen-bereich">
              <h2 id={`bereich-${bereich}`} className="kern-heading-medium">
                {bereich}
              </h2>
              <div className="kennzahlen-raster">
                {kennzahlen.map((k) => (
                  <KennzahlKarte
                    key={k.schluessel}
                    k={k}
                    werte={u.gruppe.kennzahlen[k.schluessel]!}
                    beschriftungen={beschriftungen}
                  />
                ))}
              </div>
            </section>
          );
        })
      )}
      <Unten u={u} katalog={katalog} ziel={ziel} />
    </>
  );
}

function KennzahlKarte({
  k,
  werte,
  beschriftungen,
}: {
  k: Kennzahl;
  werte: Wert[];
  beschriftungen: string[];
}) {
  const aktuell = letzter(werte);
  const reihen = useMemo(
    () =>
      k.art === "dauer"
        ? [
            { name: "Median", werte: werte.map((w) => w.wert) },
            { name: "90-%-Wert", werte: werte.map((w) => w.p90) },
          ]
        : [{ name: k.name, werte: werte.map((w) => w.wert) }],
    [k, werte],
  );
  const erster = werte.find((w) => w.wert !== null);
  const beschreibung =
    erster && aktuell
      ? `${k.name}: ${wertText(k, erster)} im ${monatsname(erster.monat)}, ${wertText(k, aktuell)} im ${monatsname(aktuell.monat)}.`
      : `${k.name}: keine Daten im Zeitraum.`;
  const id = `kennzahl-${k.schluessel.replace(/\./g, "-")}`;
  return (
    <article className="kern-card kennzahl-karte" aria-labelledby={id}>
      <div className="kern-card__container">
        <div className="kern-card__body">
          <h3 id={id} className="kern-heading-small">
            {k.name}
          </h3>
          <p className="kern-body kennzahl-wert">
            {aktuell ? (
              <>
                <strong>{wertText(k, aktuell)}</strong> ({monatsname(aktuell.monat)})
              </>
            ) : (
              "keine Daten im Zeitraum"
            )}
          </p>
          <Diagramm
            art={k.art === "anzahl" ? "balken" : "linie"}
            beschriftungen={beschriftungen}
            reihen={reihen}
            einheit={kennzahlEinheit(k.art).trim()}
            beschreibung={beschreibung}
          />
          <details className="kennzahl-details">
            <summary className="kern-body">Werte als Tabelle und Definition</summary>
            <p className="kern-body kern-body--small">{k.definition}</p>
            <Tabellenrahmen beschriftung={`Werte: ${k.name}`}>
              <table className="kern-table kern-table--small">
                <caption className="kern-sr-only">{k.name} je Monat</caption>
                <thead className="kern-table__header">
                  <tr className="kern-table__row">
                    <th scope="col" className="kern-table__header">
                      Monat
                    </th>
                    <th scope="col" className="kern-table__header">
                      Wert
                    </th>
                    <th scope="col" className="kern-table__header kern-table__header--numeric">
                      Fälle
                    </th>
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {werte.map((w) => (
                    <tr key={w.monat} className="kern-table__row">
                      <th scope="row" className="kern-table__cell">
                        {monatsname(w.monat)}
                      </th>
                      <td className="kern-table__cell">{wertText(k, w)}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{formatZahl(w.anzahl)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Tabellenrahmen>
          </details>
        </div>
      </div>
    </article>
  );
}

/** The groups below, with the latest month of each Kennzahl, for the drill-down. */
function Unten({
  u,
  katalog,
  ziel,
}: {
  u: KennzahlenUebersicht;
  katalog: Kennzahl[];
  /** The page for another OE (null: the reader's own overview), same time range. */
  ziel: (oe: string | null) => string;
}) {
  if (u.unten.length === 0 && u.ausgeblendet === 0) return null;
  const spalten = katalog.filter((k) =>
    ["akten.elektronisch", "vorgaenge.laufzeit", "vorgaenge.offen", "fristen.eingehalten"].includes(
      k.schluessel,
    ),
  );
  return (
    <section aria-labelledby="unten-titel" className="kennzahlen-bereich">
      <h2 id="unten-titel" className="kern-heading-medium">
        Gruppen darunter
      </h2>
      {u.unten.length > 0 && (
        <Tabellenrahmen beschriftung="Gruppen darunter">
          <table className="kern-table kern-table--striped">
            <caption className="kern-sr-only">
              Kennzahlen der Gruppen darunter, letzter Monat mit Daten
            </caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Organisationseinheit
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Personen
                </th>
                {spalten.map((k) => (
                  <th key={k.schluessel} scope="col" className="kern-table__header">
                    {k.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {u.unten.map((g) => (
                <tr key={g.oe.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    <Link className="kern-link" href={ziel(g.oe.id)}>
                      {g.oe.kuerzel} {g.oe.name}
                    </Link>
                  </th>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {g.personen === null ? "< 5" : formatZahl(g.personen)}
                  </td>
                  {spalten.map((k) => (
                    <td key={k.schluessel} className="kern-table__cell">
                      {g.unterdrueckt ? "< 5" : wertText(k, letzter(g.kennzahlen[k.schluessel]))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Tabellenrahmen>
      )}
      {u.ausgeblendet > 0 && (
        <p className="kern-body kern-body--small">
          {u.ausgeblendet === 1 ? "Eine Gruppe ist" : `${u.ausgeblendet} Gruppen sind`} ohne eigene Zahlen
          (unter fünf Personen oder zum Schutz einer kleinen Gruppe); ihre Zahlen sind oben enthalten.
        </p>
      )}
    </section>
  );
}

/**
 * The Verwaltungsbericht E-Government for the Kreistag: where it is filed (a Vorgang in an Akte
 * of the Stabsstelle), how often it is made by itself, and "Verwaltungsbericht erstellen".
 */
function Verwaltungsbericht({ von, bis }: { von: string; bis: string }) {
  const einstellung = useApi<BerichtEinstellung | null>("/api/v1/steuerung/berichte/einstellung");
  const { zeige, ergebnis, leeren } = useErgebnis();
  const [fehler, setFehler] = useState<unknown>(null);
  const [laeuft, setLaeuft] = useState(false);
  const e = einstellung.daten;
  // The chosen Vorgang: the saved one until the reader picks another.
  const [gewaehlt, setGewaehlt] = useState<AuswahlEintrag | null | undefined>(undefined);
  const vorgang = gewaehlt === undefined ? (e?.vorgang ?? null) : gewaehlt;
  const feldFehler = fehler instanceof ApiError ? fehler : undefined;
  return (
    <section aria-labelledby="bericht-titel" className="kennzahlen-bereich">
      <h2 id="bericht-titel" className="kern-heading-medium">
        Verwaltungsbericht E-Government
      </h2>
      <p className="kern-body">
        Der Bericht für den Kreistag (PDF mit Zusammenfassung, Diagrammen, Tabellen und den Definitionen der
        Kennzahlen) wird als Dokument in einen Vorgang der Stabsstelle abgelegt.
      </p>
      <Fehler fehler={einstellung.fehler ?? fehler} fokus />
      {einstellung.daten !== undefined && (
        <form
          className="formular"
          aria-label="Ablage des Berichts"
          onSubmit={(ev) => {
            ev.preventDefault();
            const f = new FormData(ev.currentTarget);
            setFehler(null);
            leeren();
            api<BerichtEinstellung>("PUT", "/api/v1/steuerung/berichte/einstellung", {
              vorgangId: String(f.get("vorgangId")),
              turnus: String(f.get("turnus")),
            }).then(() => {
              einstellung.neuLaden();
              zeige({ titel: "Ablage des Berichts gespeichert." });
            }, setFehler);
          }}
        >
          <Kombifeld
            label="Vorgang für die Berichte"
            hinweis="Aktenzeichen oder Betreff eingeben, z. B. „Verwaltungsbericht“; nur offene Vorgänge."
            name="vorgangId"
            art="vorgaenge"
            nurOffene
            wahl={vorgang}
            onWahl={setGewaehlt}
            fehler={feldFehler?.fuer("vorgangId")}
            required
          />
          <Auswahl
            label="Von selbst erstellen"
            name="turnus"
            defaultValue={e?.turnus ?? "aus"}
            key={e?.turnus ?? "t"}
          >
            <option value="aus">nie</option>
            <option value="monatlich">monatlich (über den Vormonat)</option>
            <option value="quartalsweise">quartalsweise (über das abgelaufene Quartal)</option>
          </Auswahl>
          <button className="kern-btn kern-btn--secondary" type="submit">
            <span className="kern-label">Ablage speichern</span>
          </button>
        </form>
      )}
      <button
        className="kern-btn kern-btn--primary"
        type="button"
        disabled={laeuft}
        onClick={() => {
          setFehler(null);
          leeren();
          setLaeuft(true);
          api<AbgelegterBericht>("POST", "/api/v1/steuerung/berichte", { von, bis })
            .then(
              (b) =>
                zeige({
                  titel: `Verwaltungsbericht erstellt und abgelegt: ${b.titel}`,
                  link: { href: `/dokumente/${b.dokumentId}`, text: "Bericht öffnen" },
                }),
              setFehler,
            )
            .finally(() => setLaeuft(false));
        }}
      >
        <span className="kern-label">
          {laeuft ? "Bericht wird erstellt …" : "Verwaltungsbericht erstellen"}
        </span>
      </button>
      {ergebnis}
    </section>
  );
}
