import type { EinfuehrungDetail, EinfuehrungEingabe } from "../api/types";
import { Fehler, Laden, Leer, Seite, Tabellenrahmen } from "../components/ui";
import { formatDatum, formatZahl, kennzahlEinheit, WELLE_TEXT } from "../format";
import { useApi } from "../hooks/useApi";
import { Link } from "../router";

const monat = (m: string) =>
  new Intl.DateTimeFormat("de-DE", { month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${m}-01T00:00:00Z`),
  );

const zeitraum = (monate: string[]) =>
  monate.length ? `${monat(monate[0]!)} bis ${monat(monate.at(-1)!)}` : "";

/** A figure with its unit, or a dash without data ("keine Daten", not zero). */
function wert(x: number | null, art: string): string {
  return x === null ? "–" : `${formatZahl(x)}${kennzahlEinheit(art)}`;
}

/** The change after minus before, in words a reader hears the same way ("+12,5 %" / "−3 Std."). */
function veraenderung(vorher: number | null, nachher: number | null, art: string): string {
  if (vorher === null || nachher === null) return "–";
  const d = Math.round((nachher - vorher) * 10) / 10;
  const e = art === "anteil" ? " Prozentpunkte" : kennzahlEinheit(art);
  return `${d > 0 ? "+" : d < 0 ? "−" : "±"}${formatZahl(Math.abs(d))}${e}`;
}

/**
 * One OE's Einführungsstand: its roll-out wave and dates, the trained share, and each Kennzahl in
 * the three months before the go-live against the three after (the go-live month left out). Groups
 * under five people show no figures, as everywhere in the Steuerung.
 */
export default function Einfuehrung({ oeId }: { oeId: string }) {
  const detail = useApi<EinfuehrungDetail>(`/api/v1/steuerung/einfuehrung/${encodeURIComponent(oeId)}`);
  const d = detail.daten;
  const titel = d ? `Einführungsstand: ${d.stand.oe.kuerzel} ${d.stand.oe.name}` : "Einführungsstand";
  return (
    <Seite titel={titel}>
      <div className="stapel">
        <p className="kern-body">
          <Link href="/steuerung/strategie">Zurück zur Strategie und zum Einführungsstand aller OEs</Link>
        </p>
        <Fehler fehler={detail.fehler} />
        {!d && !detail.fehler && <Laden />}
        {d && (
          <>
            <dl className="merkmale" aria-label="Einführung">
              <div>
                <dt>Welle</dt>
                <dd>
                  {d.stand.welle
                    ? (WELLE_TEXT[d.stand.welle as EinfuehrungEingabe["welle"]] ?? d.stand.welle)
                    : "nicht erfasst"}
                </dd>
              </div>
              <div>
                <dt>Geplant ab</dt>
                <dd>{d.stand.geplantAb ? formatDatum(d.stand.geplantAb) : "–"}</dd>
              </div>
              <div>
                <dt>Pilot ab</dt>
                <dd>{d.stand.pilotAb ? formatDatum(d.stand.pilotAb) : "–"}</dd>
              </div>
              <div>
                <dt>Produktiv ab</dt>
                <dd>{d.stand.produktivAb ? formatDatum(d.stand.produktivAb) : "–"}</dd>
              </div>
              <div>
                <dt>Personen</dt>
                <dd>{d.stand.unterdrueckt ? "< 5" : formatZahl(d.stand.personen)}</dd>
              </div>
              <div>
                <dt>Geschult</dt>
                <dd>
                  {d.stand.unterdrueckt
                    ? "< 5"
                    : d.stand.geschultAnteil === null
                      ? "nicht erfasst"
                      : `${formatZahl(d.stand.geschultAnteil)} %`}
                </dd>
              </div>
            </dl>
            <h2 className="kern-heading-medium">Vorher und nachher</h2>
            {d.stand.unterdrueckt ? (
              <Leer titel="Keine Kennzahlen für diese OE">
                Sie hat weniger als fünf Mitglieder; Zahlen über so kleine Gruppen zeigt Aktenwerk nicht.
              </Leer>
            ) : !d.stichtag ? (
              <Leer titel="Noch kein Pilot- oder Produktivstart erfasst">
                Der Vergleich erscheint, sobald die Stabsstelle E-Government den Start in der{" "}
                <Link href="/steuerung/strategie">Strategie</Link> erfasst hat.
              </Leer>
            ) : (
              <>
                <p className="kern-body">
                  Stichtag {formatDatum(d.stichtag)} ({d.stand.produktivAb ? "Produktivstart" : "Pilotstart"}
                  ): die drei ganzen Monate davor ({zeitraum(d.vorherMonate)}) gegen die drei danach (
                  {zeitraum(d.nachherMonate)}); der Monat des Starts zählt nicht mit. Anteile und Dauern sind
                  nach Fällen gewichtet, Anzahlen und Bestände Monatsmittel. „–“ heißt: keine Daten im
                  Zeitraum.
                </p>
                <Tabellenrahmen beschriftung="Kennzahlen vor und nach dem Start">
                  <table className="kern-table kern-table--striped">
                    <caption className="kern-sr-only">Kennzahlen vor und nach dem Start</caption>
                    <thead className="kern-table__header">
                      <tr className="kern-table__row">
                        <th scope="col" className="kern-table__header">
                          Kennzahl
                        </th>
                        <th scope="col" className="kern-table__header kern-table__header--numeric">
                          Vorher
                        </th>
                        <th scope="col" className="kern-table__header kern-table__header--numeric">
                          Nachher
                        </th>
                        <th scope="col" className="kern-table__header kern-table__header--numeric">
                          Veränderung
                        </th>
                      </tr>
                    </thead>
                    <tbody className="kern-table__body">
                      {d.vergleich.map((v) => (
                        <tr key={v.kennzahl} className="kern-table__row">
                          <th scope="row" className="kern-table__cell">
                            {v.name}
                          </th>
                          <td className="kern-table__cell kern-table__cell--numeric">
                            {wert(v.vorher, v.art)}
                          </td>
                          <td className="kern-table__cell kern-table__cell--numeric">
                            {wert(v.nachher, v.art)}
                          </td>
                          <td className="kern-table__cell kern-table__cell--numeric">
                            {veraenderung(v.vorher, v.nachher, v.art)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </Tabellenrahmen>
              </>
            )}
          </>
        )}
      </div>
    </Seite>
  );
}
