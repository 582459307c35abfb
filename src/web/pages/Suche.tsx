import { useState, type FormEvent } from "react";
import type { SuchErgebnis } from "../api/types";
import { Fehler, Laden, Leer, Seite } from "../components/ui";
import { formatDatum, statusText } from "../format";
import { useApi } from "../hooks/useApi";
import { Link, navigate, useLocation } from "../router";

const FACETTEN: [keyof SuchErgebnis["facetten"], string][] = [
  ["aktenplaneinheit", "Aktenplaneinheit"],
  ["oe", "Organisationseinheit"],
  ["typ", "Dokumenttyp"],
  ["status", "Status"],
  ["jahr", "Zeitraum"],
];

/** A snippet with «marked» matches: the marks become <mark>, everything else stays plain text. */
function Ausschnitt({ text }: { text: string }) {
  const teile = text.split(/«|»/);
  return (
    <p className="kern-body treffer__ausschnitt">
      {teile.map((t, i) => (i % 2 === 1 ? <mark key={i}>{t}</mark> : <span key={i}>{t}</span>))}
    </p>
  );
}

export default function Suche() {
  const { search } = useLocation();
  const q = search.get("q") ?? "";
  const [eingabe, setEingabe] = useState(q);
  const filter = new URLSearchParams(search);
  const ergebnis = useApi<SuchErgebnis>(q.trim() ? `/api/v1/suche?${filter.toString()}` : null);
  const mitFilter = (art: string, wert: string | null) => {
    const next = new URLSearchParams(search);
    if (wert === null) next.delete(art);
    else next.set(art, wert);
    next.delete("offset");
    return `/suche?${next.toString()}`;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/suche?q=${encodeURIComponent(eingabe)}`);
  };
  return (
    <Seite titel="Suche">
      <form role="search" className="formular" onSubmit={submit} aria-label="Dokumente durchsuchen">
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="suche-eingabe">
            Suchbegriff
          </label>
          <div className="kern-hint" id="suche-hinweis">
            Wörter aus Titel oder Text, ein Aktenzeichen oder ein fremdes Geschäftszeichen. „Antrag“ findet
            auch „Bauantrag“, „Mueller“ auch „Müller“.
          </div>
          <input
            id="suche-eingabe"
            className="kern-form-input__input"
            type="search"
            value={eingabe}
            onChange={(e) => setEingabe(e.target.value)}
            aria-describedby="suche-hinweis"
          />
        </div>
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-icon kern-icon--search" aria-hidden="true" />
          <span className="kern-label">Suchen</span>
        </button>
      </form>
      {!q.trim() ? null : ergebnis.laedt ? (
        <Laden text="Suche läuft …" />
      ) : ergebnis.fehler ? (
        <Fehler fehler={ergebnis.fehler} />
      ) : ergebnis.daten ? (
        <div className="raster raster--zwei suche">
          <section aria-labelledby="treffer-titel" className="stapel">
            <h2 id="treffer-titel" className="kern-heading-medium" aria-live="polite">
              {ergebnis.daten.anzahlText === "1" ? "1 Treffer" : `${ergebnis.daten.anzahlText} Treffer`}
            </h2>
            {ergebnis.daten.treffer.length === 0 ? (
              <Leer titel="Nichts gefunden">
                Versuchen Sie ein anderes Wort, weniger Wörter oder entfernen Sie Filter.
              </Leer>
            ) : (
              <ol className="kern-list treffer">
                {ergebnis.daten.treffer.map((t) => (
                  <li key={t.dokument.id} className="treffer__eintrag">
                    <Link href={`/dokumente/${t.dokument.id}`} className="treffer__titel">
                      {t.dokument.titel}
                    </Link>
                    <p className="kern-body kern-body--small treffer__herkunft">
                      {t.dokument.typ} · {formatDatum(t.dokument.erstelltAm)} · Akte{" "}
                      <Link href={`/akten/${t.akte.id}`}>{t.akte.aktenzeichen}</Link> {t.akte.betreff} ·
                      Vorgang {t.vorgang.zeichen} ({statusText(t.vorgang.status)})
                    </p>
                    {t.ausschnitt && <Ausschnitt text={t.ausschnitt} />}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <aside aria-labelledby="filter-titel" className="stapel">
            <h2 id="filter-titel" className="kern-heading-medium">
              Eingrenzen
            </h2>
            {FACETTEN.map(([art, label]) =>
              ergebnis.daten!.facetten[art].length === 0 ? null : (
                <nav key={art} aria-label={`Nach ${label} eingrenzen`}>
                  <h3 className="kern-heading-small">{label}</h3>
                  <ul className="kern-list">
                    {filter.get(art) && (
                      <li>
                        <Link href={mitFilter(art, null)}>Alle anzeigen</Link>
                      </li>
                    )}
                    {ergebnis.daten!.facetten[art].map((f) => (
                      <li key={f.wert}>
                        <Link
                          href={mitFilter(art, f.wert)}
                          aria-current={filter.get(art) === f.wert ? "true" : undefined}
                        >
                          {f.bezeichnung}
                        </Link>{" "}
                        <span className="kern-body--small">({f.anzahl})</span>
                      </li>
                    ))}
                  </ul>
                </nav>
              ),
            )}
          </aside>
        </div>
      ) : null}
    </Seite>
  );
}
