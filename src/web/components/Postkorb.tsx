import { useState } from "react";
import { postkorbKategorien, type PostkorbKategorie } from "../../shared/workflow";
import { api } from "../api/client";
import type { AuswahlEintrag } from "../../shared/api/auswahl.schema";
import { Kombifeld } from "./Kombifeld";
import type { Abwesenheit, Benachrichtigungen, Postkorb as PostkorbDaten } from "../api/types";
import { formatDatum, formatZeit, postkorbArt } from "../format";
import { useApi } from "../hooks/useApi";
import { useAktion, useFormular } from "../hooks/useFormular";
import { Link } from "../router";
import { useSession } from "../session";
import { Auswahl, Badge, Begriff, Fehler, Feld, Laden, Leer, Meldung, Tabellenrahmen } from "./ui";
import { postkorbPfad } from "../../shared/vorabdaten";

const KATEGORIE_TEXT: Record<PostkorbKategorie, string> = {
  posteingang: "Neu im Posteingang",
  bearbeiten: "Zu bearbeiten",
  mitzeichnung: "Zur Mitzeichnung",
  zeichnung: "Zur Zeichnung",
  kenntnis: "Zur Kenntnis",
  wiedervorlage: "Wiedervorlagen fällig",
  frist: "Fristen überschritten",
};

/**
 * The Postkorb: counts per category as filter buttons, then the items by urgency, each with where
 * it came from (own, the OE's Postkorb, or "i. V." for an absent colleague).
 */
export function Postkorb() {
  const { me } = useSession();
  const [kategorie, setKategorie] = useState<PostkorbKategorie | null>(null);
  const [suche, setSuche] = useState("");
  const [oe, setOe] = useState("");
  const pfad = `${postkorbPfad}${kategorie ? `&kategorie=${kategorie}` : ""}${suche ? `&q=${encodeURIComponent(suche)}` : ""}${oe ? `&oe=${encodeURIComponent(oe)}` : ""}`;
  const postkorb = useApi<PostkorbDaten>(pfad);
  const p = postkorb.daten;
  return (
    <section aria-labelledby="postkorb" className="stapel">
      <h2 id="postkorb" className="kern-heading-medium">
        <Begriff wort="Postkorb" />
      </h2>
      {p && p.vertretungFuer.length > 0 && (
        <Meldung art="info" titel="Sie vertreten heute">
          {p.vertretungFuer.map((v) => v.anzeigename).join(", ")} – deren Aufgaben stehen mit „i. V.“ in Ihrem
          Postkorb.
        </Meldung>
      )}
      <ul className="postkorb__reiter" aria-label="Kategorien des Postkorbs">
        <li>
          <button
            type="button"
            className={`kern-btn ${kategorie === null ? "kern-btn--primary" : "kern-btn--secondary"}`}
            aria-pressed={kategorie === null}
            onClick={() => setKategorie(null)}
          >
            <span className="kern-label">Alle</span>
          </button>
        </li>
        {postkorbKategorien.map((k) => (
          <li key={k}>
            <button
              type="button"
              className={`kern-btn ${kategorie === k ? "kern-btn--primary" : "kern-btn--secondary"}`}
              aria-pressed={kategorie === k}
              onClick={() => setKategorie(k)}
            >
              <span className="kern-label">
                {KATEGORIE_TEXT[k]}: {p?.zaehler[k] ?? "–"}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {me.organisationseinheiten.length > 0 && (
        <Auswahl
          label="Postkorb von"
          name="postkorb-von"
          value={oe}
          onChange={(e) => setOe(e.target.value)}
          hinweis="Im Postkorb einer OE stehen die Schritte an die OE und ihr Posteingang."
        >
          <option value="">mir (mit OE und Vertretung)</option>
          {me.organisationseinheiten.map((o) => (
            <option key={o.id} value={o.kuerzel}>
              OE {o.kuerzel} {o.name}
            </option>
          ))}
        </Auswahl>
      )}
      <Feld
        label="Im Postkorb suchen"
        name="postkorb-suche"
        type="search"
        hinweis="Betreff oder Aktenzeichen"
        value={suche}
        onChange={(e) => setSuche(e.target.value)}
      />
      {postkorb.laedt && !p ? (
        <Laden />
      ) : postkorb.fehler ? (
        <Fehler fehler={postkorb.fehler} />
      ) : !p || p.eintraege.length === 0 ? (
        <Leer titel="Nichts zu tun">
          {kategorie ? "In dieser Kategorie liegt nichts." : "Ihr Postkorb ist leer."}
        </Leer>
      ) : (
        <Tabellenrahmen beschriftung="Postkorb">
          <table className="kern-table kern-table--striped">
            <caption className="kern-sr-only">Postkorb, dringendste Einträge zuerst</caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Was
                </th>
                <th scope="col" className="kern-table__header">
                  Vorgang
                </th>
                <th scope="col" className="kern-table__header">
                  Frist / seit
                </th>
                <th scope="col" className="kern-table__header">
                  Für
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {p.eintraege.map((e) => (
                <tr key={`${e.kategorie}-${e.id}`} className="kern-table__row">
                  <td className="kern-table__cell">
                    {postkorbArt(e)}
                    {e.notiz && <div className="kern-body kern-body--small">{e.notiz}</div>}
                  </td>
                  <td className="kern-table__cell">
                    {e.vorgang ? (
                      <Link href={`/vorgaenge/${e.vorgang.id}`}>
                        {e.vorgang.zeichen} {e.vorgang.betreff}
                      </Link>
                    ) : (
                      <Link href="/posteingang">{e.titel}</Link>
                    )}
                  </td>
                  <td className="kern-table__cell">
                    {e.frist ? formatDatum(e.frist) : formatZeit(e.seit)}{" "}
                    {e.ueberfaellig && <Badge art="danger">überschritten</Badge>}
                  </td>
                  <td className="kern-table__cell">
                    {e.quelle === "vertretung"
                      ? `i. V. für ${e.fuer?.anzeigename ?? "–"}`
                      : e.quelle === "oe"
                        ? `OE ${e.oe?.kuerzel ?? ""}`
                        : "Sie"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Tabellenrahmen>
      )}
    </section>
  );
}

/** In-app notices (new steps, overdue Fristen, escalations). */
export function Hinweise() {
  const hinweise = useApi<Benachrichtigungen>("/api/v1/benachrichtigungen");
  const gelesen = useAktion();
  const h = hinweise.daten;
  if (!h || h.eintraege.length === 0) return null;
  const alleGelesen = () =>
    gelesen.ausfuehren(async () => {
      await api("POST", "/api/v1/benachrichtigungen/gelesen", {});
      hinweise.neuLaden();
      return { titel: "Alle Benachrichtigungen als gelesen markiert." };
    });
  return (
    <section aria-labelledby="hinweise" className="stapel">
      <h2 id="hinweise" className="kern-heading-medium">
        Benachrichtigungen {h.ungelesen > 0 && <Badge art="info">{h.ungelesen} neu</Badge>}
      </h2>
      {gelesen.rueckmeldung}
      <ul className="kern-list">
        {h.eintraege.slice(0, 8).map((n) => (
          <li key={n.id}>
            {!n.gelesen && <strong>Neu: </strong>}
            {n.link ? <Link href={n.link}>{n.text.split("\n")[0]}</Link> : n.text.split("\n")[0]} ·{" "}
            {formatZeit(n.erstelltAm)}
          </li>
        ))}
      </ul>
      {h.ungelesen > 0 && (
        <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => void alleGelesen()}>
          <span className="kern-label">Alle als gelesen markieren</span>
        </button>
      )}
    </section>
  );
}

/** Own absences with the deputy, and the daily digest by e-mail. */
export function Abwesenheiten() {
  const liste = useApi<Abwesenheit[]>("/api/v1/abwesenheiten");
  const einstellung = useApi<Benachrichtigungen>("/api/v1/benachrichtigungen");
  const [umgeschaltet, setBericht] = useState<boolean | null>(null);
  const [vertreter, setVertreter] = useState<AuswahlEintrag | null>(null);
  const bericht = umgeschaltet ?? einstellung.daten?.tagesbericht ?? false;
  const { api400, absenden, rueckmeldung } = useFormular(async (f, form) => {
    const a = await api<Abwesenheit>("POST", "/api/v1/abwesenheiten", {
      von: String(f.get("von")),
      bis: String(f.get("bis")),
      vertreter: vertreter?.wert ?? null,
    });
    form.reset();
    setVertreter(null);
    liste.neuLaden();
    return {
      titel: `Abwesenheit vom ${formatDatum(a.von)} bis ${formatDatum(a.bis)} eingetragen.`,
      text: `Vertreten durch ${a.vertreter?.anzeigename ?? "die Standardvertretung Ihrer OE"}.`,
    };
  });
  const geloescht = useAktion();
  const loeschen = (a: Abwesenheit) =>
    geloescht.ausfuehren(async () => {
      await api("DELETE", `/api/v1/abwesenheiten/${a.id}`);
      liste.neuLaden();
      return { titel: `Abwesenheit vom ${formatDatum(a.von)} gelöscht.` };
    });
  // The checkbox keeps the focus (a setting changed in place); the result shows beside it.
  const tagesbericht = useAktion();
  const berichtUmschalten = (an: boolean) =>
    void tagesbericht.ausfuehren(async () => {
      await api("PUT", "/api/v1/benachrichtigungen/tagesbericht", { tagesbericht: an });
      setBericht(an);
      tagesbericht.zeige(
        {
          titel: an ? "Der tägliche Bericht kommt per E-Mail." : "Der tägliche Bericht ist abbestellt.",
        },
        { fokus: false },
      );
    });
  return (
    <section aria-labelledby="vertretung" className="stapel" id="abwesenheit">
      <h2 id="vertretung" className="kern-heading-medium">
        Abwesenheit und <Begriff wort="Vertretung" />
      </h2>
      {geloescht.rueckmeldung}
      {(liste.daten ?? []).length > 0 && (
        <ul className="kern-list liste-mit-knoepfen">
          {liste.daten!.map((a) => (
            <li key={a.id}>
              {a.benutzer.anzeigename}: {formatDatum(a.von)} bis {formatDatum(a.bis)}, vertreten durch{" "}
              {a.vertreter?.anzeigename ?? "die Standardvertretung der OE"}{" "}
              <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => void loeschen(a)}>
                <span className="kern-label">
                  Löschen<span className="kern-sr-only">: Abwesenheit ab {formatDatum(a.von)}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="formular" onSubmit={absenden} noValidate aria-label="Abwesenheit eintragen">
        {rueckmeldung}
        <Feld label="Abwesend von" name="von" type="date" required fehler={api400?.fuer("von")} />
        <Feld label="Abwesend bis" name="bis" type="date" required fehler={api400?.fuer("bis")} />
        <Kombifeld
          label="Vertretung"
          name="vertreter"
          art="personen"
          wahl={vertreter}
          onWahl={setVertreter}
          hinweis="Name tippen und wählen; ohne Angabe die Standardvertretung Ihrer OE."
          fehler={api400?.fuer("vertreter")}
        />
        <button type="submit" className="kern-btn kern-btn--secondary">
          <span className="kern-label">Abwesenheit eintragen</span>
        </button>
      </form>
      <div className="kern-form-check">
        <input
          className="kern-form-check__checkbox"
          type="checkbox"
          id="tagesbericht"
          checked={bericht}
          onChange={(e) => berichtUmschalten(e.target.checked)}
        />
        <label className="kern-label" htmlFor="tagesbericht">
          Täglichen Bericht über meinen Postkorb per E-Mail erhalten
        </label>
      </div>
      {tagesbericht.rueckmeldung}
    </section>
  );
}
