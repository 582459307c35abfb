import { api } from "../api/client";
import type {
  Aufbewahrung,
  AufbewahrungAenderung,
  LoeschsperreAufhebung,
  NeueLoeschsperre,
} from "../api/types";
import { archivwuerdigkeiten, type Archivwuerdigkeit } from "../../shared/aktenplan";
import { ARCHIVWUERDIGKEIT_TEXT, formatDatum, formatZeit } from "../format";
import { useApi } from "../hooks/useApi";
import { useFormular } from "../hooks/useFormular";
import { hatRolle, useSession } from "../session";
import { Auswahl, Begriff, Fehler, Feld, Laden, Meldung } from "./ui";

/**
 * Retention of an Akte: what applies and why, the Aufbewahrungsende, Löschsperren; the Registratur
 * may deviate from the Aktenplan (with a reason), and Registratur, Archiv, Datenschutz and Leitung
 * set or lift Löschsperren.
 */
export function AufbewahrungAnzeige({ akteId }: { akteId: string }) {
  const { me } = useSession();
  const daten = useApi<Aufbewahrung>(`/api/v1/akten/${akteId}/aufbewahrung`);
  const pflegen = hatRolle(me, "Registratur", "Archiv");
  const sperren = hatRolle(me, "Registratur", "Archiv", "Datenschutz", "Leitung");
  const abweichung = useFormular(async (f) => {
    const frist = String(f.get("frist") ?? "").trim();
    const art = String(f.get("art") ?? "");
    await api("PUT", `/api/v1/akten/${akteId}/aufbewahrung`, {
      aufbewahrungsfrist: frist === "" ? null : Number(frist),
      archivwuerdigkeit: art === "" ? null : (art as Archivwuerdigkeit),
      begruendung: String(f.get("begruendung") ?? ""),
    } satisfies AufbewahrungAenderung);
    daten.neuLaden();
    return { titel: "Aufbewahrung gespeichert.", text: "Die Angaben oben zeigen, was jetzt gilt." };
  });
  const sperre = useFormular(async (f, form) => {
    const grund = String(f.get("grund") ?? "");
    const bis = String(f.get("bis") ?? "") || null;
    await api("POST", `/api/v1/akten/${akteId}/loeschsperren`, { grund, bis } satisfies NeueLoeschsperre);
    form.reset();
    daten.neuLaden();
    return {
      titel: "Löschsperre gesetzt.",
      text: `„${grund}“, ${bis ? `bis ${formatDatum(bis)}` : "bis sie aufgehoben wird"}.`,
    };
  });
  const aufheben = useFormular(async (f) => {
    await api("POST", `/api/v1/loeschsperren/${String(f.get("sperre"))}/aufheben`, {
      grund: String(f.get("aufhebungsgrund") ?? ""),
    } satisfies LoeschsperreAufhebung);
    daten.neuLaden();
    return { titel: "Löschsperre aufgehoben." };
  });
  if (daten.laedt && !daten.daten) return <Laden />;
  if (daten.fehler || !daten.daten) return <Fehler fehler={daten.fehler} />;
  const a = daten.daten;
  return (
    <div className="stapel">
      <dl className="merkmale">
        <dt>
          <Begriff wort="Aufbewahrungsfrist" />
        </dt>
        <dd>
          {a.unbefristet
            ? "unbefristet"
            : a.aufbewahrungsfrist === null
              ? "–"
              : `${a.aufbewahrungsfrist} Jahre`}
          {a.abweichend ? " (abweichend vom Aktenplan)" : " (aus dem Aktenplan)"}
        </dd>
        <dt>Archivwürdigkeit</dt>
        <dd>{a.archivwuerdigkeit ? ARCHIVWUERDIGKEIT_TEXT[a.archivwuerdigkeit] : "–"}</dd>
        {a.begruendung && (
          <>
            <dt>Begründung der Abweichung</dt>
            <dd>{a.begruendung}</dd>
          </>
        )}
        <dt>Laufzeit</dt>
        <dd>
          {formatDatum(a.laufzeitBeginn)} bis {a.letzteZda ? formatDatum(a.letzteZda) : "offen"}
        </dd>
        <dt>Aufbewahrungsende</dt>
        <dd>
          {a.aufbewahrungsende
            ? formatDatum(a.aufbewahrungsende)
            : "steht noch nicht fest (nicht alle Vorgänge zdA)"}
        </dd>
      </dl>
      {a.loeschsperren.length > 0 && (
        <Meldung art="warning" titel="Löschsperre">
          <ul className="kern-list">
            {a.loeschsperren.map((s) => (
              <li key={s.id}>
                {s.grund} – gesetzt {formatZeit(s.gesetztAm)} von {s.gesetztVon ?? "–"}
                {s.bis ? `, bis ${formatDatum(s.bis)}` : ", unbefristet"}
              </li>
            ))}
          </ul>
        </Meldung>
      )}
      {/* Lifting the last Löschsperre removes its form: the result stands here. */}
      {aufheben.rueckmeldung}
      {pflegen && (
        <form
          className="formular"
          onSubmit={abweichung.absenden}
          noValidate
          aria-labelledby="aufb-abweichung"
        >
          <h3 id="aufb-abweichung" className="kern-heading-small">
            Vom Aktenplan abweichen
          </h3>
          {abweichung.rueckmeldung}
          <Feld
            label="Aufbewahrungsfrist in Jahren"
            name="frist"
            type="number"
            min={0}
            max={200}
            hinweis="leer: aus dem Aktenplan"
          />
          <Auswahl label="Archivwürdigkeit" name="art" defaultValue="">
            <option value="">aus dem Aktenplan</option>
            {archivwuerdigkeiten.map((w) => (
              <option key={w} value={w}>
                {ARCHIVWUERDIGKEIT_TEXT[w]}
              </option>
            ))}
          </Auswahl>
          <Feld label="Begründung" name="begruendung" fehler={abweichung.api400?.fuer("begruendung")} />
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Speichern</span>
          </button>
        </form>
      )}
      {sperren && (
        <form className="formular" onSubmit={sperre.absenden} noValidate aria-labelledby="aufb-sperre">
          <h3 id="aufb-sperre" className="kern-heading-small">
            Löschsperre setzen
          </h3>
          {sperre.rueckmeldung}
          <Feld label="Grund der Löschsperre" name="grund" required fehler={sperre.api400?.fuer("grund")} />
          <Feld label="Gesperrt bis" name="bis" type="date" hinweis="leer: bis sie aufgehoben wird" />
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Löschsperre setzen</span>
          </button>
        </form>
      )}
      {sperren && a.loeschsperren.length > 0 && (
        <form className="formular" onSubmit={aufheben.absenden} noValidate aria-labelledby="aufb-aufheben">
          <h3 id="aufb-aufheben" className="kern-heading-small">
            Löschsperre aufheben
          </h3>
          <Auswahl label="Welche Löschsperre" name="sperre" required>
            {a.loeschsperren.map((s) => (
              <option key={s.id} value={s.id}>
                {s.grund}
              </option>
            ))}
          </Auswahl>
          <Feld
            label="Grund der Aufhebung"
            name="aufhebungsgrund"
            required
            fehler={aufheben.api400?.fuer("grund")}
          />
          <button type="submit" className="kern-btn kern-btn--tertiary">
            <span className="kern-label">Aufheben</span>
          </button>
        </form>
      )}
    </div>
  );
}
