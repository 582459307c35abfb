import type { ComponentProps } from "react";
import type { Metadatenfeld } from "../api/types";
import { Auswahl, Feld } from "./ui";

type Felder = Metadatenfeld[];

/** How each field type other than Auswahl is entered: input attributes, hint, and a label suffix. */
const ART: Partial<
  Record<
    Felder[number]["typ"],
    Omit<ComponentProps<typeof Feld>, "name" | "label"> & { label?: (b: string) => string }
  >
> = {
  Datum: { type: "date" },
  Zahl: { type: "number" },
  Geldbetrag: { label: (b) => `${b} (Euro)`, inputMode: "decimal", hinweis: "z. B. 1.250,50" },
  Person: { autoComplete: "off", hinweis: "Vor- und Nachname" },
};

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
          default: {
            const { label, ...attribute } = ART[f.typ] ?? {};
            return (
              <Feld
                key={f.schluessel}
                label={label ? label(f.bezeichnung) : f.bezeichnung}
                name={name}
                required={f.pflicht}
                fehler={meldung}
                {...attribute}
              />
            );
          }
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
