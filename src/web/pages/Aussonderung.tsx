import { useEffect, useRef, useState } from "react";
import { api, ApiError, csrfHeader, upload } from "../api/client";
import type {
  AussonderungslisteEintrag,
  Bewertung,
  BewertungEingabe,
  LoeschprotokollEintrag,
  XdomeaImportErgebnis,
  XdomeaNachricht,
} from "../api/types";
import { Kombifeld } from "../components/Kombifeld";
import { Badge, Begriff, DateiFeld, Fehler, Laden, Leer, Meldung, Seite } from "../components/ui";
import { formatDatum, formatZeit } from "../format";
import { useApi } from "../hooks/useApi";
import { useFormular } from "../hooks/useFormular";
import { hatRolle, useSession } from "../session";
import { archivwuerdigkeiten, type Archivwuerdigkeit } from "../../shared/aktenplan";
import { oeKuerzelAus, type AuswahlEintrag } from "../../shared/api/auswahl.schema";

const NACHRICHT: Record<string, string> = {
  "0501": "Anbieteverzeichnis",
  "0502": "Bewertungsverzeichnis",
  "0503": "Aussonderung",
  "0504": "Empfang des Angebots bestätigt",
  "0505": "Empfang der Bewertung bestätigt",
  "0506": "Import bestätigt",
  "0507": "Empfang bestätigt",
  "0401": "Abgabe",
  "0402": "Import der Abgabe bestätigt",
  "0403": "Empfang der Abgabe bestätigt",
};

/** What a message we sent waits for (the server lists those still waiting). */
const WARTET_AUF: Record<string, string> = {
  "0501": "die Bewertung des Archivs (Bewertungsverzeichnis)",
  "0503": "die Bestätigung der Übernahme durch das Archiv",
  "0401": "die Bestätigung der übernehmenden Behörde",
};

const ENTSCHEIDUNG: Record<Archivwuerdigkeit, string> = {
  A: "A – archivwürdig",
  B: "B – bewerten (noch offen)",
  V: "V – vernichten",
};

/** How the filters compare text: case and accents do not matter ("kruger" finds "Krüger"). */
const vergleichbar = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("de");

interface Filter {
  oe: AuswahlEintrag | null;
  archivwuerdigkeit: "" | Archivwuerdigkeit | "keine";
  bewertung: "" | Archivwuerdigkeit | "offen";
  text: string;
}

const OHNE_FILTER: Filter = { oe: null, archivwuerdigkeit: "", bewertung: "", text: "" };

function passt(a: AussonderungslisteEintrag, f: Filter): boolean {
  if (
    f.archivwuerdigkeit === "keine"
      ? a.archivwuerdigkeit !== null
      : f.archivwuerdigkeit && a.archivwuerdigkeit !== f.archivwuerdigkeit
  )
    return false;
  if (
    f.bewertung === "offen" ? a.bewertung !== null : f.bewertung && a.bewertung?.entscheidung !== f.bewertung
  )
    return false;
  const t = vergleichbar(f.text.trim());
  return !t || vergleichbar(`${a.aktenzeichen} ${a.betreff}`).includes(t);
}

/** The Archiv's Bewertung in a cell: decision, note, who and when. */
function BewertungZelle({ b }: { b: Bewertung | null }) {
  if (!b) return <span className="kern-body kern-body--small">noch nicht bewertet</span>;
  return (
    <div className="bewertung">
      <Badge art={b.entscheidung === "A" ? "info" : b.entscheidung === "V" ? "warning" : undefined}>
        {ENTSCHEIDUNG[b.entscheidung]}
      </Badge>
      {b.notiz && <p className="kern-body kern-body--small">{b.notiz}</p>}
      <p className="kern-body kern-body--small">
        {b.von ?? "–"}, {formatZeit(b.am)}
      </p>
    </div>
  );
}

/**
 * The Archiv assesses one Akte: A, B or V and a note. Focus moves to the form's heading when it
 * opens, so keyboard and screen reader users land in it.
 */
function BewertungsFormular({
  akte,
  onGespeichert,
  onAbbruch,
}: {
  akte: AussonderungslisteEintrag;
  onGespeichert: (text: string) => void;
  onAbbruch: () => void;
}) {
  const titel = useRef<HTMLHeadingElement>(null);
  useEffect(() => titel.current?.focus(), [akte.akteId]);
  const vorgabe = akte.bewertung?.entscheidung ?? akte.archivwuerdigkeit ?? "B";
  const { fehler, api400, absenden } = useFormular(async (f) => {
    const entscheidung = String(f.get("entscheidung")) as Archivwuerdigkeit;
    await api<Bewertung>("PUT", `/api/v1/akten/${akte.akteId}/bewertung`, {
      entscheidung,
      notiz: String(f.get("notiz") ?? "").trim() || null,
    } satisfies BewertungEingabe);
    onGespeichert(`Bewertung gespeichert: ${akte.aktenzeichen} – ${ENTSCHEIDUNG[entscheidung]}.`);
  });
  return (
    <form
      id="bewertungsformular"
      className="formular kern-card kern-card--surface"
      onSubmit={absenden}
      noValidate
      aria-labelledby="bewertung-titel"
    >
      <div className="kern-card__container">
        <div className="kern-card__body stapel">
          <h3 id="bewertung-titel" className="kern-heading-small" tabIndex={-1} ref={titel}>
            Bewerten: {akte.aktenzeichen} „{akte.betreff}“
          </h3>
          <Fehler fehler={fehler} />
          <fieldset className="kern-fieldset">
            <legend className="kern-label">Entscheidung des Archivs</legend>
            <div className="kern-fieldset__body">
              {archivwuerdigkeiten.map((w) => (
                <div className="kern-form-check" key={w}>
                  <input
                    className="kern-form-check__radio"
                    type="radio"
                    id={`entscheidung-${w}`}
                    name="entscheidung"
                    value={w}
                    defaultChecked={w === vorgabe}
                  />
                  <label className="kern-label" htmlFor={`entscheidung-${w}`}>
                    {ENTSCHEIDUNG[w]}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <div className={`kern-form-input${api400?.fuer("notiz") ? " kern-form-input--error" : ""}`}>
            <label className="kern-label" htmlFor="bewertung-notiz">
              Notiz<span className="kern-label__optional"> – optional</span>
            </label>
            <div className="kern-hint" id="bewertung-notiz-hinweis">
              Warum so bewertet, z. B. „erste Genehmigung im Ortsteil“. Höchstens 2000 Zeichen.
            </div>
            <textarea
              id="bewertung-notiz"
              name="notiz"
              className="kern-form-input__input"
              rows={3}
              maxLength={2000}
              defaultValue={akte.bewertung?.notiz ?? ""}
              aria-describedby="bewertung-notiz-hinweis"
            />
          </div>
          <div className="formular__knoepfe">
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">Bewertung speichern</span>
            </button>
            <button type="button" className="kern-btn kern-btn--secondary" onClick={onAbbruch}>
              <span className="kern-label">Abbrechen</span>
            </button>
          </div>
        </div>
      </div>
    </form>
  );
}

/** Messages we sent that still wait for their answer, the longest waiting first. */
function OffeneAustausche() {
  const offen = useApi<XdomeaNachricht[]>("/api/v1/xdomea/nachrichten?offen=true");
  return (
    <section aria-labelledby="offene-austausche" className="stapel">
      <h2 id="offene-austausche" className="kern-heading-medium">
        Offene Austausche
      </h2>
      {offen.laedt ? (
        <Laden />
      ) : offen.fehler ? (
        <Fehler fehler={offen.fehler} />
      ) : !offen.daten?.length ? (
        <p className="kern-body">Keine gesendete Nachricht wartet auf Antwort.</p>
      ) : (
        <ul className="kern-list austausche">
          {offen.daten.map((n) => (
            <li key={n.id}>
              <strong>
                {NACHRICHT[n.nachrichtentyp] ?? "Nachricht"} vom {formatDatum(n.erstelltAm)}
              </strong>{" "}
              mit {n.inhalt.length} Akte(n) wartet auf {WARTET_AUF[n.nachrichtentyp] ?? "eine Antwort"}.
              <span className="kern-body kern-body--small">
                {" "}
                Prozess {n.prozessId}
                {n.inhalt.length > 0 &&
                  ` · ${n.inhalt
                    .map((x) => (typeof x.kennzeichen === "string" ? x.kennzeichen : null))
                    .filter(Boolean)
                    .join(", ")}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The Aussonderung for Registratur and Archiv: what is due (filtered by OE, Archivwürdigkeit,
 * Bewertung and text; all shown selected at once), the Archiv's Bewertung of each Akte, exchanges
 * still waiting for an answer; then offer (0501) or hand over (0503) the selection as an xdomea
 * container, take in the archive's answer – with the messages exchanged and the Löschprotokoll below.
 */
export default function Aussonderung() {
  const { me } = useSession();
  const archiv = hatRolle(me, "Archiv");
  const [filter, setFilter] = useState<Filter>(OHNE_FILTER);
  const oeKuerzel = filter.oe ? oeKuerzelAus(filter.oe.wert) : null;
  const liste = useApi<AussonderungslisteEintrag[]>(
    `/api/v1/aussonderung/liste${oeKuerzel ? `?oe=${encodeURIComponent(oeKuerzel)}` : ""}`,
  );
  const nachrichten = useApi<XdomeaNachricht[]>("/api/v1/xdomea/nachrichten");
  const geloescht = useApi<LoeschprotokollEintrag[]>("/api/v1/aussonderung/loeschprotokoll");
  const [auswahl, setAuswahl] = useState<Set<string>>(new Set());
  const [bewerten, setBewerten] = useState<string | null>(null);
  const [fehler, setFehler] = useState<unknown>(null);
  const [ergebnis, setErgebnis] = useState<string | null>(null);
  const [laeuft, setLaeuft] = useState(false);
  const ergebnisRef = useRef<HTMLDivElement>(null);
  const alleRef = useRef<HTMLInputElement>(null);

  const alle = liste.daten ?? [];
  const sichtbar = alle.filter((a) => passt(a, filter));
  const gewaehlt = sichtbar.filter((a) => auswahl.has(a.aktenzeichen));
  const alleGewaehlt = sichtbar.length > 0 && gewaehlt.length === sichtbar.length;
  const teilweise = gewaehlt.length > 0 && !alleGewaehlt;
  const filterAktiv = JSON.stringify(filter) !== JSON.stringify(OHNE_FILTER);
  const zuBewerten = alle.find((a) => a.akteId === bewerten) ?? null;

  // "Some selected" has no HTML attribute: the checkbox's indeterminate state is set here.
  useEffect(() => {
    if (alleRef.current) alleRef.current.indeterminate = teilweise;
  }, [teilweise]);
  useEffect(() => {
    if (ergebnis) ergebnisRef.current?.focus();
  }, [ergebnis]);

  // The result takes the focus (above), which says it; no second announcement.
  const melde = (text: string) => setErgebnis(text);
  const umschalten = (az: string) => {
    const neu = new Set(auswahl);
    if (neu.has(az)) neu.delete(az);
    else neu.add(az);
    setAuswahl(neu);
  };
  const alleUmschalten = () => {
    const neu = new Set(auswahl);
    for (const a of sichtbar) {
      if (alleGewaehlt) neu.delete(a.aktenzeichen);
      else neu.add(a.aktenzeichen);
    }
    setAuswahl(neu);
  };
  const exportieren = async (nachricht: "0501" | "0503") => {
    setFehler(null);
    setErgebnis(null);
    if (gewaehlt.length === 0) {
      setFehler(new ApiError(400, "Bitte mindestens eine Akte auswählen.", undefined, []));
      return;
    }
    setLaeuft(true);
    try {
      const antwort = await fetch("/api/v1/xdomea/export", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", ...csrfHeader() },
        body: JSON.stringify({ akten: gewaehlt.map((a) => a.aktenzeichen), nachricht }),
      });
      if (!antwort.ok) {
        const p = (await antwort.json()) as { title: string; detail?: string };
        throw new ApiError(antwort.status, p.title, p.detail, []);
      }
      const url = URL.createObjectURL(await antwort.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = `${antwort.headers.get("x-aktenwerk-prozess") ?? "xdomea"}_${nachricht}.zip`;
      a.click();
      URL.revokeObjectURL(url);
      melde(
        `${NACHRICHT[nachricht]} (${nachricht}) mit ${gewaehlt.length} Akte(n) erstellt und heruntergeladen.`,
      );
      nachrichten.neuLaden();
    } catch (e) {
      setFehler(e);
    } finally {
      setLaeuft(false);
    }
  };
  const importieren = async (datei: File | undefined) => {
    setFehler(null);
    setErgebnis(null);
    if (!datei) return;
    setLaeuft(true);
    try {
      const e = await upload<XdomeaImportErgebnis>(
        "/api/v1/xdomea/import",
        datei,
        () => undefined,
        undefined,
        datei.name.toLowerCase().endsWith(".xml") ? "application/xml" : "application/zip",
      );
      melde(`${NACHRICHT[e.nachrichtentyp] ?? e.nachrichtentyp} (${e.nachrichtentyp}): ${e.hinweis}`);
      liste.neuLaden();
      nachrichten.neuLaden();
      geloescht.neuLaden();
    } catch (e) {
      setFehler(e);
    } finally {
      setLaeuft(false);
    }
  };
  return (
    <Seite titel="Aussonderung">
      <p className="kern-body">
        Akten, deren <Begriff wort="Aufbewahrungsfrist" /> abgelaufen ist, bewertet das Archiv (A, B oder V).
        Dann werden sie dem Archiv angeboten (Anbieteverzeichnis, xdomea 0501) oder direkt übergeben
        (Aussonderung, 0503). Bestätigt das Archiv die Übernahme oder entscheidet es „vernichten“, löscht
        Aktenwerk den Inhalt; das Löschprotokoll bleibt.
      </p>
      <Fehler fehler={fehler} />
      {ergebnis && (
        <div ref={ergebnisRef} tabIndex={-1}>
          <Meldung art="success" titel="Erledigt">
            {ergebnis}
          </Meldung>
        </div>
      )}
      {laeuft && <Laden text="Nachricht wird verarbeitet …" />}
      <OffeneAustausche />
      <section aria-labelledby="faellig" className="stapel">
        <h2 id="faellig" className="kern-heading-medium">
          1. Fällige Akten
        </h2>
        <form
          className="filterleiste"
          aria-label="Fällige Akten filtern"
          onSubmit={(e) => e.preventDefault()}
          role="search"
        >
          <Kombifeld
            label="Federführende OE"
            name="oe"
            art="oes"
            wahl={filter.oe}
            onWahl={(oe) => setFilter((f) => ({ ...f, oe }))}
          />
          <div className="kern-form-input">
            <label className="kern-label" htmlFor="filter-archivwuerdigkeit">
              Archivwürdigkeit
            </label>
            <div className="kern-form-input__select-wrapper">
              <select
                id="filter-archivwuerdigkeit"
                className="kern-form-input__select"
                value={filter.archivwuerdigkeit}
                onChange={(e) =>
                  setFilter((f) => ({
                    ...f,
                    archivwuerdigkeit: e.target.value as Filter["archivwuerdigkeit"],
                  }))
                }
              >
                <option value="">alle</option>
                {archivwuerdigkeiten.map((w) => (
                  <option key={w} value={w}>
                    {ENTSCHEIDUNG[w]}
                  </option>
                ))}
                <option value="keine">ohne Angabe</option>
              </select>
            </div>
          </div>
          <div className="kern-form-input">
            <label className="kern-label" htmlFor="filter-bewertung">
              Bewertung des Archivs
            </label>
            <div className="kern-form-input__select-wrapper">
              <select
                id="filter-bewertung"
                className="kern-form-input__select"
                value={filter.bewertung}
                onChange={(e) =>
                  setFilter((f) => ({ ...f, bewertung: e.target.value as Filter["bewertung"] }))
                }
              >
                <option value="">alle</option>
                <option value="offen">noch nicht bewertet</option>
                {archivwuerdigkeiten.map((w) => (
                  <option key={w} value={w}>
                    {ENTSCHEIDUNG[w]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="kern-form-input">
            <label className="kern-label" htmlFor="filter-text">
              Aktenzeichen oder Betreff
            </label>
            <input
              id="filter-text"
              type="search"
              className="kern-form-input__input"
              value={filter.text}
              onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))}
            />
          </div>
          {filterAktiv && (
            <button
              type="button"
              className="kern-btn kern-btn--tertiary filterleiste__zuruecksetzen"
              onClick={() => setFilter(OHNE_FILTER)}
            >
              <span className="kern-label">Filter zurücksetzen</span>
            </button>
          )}
        </form>
        {liste.laedt && !liste.daten ? (
          <Laden />
        ) : liste.fehler ? (
          <Fehler fehler={liste.fehler} />
        ) : alle.length === 0 ? (
          <Leer titel="Nichts fällig">
            {oeKuerzel
              ? "In dieser Organisationseinheit hat keine Akte ihre Aufbewahrungsfrist überschritten."
              : "Keine Akte hat ihre Aufbewahrungsfrist überschritten (oder sie ist gesperrt)."}
          </Leer>
        ) : (
          <>
            <div className="auswahlleiste">
              <div className="kern-form-check">
                <input
                  ref={alleRef}
                  className="kern-form-check__checkbox"
                  type="checkbox"
                  id="alle-auswaehlen"
                  checked={alleGewaehlt}
                  disabled={sichtbar.length === 0}
                  onChange={alleUmschalten}
                  aria-describedby="auswahl-stand"
                />
                <label className="kern-label" htmlFor="alle-auswaehlen">
                  Alle auswählen
                </label>
              </div>
              <p id="auswahl-stand" className="kern-body" aria-live="polite">
                {sichtbar.length === alle.length
                  ? `${alle.length} Akte(n) fällig`
                  : `${sichtbar.length} von ${alle.length} Akte(n) angezeigt`}
                , {gewaehlt.length} ausgewählt
              </p>
            </div>
            {sichtbar.length === 0 ? (
              <Leer titel="Keine Akte passt zum Filter">Filter ändern oder zurücksetzen.</Leer>
            ) : (
              <div className="tabelle-rahmen">
                <table className="kern-table kern-table--striped tabelle-karten">
                  <caption className="kern-sr-only">Akten mit abgelaufener Aufbewahrungsfrist</caption>
                  <thead className="kern-table__header">
                    <tr className="kern-table__row">
                      <th scope="col" className="kern-table__header">
                        Auswahl
                      </th>
                      <th scope="col" className="kern-table__header">
                        Aktenzeichen
                      </th>
                      <th scope="col" className="kern-table__header">
                        Betreff
                      </th>
                      <th scope="col" className="kern-table__header">
                        Archivwürdigkeit
                      </th>
                      <th scope="col" className="kern-table__header">
                        Bewertung des Archivs
                      </th>
                      <th scope="col" className="kern-table__header">
                        Aufbewahrung bis
                      </th>
                    </tr>
                  </thead>
                  <tbody className="kern-table__body">
                    {sichtbar.map((a) => (
                      <tr key={a.akteId} className="kern-table__row">
                        <td className="kern-table__cell" data-label="Auswahl">
                          <input
                            type="checkbox"
                            className="kern-form-check__checkbox"
                            id={`wahl-${a.akteId}`}
                            checked={auswahl.has(a.aktenzeichen)}
                            onChange={() => umschalten(a.aktenzeichen)}
                            aria-label={`${a.aktenzeichen} auswählen`}
                          />
                        </td>
                        <td className="kern-table__cell" data-label="Aktenzeichen">
                          {a.aktenzeichen}
                        </td>
                        <td className="kern-table__cell" data-label="Betreff">
                          {a.betreff}
                        </td>
                        <td className="kern-table__cell" data-label="Archivwürdigkeit">
                          {a.archivwuerdigkeit ? ENTSCHEIDUNG[a.archivwuerdigkeit] : "ohne Angabe"}
                        </td>
                        <td className="kern-table__cell" data-label="Bewertung des Archivs">
                          <div className="bewertung-zelle">
                            <BewertungZelle b={a.bewertung} />
                            {archiv && (
                              <button
                                type="button"
                                className="kern-btn kern-btn--secondary kern-btn--small"
                                aria-label={`Bewerten: ${a.aktenzeichen}`}
                                aria-expanded={bewerten === a.akteId}
                                aria-controls={bewerten === a.akteId ? "bewertungsformular" : undefined}
                                onClick={() => {
                                  setErgebnis(null);
                                  setBewerten(a.akteId);
                                }}
                              >
                                <span className="kern-label">Bewerten</span>
                              </button>
                            )}
                          </div>
                        </td>
                        <td className="kern-table__cell" data-label="Aufbewahrung bis">
                          {formatDatum(a.aufbewahrungsende)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
        {archiv && zuBewerten && (
          <BewertungsFormular
            key={zuBewerten.akteId}
            akte={zuBewerten}
            onAbbruch={() => setBewerten(null)}
            onGespeichert={(text) => {
              setBewerten(null);
              melde(text);
              liste.neuLaden();
            }}
          />
        )}
      </section>
      <section aria-labelledby="senden" className="stapel">
        <h2 id="senden" className="kern-heading-medium">
          2. An das Archiv senden
        </h2>
        <p className="kern-body">
          {gewaehlt.length} Akte(n) ausgewählt
          {filterAktiv && auswahl.size > gewaehlt.length
            ? " – ausgewählte Akten, die der Filter ausblendet, werden nicht gesendet"
            : ""}
          .
        </p>
        <div className="knopfleiste">
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            onClick={() => void exportieren("0501")}
          >
            <span className="kern-label">Anbieteverzeichnis (0501) erstellen</span>
          </button>
          <button
            type="button"
            className="kern-btn kern-btn--primary"
            onClick={() => void exportieren("0503")}
          >
            <span className="kern-label">Aussonderung (0503) erstellen</span>
          </button>
        </div>
      </section>
      <section aria-labelledby="empfangen" className="stapel">
        <h2 id="empfangen" className="kern-heading-medium">
          3. Antwort des Archivs übernehmen
        </h2>
        <DateiFeld
          label="xdomea-Nachricht (ZIP-Container oder XML)"
          id="xdomea-datei"
          accept=".zip,.xml"
          hinweis="Bewertungsverzeichnis (0502), Bestätigungen (0504–0507) oder übernommenes Schriftgut (0503, 0401). Eine abgelehnte Nachricht ändert nichts."
          onDateien={(dateien) => void importieren(dateien[0])}
        />
      </section>
      <section aria-labelledby="nachrichten" className="stapel">
        <h2 id="nachrichten" className="kern-heading-medium">
          Ausgetauschte Nachrichten
        </h2>
        {!nachrichten.daten?.length ? (
          <p className="kern-body">Noch keine.</p>
        ) : (
          <ul className="kern-list">
            {nachrichten.daten.map((n) => (
              <li key={n.id}>
                {formatZeit(n.erstelltAm)} · {n.richtung === "aus" ? "gesendet" : "empfangen"}:{" "}
                {NACHRICHT[n.nachrichtentyp] ?? n.nachrichtentyp} ({n.nachrichtentyp}, xdomea {n.version}) ·{" "}
                {n.inhalt.length} Objekt(e) · Prozess {n.prozessId}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="loeschprotokoll" className="stapel">
        <h2 id="loeschprotokoll" className="kern-heading-medium">
          Löschprotokoll
        </h2>
        {!geloescht.daten?.length ? (
          <p className="kern-body">Noch nichts gelöscht.</p>
        ) : (
          <ul className="kern-list">
            {geloescht.daten.map((g) => (
              <li key={g.id}>
                {g.aktenzeichen} „{g.betreff}“ ({formatDatum(g.laufzeitBeginn)}–{formatDatum(g.laufzeitEnde)}
                ):{" "}
                {g.entscheidung === "A"
                  ? `vom ${g.archiv} übernommen`
                  : `vernichtet nach Bewertung des ${g.archiv}`}
                , gelöscht {formatZeit(g.geloeschtAm)} von {g.geloeschtVon}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Seite>
  );
}
