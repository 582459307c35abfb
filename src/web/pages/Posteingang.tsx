import { useState, type FormEvent } from "react";
import { api, ApiError, upload } from "../api/client";
import type { PosteingangEintrag, Vorgang } from "../api/types";
import { Auswahl, Fehler, Feld, Laden, Leer, Meldung, Seite, useAnsage } from "../components/ui";
import { formatGroesse, formatZeit } from "../format";
import { useApi } from "../hooks/useApi";
import { Link } from "../router";
import { hatRolle, useSession } from "../session";

const KANAL: Record<string, string> = {
  upload: "hochgeladen",
  scan: "Scan",
  email: "E-Mail",
  api: "Fachverfahren",
};

/** Registration of one item: the suggested Vorgang with one click, or any Vorgang by its Zeichen. */
function Registrierung({ eintrag, onFertig }: { eintrag: PosteingangEintrag; onFertig: () => void }) {
  const [fehler, setFehler] = useState<unknown>(null);
  const ansage = useAnsage();
  const registriere = async (vorgang: string, titel: string) => {
    setFehler(null);
    try {
      await api("POST", `/api/v1/posteingang/${eintrag.id}/registrieren`, {
        vorgang,
        ...(titel ? { titel } : {}),
      });
      ansage(`${eintrag.dateiname} wurde registriert.`);
      onFertig();
    } catch (e) {
      setFehler(e);
    }
  };
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const zeichen = String(f.get("zeichen")).trim();
    const m = /^(.+)-(\d+)$/.exec(zeichen);
    if (!m) {
      setFehler(
        new ApiError(400, "Bitte das Zeichen des Vorgangs angeben, z. B. 63.10-0042/2026-1.", undefined, [
          { feld: "/zeichen", meldung: "Form: Aktenzeichen-Nummer" },
        ]),
      );
      return;
    }
    try {
      const v = await api<Vorgang>(
        "GET",
        `/api/v1/vorgaenge?aktenzeichen=${encodeURIComponent(m[1]!)}&nr=${m[2]}`,
      );
      await registriere(v.id, String(f.get("titel") ?? ""));
    } catch (err) {
      setFehler(err);
    }
  };
  const verwerfen = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setFehler(null);
    try {
      await api("POST", `/api/v1/posteingang/${eintrag.id}/verwerfen`, {
        grund: String(new FormData(e.currentTarget).get("grund")),
      });
      ansage(`${eintrag.dateiname} wurde verworfen.`);
      onFertig();
    } catch (err) {
      setFehler(err);
    }
  };
  const api400 = fehler instanceof ApiError ? fehler : undefined;
  return (
    <div className="stapel">
      <Fehler fehler={fehler} />
      {eintrag.vorschlag && (
        <Meldung art="info" titel={`Vorschlag: Vorgang ${eintrag.vorschlag.zeichen}`}>
          <p className="kern-body">
            {eintrag.vorschlag.betreff} – {eintrag.vorschlag.grund}
          </p>
          <button
            type="button"
            className="kern-btn kern-btn--primary"
            onClick={() => void registriere(eintrag.vorschlag!.vorgangId, "")}
          >
            <span className="kern-label">In diesen Vorgang übernehmen</span>
          </button>
        </Meldung>
      )}
      <form
        className="formular"
        onSubmit={submit}
        noValidate
        aria-label={`${eintrag.dateiname} einem Vorgang zuordnen`}
      >
        <Feld
          label="Vorgang (Aktenzeichen-Nummer)"
          name="zeichen"
          required
          hinweis="z. B. 63.10-0042/2026-1"
          fehler={api400?.fuer("zeichen")}
        />
        <Feld label="Titel des Dokuments" name="titel" hinweis="Ohne Angabe wird der Dateiname verwendet." />
        <button type="submit" className="kern-btn kern-btn--secondary">
          <span className="kern-label">Registrieren</span>
        </button>
      </form>
      <form
        className="formular"
        onSubmit={verwerfen}
        noValidate
        aria-label={`${eintrag.dateiname} verwerfen`}
      >
        <Feld
          label="Grund für das Verwerfen"
          name="grund"
          required
          hinweis="z. B. Werbung, Irrläufer, doppelt"
        />
        <button type="submit" className="kern-btn kern-btn--tertiary">
          <span className="kern-label">Verwerfen</span>
        </button>
      </form>
    </div>
  );
}

export default function Posteingang() {
  const { me } = useSession();
  const liste = useApi<PosteingangEintrag[]>("/api/v1/posteingang");
  const [offen, setOffen] = useState<string | null>(null);
  const [fehler, setFehler] = useState<unknown>(null);
  const [fortschritt, setFortschritt] = useState<string | null>(null);
  const [anzahl, setAnzahl] = useState(0);
  const ansage = useAnsage();
  const oes = hatRolle(me, "Posteingang") ? null : me.organisationseinheiten;
  const hochladen = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const dateien = f.getAll("dateien").filter((d): d is File => d instanceof File && d.size > 0);
    if (dateien.length === 0) {
      setFehler(new ApiError(400, "Bitte mindestens eine Datei auswählen.", undefined, []));
      return;
    }
    setFehler(null);
    try {
      for (const [i, datei] of dateien.entries()) {
        setFortschritt(`Datei ${i + 1} von ${dateien.length}: ${datei.name}`);
        const daten = new FormData();
        daten.append("oe", String(f.get("oe")));
        daten.append("datei", datei, datei.name);
        await upload("/api/v1/posteingang", daten, () => undefined);
      }
      ansage(`${dateien.length} Datei(en) in den Posteingang gelegt.`);
      form.reset();
      setAnzahl(0);
      liste.neuLaden();
    } catch (err) {
      setFehler(err);
    } finally {
      setFortschritt(null);
    }
  };
  return (
    <Seite titel="Posteingang">
      <div className="raster raster--zwei">
        <section aria-labelledby="offen-titel" className="stapel">
          <h2 id="offen-titel" className="kern-heading-medium">
            Offene Eingänge
          </h2>
          {liste.laedt ? (
            <Laden />
          ) : liste.fehler ? (
            <Fehler fehler={liste.fehler} />
          ) : !liste.daten?.length ? (
            <Leer titel="Der Posteingang ist leer">
              Neue Post kommt aus dem Scanordner, per E-Mail oder über „Hochladen“.
            </Leer>
          ) : (
            <ul className="kern-list treffer">
              {liste.daten.map((e) => (
                <li key={e.id} className="treffer__eintrag">
                  <p className="treffer__titel">{e.dateiname}</p>
                  <p className="kern-body kern-body--small treffer__herkunft">
                    {KANAL[e.kanal]} · {e.oe.name} · {formatZeit(e.erstelltAm)} · {formatGroesse(e.groesse)}
                    {typeof e.angaben.absender === "string" && ` · von ${e.angaben.absender}`} ·
                    Texterkennung: {e.texterkennung}
                    {e.scanprotokoll && ` · gescannt von ${String(e.scanprotokoll.gescanntVon ?? "–")}`}
                  </p>
                  <p>
                    <a className="kern-link" href={`/api/v1/posteingang/${e.id}/inhalt`} download>
                      Ansehen (herunterladen)<span className="kern-sr-only">: {e.dateiname}</span>
                    </a>
                  </p>
                  <button
                    type="button"
                    className="kern-btn kern-btn--secondary"
                    aria-expanded={offen === e.id}
                    aria-label={`Bearbeiten: ${e.dateiname}`}
                    onClick={() => setOffen(offen === e.id ? null : e.id)}
                  >
                    <span className="kern-label">Bearbeiten</span>
                  </button>
                  {offen === e.id && (
                    <Registrierung
                      eintrag={e}
                      onFertig={() => {
                        setOffen(null);
                        liste.neuLaden();
                      }}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
        <aside aria-labelledby="hochladen-titel">
          <form className="formular" onSubmit={hochladen} noValidate>
            <h2 id="hochladen-titel" className="kern-heading-medium">
              Hochladen
            </h2>
            <Auswahl
              label="Posteingang der Organisationseinheit"
              name="oe"
              required
              defaultValue={me.organisationseinheiten[0]?.kuerzel}
            >
              {(oes ?? me.organisationseinheiten).map((o) => (
                <option key={o.id} value={o.kuerzel}>
                  {o.kuerzel} {o.name}
                </option>
              ))}
            </Auswahl>
            <div className="kern-form-input">
              <p className="kern-label" id="posteingang-dateien-titel">
                Dateien (auch mehrere, auch E-Mails als .eml)
              </p>
              <input
                id="posteingang-dateien"
                className="upload__eingabe"
                name="dateien"
                type="file"
                multiple
                aria-labelledby="posteingang-dateien-titel"
                onChange={(e) => setAnzahl(e.target.files?.length ?? 0)}
              />
              <label htmlFor="posteingang-dateien" className="kern-btn kern-btn--secondary upload__knopf">
                <span className="kern-label">Dateien auswählen</span>
              </label>
              <p className="kern-body" aria-live="polite">
                {anzahl === 0 ? "Noch keine Datei ausgewählt." : `${anzahl} Datei(en) ausgewählt.`}
              </p>
            </div>
            {fortschritt && <p role="status">{fortschritt}</p>}
            <Fehler fehler={fehler} />
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">In den Posteingang</span>
            </button>
            <p className="kern-body kern-body--small">
              Registrierte Eingänge finden Sie danach im Vorgang; über die <Link href="/suche">Suche</Link>{" "}
              auch über ihren Text.
            </p>
          </form>
        </aside>
      </div>
    </Seite>
  );
}
