import type { Aktenplaneinheit } from "../api/types";
import { Auswahl, Feld } from "./ui";

type Felder = Aktenplaneinheit["metadatenfelder"];

/** Inputs for the typed fields an Aktenplaneinheit defines for its Vorgänge. */
export function MetadatenFelder({
  felder,
  fehler,
}: {
  felder: Felder;
  fehler: (feld: string) => string | undefined;
}) {
  return (
    <>
      {felder.map((f) => {
        const name = `meta.${f.schluessel}`;
        const meldung = fehler(`metadaten/${f.schluessel}`);
        switch (f.typ) {
          case "Auswahl":
            return (
              <Auswahl
                key={f.schluessel}
                label={f.bezeichnung}
                name={name}
                required={f.pflicht}
                fehler={meldung}
                defaultValue=""
              >
                <option value="">Bitte wählen …</option>
                {(f.optionen ?? []).map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </Auswahl>
            );
          case "Datum":
            return (
              <Feld
                key={f.schluessel}
                label={f.bezeichnung}
                name={name}
                type="date"
                required={f.pflicht}
                fehler={meldung}
              />
            );
          case "Zahl":
            return (
              <Feld
                key={f.schluessel}
                label={f.bezeichnung}
                name={name}
                type="number"
                required={f.pflicht}
                fehler={meldung}
              />
            );
          case "Geldbetrag":
            return (
              <Feld
                key={f.schluessel}
                label={`${f.bezeichnung} (Euro)`}
                name={name}
                inputMode="decimal"
                required={f.pflicht}
                fehler={meldung}
                hinweis="z. B. 1.250,50"
              />
            );
          case "Person":
            return (
              <Feld
                key={f.schluessel}
                label={f.bezeichnung}
                name={name}
                autoComplete="off"
                required={f.pflicht}
                fehler={meldung}
                hinweis="Vor- und Nachname"
              />
            );
          default:
            return (
              <Feld
                key={f.schluessel}
                label={f.bezeichnung}
                name={name}
                required={f.pflicht}
                fehler={meldung}
              />
            );
        }
      })}
    </>
  );
}

/** Reads the typed values back from a form (German decimal comma accepted for amounts). */
export function metadatenAus(form: FormData, felder: Felder): Record<string, unknown> {
  const werte: Record<string, unknown> = {};
  for (const f of felder) {
    const raw = String(form.get(`meta.${f.schluessel}`) ?? "").trim();
    if (!raw) continue;
    if (f.typ === "Zahl") werte[f.schluessel] = Number(raw);
    else if (f.typ === "Geldbetrag") werte[f.schluessel] = raw.replace(/\./g, "").replace(",", ".");
    else werte[f.schluessel] = raw;
  }
  return werte;
}
