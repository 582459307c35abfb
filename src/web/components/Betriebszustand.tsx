import type { Befund } from "../api/types";
import { useApi } from "../hooks/useApi";
import { Fehler, Meldung } from "./ui";

/**
 * For an administrator's Startseite: what `aktenwerk doctor` finds missing on the server (OCR,
 * Ghostscript, xdomea schemas, disk, database), each with what to do. Silent when all is well
 * beyond one line, so it never pushes the Postkorb down.
 */
export function Betriebszustand() {
  const diagnose = useApi<Befund[]>("/api/v1/betrieb/diagnose");
  if (diagnose.fehler) return <Fehler fehler={diagnose.fehler} />;
  const befunde = diagnose.daten;
  if (!befunde) return null;
  const offen = befunde.filter((b) => b.stand !== "ok");
  const fehler = offen.filter((b) => b.stand === "fehler").length;
  return (
    <section aria-labelledby="betrieb" className="stapel">
      <h2 id="betrieb" className="kern-heading-medium">
        Betrieb
      </h2>
      {offen.length === 0 ? (
        <p className="kern-body">
          Alle {befunde.length} Prüfungen in Ordnung (Texterkennung, xdomea-Schemas, Speicher, Datenbank).
        </p>
      ) : (
        <Meldung
          art={fehler > 0 ? "danger" : "warning"}
          titel={
            fehler > 0
              ? `${fehler} ${fehler === 1 ? "Fehler" : "Fehler"} im Betrieb`
              : `${offen.length} ${offen.length === 1 ? "Hinweis" : "Hinweise"} zum Betrieb`
          }
          ansagen={false}
        >
          <ul className="kern-list">
            {offen.map((b) => (
              <li key={`${b.bereich}-${b.pruefung}`}>
                <strong>
                  {b.bereich} – {b.pruefung}:
                </strong>{" "}
                {b.text}
                {b.abhilfe && (
                  <>
                    {" "}
                    Abhilfe: <code>{b.abhilfe}</code>
                  </>
                )}
              </li>
            ))}
          </ul>
          <p className="kern-body">
            Dieselbe Prüfung auf dem Server: <code>aktenwerk doctor</code>
          </p>
        </Meldung>
      )}
    </section>
  );
}
