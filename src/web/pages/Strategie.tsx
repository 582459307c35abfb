import { useState, type FormEvent, type ReactNode } from "react";
import { api } from "../api/client";
import type {
  Einfuehrung,
  EinfuehrungEingabe,
  Kennzahl,
  Strategie,
  StrategieInhalt,
  StrategieUnterschied,
} from "../api/types";
import { DemodatenHinweis } from "../components/DemodatenHinweis";
import { Auswahl, Fehler, Feld, Laden, Leer, Seite, Tabellenrahmen, useErgebnis } from "../components/ui";
import { formatDatum, formatZahl, kennzahlEinheit, WELLE_TEXT } from "../format";
import { useApi } from "../hooks/useApi";
import { Link } from "../router";

type Handlungsfeld = StrategieInhalt["handlungsfelder"][number];
type Ziel = Handlungsfeld["ziele"][number];
type Massnahme = Handlungsfeld["massnahmen"][number];
type Zielstand = Strategie["zielstand"][number];

const STATUS: Record<Massnahme["status"], string> = {
  geplant: "geplant",
  laufend: "laufend",
  abgeschlossen: "abgeschlossen",
  zurueckgestellt: "zurückgestellt",
};
const BEWERTUNG: Record<Zielstand["bewertung"], string> = {
  erreicht: "erreicht",
  auf_kurs: "auf Kurs",
  nicht_auf_kurs: "nicht auf Kurs",
  unbekannt: "noch offen",
};

/** A new id for an object of the strategy (stable across versions, so they can be compared). */
const neueId = (art: string) => `${art}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const monatsname = (monat: string) =>
  new Intl.DateTimeFormat("de-DE", { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${monat}-01T00:00:00Z`),
  );

/**
 * The county's e-government strategy: Handlungsfelder with Ziele (each bound to a Kennzahl, with
 * its measured value and trend) and Maßnahmen; Fortschreibungen as versions and the difference
 * between two of them; the Einführungsstand per OE. The Stabsstelle (role Steuerung) edits.
 */
export default function StrategieSeite() {
  const strategie = useApi<Strategie>("/api/v1/steuerung/strategie");
  const katalog = useApi<Kennzahl[]>("/api/v1/steuerung/katalog");
  const einfuehrung = useApi<Einfuehrung[]>("/api/v1/steuerung/einfuehrung");
  const { zeige, ergebnis, leeren } = useErgebnis();
  const [fehler, setFehler] = useState<unknown>(null);
  const st = strategie.daten;

  /** Saves the draft with one change and reports what changed. */
  const speichere = async (aendern: (i: StrategieInhalt) => void, form?: HTMLFormElement) => {
    if (!st) return;
    setFehler(null);
    leeren();
    const inhalt = structuredClone(st.entwurf.inhalt);
    aendern(inhalt);
    try {
      const r = await api<{ revision: number; aenderungen: string[] }>("PUT", "/api/v1/steuerung/strategie", {
        revision: st.entwurf.revision,
        inhalt,
      });
      form?.reset();
      strategie.neuLaden();
      zeige({ titel: "Strategie gespeichert.", text: r.aenderungen.join(" · ") || "Keine Änderung." });
    } catch (e) {
      setFehler(e);
    }
  };

  return (
    <Seite titel={st?.entwurf.inhalt.titel || "Strategie"}>
      <p className="kern-body unterzeile">
        Die E-Government-Strategie des Kreises: Handlungsfelder, Ziele mit Zielwert und Zieldatum und ihr
        gemessener Stand, Maßnahmen, die beschlossenen Fortschreibungen und der Einführungsstand je
        Organisationseinheit. Die Messwerte kommen aus den <Link href="/steuerung">Kennzahlen</Link>.
      </p>
      {strategie.laedt && !st && <Laden text="Strategie wird geladen …" />}
      <Fehler fehler={strategie.fehler} />
      <Fehler fehler={fehler} fokus />
      {ergebnis}
      {st && (
        <>
          <DemodatenHinweis demodaten={st.demodaten} />
          {st.entwurf.inhalt.handlungsfelder.length === 0 ? (
            <Leer titel="Noch keine Handlungsfelder">
              {st.darfBearbeiten
                ? "Legen Sie unten das erste Handlungsfeld an."
                : "Die Stabsstelle hat noch keine erfasst."}
            </Leer>
          ) : (
            st.entwurf.inhalt.handlungsfelder.map((h) => (
              <HandlungsfeldAnsicht key={h.id} h={h} st={st} katalog={katalog.daten ?? []} />
            ))
          )}
          {st.darfBearbeiten && (
            <Bearbeiten
              st={st}
              katalog={katalog.daten ?? []}
              oes={einfuehrung.daten ?? []}
              speichere={speichere}
              fortgeschrieben={(nummer) => {
                strategie.neuLaden();
                zeige({ titel: `Fortschreibung beschlossen: Fassung ${nummer}.` });
              }}
              setFehler={setFehler}
            />
          )}
          <Fassungen st={st} />
        </>
      )}
      <EinfuehrungAnsicht
        liste={einfuehrung}
        darfBearbeiten={st?.darfBearbeiten ?? false}
        gespeichert={(text) => {
          einfuehrung.neuLaden();
          zeige({ titel: text });
        }}
        setFehler={(e) => {
          leeren();
          setFehler(e);
        }}
      />
    </Seite>
  );
}

function HandlungsfeldAnsicht({ h, st, katalog }: { h: Handlungsfeld; st: Strategie; katalog: Kennzahl[] }) {
  const id = `hf-${h.id}`;
  return (
    <section aria-labelledby={id} className="kennzahlen-bereich">
      <h2 id={id} className="kern-heading-medium">
        Handlungsfeld: {h.titel}
      </h2>
      {h.ziele.length === 0 ? (
        <p className="kern-body">Noch keine Ziele.</p>
      ) : (
        <Tabellenrahmen beschriftung={`Ziele: ${h.titel}`}>
          <table className="kern-table kern-table--striped">
            <caption className="kern-sr-only">
              Ziele im Handlungsfeld {h.titel} mit Messwert und Trend
            </caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Ziel
                </th>
                <th scope="col" className="kern-table__header">
                  Kennzahl
                </th>
                <th scope="col" className="kern-table__header">
                  Zielwert bis
                </th>
                <th scope="col" className="kern-table__header">
                  Messwert
                </th>
                <th scope="col" className="kern-table__header">
                  Trend
                </th>
                <th scope="col" className="kern-table__header">
                  Stand
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {h.ziele.map((z) => (
                <ZielZeile
                  key={z.id}
                  z={z}
                  stand={st.zielstand.find((s) => s.zielId === z.id)}
                  k={katalog.find((k) => k.schluessel === z.kennzahl)}
                />
              ))}
            </tbody>
          </table>
        </Tabellenrahmen>
      )}
      {h.massnahmen.length > 0 && (
        <>
          <h3 className="kern-heading-small">Maßnahmen</h3>
          <ul className="kern-list">
            {h.massnahmen.map((m) => (
              <li key={m.id} className="kern-body">
                <strong>{m.titel}</strong> – {st.oes[m.oeId] ?? "unbekannte OE"}, {STATUS[m.status]}
                {m.meilensteine.length > 0 && (
                  <>
                    {"; Meilensteine: "}
                    {m.meilensteine
                      .map((x) => `${x.titel} (${formatDatum(x.datum)}${x.erledigt ? ", erreicht" : ""})`)
                      .join(", ")}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ZielZeile({ z, stand, k }: { z: Ziel; stand: Zielstand | undefined; k: Kennzahl | undefined }) {
  const e = kennzahlEinheit(stand?.art ?? k?.art);
  const richtung = z.richtung === "mindestens" ? "mindestens" : "höchstens";
  let trend: ReactNode = "–";
  if (stand?.veraenderung !== null && stand?.veraenderung !== undefined && stand.vergleichsmonat) {
    const v = stand.veraenderung;
    trend = `${v > 0 ? "+" : v < 0 ? "−" : "±"}${formatZahl(Math.abs(v))}${e} seit ${monatsname(stand.vergleichsmonat)}`;
  }
  return (
    <tr className="kern-table__row">
      <th scope="row" className="kern-table__cell">
        {z.titel}
      </th>
      <td className="kern-table__cell">
        {stand && !stand.imKatalog ? (
          <>
            {z.kennzahl} <strong className="markierung">(nicht mehr im Kennzahlenkatalog)</strong>
          </>
        ) : (
          (k?.name ?? stand?.kennzahlName ?? z.kennzahl)
        )}
      </td>
      <td className="kern-table__cell">
        {richtung} {formatZahl(z.zielwert)}
        {e} bis {formatDatum(z.zieldatum)}
      </td>
      <td className="kern-table__cell">
        {stand?.messwert !== null && stand?.messwert !== undefined && stand.monat ? (
          <>
            {formatZahl(stand.messwert)}
            {e} ({monatsname(stand.monat)})
          </>
        ) : (
          (stand?.hinweis ?? "keine Daten")
        )}
      </td>
      <td className="kern-table__cell">{trend}</td>
      <td className="kern-table__cell">{stand ? BEWERTUNG[stand.bewertung] : "noch offen"}</td>
    </tr>
  );
}

function formular(handler: (f: FormData, form: HTMLFormElement) => void) {
  return (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    handler(new FormData(e.currentTarget), e.currentTarget);
  };
}
const text = (f: FormData, name: string) => String(f.get(name) ?? "").trim();

/** The Stabsstelle's forms: title, Handlungsfeld, Ziel, change of a Ziel, Maßnahme, Fortschreibung. */
function Bearbeiten({
  st,
  katalog,
  oes,
  speichere,
  fortgeschrieben,
  setFehler,
}: {
  st: Strategie;
  katalog: Kennzahl[];
  oes: Einfuehrung[];
  speichere: (aendern: (i: StrategieInhalt) => void, form?: HTMLFormElement) => Promise<void>;
  fortgeschrieben: (nummer: number) => void;
  setFehler: (e: unknown) => void;
}) {
  const felder = st.entwurf.inhalt.handlungsfelder;
  const ziele = felder.flatMap((h) => h.ziele);
  const feldAuswahl = (
    <Auswahl label="Handlungsfeld" name="handlungsfeld" required>
      {felder.map((h) => (
        <option key={h.id} value={h.id}>
          {h.titel}
        </option>
      ))}
    </Auswahl>
  );
  return (
    <section aria-labelledby="bearbeiten-titel" className="kennzahlen-bereich">
      <h2 id="bearbeiten-titel" className="kern-heading-medium">
        Strategie bearbeiten
      </h2>
      <p className="kern-body">
        Änderungen gehen in den Entwurf (Stand {st.entwurf.revision}); beschlossen ist erst eine
        Fortschreibung.
      </p>
      <div className="strategie-formulare">
        <form
          className="formular"
          aria-labelledby="f-titel"
          onSubmit={formular((f, form) => void speichere((i) => (i.titel = text(f, "titel")), form))}
        >
          <h3 id="f-titel" className="kern-heading-small">
            Titel der Strategie
          </h3>
          <Feld
            label="Titel"
            name="titel"
            defaultValue={st.entwurf.inhalt.titel}
            key={st.entwurf.inhalt.titel}
            required
          />
          <button className="kern-btn kern-btn--secondary" type="submit">
            <span className="kern-label">Titel speichern</span>
          </button>
        </form>
        <form
          className="formular"
          aria-labelledby="f-hf"
          onSubmit={formular(
            (f, form) =>
              void speichere(
                (i) =>
                  i.handlungsfelder.push({
                    id: neueId("hf"),
                    titel: text(f, "titel"),
                    ziele: [],
                    massnahmen: [],
                  }),
                form,
              ),
          )}
        >
          <h3 id="f-hf" className="kern-heading-small">
            Handlungsfeld hinzufügen
          </h3>
          <Feld label="Titel des Handlungsfelds" name="titel" required maxLength={300} />
          <button className="kern-btn kern-btn--secondary" type="submit">
            <span className="kern-label">Handlungsfeld hinzufügen</span>
          </button>
        </form>
        {felder.length > 0 && (
          <form
            className="formular"
            aria-labelledby="f-ziel"
            onSubmit={formular(
              (f, form) =>
                void speichere((i) => {
                  i.handlungsfelder
                    .find((h) => h.id === text(f, "handlungsfeld"))
                    ?.ziele.push({
                      id: neueId("z"),
                      titel: text(f, "titel"),
                      kennzahl: text(f, "kennzahl"),
                      zielwert: Number(text(f, "zielwert").replace(",", ".")),
                      richtung: text(f, "richtung") === "hoechstens" ? "hoechstens" : "mindestens",
                      zieldatum: text(f, "zieldatum"),
                    });
                }, form),
            )}
          >
            <h3 id="f-ziel" className="kern-heading-small">
              Ziel hinzufügen
            </h3>
            {feldAuswahl}
            <Feld label="Ziel" name="titel" required maxLength={300} />
            <Auswahl label="Kennzahl" name="kennzahl" required>
              {katalog.map((k) => (
                <option key={k.schluessel} value={k.schluessel}>
                  {k.name}
                  {kennzahlEinheit(k.art) ? ` (${kennzahlEinheit(k.art).trim()})` : ""}
                </option>
              ))}
            </Auswahl>
            <Auswahl label="Richtung" name="richtung">
              <option value="mindestens">mindestens</option>
              <option value="hoechstens">höchstens</option>
            </Auswahl>
            <Feld
              label="Zielwert"
              name="zielwert"
              inputMode="decimal"
              required
              pattern="[0-9]+([,.][0-9]+)?"
            />
            <Feld label="Zieldatum" name="zieldatum" type="date" required />
            <button className="kern-btn kern-btn--secondary" type="submit">
              <span className="kern-label">Ziel hinzufügen</span>
            </button>
          </form>
        )}
        {ziele.length > 0 && (
          <form
            className="formular"
            aria-labelledby="f-zielwert"
            onSubmit={formular(
              (f, form) =>
                void speichere((i) => {
                  const z = i.handlungsfelder.flatMap((h) => h.ziele).find((x) => x.id === text(f, "ziel"));
                  if (!z) return;
                  if (text(f, "zielwert")) z.zielwert = Number(text(f, "zielwert").replace(",", "."));
                  if (text(f, "zieldatum")) z.zieldatum = text(f, "zieldatum");
                }, form),
            )}
          >
            <h3 id="f-zielwert" className="kern-heading-small">
              Ziel ändern
            </h3>
            <Auswahl label="Ziel" name="ziel" required>
              {ziele.map((z) => (
                <option key={z.id} value={z.id}>
                  {z.titel}
                </option>
              ))}
            </Auswahl>
            <Feld label="Neuer Zielwert" name="zielwert" inputMode="decimal" pattern="[0-9]+([,.][0-9]+)?" />
            <Feld label="Neues Zieldatum" name="zieldatum" type="date" />
            <button className="kern-btn kern-btn--secondary" type="submit">
              <span className="kern-label">Ziel ändern</span>
            </button>
          </form>
        )}
        {felder.length > 0 && (
          <form
            className="formular"
            aria-labelledby="f-massnahme"
            onSubmit={formular(
              (f, form) =>
                void speichere((i) => {
                  i.handlungsfelder
                    .find((h) => h.id === text(f, "handlungsfeld"))
                    ?.massnahmen.push({
                      id: neueId("m"),
                      titel: text(f, "titel"),
                      oeId: text(f, "oeId"),
                      status: text(f, "status") as Massnahme["status"],
                      meilensteine: [],
                    });
                }, form),
            )}
          >
            <h3 id="f-massnahme" className="kern-heading-small">
              Maßnahme hinzufügen
            </h3>
            {feldAuswahl}
            <Feld label="Maßnahme" name="titel" required maxLength={300} />
            <Auswahl label="Verantwortliche Organisationseinheit" name="oeId" required>
              {oes.map((o) => (
                <option key={o.oe.id} value={o.oe.id}>
                  {o.oe.kuerzel} {o.oe.name}
                </option>
              ))}
            </Auswahl>
            <Auswahl label="Status" name="status">
              {Object.entries(STATUS).map(([wert, name]) => (
                <option key={wert} value={wert}>
                  {name}
                </option>
              ))}
            </Auswahl>
            <button className="kern-btn kern-btn--secondary" type="submit">
              <span className="kern-label">Maßnahme hinzufügen</span>
            </button>
          </form>
        )}
        <form
          className="formular"
          aria-labelledby="f-fortschreibung"
          onSubmit={formular((f, form) => {
            setFehler(null);
            api<{ nummer: number }>("POST", "/api/v1/steuerung/strategie/fassungen", {
              beschlossenAm: text(f, "beschlossenAm"),
              notiz: text(f, "notiz"),
            }).then((r) => {
              form.reset();
              fortgeschrieben(r.nummer);
            }, setFehler);
          })}
        >
          <h3 id="f-fortschreibung" className="kern-heading-small">
            Fortschreibung beschließen
          </h3>
          <Feld label="Beschlossen am" name="beschlossenAm" type="date" required />
          <Feld label="Notiz" name="notiz" hinweis="z. B. „Kreistagsbeschluss vom …“" maxLength={1000} />
          <button className="kern-btn kern-btn--primary" type="submit">
            <span className="kern-label">Fortschreibung beschließen</span>
          </button>
        </form>
      </div>
    </section>
  );
}

/** The Fortschreibungen and the difference between two of them. */
function Fassungen({ st }: { st: Strategie }) {
  const [paar, setPaar] = useState<{ von: number; bis: number } | null>(null);
  const unterschied = useApi<StrategieUnterschied>(
    paar ? `/api/v1/steuerung/strategie/unterschied?von=${paar.von}&bis=${paar.bis}` : null,
  );
  const f = st.fassungen;
  return (
    <section aria-labelledby="fassungen-titel" className="kennzahlen-bereich">
      <h2 id="fassungen-titel" className="kern-heading-medium">
        Fortschreibungen
      </h2>
      {f.length === 0 ? (
        <p className="kern-body">Noch keine Fortschreibung beschlossen.</p>
      ) : (
        <ul className="kern-list">
          {f.map((x) => (
            <li key={x.nummer} className="kern-body">
              Fassung {x.nummer}, beschlossen am {formatDatum(x.beschlossenAm)}
              {x.notiz ? ` – ${x.notiz}` : ""}
            </li>
          ))}
        </ul>
      )}
      {f.length >= 2 && (
        <form
          className="filterleiste"
          aria-label="Fassungen vergleichen"
          onSubmit={formular((d) => setPaar({ von: Number(d.get("von")), bis: Number(d.get("bis")) }))}
        >
          <Auswahl label="Ältere Fassung" name="von" defaultValue={String(f.at(-1)!.nummer)}>
            {f.map((x) => (
              <option key={x.nummer} value={x.nummer}>
                Fassung {x.nummer}
              </option>
            ))}
          </Auswahl>
          <Auswahl label="Neuere Fassung" name="bis" defaultValue={String(f[0]!.nummer)}>
            {f.map((x) => (
              <option key={x.nummer} value={x.nummer}>
                Fassung {x.nummer}
              </option>
            ))}
          </Auswahl>
          <button className="kern-btn kern-btn--secondary" type="submit">
            <span className="kern-label">Unterschied zeigen</span>
          </button>
        </form>
      )}
      <Fehler fehler={unterschied.fehler} />
      {unterschied.daten && (
        <div aria-live="polite">
          <h3 className="kern-heading-small">
            Was sich von Fassung {unterschied.daten.von} zu Fassung {unterschied.daten.bis} geändert hat
          </h3>
          {unterschied.daten.aenderungen.length === 0 ? (
            <p className="kern-body">Keine Änderungen.</p>
          ) : (
            <ul className="kern-list unterschied">
              {unterschied.daten.aenderungen.map((a) => (
                <li key={a} className="kern-body">
                  {a}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/** The roll-out per OE: wave, dates, trained share; the Stabsstelle records it. */
function EinfuehrungAnsicht({
  liste,
  darfBearbeiten,
  gespeichert,
  setFehler,
}: {
  liste: ReturnType<typeof useApi<Einfuehrung[]>>;
  darfBearbeiten: boolean;
  gespeichert: (text: string) => void;
  setFehler: (e: unknown) => void;
}) {
  const l = liste.daten;
  return (
    <section aria-labelledby="einfuehrung-titel" className="kennzahlen-bereich">
      <h2 id="einfuehrung-titel" className="kern-heading-medium">
        Einführungsstand
      </h2>
      <Fehler fehler={liste.fehler} />
      {l && l.length > 0 && (
        <Tabellenrahmen beschriftung="Einführungsstand je Organisationseinheit">
          <table className="kern-table kern-table--striped">
            <caption className="kern-sr-only">Einführungsstand je Organisationseinheit</caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Organisationseinheit
                </th>
                <th scope="col" className="kern-table__header">
                  Welle
                </th>
                <th scope="col" className="kern-table__header">
                  Pilot ab
                </th>
                <th scope="col" className="kern-table__header">
                  Produktiv ab
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Personen
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Geschult
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {l.map((e) => (
                <tr key={e.oe.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    <Link href={`/steuerung/einfuehrung/${e.oe.id}`}>
                      {e.oe.kuerzel} {e.oe.name}
                    </Link>
                  </th>
                  <td className="kern-table__cell">
                    {e.welle
                      ? (WELLE_TEXT[e.welle as EinfuehrungEingabe["welle"]] ?? e.welle)
                      : "nicht erfasst"}
                  </td>
                  <td className="kern-table__cell">{e.pilotAb ? formatDatum(e.pilotAb) : "–"}</td>
                  <td className="kern-table__cell">{e.produktivAb ? formatDatum(e.produktivAb) : "–"}</td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {e.unterdrueckt ? "< 5" : formatZahl(e.personen)}
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {e.unterdrueckt
                      ? "< 5"
                      : e.geschultAnteil === null
                        ? "–"
                        : `${formatZahl(e.geschultAnteil)} %`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Tabellenrahmen>
      )}
      {darfBearbeiten && l && l.length > 0 && (
        <form
          className="formular"
          aria-labelledby="f-einfuehrung"
          onSubmit={formular((f, form) => {
            setFehler(null);
            const datum = (n: string) => text(f, n) || null;
            const prozent = text(f, "geschultProzent");
            api<Einfuehrung>("PUT", `/api/v1/steuerung/einfuehrung/${encodeURIComponent(text(f, "oeId"))}`, {
              welle: text(f, "welle"),
              geplantAb: datum("geplantAb"),
              pilotAb: datum("pilotAb"),
              produktivAb: datum("produktivAb"),
              geschultProzent: prozent ? Number(prozent.replace(",", ".")) : null,
            }).then((e) => {
              form.reset();
              gespeichert(`Einführungsstand von ${e.oe.kuerzel} ${e.oe.name} gespeichert.`);
            }, setFehler);
          })}
        >
          <h3 id="f-einfuehrung" className="kern-heading-small">
            Einführungsstand erfassen
          </h3>
          <Auswahl label="Organisationseinheit" name="oeId" required>
            {l.map((e) => (
              <option key={e.oe.id} value={e.oe.id}>
                {e.oe.kuerzel} {e.oe.name}
              </option>
            ))}
          </Auswahl>
          <Auswahl label="Welle" name="welle">
            {Object.entries(WELLE_TEXT).map(([wert, text]) => (
              <option key={wert} value={wert}>
                {text}
              </option>
            ))}
          </Auswahl>
          <Feld label="Geplant ab" name="geplantAb" type="date" />
          <Feld label="Pilot ab" name="pilotAb" type="date" />
          <Feld label="Produktiv ab" name="produktivAb" type="date" />
          <Feld
            label="Geschult (Anteil in %)"
            name="geschultProzent"
            inputMode="decimal"
            pattern="[0-9]+([,.][0-9]+)?"
          />
          <button className="kern-btn kern-btn--secondary" type="submit">
            <span className="kern-label">Einführungsstand speichern</span>
          </button>
        </form>
      )}
    </section>
  );
}
