import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import type { GespeicherteSuche, NeueGespeicherteSuche, SuchErgebnis } from "../api/types";
import { Aufklapper, Auswahl, Fehler, Feld, Laden, Leer, Meldung, Seite, useAnsage } from "../components/ui";
import { useFormular } from "../hooks/useFormular";
import { useSession } from "../session";
import { formatDatum, statusText } from "../format";
import { useApi } from "../hooks/useApi";
import { Link, navigate, useLocation } from "../router";

const FACETTEN: [keyof SuchErgebnis["facetten"], string][] = [
  ["art", "Art"],
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
      <form
        role="search"
        className="formular"
        onSubmit={submit}
        aria-label="Akten, Vorgänge und Dokumente durchsuchen"
      >
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="suche-eingabe">
            Suchbegriff
          </label>
          <div className="kern-hint" id="suche-hinweis">
            Wörter aus Betreff, Titel, Angaben (z. B. Bauherr) oder Text, ein Aktenzeichen oder ein fremdes
            Geschäftszeichen. „Antrag“ findet auch „Bauantrag“, „Mueller“ auch „Müller“.
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
      <GespeicherteSuchen aktuell={q.trim() ? search : null} />
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
                  <Treffer key={`${t.art}-${t.dokument?.id ?? t.vorgang?.id ?? t.akte.id}`} t={t} />
                ))}
              </ol>
            )}
            <Blaettern anzahl={ergebnis.daten.anzahl} search={search} />
          </section>
          <aside aria-labelledby="filter-titel" className="stapel">
            <h2 id="filter-titel" className="kern-heading-medium">
              Eingrenzen
            </h2>
            <Auswahl
              label="Sortierung"
              name="sortierung"
              value={filter.get("sortierung") ?? "relevanz"}
              onChange={(e) =>
                navigate(mitFilter("sortierung", e.target.value === "relevanz" ? null : e.target.value))
              }
            >
              <option value="relevanz">Beste Treffer zuerst</option>
              <option value="neueste">Neueste zuerst</option>
              <option value="aelteste">Älteste zuerst</option>
            </Auswahl>
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

const SEITE = 20;

/** One hit: a Dokument with its Vorgang and Akte, or a Vorgang, or an Akte found by its own words. */
function Treffer({ t }: { t: SuchErgebnis["treffer"][number] }) {
  const [ziel, titel, art] = t.dokument
    ? [`/dokumente/${t.dokument.id}`, t.dokument.titel, t.dokument.typ]
    : t.vorgang
      ? [`/vorgaenge/${t.vorgang.id}`, `${t.vorgang.zeichen} ${t.vorgang.betreff}`, "Vorgang"]
      : [`/akten/${t.akte.id}`, `${t.akte.aktenzeichen} ${t.akte.betreff}`, "Akte"];
  return (
    <li className="treffer__eintrag">
      <Link href={ziel} className="treffer__titel">
        {titel}
      </Link>
      <p className="kern-body kern-body--small treffer__herkunft">
        {art}
        {t.dokument && ` · ${formatDatum(t.dokument.erstelltAm)}`}
        {t.art !== "akte" && (
          <>
            {" · Akte "}
            <Link href={`/akten/${t.akte.id}`}>{t.akte.aktenzeichen}</Link> {t.akte.betreff}
          </>
        )}
        {t.dokument && t.vorgang && (
          <>
            {" · Vorgang "}
            <Link href={`/vorgaenge/${t.vorgang.id}`}>{t.vorgang.zeichen}</Link>
          </>
        )}
        {t.vorgang && ` (${statusText(t.vorgang.status)})`}
      </p>
      {t.ausschnitt && <Ausschnitt text={t.ausschnitt} />}
    </li>
  );
}

/** Pages of 20: previous and next, and where one is. */
function Blaettern({ anzahl, search }: { anzahl: number; search: URLSearchParams }) {
  const offset = Number(search.get("offset") ?? 0);
  if (anzahl <= SEITE) return null;
  const zu = (o: number) => {
    const next = new URLSearchParams(search);
    if (o > 0) next.set("offset", String(o));
    else next.delete("offset");
    return `/suche?${next.toString()}`;
  };
  const bis = Math.min(offset + SEITE, anzahl);
  return (
    <nav aria-label="Seiten der Treffer" className="knopfleiste">
      {offset > 0 && (
        <Link href={zu(Math.max(0, offset - SEITE))} className="kern-btn kern-btn--secondary">
          <span className="kern-label">Vorherige Seite</span>
        </Link>
      )}
      <span className="kern-body">
        Treffer {offset + 1}–{bis} von {anzahl}
      </span>
      {bis < anzahl && offset + SEITE <= 980 && (
        <Link href={zu(offset + SEITE)} className="kern-btn kern-btn--secondary">
          <span className="kern-label">Nächste Seite</span>
        </Link>
      )}
    </nav>
  );
}

/** Saved searches: the reader's own and those shared with their OE; saving the current one. */
function GespeicherteSuchen({ aktuell }: { aktuell: URLSearchParams | null }) {
  const { me } = useSession();
  const liste = useApi<GespeicherteSuche[]>("/api/v1/gespeicherte-suchen");
  const ansage = useAnsage();
  const [gespeichert, setGespeichert] = useState<string | null>(null);
  const { fehler, api400, absenden } = useFormular(async (f, form) => {
    const parameter: Record<string, string> = {};
    aktuell?.forEach((wert, schluessel) => {
      if (schluessel !== "offset") parameter[schluessel] = wert;
    });
    // The URL's parameters as the API checks them (unknown values are refused there, at the field).
    const abfrage = { ...parameter, q: parameter.q ?? "" } as NeueGespeicherteSuche["abfrage"];
    const oe = String(f.get("teilen") ?? "");
    const neu = await api<GespeicherteSuche>("POST", "/api/v1/gespeicherte-suchen", {
      name: String(f.get("name") ?? ""),
      abfrage,
      teilenMitOe: oe || null,
    } satisfies NeueGespeicherteSuche);
    ansage(`Die Suche „${neu.name}“ wurde gespeichert.`);
    setGespeichert(neu.name);
    form.reset();
    liste.neuLaden();
  });
  const loeschen = async (g: GespeicherteSuche) => {
    await api("DELETE", `/api/v1/gespeicherte-suchen/${g.id}`);
    ansage(`Die gespeicherte Suche „${g.name}“ wurde gelöscht.`);
    liste.neuLaden();
  };
  const eintraege = liste.daten ?? [];
  return (
    <section aria-labelledby="gespeichert-titel" className="stapel gespeicherte-suchen">
      <h2 id="gespeichert-titel" className="kern-heading-small">
        Gespeicherte Suchen
      </h2>
      {eintraege.length === 0 ? (
        !liste.laedt && <p className="kern-body kern-body--small">Noch keine gespeicherten Suchen.</p>
      ) : (
        <ul className="kern-list">
          {eintraege.map((g) => (
            <li key={g.id}>
              <Link href={`/suche?${new URLSearchParams(g.abfrage).toString()}`}>{g.name}</Link>
              <span className="kern-body--small">
                {" "}
                {g.eigene
                  ? g.geteiltMit
                    ? `· geteilt mit ${g.geteiltMit.kuerzel} ${g.geteiltMit.name}`
                    : "· nur für Sie"
                  : `· von ${g.von}`}
              </span>
              {g.eigene && (
                <>
                  {" "}
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary"
                    onClick={() => void loeschen(g)}
                  >
                    <span className="kern-label">
                      Löschen<span className="kern-sr-only">: gespeicherte Suche „{g.name}“</span>
                    </span>
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {gespeichert && <Meldung art="success" titel={`Die Suche „${gespeichert}“ ist gespeichert.`} />}
      {aktuell && (
        <Aufklapper titel="Diese Suche speichern">
          <form className="formular" onSubmit={absenden} noValidate aria-label="Suche speichern">
            <Fehler fehler={fehler} />
            <Feld label="Name der Suche" name="name" required maxLength={200} fehler={api400?.fuer("name")} />
            <Auswahl label="Teilen mit" name="teilen" defaultValue="" fehler={api400?.fuer("teilenMitOe")}>
              <option value="">niemandem (nur für Sie)</option>
              {me.organisationseinheiten.map((o) => (
                <option key={o.id} value={o.kuerzel}>
                  {o.kuerzel} {o.name}
                </option>
              ))}
            </Auswahl>
            <button type="submit" className="kern-btn kern-btn--secondary">
              <span className="kern-label">Speichern</span>
            </button>
          </form>
        </Aufklapper>
      )}
    </section>
  );
}
