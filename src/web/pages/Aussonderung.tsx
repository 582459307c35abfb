import { useState } from "react";
import { ApiError, csrfHeader, upload } from "../api/client";
import type {
  Aufbewahrung,
  LoeschprotokollEintrag,
  XdomeaImportErgebnis,
  XdomeaNachricht,
} from "../api/types";
import { Badge, Begriff, DateiFeld, Fehler, Laden, Leer, Seite, Tabellenrahmen } from "../components/ui";
import { ARCHIVWUERDIGKEIT_TEXT, formatDatum, formatZeit } from "../format";
import { useApi } from "../hooks/useApi";
import { useAktion } from "../hooks/useFormular";

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

/** A message in words; its xdomea number only as a detail for those who know them. */
function nachrichtText(typ: string): string {
  return NACHRICHT[typ] ?? `xdomea-Nachricht ${typ}`;
}

/**
 * The Aussonderung wizard for Registratur and Archiv: 1. what is due, 2. offer (0501) or hand over
 * (0503) the selection as an xdomea container, 3. take in the archive's answer (0502 decisions,
 * confirmations) – with the messages exchanged and the Löschprotokoll below.
 */
export default function Aussonderung() {
  const liste = useApi<Aufbewahrung[]>("/api/v1/aussonderung/liste");
  const nachrichten = useApi<XdomeaNachricht[]>("/api/v1/xdomea/nachrichten");
  const geloescht = useApi<LoeschprotokollEintrag[]>("/api/v1/aussonderung/loeschprotokoll");
  const [auswahl, setAuswahl] = useState<Set<string>>(new Set());
  const [laeuft, setLaeuft] = useState(false);
  // Export and import report here, above the steps; the result or the problem takes the focus.
  const { ausfuehren, rueckmeldung } = useAktion();
  const umschalten = (az: string) => {
    const neu = new Set(auswahl);
    if (neu.has(az)) neu.delete(az);
    else neu.add(az);
    setAuswahl(neu);
  };
  const exportieren = (nachricht: "0501" | "0503") =>
    ausfuehren(async () => {
      if (auswahl.size === 0) throw new ApiError(400, "Bitte mindestens eine Akte auswählen.", undefined, []);
      setLaeuft(true);
      try {
        const antwort = await fetch("/api/v1/xdomea/export", {
          method: "POST",
          credentials: "same-origin",
          headers: { "content-type": "application/json", ...csrfHeader() },
          body: JSON.stringify({ akten: [...auswahl], nachricht }),
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
        nachrichten.neuLaden();
        return {
          titel: `${nachrichtText(nachricht)} mit ${auswahl.size === 1 ? "einer Akte" : `${auswahl.size} Akten`} erstellt.`,
          text: "Die ZIP-Datei wurde heruntergeladen; senden Sie sie an das Archiv.",
          link: { href: "#nachrichten", text: "Zu den ausgetauschten Nachrichten" },
        };
      } finally {
        setLaeuft(false);
      }
    });
  const importieren = (datei: File | undefined) =>
    ausfuehren(async () => {
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
        liste.neuLaden();
        nachrichten.neuLaden();
        geloescht.neuLaden();
        return {
          titel: `${nachrichtText(e.nachrichtentyp)} übernommen.`,
          text: e.hinweis,
          link: { href: "#nachrichten", text: "Zu den ausgetauschten Nachrichten" },
        };
      } finally {
        setLaeuft(false);
      }
    });
  return (
    <Seite titel="Aussonderung">
      <p className="kern-body">
        Akten, deren <Begriff wort="Aufbewahrungsfrist" /> abgelaufen ist, werden dem Archiv angeboten
        (Anbieteverzeichnis) oder direkt übergeben (Aussonderung). Bestätigt das Archiv die Übernahme oder
        entscheidet es „vernichten“, löscht Aktenwerk den Inhalt; das Löschprotokoll bleibt.
      </p>
      {rueckmeldung}
      {laeuft && <Laden text="Nachricht wird verarbeitet …" />}
      <section aria-labelledby="faellig" className="stapel">
        <h2 id="faellig" className="kern-heading-medium">
          1. Fällige Akten
        </h2>
        {liste.laedt ? (
          <Laden />
        ) : liste.fehler ? (
          <Fehler fehler={liste.fehler} />
        ) : !liste.daten?.length ? (
          <Leer titel="Nichts fällig">
            Keine Akte hat ihre Aufbewahrungsfrist überschritten (oder sie ist gesperrt).
          </Leer>
        ) : (
          <Tabellenrahmen beschriftung="Fällige Akten">
            <table className="kern-table kern-table--striped">
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
                    Bewertung
                  </th>
                  <th scope="col" className="kern-table__header">
                    Aufbewahrung bis
                  </th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {liste.daten.map((a) => (
                  <tr key={a.akteId} className="kern-table__row">
                    <td className="kern-table__cell">
                      <input
                        type="checkbox"
                        className="kern-form-check__checkbox"
                        id={`wahl-${a.akteId}`}
                        checked={auswahl.has(a.aktenzeichen)}
                        onChange={() => umschalten(a.aktenzeichen)}
                        aria-label={`${a.aktenzeichen} auswählen`}
                      />
                    </td>
                    <td className="kern-table__cell">{a.aktenzeichen}</td>
                    <td className="kern-table__cell">{a.betreff}</td>
                    <td className="kern-table__cell">
                      <Badge art={a.archivwuerdigkeit === "A" ? "info" : undefined}>
                        {a.archivwuerdigkeit
                          ? ARCHIVWUERDIGKEIT_TEXT[a.archivwuerdigkeit]
                          : "nicht festgelegt"}
                      </Badge>
                    </td>
                    <td className="kern-table__cell">{formatDatum(a.aufbewahrungsende)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Tabellenrahmen>
        )}
      </section>
      <section aria-labelledby="senden" className="stapel">
        <h2 id="senden" className="kern-heading-medium">
          2. An das Archiv senden
        </h2>
        <p className="kern-body">
          {auswahl.size === 0
            ? "Noch keine Akte ausgewählt."
            : auswahl.size === 1
              ? "Eine Akte ausgewählt."
              : `${auswahl.size} Akten ausgewählt.`}{" "}
          Das Anbieteverzeichnis bietet die Akten zur Bewertung an; die Aussonderung übergibt sie mit Inhalt.
        </p>
        <div className="knopfleiste">
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            onClick={() => void exportieren("0501")}
          >
            <span className="kern-label">Anbieteverzeichnis erstellen</span>
          </button>
          <button
            type="button"
            className="kern-btn kern-btn--primary"
            onClick={() => void exportieren("0503")}
          >
            <span className="kern-label">Aussonderung erstellen</span>
          </button>
        </div>
      </section>
      <section aria-labelledby="empfangen" className="stapel">
        <h2 id="empfangen" className="kern-heading-medium">
          3. Antwort des Archivs übernehmen
        </h2>
        <DateiFeld
          label="Antwort des Archivs (ZIP-Container oder XML)"
          id="xdomea-datei"
          accept=".zip,.xml"
          pflicht
          hinweis="Bewertungsverzeichnis, Empfangs- und Importbestätigungen oder übernommenes Schriftgut. Sie wird nach der Auswahl sofort übernommen; eine abgelehnte Nachricht ändert nichts."
          onDateien={(d) => void importieren(d[0])}
        />
      </section>
      <section aria-labelledby="nachrichten" className="stapel">
        <h2 id="nachrichten" className="kern-heading-medium" tabIndex={-1}>
          Ausgetauschte Nachrichten
        </h2>
        {!nachrichten.daten?.length ? (
          <p className="kern-body">Noch keine.</p>
        ) : (
          <ul className="kern-list">
            {nachrichten.daten.map((n) => (
              <li key={n.id}>
                {formatZeit(n.erstelltAm)} · {n.richtung === "aus" ? "gesendet" : "empfangen"}:{" "}
                <strong>{nachrichtText(n.nachrichtentyp)}</strong> ·{" "}
                {n.inhalt.length === 1 ? "ein Objekt" : `${n.inhalt.length} Objekte`}{" "}
                <span className="kern-body--small gedaempft">
                  (xdomea {n.version}, Nachricht {n.nachrichtentyp}, Prozess {n.prozessId})
                </span>
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
