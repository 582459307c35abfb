import { schrittArten, type SchrittArt } from "../../shared/workflow";
import { Auswahl, Feld } from "./ui";

/** One step as the form holds it. */
export interface Zeile {
  art: SchrittArt;
  adressat: string;
  parallel: boolean;
  frist: string;
  verfuegungstext: string;
}

export const neueZeile = (art: Zeile["art"] = "Kenntnisnahme"): Zeile => ({
  art,
  adressat: "",
  parallel: false,
  frist: "",
  verfuegungstext: "",
});

/** "benutzername" or "OE:70" as one field: a person or an OE's Postkorb. */
export function adressatAus(text: string): { benutzer?: string; oe?: string } {
  const t = text.trim();
  const oe = /^oe:\s*(.+)$/i.exec(t);
  return oe ? { oe: oe[1]!.trim() } : { benutzer: t };
}

/** The steps of a route, one after another or parallel to the one before (for routes and templates). */
export function SchrittEditor({ zeilen, setZeilen }: { zeilen: Zeile[]; setZeilen: (z: Zeile[]) => void }) {
  const setZeile = (i: number, z: Partial<Zeile>) =>
    setZeilen(zeilen.map((x, j) => (j === i ? { ...x, ...z } : x)));
  return (
    <fieldset className="kern-fieldset">
      <legend className="kern-label">Schritte</legend>
      {zeilen.map((z, i) => (
        <div key={i} className="schritt-eingabe">
          <Auswahl
            label={`Art von Schritt ${i + 1}`}
            name={`art-${i}`}
            id={`art-${i}`}
            value={z.art}
            onChange={(e) => setZeile(i, { art: e.target.value as SchrittArt })}
          >
            {schrittArten.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </Auswahl>
          <Feld
            label={`An (Schritt ${i + 1})`}
            name={`an-${i}`}
            id={`an-${i}`}
            required
            hinweis="Benutzername oder OE:Kürzel"
            value={z.adressat}
            onChange={(e) => setZeile(i, { adressat: e.target.value })}
          />
          <Feld
            label={`Frist (Schritt ${i + 1})`}
            name={`frist-${i}`}
            id={`frist-${i}`}
            type="date"
            value={z.frist}
            onChange={(e) => setZeile(i, { frist: e.target.value })}
          />
          <Feld
            label={`Verfügungstext (Schritt ${i + 1})`}
            name={`text-${i}`}
            id={`text-${i}`}
            value={z.verfuegungstext}
            onChange={(e) => setZeile(i, { verfuegungstext: e.target.value })}
          />
          {i > 0 && (
            <div className="kern-form-check">
              <input
                className="kern-form-check__checkbox"
                type="checkbox"
                id={`parallel-${i}`}
                checked={z.parallel}
                onChange={(e) => setZeile(i, { parallel: e.target.checked })}
              />
              <label className="kern-label" htmlFor={`parallel-${i}`}>
                Gleichzeitig mit Schritt {i}
              </label>
            </div>
          )}
        </div>
      ))}
      <div className="knopfleiste">
        <button
          type="button"
          className="kern-btn kern-btn--secondary"
          onClick={() => setZeilen([...zeilen, neueZeile()])}
        >
          <span className="kern-label">Schritt hinzufügen</span>
        </button>
        {zeilen.length > 1 && (
          <button
            type="button"
            className="kern-btn kern-btn--tertiary"
            onClick={() => setZeilen(zeilen.slice(0, -1))}
          >
            <span className="kern-label">Letzten Schritt entfernen</span>
          </button>
        )}
      </div>
    </fieldset>
  );
}
