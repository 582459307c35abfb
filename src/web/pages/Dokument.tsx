import { useEffect, useState } from "react";
import { ApiError } from "../api/client";
import type { Dokument, EmailAnsicht as EmailAnsichtDaten } from "../api/types";
import { Seitenansicht } from "../components/Betrachter";
import { Upload } from "../components/Upload";
import { Badge, Feld, Laden, Meldung, NichtSichtbar, Seite } from "../components/ui";
import { formatDatum, formatGroesse, formatZeit } from "../format";
import { useApi } from "../hooks/useApi";
import { Link } from "../router";
import { dokumentPfad } from "../../shared/vorabdaten";

function TextAnsicht({ url }: { url: string }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    void fetch(url, { credentials: "same-origin" })
      .then((r) => r.text())
      .then((t) => setText(t.slice(0, 200_000)));
  }, [url]);
  return text === null ? <Laden /> : <pre tabIndex={0}>{text}</pre>;
}

/**
 * What the version is shown as: an e-mail as a letter, a text file as text, everything else (PDF,
 * scans, pictures, Office with its PDF rendition) as pages drawn on the server.
 */
function Ansicht({ dokument }: { dokument: Dokument }) {
  const version = dokument.versionen[0];
  if (!version) return null;
  const url = `/api/v1/dokumente/${dokument.id}/versionen/${version.nr}/inhalt`;
  const typ = version.mimeTyp;
  if (typ === "message/rfc822" || typ === "text/plain" || typ === "text/csv")
    return (
      <section aria-label="Vorschau des Dokuments" className="betrachter betrachter--text" tabIndex={0}>
        {typ === "message/rfc822" ? (
          <EmailAnsicht pfad={`/api/v1/dokumente/${dokument.id}/versionen/${version.nr}/email`} />
        ) : (
          <TextAnsicht url={url} />
        )}
      </section>
    );
  return (
    <Seitenansicht
      dokumentId={dokument.id}
      nr={version.nr}
      titel={dokument.titel}
      dateiname={version.dateiname}
    />
  );
}

/**
 * An e-mail as a letter: header, then the HTML body the server sanitised, shown in a sandboxed
 * frame without scripts (defence in depth), or the plain text.
 */
function EmailAnsicht({ pfad }: { pfad: string }) {
  const mail = useApi<EmailAnsichtDaten>(pfad);
  const [alsText, setAlsText] = useState(false);
  if (mail.laedt) return <Laden text="E-Mail wird geöffnet …" />;
  if (mail.fehler || !mail.daten)
    return (
      <Meldung art="warning" titel="Die E-Mail kann nicht angezeigt werden.">
        {mail.fehler?.detail ?? "Bitte laden Sie die Nachricht herunter."}
      </Meldung>
    );
  const m = mail.daten;
  return (
    <article className="email" aria-label={`E-Mail: ${m.betreff || "ohne Betreff"}`}>
      <dl className="merkmale">
        <dt>Betreff</dt>
        <dd>{m.betreff || "–"}</dd>
        <dt>Von</dt>
        <dd>{m.von || "–"}</dd>
        <dt>An</dt>
        <dd>{m.an.join(", ") || "–"}</dd>
        {m.cc.length > 0 && (
          <>
            <dt>Kopie</dt>
            <dd>{m.cc.join(", ")}</dd>
          </>
        )}
        <dt>Gesendet</dt>
        <dd>{m.datum ? formatZeit(m.datum) : "–"}</dd>
        <dt>Anlagen</dt>
        <dd>
          {m.anlagen.length === 0
            ? "keine"
            : m.anlagen.map((a) => `${a.dateiname} (${formatGroesse(a.groesse)})`).join(", ")}
        </dd>
      </dl>
      {m.externeBilderEntfernt && (
        <p className="kern-body">Externe Bilder wurden zum Schutz vor Nachverfolgung nicht geladen.</p>
      )}
      {m.html && (
        <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setAlsText(!alsText)}>
          <span className="kern-label">
            {alsText ? "Als formatierte Nachricht anzeigen" : "Als reinen Text anzeigen"}
          </span>
        </button>
      )}
      {m.html && !alsText ? (
        <iframe
          className="email__inhalt"
          title={`Inhalt der E-Mail: ${m.betreff || "ohne Betreff"}`}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcDoc={`<!doctype html><meta charset="utf-8"><base target="_blank">${m.html}`}
        />
      ) : (
        <pre tabIndex={0}>{m.text}</pre>
      )}
    </article>
  );
}

const TEXTERKENNUNG: Record<NonNullable<Dokument["texterkennung"]>["status"], string> = {
  wartend: "wartet auf Bearbeitung",
  laeuft: "läuft",
  fertig: "fertig",
  fehlgeschlagen: "fehlgeschlagen",
  nicht_verfuegbar: "nicht verfügbar",
};
const QUELLE: Record<string, string> = {
  textlayer: "Textebene der PDF-Datei",
  ocr: "Texterkennung (OCR)",
  office: "Office-Dokument",
  email: "E-Mail",
  text: "Textdatei",
  keine: "kein Text",
};

function Texterkennung({ dokument }: { dokument: Dokument }) {
  const t = dokument.texterkennung;
  if (!t) return <>–</>;
  return (
    <>
      {TEXTERKENNUNG[t.status]}
      {t.quelle && t.status === "fertig" ? ` (${QUELLE[t.quelle] ?? t.quelle})` : ""}
      {t.grund && `: ${t.grund}`}
      {t.rendition && (
        <>
          <br />
          <a
            className="kern-link"
            href={`/api/v1/dokumente/${dokument.id}/versionen/${dokument.aktuelleVersion}/rendition`}
            download
          >
            Durchsuchbare PDF-Fassung herunterladen
          </a>
        </>
      )}
    </>
  );
}

export default function DokumentSeite({ id }: { id: string }) {
  const dokument = useApi<Dokument>(dokumentPfad(id));
  if (dokument.laedt && !dokument.daten) return <Laden />;
  if (dokument.fehler || !dokument.daten) {
    return <NichtSichtbar was="Das Dokument" fehler={dokument.fehler} />;
  }
  const d = dokument.daten;
  return (
    <Seite titel={d.titel}>
      <p className="kern-body unterzeile">
        {d.typ} · Vorgang <Link href={`/vorgaenge/${d.vorgang.id}`}>{d.vorgang.zeichen}</Link> · Akte{" "}
        <Link href={`/akten/${d.akte.id}`}>{d.akte.aktenzeichen}</Link>
      </p>
      <div className="raster raster--zwei">
        <Ansicht key={d.aktuelleVersion} dokument={d} />
        <aside className="stapel" aria-labelledby="dok-angaben">
          <h2 id="dok-angaben" className="kern-heading-medium">
            Angaben
          </h2>
          <dl className="merkmale">
            <dt>Typ</dt>
            <dd>{d.typ}</dd>
            <dt>Absender</dt>
            <dd>{d.absender ?? "–"}</dd>
            <dt>Empfänger</dt>
            <dd>{d.empfaenger ?? "–"}</dd>
            <dt>Datum des Schreibens</dt>
            <dd>{formatDatum(d.datumDesSchreibens)}</dd>
            <dt>Eingangsdatum</dt>
            <dd>{formatDatum(d.eingangsdatum)}</dd>
            <dt>Texterkennung</dt>
            <dd>
              <Texterkennung dokument={d} />
            </dd>
            <dt>Fremdes Geschäftszeichen</dt>
            <dd>{d.fremdesGeschaeftszeichen ?? "–"}</dd>
          </dl>
          <h2 className="kern-heading-medium" id="versionen">
            Versionen
          </h2>
          <ol className="kern-list" aria-labelledby="versionen">
            {d.versionen.map((v) => (
              <li key={v.nr}>
                <strong>Version {v.nr}</strong>{" "}
                {v.nr === d.aktuelleVersion && <Badge art="success">aktuell</Badge>}
                <br />
                {v.dateiname} · {formatGroesse(v.groesse)} · {formatZeit(v.erstelltAm)} ·{" "}
                {v.erstelltVon?.anzeigename ?? "System"}
                {v.grund && (
                  <>
                    <br />
                    Grund: {v.grund}
                  </>
                )}
                {v.kommentar && (
                  <>
                    <br />„{v.kommentar}“
                  </>
                )}
                <br />
                <a
                  className="kern-link"
                  href={`/api/v1/dokumente/${d.id}/versionen/${v.nr}/inhalt`}
                  download={v.dateiname}
                >
                  Version {v.nr} herunterladen<span className="kern-sr-only"> ({v.dateiname})</span>
                </a>
              </li>
            ))}
          </ol>
          {d.rechte.versionAnlegen && <NeueVersion dokument={d} onFertig={() => dokument.neuLaden()} />}
        </aside>
      </div>
    </Seite>
  );
}

/** A new version: why (required, kept with the version and in the Protokoll), then the file. */
function NeueVersion({ dokument: d, onFertig }: { dokument: Dokument; onFertig: () => void }) {
  const [grund, setGrund] = useState("");
  const [fehler, setFehler] = useState<string | undefined>();
  return (
    <section aria-labelledby="neue-version" className="formular">
      <h3 id="neue-version" className="kern-heading-small">
        Neue Version
      </h3>
      <Feld
        name="grund"
        label="Grund der neuen Version"
        hinweis="Zum Beispiel: unterschriebene Fassung, Lageplan ergänzt, Tippfehler berichtigt."
        required
        maxLength={500}
        value={grund}
        fehler={fehler}
        onChange={(e) => {
          setGrund(e.target.value);
          setFehler(undefined);
        }}
      />
      <Upload<Dokument>
        ziel={`/api/v1/dokumente/${d.id}/versionen`}
        label="Datei der neuen Version"
        felder={() => ({ grund })}
        onFehler={(e) => setFehler(e instanceof ApiError ? e.fuer("grund") : undefined)}
        erfolg={(neu) => ({
          titel: `Version ${neu.aktuelleVersion} gespeichert.`,
          link: {
            href: `/api/v1/dokumente/${neu.id}/versionen/${neu.aktuelleVersion}/inhalt`,
            text: `Version ${neu.aktuelleVersion} herunterladen`,
          },
        })}
        onFertig={() => {
          setGrund("");
          onFertig();
        }}
      />
    </section>
  );
}
