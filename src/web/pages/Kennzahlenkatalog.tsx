import type { Kennzahl } from "../api/types";
import { Fehler, Laden, Seite } from "../components/ui";
import { formatDatum } from "../format";
import { useApi } from "../hooks/useApi";

/**
 * The Kennzahlenkatalog as the Personalrat, the Leitungen and the Stabsstelle read it: every
 * figure with its definition, source, who sees it and since when.
 */
export default function Kennzahlenkatalog() {
  const katalog = useApi<Kennzahl[]>("/api/v1/steuerung/katalog");
  return (
    <Seite titel="Kennzahlenkatalog">
      <p className="kern-body unterzeile">
        Jede Kennzahl, die Aktenwerk berechnet. Keine beschreibt eine einzelne Person: alle werden je
        Organisationseinheit gezählt, und Gruppen unter fünf Personen erscheinen ohne Werte – auch nicht als
        Differenz zweier Gruppen. Jede Änderung dieses Katalogs steht im Protokoll und wird dem Personalrat
        mitgeteilt.
      </p>
      {katalog.laedt && <Laden />}
      <Fehler fehler={katalog.fehler} />
      {katalog.daten && (
        <dl className="katalog">
          {katalog.daten.map((k) => (
            <div key={k.schluessel} className="katalog__eintrag">
              <dt className="kern-heading-small">{k.name}</dt>
              <dd>
                <p className="kern-body">{k.definition}</p>
                <p className="kern-body kern-body--small">
                  Bereich: {k.bereich} · Quelle: {k.quelle} · seit {formatDatum(k.seit)}
                </p>
                <p className="kern-body kern-body--small">Sichtbar für: {k.sichtbarFuer}</p>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Seite>
  );
}
