import { useMemo, useState } from "react";
import { api } from "../api/client";
import type { AkteKurz, Aktenplan as AktenplanDaten, Aktenplaneinheit, AktenSeite } from "../api/types";
import { AktenTabelle } from "../components/AktenTabelle";
import { Begriff, Fehler, Laden, Leer, Seite } from "../components/ui";
import { ARCHIVWUERDIGKEIT_TEXT } from "../format";
import { useApi } from "../hooks/useApi";
import { Link } from "../router";

function normal(text: string): string {
  return text.toLocaleLowerCase("de-DE").normalize("NFD").replace(/\p{M}/gu, "").replace(/ß/g, "ss");
}

function Zweig({
  einheit,
  kinder,
  offen,
  umschalten,
  auswahl,
  waehle,
}: {
  einheit: Aktenplaneinheit;
  kinder: Map<string | null, Aktenplaneinheit[]>;
  offen: Set<string>;
  umschalten: (id: string) => void;
  auswahl: string | null;
  waehle: (id: string) => void;
}) {
  const eigene = kinder.get(einheit.id) ?? [];
  const istOffen = offen.has(einheit.id);
  return (
    <li>
      <div className="baum__zeile">
        {eigene.length > 0 ? (
          <button
            type="button"
            className="baum__schalter"
            aria-expanded={istOffen}
            aria-label={`${einheit.kennzeichen} ${einheit.titel} ${istOffen ? "zuklappen" : "aufklappen"}`}
            onClick={() => umschalten(einheit.id)}
          >
            {istOffen ? "−" : "+"}
          </button>
        ) : (
          <span className="baum__platz" aria-hidden="true" />
        )}
        <button
          type="button"
          className="baum__auswahl"
          aria-pressed={auswahl === einheit.id}
          onClick={() => waehle(einheit.id)}
        >
          <span className="baum__kennzeichen">{einheit.kennzeichen}</span>{" "}
          <span className="baum__titel">{einheit.titel}</span>
        </button>
        {einheit.anzahlAkten > 0 && (
          <span className="kern-body kern-body--small">({einheit.anzahlAkten})</span>
        )}
      </div>
      {istOffen && eigene.length > 0 && (
        <ul>
          {eigene.map((k) => (
            <Zweig
              key={k.id}
              einheit={k}
              kinder={kinder}
              offen={offen}
              umschalten={umschalten}
              auswahl={auswahl}
              waehle={waehle}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

function Details({ einheit }: { einheit: Aktenplaneinheit }) {
  const pfad = `/api/v1/akten?aktenplaneinheit=${encodeURIComponent(einheit.kennzeichen)}&limit=50`;
  const akten = useApi<AktenSeite>(pfad);
  // Further pages, loaded on request after the first (the list is ordered newest first).
  const [weitere, setWeitere] = useState<{ fuer: string; eintraege: AkteKurz[]; cursor: string | null }>({
    fuer: "",
    eintraege: [],
    cursor: null,
  });
  const [laedtWeitere, setLaedtWeitere] = useState(false);
  const [weitereFehler, setWeitereFehler] = useState<unknown>(null);
  const mehr = weitere.fuer === pfad ? weitere : { fuer: pfad, eintraege: [], cursor: null };
  const cursor = mehr.eintraege.length ? mehr.cursor : (akten.daten?.naechsterCursor ?? null);
  const ladeWeitere = async () => {
    if (!cursor) return;
    setLaedtWeitere(true);
    setWeitereFehler(null);
    try {
      const seite = await api<AktenSeite>("GET", `${pfad}&cursor=${encodeURIComponent(cursor)}`);
      setWeitere({
        fuer: pfad,
        eintraege: [...mehr.eintraege, ...seite.eintraege],
        cursor: seite.naechsterCursor,
      });
    } catch (e) {
      setWeitereFehler(e);
    } finally {
      setLaedtWeitere(false);
    }
  };
  const w = einheit.wirksam;
  return (
    <section aria-labelledby="einheit-titel" className="stapel">
      <h2 id="einheit-titel" className="kern-heading-medium">
        {einheit.kennzeichen} {einheit.titel}
      </h2>
      {einheit.beschreibung && <p className="kern-body">{einheit.beschreibung}</p>}
      <dl className="merkmale">
        <dt>
          <Begriff wort="Aufbewahrungsfrist" />
        </dt>
        <dd>
          {w.unbefristet
            ? "unbefristet"
            : w.aufbewahrungsfrist !== null
              ? `${w.aufbewahrungsfrist} Jahre`
              : "nicht festgelegt"}
        </dd>
        <dt>
          <Begriff wort="Archivwürdigkeit" />
        </dt>
        <dd>{w.archivwuerdigkeit ? ARCHIVWUERDIGKEIT_TEXT[w.archivwuerdigkeit] : "nicht festgelegt"}</dd>
        <dt>Zuständig</dt>
        <dd>{w.zustaendigeOe?.name ?? "–"}</dd>
        {einheit.zugriffsbeschraenkung && (
          <>
            <dt>
              <Begriff wort="Zugriffsbeschränkung" />
            </dt>
            <dd>Neue Akten sind zugriffsbeschränkt.</dd>
          </>
        )}
      </dl>
      {einheit.blatt && !einheit.geschlossen && (
        <Link
          href={`/akten/neu?einheit=${encodeURIComponent(einheit.kennzeichen)}`}
          className="kern-btn kern-btn--primary"
        >
          <span className="kern-icon kern-icon--add" aria-hidden="true" />
          <span className="kern-label">Akte hier anlegen</span>
        </Link>
      )}
      {einheit.geschlossen && <p className="kern-body">Diese Einheit ist für neue Akten geschlossen.</p>}
      {!einheit.blatt && (
        <p className="kern-body">
          Akten entstehen auf der untersten Ebene. Klappen Sie die Einheit auf, um weiterzugehen.
        </p>
      )}
      {einheit.blatt &&
        (akten.laedt ? (
          <Laden />
        ) : akten.fehler ? (
          <Fehler fehler={akten.fehler} />
        ) : akten.daten?.eintraege.length ? (
          <>
            <AktenTabelle
              akten={[...akten.daten.eintraege, ...mehr.eintraege]}
              beschriftung={`Akten unter ${einheit.kennzeichen}`}
              kompakt
            />
            <Fehler fehler={weitereFehler} />
            {cursor && (
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() => void ladeWeitere()}
                disabled={laedtWeitere}
              >
                <span className="kern-label">
                  {laedtWeitere
                    ? "Wird geladen …"
                    : `Weitere Akten laden (bisher ${akten.daten.eintraege.length + mehr.eintraege.length})`}
                </span>
              </button>
            )}
          </>
        ) : (
          <Leer titel="Hier liegen noch keine Akten, die Sie sehen dürfen." />
        ))}
    </section>
  );
}

export default function Aktenplan() {
  const plan = useApi<AktenplanDaten>("/api/v1/aktenplan");
  const [suche, setSuche] = useState("");
  const [offen, setOffen] = useState<Set<string>>(new Set());
  const [auswahl, setAuswahl] = useState<string | null>(null);
  const einheiten = useMemo(() => plan.daten?.einheiten ?? [], [plan.daten]);
  const byId = useMemo(() => new Map(einheiten.map((e) => [e.id, e])), [einheiten]);
  const kinder = useMemo(() => {
    const m = new Map<string | null, Aktenplaneinheit[]>();
    for (const e of einheiten) m.set(e.parentId, [...(m.get(e.parentId) ?? []), e]);
    return m;
  }, [einheiten]);
  const treffer = useMemo(() => {
    const q = normal(suche.trim());
    return q
      ? einheiten
          .filter((e) => normal(`${e.kennzeichen} ${e.titel} ${e.beschreibung}`).includes(q))
          .slice(0, 50)
      : [];
  }, [suche, einheiten]);
  const umschalten = (id: string) =>
    setOffen((o) => (o.has(id) ? new Set([...o].filter((x) => x !== id)) : new Set([...o, id])));
  const waehle = (id: string) => {
    setAuswahl(id);
    // Open the path to the chosen unit so it is visible in the tree.
    const pfad = new Set(offen);
    for (let e = byId.get(id); e?.parentId; e = byId.get(e.parentId)) pfad.add(e.parentId);
    setOffen(pfad);
  };
  const gewaehlt = auswahl ? byId.get(auswahl) : undefined;
  return (
    <Seite titel="Aktenplan">
      <p className="kern-body unterzeile">
        Der <Begriff wort="Aktenplan" /> ordnet alle Aufgaben. Wählen Sie eine Einheit, um ihre Akten zu sehen
        oder dort eine Akte anzulegen.
      </p>
      {plan.laedt ? (
        <Laden />
      ) : plan.fehler ? (
        <Fehler fehler={plan.fehler} />
      ) : (
        <div className="raster raster--zwei">
          <div className="stapel">
            <div className="kern-form-input">
              <label className="kern-label" htmlFor="aktenplan-suche">
                Im Aktenplan suchen
              </label>
              <div className="kern-hint" id="aktenplan-suche-hinweis">
                Kennzeichen oder Stichwort, z. B. „63.10“ oder „Bau“
              </div>
              <input
                id="aktenplan-suche"
                className="kern-form-input__input"
                type="search"
                value={suche}
                onChange={(e) => setSuche(e.target.value)}
                aria-describedby="aktenplan-suche-hinweis"
                aria-controls="aktenplan-treffer"
              />
            </div>
            <div id="aktenplan-treffer" aria-live="polite">
              {suche.trim() && (
                <>
                  <p className="kern-body kern-body--small">
                    {treffer.length === 0
                      ? "Keine Einheit gefunden."
                      : `${treffer.length} Einheit${treffer.length === 1 ? "" : "en"} gefunden.`}
                  </p>
                  <ul className="kern-list">
                    {treffer.map((e) => (
                      <li key={e.id}>
                        <button type="button" className="baum__auswahl" onClick={() => waehle(e.id)}>
                          <span className="baum__kennzeichen">{e.kennzeichen}</span>{" "}
                          <span className="baum__titel">{e.titel}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
            <nav aria-label="Aktenplan als Baum">
              <ul className="baum">
                {(kinder.get(null) ?? []).map((e) => (
                  <Zweig
                    key={e.id}
                    einheit={e}
                    kinder={kinder}
                    offen={offen}
                    umschalten={umschalten}
                    auswahl={auswahl}
                    waehle={waehle}
                  />
                ))}
              </ul>
            </nav>
          </div>
          <div>
            {gewaehlt ? (
              <Details einheit={gewaehlt} />
            ) : (
              <Leer titel="Keine Einheit gewählt">
                Wählen Sie links eine Einheit des Aktenplans oder suchen Sie nach einem Stichwort.
              </Leer>
            )}
          </div>
        </div>
      )}
    </Seite>
  );
}
