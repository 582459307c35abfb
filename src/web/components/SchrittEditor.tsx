import { schrittArten, type SchrittArt } from "../../shared/workflow";
import { oeKuerzelAus, type AuswahlEintrag } from "../../shared/api/auswahl.schema";
import { ApiError } from "../api/client";
import { Kombifeld } from "./Kombifeld";
import { Auswahl, Feld } from "./ui";

/** One step as the form holds it. */
export interface Zeile {
  art: SchrittArt;
  /** A person or an OE's Postkorb, chosen in the picker. */
  adressat: AuswahlEintrag | null;
  parallel: boolean;
  frist: string;
  verfuegungstext: string;
}

export const neueZeile = (art: Zeile["art"] = "Kenntnisnahme"): Zeile => ({
  art,
  adressat: null,
  parallel: false,
  frist: "",
  verfuegungstext: "",
});

/** A picker's value, "benutzername" or "OE:70", as the API's addressee: a person or an OE's Postkorb. */
export function adressatAus(wahl: AuswahlEintrag | null): { benutzer?: string; oe?: string } {
  const t = (wahl?.wert ?? "").trim();
  const oe = oeKuerzelAus(t);
  return oe !== null ? { oe } : { benutzer: t };
}

/** Refuses steps without a chosen addressee before sending, at each step's own field. */
export function pruefeZeilen(zeilen: Zeile[]): void {
  const fehlend = zeilen.flatMap((z, i) =>
    z.adressat
      ? []
      : [{ feld: `/schritte/${i}/adressat`, meldung: "Bitte eine Person oder OE aus der Liste wählen." }],
  );
  if (fehlend.length)
    throw new ApiError(
      400,
      fehlend.length === 1
        ? "Bei einem Schritt fehlt, an wen er geht."
        : `Bei ${fehlend.length} Schritten fehlt, an wen sie gehen.`,
      undefined,
      fehlend,
    );
}

/** The steps of a route, one after another or parallel to the one before (for routes and templates). */
export function SchrittEditor({
  zeilen,
  setZeilen,
  fehler,
}: {
  zeilen: Zeile[];
  setZeilen: (z: Zeile[]) => void;
  /** The API's message for a field (`schritte/0/adressat`), shown at the step's own field. */
  fehler?: (feld: string) => string | undefined;
}) {
  const setZeile = (i: number, z: Partial<Zeile>) =>
    setZeilen(zeilen.map((x, j) => (j === i ? { ...x, ...z } : x)));
  return (
    <fieldset className="kern-fieldset">
      <legend className="kern-label">Schritte</legend>
      {/* The body clears the floated legend: the first step starts at the left edge like the others. */}
      <div className="kern-fieldset__body schritt-liste">
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
            <Kombifeld
              label={`An (Schritt ${i + 1})`}
              name={`an-${i}`}
              id={`an-${i}`}
              art="adressaten"
              required
              hinweis="Name einer Person oder einer OE tippen (OE: an ihren Postkorb)."
              wahl={z.adressat}
              onWahl={(w) => setZeile(i, { adressat: w })}
              fehler={fehler?.(`schritte/${i}/adressat`)}
            />
            <Feld
              label={`Frist (Schritt ${i + 1})`}
              name={`frist-${i}`}
              id={`frist-${i}`}
              type="date"
              value={z.frist}
              onChange={(e) => setZeile(i, { frist: e.target.value })}
              fehler={fehler?.(`schritte/${i}/frist`)}
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
      </div>
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
