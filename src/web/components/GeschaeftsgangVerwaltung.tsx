import { useState } from "react";
import { api } from "../api/client";
import type { Benutzer, Laufwegvorlage, Organisationseinheit, Zeichnungsbefugnis } from "../api/types";
import { useApi } from "../hooks/useApi";
import { useAktion, useFormular } from "../hooks/useFormular";
import { oeKuerzelAus, type AuswahlEintrag } from "../../shared/api/auswahl.schema";
import { Kombifeld } from "./Kombifeld";
import { adressatAus, neueZeile, pruefeZeilen, SchrittEditor, type Zeile } from "./SchrittEditor";
import { Auswahl, Begriff, Feld, Laden } from "./ui";

/** An OE picker's value ("OE:63") as the Kürzel the API takes, or null. */
const kuerzel = (wahl: AuswahlEintrag | null): string | null => (wahl ? oeKuerzelAus(wahl.wert) : null);

/** A Zeichnungsbefugnis in words: who, in which OE, for which part of the Aktenplan. */
function befugnisText(r: Zeichnungsbefugnis): string {
  return `${r.rolle} ${r.oe ? `in ${r.oe.kuerzel} ${r.oe.name}` : "für die federführende OE und darunter"}${
    r.aktenplanPraefix ? `, Aktenplan ${r.aktenplanPraefix}` : ", ganzer Aktenplan"
  }`;
}

/** Administration: who may zeichnen (by role, OE and Aktenplan part), and the Laufwegvorlagen. */
export function GeschaeftsgangVerwaltung() {
  const regeln = useApi<Zeichnungsbefugnis[]>("/api/v1/zeichnungsbefugnisse");
  const vorlagen = useApi<Laufwegvorlage[]>("/api/v1/laufwegvorlagen");
  // A template names people by their login and OEs by their Kürzel: shown with their names.
  const benutzer = useApi<Benutzer[]>("/api/v1/benutzer");
  const oes = useApi<Organisationseinheit[]>("/api/v1/organisationseinheiten");
  const personName = (benutzername: string) =>
    benutzer.daten?.find((b) => b.benutzername === benutzername)?.anzeigename ?? benutzername;
  const oeName = (k: string) => {
    const oe = oes.daten?.find((o) => o.kuerzel === k);
    return oe ? `Postkorb ${oe.name} (${oe.kuerzel})` : `Postkorb der OE ${k}`;
  };
  const [zeilen, setZeilen] = useState<Zeile[]>([neueZeile("Mitzeichnung"), neueZeile("Zeichnung")]);
  const [regelOe, setRegelOe] = useState<AuswahlEintrag | null>(null);
  const [vorlageOe, setVorlageOe] = useState<AuswahlEintrag | null>(null);
  const regel = useFormular(async (f, form) => {
    const neu = await api<Zeichnungsbefugnis>("POST", "/api/v1/zeichnungsbefugnisse", {
      rolle: String(f.get("rolle")),
      oe: kuerzel(regelOe),
      aktenplanPraefix: String(f.get("praefix") ?? "").trim() || null,
    });
    form.reset();
    setRegelOe(null);
    regeln.neuLaden();
    return { titel: `Zeichnungsbefugnis angelegt: ${befugnisText(neu)}.` };
  });
  const entfernt = useAktion();
  const entfernen = (r: Zeichnungsbefugnis) =>
    entfernt.ausfuehren(async () => {
      await api("DELETE", `/api/v1/zeichnungsbefugnisse/${r.id}`);
      regeln.neuLaden();
      return { titel: `Zeichnungsbefugnis entfernt: ${befugnisText(r)}.` };
    });
  const vorlage = useFormular(async (f, form) => {
    pruefeZeilen(zeilen);
    const neu = await api<Laufwegvorlage>("POST", "/api/v1/laufwegvorlagen", {
      name: String(f.get("name") ?? ""),
      oe: kuerzel(vorlageOe),
      aktenplanPraefix: String(f.get("vorlage-praefix") ?? "").trim() || null,
      zeichnungVorAbgang: f.get("zeichnung") === "ja",
      schritte: zeilen.map((z) => ({
        art: z.art,
        adressat: adressatAus(z.adressat),
        parallel: z.parallel,
        ...(z.verfuegungstext ? { verfuegungstext: z.verfuegungstext } : {}),
      })),
    });
    form.reset();
    setZeilen([neueZeile("Mitzeichnung"), neueZeile("Zeichnung")]);
    setVorlageOe(null);
    vorlagen.neuLaden();
    return {
      titel: `Laufwegvorlage „${neu.name}“ angelegt.`,
      text: "Sie steht beim Start eines Geschäftsgangs zur Wahl.",
    };
  });
  return (
    <div className="stapel">
      <section aria-labelledby="zb-titel" className="stapel">
        <h2 id="zb-titel" className="kern-heading-medium">
          <Begriff wort="Zeichnungsbefugnis">Zeichnungsbefugnisse</Begriff>
        </h2>
        {entfernt.rueckmeldung}
        {regeln.laedt ? (
          <Laden />
        ) : (
          <ul className="kern-list liste-mit-knoepfen">
            {(regeln.daten ?? []).map((r) => (
              <li key={r.id}>
                <span>{befugnisText(r)}</span>
                <button
                  type="button"
                  className="kern-btn kern-btn--tertiary"
                  onClick={() => void entfernen(r)}
                >
                  <span className="kern-label">
                    Entfernen<span className="kern-sr-only">: {r.rolle}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <form className="formular" onSubmit={regel.absenden} noValidate aria-label="Neue Zeichnungsbefugnis">
          {regel.rueckmeldung}
          <Auswahl label="Rolle" name="rolle" required defaultValue="Leitung">
            <option>Leitung</option>
            <option>Sachbearbeitung</option>
          </Auswahl>
          <Kombifeld
            label="Nur in der OE"
            name="oe"
            art="oes"
            wahl={regelOe}
            onWahl={setRegelOe}
            hinweis="leer: für die federführende OE und alle darunter"
            fehler={regel.api400?.fuer("oe")}
          />
          <Feld
            label="Nur für den Aktenplanteil"
            name="praefix"
            hinweis="z. B. 63.10; leer: ganzer Aktenplan"
          />
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Befugnis anlegen</span>
          </button>
        </form>
      </section>
      <section aria-labelledby="lv-titel" className="stapel">
        <h2 id="lv-titel" className="kern-heading-medium">
          Laufwegvorlagen
        </h2>
        <ul className="kern-list">
          {(vorlagen.daten ?? []).map((v) => (
            <li key={v.id}>
              <strong>{v.name}</strong> {v.oe ? `(OE ${v.oe.kuerzel})` : "(alle OEs)"}
              {v.aktenplanPraefix ? `, Aktenplan ${v.aktenplanPraefix}` : ""}:{" "}
              {v.schritte
                .map(
                  (s) =>
                    `${s.parallel ? "gleichzeitig " : ""}${s.art} an ${s.adressat.oe ? oeName(s.adressat.oe) : personName(s.adressat.benutzer ?? "")}`,
                )
                .join(" → ")}
              {v.zeichnungVorAbgang ? " · Zeichnung vor Abgang verlangt" : ""}
            </li>
          ))}
        </ul>
        <form className="formular" onSubmit={vorlage.absenden} noValidate aria-label="Neue Laufwegvorlage">
          {vorlage.rueckmeldung}
          <Feld label="Name der Vorlage" name="name" required fehler={vorlage.api400?.fuer("name")} />
          <Kombifeld
            label="Für die OE"
            name="vorlage-oe"
            art="oes"
            wahl={vorlageOe}
            onWahl={setVorlageOe}
            hinweis="leer: für alle OEs"
            fehler={vorlage.api400?.fuer("oe")}
          />
          <Feld
            label="Für den Aktenplanteil"
            name="vorlage-praefix"
            hinweis="z. B. 63; leer: ganzer Aktenplan"
          />
          <Auswahl label="Zeichnung vor dem Abgang verlangen" name="zeichnung" defaultValue="ja">
            <option value="ja">ja</option>
            <option value="nein">nein</option>
          </Auswahl>
          <SchrittEditor
            zeilen={zeilen}
            setZeilen={setZeilen}
            fehler={(feld) => vorlage.api400?.fuer(feld)}
          />
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">Vorlage anlegen</span>
          </button>
        </form>
      </section>
    </div>
  );
}
