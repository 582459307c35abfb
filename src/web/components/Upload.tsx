import { useRef, useState, type DragEvent } from "react";
import { ApiError, upload } from "../api/client";
import { formatGroesse } from "../format";
import { Fehler, useErgebnis, type Erfolg } from "./ui";

/**
 * File upload by drag & drop or file picker, with progress and cancel. The parent supplies the
 * target and the extra form fields (metadata), and what the success message says (with a link to
 * the new Dokument); the message appears here and takes the focus.
 */
export function Upload<T>({
  ziel,
  felder,
  onFertig,
  erfolg,
  label = "Datei",
  onFehler,
}: {
  ziel: string;
  felder: () => Record<string, string>;
  onFertig: (ergebnis: T) => void;
  /** The visible success for what the server answered. */
  erfolg: (ergebnis: T) => Erfolg;
  label?: string;
  /** Told of a refused upload, so the parent can show a field's message at its own field. */
  onFehler?: (fehler: unknown) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [datei, setDatei] = useState<File | null>(null);
  const [anteil, setAnteil] = useState<number | null>(null);
  const [fehler, setFehler] = useState<unknown>(null);
  const [ueber, setUeber] = useState(false);
  const abbruch = useRef<AbortController | null>(null);
  const { ergebnis, zeige, leeren } = useErgebnis();

  const waehle = (files: FileList | null) => {
    setFehler(null);
    setDatei(files?.[0] ?? null);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setUeber(false);
    waehle(e.dataTransfer.files);
  };
  const senden = async () => {
    if (!datei) {
      setFehler(new ApiError(400, "Bitte wählen Sie eine Datei aus.", undefined, []));
      return;
    }
    const form = new FormData();
    for (const [k, v] of Object.entries(felder())) form.append(k, v);
    form.append("datei", datei, datei.name);
    abbruch.current = new AbortController();
    setAnteil(0);
    setFehler(null);
    leeren();
    try {
      const antwort = await upload<T>(ziel, form, setAnteil, abbruch.current.signal);
      setDatei(null);
      if (input.current) input.current.value = "";
      zeige(erfolg(antwort));
      onFertig(antwort);
    } catch (e) {
      // The problem appears as an alert, which is announced; no second announcement.
      setFehler(e);
      onFehler?.(e);
    } finally {
      setAnteil(null);
    }
  };
  return (
    <div className="upload">
      <div
        className={`upload__zone${ueber ? " upload__zone--aktiv" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setUeber(true);
        }}
        onDragLeave={() => setUeber(false)}
        onDrop={onDrop}
      >
        <p className="kern-label" id="upload-titel">
          {label}
        </p>
        <p className="kern-hint" id="upload-hinweis">
          Datei hierher ziehen oder auswählen. Der Dateityp wird aus dem Inhalt erkannt.
        </p>
        {/* The native picker speaks the browser's language; ours is always German. */}
        <input
          ref={input}
          id="upload-datei"
          className="upload__eingabe"
          type="file"
          aria-labelledby="upload-titel upload-knopf"
          aria-describedby="upload-hinweis upload-auswahl"
          onChange={(e) => waehle(e.target.files)}
        />
        <label
          htmlFor="upload-datei"
          id="upload-knopf"
          className="kern-btn kern-btn--secondary upload__knopf"
        >
          <span className="kern-label">Datei auswählen</span>
        </label>
        <p className="kern-body" id="upload-auswahl">
          {datei ? (
            <>
              Ausgewählt: <strong>{datei.name}</strong> ({formatGroesse(datei.size)})
            </>
          ) : (
            "Noch keine Datei ausgewählt."
          )}
        </p>
      </div>
      {anteil !== null && (
        <div className="upload__fortschritt">
          <label htmlFor="upload-fortschritt" className="kern-label">
            Hochladen: {Math.round(anteil * 100)} %
          </label>
          <progress id="upload-fortschritt" className="kern-progress" max={1} value={anteil} />
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            onClick={() => abbruch.current?.abort()}
          >
            <span className="kern-label">Abbrechen</span>
          </button>
        </div>
      )}
      <Fehler fehler={fehler} fokus />
      {ergebnis}
      <button
        type="button"
        className="kern-btn kern-btn--primary"
        onClick={senden}
        disabled={anteil !== null}
      >
        <span className="kern-icon kern-icon--drive-folder-upload" aria-hidden="true" />
        <span className="kern-label">Hochladen</span>
      </button>
    </div>
  );
}
