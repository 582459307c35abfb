import { useState } from "react";
import { api } from "../api/client";
import type { Akte, Aktenplan, NeueAkte, Organisationseinheit } from "../api/types";
import { Auswahl, Begriff, Feld, Laden, Seite } from "../components/ui";
import { useApi } from "../hooks/useApi";
import { useFormular } from "../hooks/useFormular";
import { useLocation } from "../router";
import { useSession } from "../session";
import { vertraulichkeiten, type Vertraulichkeit } from "../../shared/schriftgut";

const VERTRAULICHKEIT_TEXT: Record<Vertraulichkeit, string> = {
  offen: "offen",
  "VS-NfD": "VS-NfD (nur für den Dienstgebrauch)",
};

export default function AkteNeu() {
  const { me } = useSession();
  const { search } = useLocation();
  const plan = useApi<Aktenplan>("/api/v1/aktenplan");
  const oes = useApi<Organisationseinheit[]>("/api/v1/organisationseinheiten");
  const [sendet, setSendet] = useState(false);
  // The new Akte is shown here, with the way to it; the form is ready for the next one.
  const { api400, absenden, rueckmeldung } = useFormular(async (f, form) => {
    setSendet(true);
    try {
      const akte = await api<Akte>("POST", "/api/v1/akten", {
        aktenplaneinheit: String(f.get("aktenplaneinheit")),
        betreff: String(f.get("betreff")),
        federfuehrendeOe: String(f.get("federfuehrendeOe")),
        beteiligteOes: f.getAll("beteiligteOes").map(String),
        ...(f.get("zugriffsbeschraenkt") === "ja" ? { zugriffsbeschraenkt: true } : {}),
        vertraulichkeit: String(f.get("vertraulichkeit")) as Vertraulichkeit,
        papierablage: String(f.get("papierablage") ?? "") || null,
      } satisfies NeueAkte);
      form.reset();
      return {
        titel: `Akte ${akte.aktenzeichen} angelegt.`,
        text: `„${akte.betreff}“.`,
        link: { href: `/akten/${akte.id}`, text: `Akte ${akte.aktenzeichen} öffnen` },
      };
    } finally {
      setSendet(false);
    }
  });

  if (plan.laedt || oes.laedt) return <Laden />;
  const blaetter = (plan.daten?.einheiten ?? []).filter((e) => e.blatt && !e.geschlossen);
  const eigeneOe = me.organisationseinheiten[0]?.kuerzel;
  return (
    <Seite titel="Neue Akte">
      <form className="formular" onSubmit={absenden} noValidate aria-label="Neue Akte">
        {rueckmeldung}
        <Auswahl
          label={<Begriff wort="Aktenplaneinheit" />}
          name="aktenplaneinheit"
          required
          defaultValue={search.get("einheit") ?? ""}
          fehler={api400?.fuer("aktenplaneinheit")}
          hinweis="Die unterste Ebene des Aktenplans, unter der die Akte liegt."
        >
          <option value="">Bitte wählen …</option>
          {blaetter.map((e) => (
            <option key={e.id} value={e.kennzeichen}>
              {e.kennzeichen} {e.titel}
            </option>
          ))}
        </Auswahl>
        <Feld
          label="Betreff"
          name="betreff"
          required
          maxLength={500}
          fehler={api400?.fuer("betreff")}
          hinweis="Worum es geht, z. B. „Neubau Einfamilienhaus, Lindenweg 12“."
        />
        <Auswahl
          label={<Begriff wort="Federführung">Federführende Organisationseinheit</Begriff>}
          name="federfuehrendeOe"
          required
          defaultValue={eigeneOe}
          fehler={api400?.fuer("federfuehrendeOe")}
        >
          {(oes.daten ?? []).map((o) => (
            <option key={o.id} value={o.kuerzel}>
              {o.kuerzel} {o.name}
            </option>
          ))}
        </Auswahl>
        <fieldset className="kern-fieldset">
          <legend className="kern-label">
            <Begriff wort="Beteiligte OE">Beteiligte Organisationseinheiten</Begriff>{" "}
            <span className="kern-label__optional">– optional</span>
          </legend>
          <div className="kern-fieldset__body">
            {(oes.daten ?? [])
              .filter((o) => o.art === "Amt" || o.art === "Stabsstelle" || o.art === "Eigenbetrieb")
              .map((o) => (
                <div className="kern-form-check" key={o.id}>
                  <input
                    className="kern-form-check__checkbox"
                    type="checkbox"
                    id={`bet-${o.id}`}
                    name="beteiligteOes"
                    value={o.kuerzel}
                  />
                  <label className="kern-label" htmlFor={`bet-${o.id}`}>
                    {o.kuerzel} {o.name}
                  </label>
                </div>
              ))}
          </div>
        </fieldset>
        <div className="kern-form-check">
          <input
            className="kern-form-check__checkbox"
            type="checkbox"
            id="zugriffsbeschraenkt"
            name="zugriffsbeschraenkt"
            value="ja"
            aria-describedby="zb-hinweis"
          />
          <label className="kern-label" htmlFor="zugriffsbeschraenkt">
            <Begriff wort="Zugriffsbeschränkung">Zugriffsbeschränkt</Begriff>
          </label>
          <div className="kern-hint" id="zb-hinweis">
            Nur Sie und ausdrücklich benannte Personen sehen den Inhalt. Ohne Haken gilt die Vorgabe der
            Aktenplaneinheit.
          </div>
        </div>
        <Auswahl label="Vertraulichkeit" name="vertraulichkeit" required defaultValue="offen">
          {vertraulichkeiten.map((v) => (
            <option key={v} value={v}>
              {VERTRAULICHKEIT_TEXT[v]}
            </option>
          ))}
        </Auswahl>
        <Feld
          label={<Begriff wort="Hybridakte">Ablage des Papierteils</Begriff>}
          name="papierablage"
          maxLength={500}
          hinweis="Nur bei einer Hybridakte, z. B. „Registratur, Regal 4“."
        />
        <div className="formular__knoepfe">
          <button type="submit" className="kern-btn kern-btn--primary" disabled={sendet}>
            <span className="kern-label">{sendet ? "Wird angelegt …" : "Akte anlegen"}</span>
          </button>
          <button type="button" className="kern-btn kern-btn--secondary" onClick={() => history.back()}>
            <span className="kern-label">Abbrechen</span>
          </button>
        </div>
      </form>
    </Seite>
  );
}
