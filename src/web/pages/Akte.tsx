import { useState } from "react";
import { api } from "../api/client";
import type {
  AkteMitVorgaengen,
  AkteProtokoll,
  AktenplaneinheitMitVersionen,
  NeuerVorgang,
  Vorgang,
  Zugriffserklaerung,
} from "../api/types";
import { MetadatenFelder, metadatenAus } from "../components/MetadatenFelder";
import {
  Badge,
  Begriff,
  Fehler,
  Feld,
  Laden,
  Leer,
  Meldung,
  Seite,
  NichtSichtbar,
  Tabellenrahmen,
} from "../components/ui";
import { formatDatum, formatZeit, STATUS_TEXT } from "../format";
import { useApi } from "../hooks/useApi";
import { useFormular } from "../hooks/useFormular";
import { AufbewahrungAnzeige } from "../components/AufbewahrungAnzeige";
import { Link } from "../router";
import { aktePfad } from "../../shared/vorabdaten";

type Reiter = "uebersicht" | "vorgaenge" | "protokoll" | "aufbewahrung" | "zugriff";
const REITER: [Reiter, string][] = [
  ["uebersicht", "Übersicht"],
  ["vorgaenge", "Vorgänge"],
  ["protokoll", "Protokoll"],
  ["aufbewahrung", "Aufbewahrung"],
  ["zugriff", "Warum sehe ich das?"],
];

function Uebersicht({ akte }: { akte: AkteMitVorgaengen }) {
  return (
    <dl className="merkmale">
      <dt>
        <Begriff wort="Aktenzeichen" />
      </dt>
      <dd>{akte.aktenzeichen}</dd>
      <dt>Betreff</dt>
      <dd>{akte.betreff}</dd>
      <dt>
        <Begriff wort="Aktenplaneinheit" />
      </dt>
      <dd>
        {akte.aktenplaneinheit.kennzeichen} {akte.aktenplaneinheit.titel}
      </dd>
      <dt>
        <Begriff wort="Federführung" />
      </dt>
      <dd>{akte.federfuehrendeOe.name}</dd>
      <dt>
        <Begriff wort="Beteiligte OE">Beteiligte</Begriff>
      </dt>
      <dd>{akte.beteiligteOes.length ? akte.beteiligteOes.map((o) => o.name).join(", ") : "keine"}</dd>
      <dt>Status</dt>
      <dd>{STATUS_TEXT[akte.status]}</dd>
      <dt>Vertraulichkeit</dt>
      <dd>{akte.vertraulichkeit === "VS-NfD" ? <Begriff wort="VS-NfD" /> : "offen"}</dd>
      <dt>
        <Begriff wort="Hybridakte" />
      </dt>
      <dd>{akte.papierablage ? `Papierteil: ${akte.papierablage}` : "rein elektronisch"}</dd>
      <dt>
        <Begriff wort="Querverweis">Querverweise</Begriff>
      </dt>
      <dd>
        {akte.querverweise.length ? (
          <ul className="kern-list">
            {akte.querverweise.map((q) => (
              <li key={q.akteId}>
                <Link href={`/akten/${q.akteId}`}>{q.aktenzeichen}</Link> {q.betreff}
              </li>
            ))}
          </ul>
        ) : (
          "keine"
        )}
      </dd>
      <dt>
        <Begriff wort="Band">Bände</Begriff>
      </dt>
      <dd>
        {akte.baende.length
          ? akte.baende.map((b) => `Band ${b.nr}${b.titel ? ` (${b.titel})` : ""}`).join(", ")
          : "ein Band"}
      </dd>
      <dt>Angelegt</dt>
      <dd>{formatZeit(akte.erstelltAm)}</dd>
    </dl>
  );
}

function Vorgaenge({ akte, onAenderung }: { akte: AkteMitVorgaengen; onAenderung: () => void }) {
  const einheit = useApi<AktenplaneinheitMitVersionen>(
    akte.rechte.bearbeiten
      ? `/api/v1/aktenplan/${encodeURIComponent(akte.aktenplaneinheit.kennzeichen)}`
      : null,
  );
  const felder = einheit.daten?.metadatenfelder ?? [];
  // The new Vorgang joins the table above; the message below leads to it.
  const { api400, absenden, rueckmeldung } = useFormular(async (f, form) => {
    const v = await api<Vorgang>("POST", `/api/v1/akten/${akte.id}/vorgaenge`, {
      betreff: String(f.get("betreff")),
      frist: String(f.get("frist") ?? "") || null,
      metadaten: metadatenAus(f, felder),
    } satisfies NeuerVorgang);
    form.reset();
    onAenderung();
    return {
      titel: `Vorgang ${v.zeichen} angelegt.`,
      text: `„${v.betreff}“.`,
      link: { href: `/vorgaenge/${v.id}`, text: `Vorgang ${v.zeichen} öffnen` },
    };
  });
  return (
    <div className="stapel">
      {!akte.rechte.inhaltLesen ? (
        <Meldung art="info" titel="Nur die Angaben zur Akte">
          Der Inhalt dieser zugriffsbeschränkten Akte ist nur für die benannten Personen.
        </Meldung>
      ) : akte.vorgaenge.length === 0 ? (
        <Leer titel="Noch keine Vorgänge">
          {akte.rechte.bearbeiten
            ? "Legen Sie unten den ersten Vorgang an, z. B. für einen eingegangenen Antrag."
            : "In dieser Akte gibt es noch keine Vorgänge."}
        </Leer>
      ) : (
        <Tabellenrahmen beschriftung={`Vorgänge der Akte ${akte.aktenzeichen}`}>
          <table className="kern-table kern-table--striped">
            <caption className="kern-sr-only">Vorgänge der Akte {akte.aktenzeichen}</caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Nr.
                </th>
                <th scope="col" className="kern-table__header">
                  Betreff
                </th>
                <th scope="col" className="kern-table__header">
                  Status
                </th>
                <th scope="col" className="kern-table__header">
                  Frist
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Dokumente
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {akte.vorgaenge.map((v) => (
                <tr key={v.id} className="kern-table__row">
                  <td className="kern-table__cell">{v.nr}</td>
                  <td className="kern-table__cell">
                    <Link href={`/vorgaenge/${v.id}`}>{v.betreff}</Link>
                  </td>
                  <td className="kern-table__cell">{STATUS_TEXT[v.status]}</td>
                  <td className="kern-table__cell">{formatDatum(v.frist)}</td>
                  <td className="kern-table__cell kern-table__cell--numeric">{v.anzahlDokumente}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Tabellenrahmen>
      )}
      {akte.rechte.bearbeiten && akte.status === "offen" && (
        <form className="formular" onSubmit={absenden} noValidate aria-labelledby="neuer-vorgang">
          <h3 id="neuer-vorgang" className="kern-heading-small">
            Neuer <Begriff wort="Vorgang" />
          </h3>
          {rueckmeldung}
          <Feld
            label="Betreff des Vorgangs"
            name="betreff"
            required
            maxLength={500}
            fehler={api400?.fuer("betreff")}
          />
          <Feld label={<Begriff wort="Frist" />} name="frist" type="date" fehler={api400?.fuer("frist")} />
          <MetadatenFelder felder={felder} fehler={(feld) => api400?.fuer(feld)} />
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">Vorgang anlegen</span>
          </button>
        </form>
      )}
    </div>
  );
}

function Protokoll({ akteId }: { akteId: string }) {
  const protokoll = useApi<AkteProtokoll>(`/api/v1/akten/${akteId}/protokoll?limit=100`);
  if (protokoll.laedt) return <Laden />;
  if (protokoll.fehler) return <Fehler fehler={protokoll.fehler} />;
  return (
    <Tabellenrahmen beschriftung="Protokoll der Akte">
      <table className="kern-table kern-table--small">
        <caption className="kern-sr-only">Protokoll der Akte, neueste Einträge zuerst</caption>
        <thead className="kern-table__header">
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              Zeit
            </th>
            <th scope="col" className="kern-table__header">
              Wer
            </th>
            <th scope="col" className="kern-table__header">
              Was
            </th>
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {(protokoll.daten?.eintraege ?? []).map((e) => (
            <tr key={e.nr} className="kern-table__row">
              <td className="kern-table__cell">{formatZeit(e.zeit)}</td>
              <td className="kern-table__cell">
                {e.akteur}
                {e.imAuftragVon && ` i. V. für ${e.imAuftragVon}`}
              </td>
              <td className="kern-table__cell">{AKTIONEN[e.aktion] ?? "Sonstige Änderung"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Tabellenrahmen>
  );
}

const AKTIONEN: Record<string, string> = {
  "akte.angelegt": "Akte angelegt",
  "akte.geaendert": "Angaben geändert",
  "akte.zugriff_geaendert": "Zugriff geändert",
  "akte.beschraenkt_gelesen": "Inhalt geöffnet",
  "vorgang.angelegt": "Vorgang angelegt",
  "vorgang.geaendert": "Vorgang geändert",
  "vorgang.umprotokolliert": "Vorgang umprotokolliert",
  "vorgang.zda": "zdA verfügt",
  "vorgang.zda_aufgehoben": "zdA aufgehoben",
  "dokument.angelegt": "Dokument hinzugefügt",
  "dokument.geaendert": "Dokument geändert",
  "dokument.version_angelegt": "Neue Version",
  "dokument.gezeichnet": "Entwurf gezeichnet",
  "akte.beteiligt": "Beteiligung durch Geschäftsgang",
  "geschaeftsgang.gestartet": "Geschäftsgang gestartet",
  "geschaeftsgang.geaendert": "Laufweg geändert",
  "geschaeftsgang.abgeschlossen": "Geschäftsgang abgeschlossen",
  "geschaeftsgang.abgebrochen": "Geschäftsgang abgebrochen",
  "schritt.uebernommen": "Schritt übernommen",
  "schritt.erledigt": "Schritt erledigt",
  "schritt.weitergeleitet": "Schritt weitergeleitet",
  "schritt.uebersprungen": "Schritt entfallen",
  "schritt.eskaliert": "Frist an Leitung eskaliert",
  "vorgang.frist_eskaliert": "Frist an Leitung eskaliert",
  "wiedervorlage.angelegt": "Wiedervorlage gesetzt",
  "wiedervorlage.erledigt": "Wiedervorlage erledigt",
  "posteingang.registriert": "Eingang registriert",
  "akte.geloescht": "Akte gelöscht",
  "akte.aufbewahrung_geaendert": "Aufbewahrung geändert",
  "akte.loeschsperre_gesetzt": "Löschsperre gesetzt",
  "akte.loeschsperre_aufgehoben": "Löschsperre aufgehoben",
  "akte.uebernommen": "Vom Archiv übernommen",
  "akte.inhalt_geloescht": "Inhalt nach Aussonderung gelöscht",
  "akte.abgegeben": "An das Archiv abgegeben",
  "xdomea.exportiert": "An das Archiv angeboten oder übergeben (xdomea)",
  "xdomea.importiert": "Antwort des Archivs übernommen (xdomea)",
};

function Zugriff({ akteId }: { akteId: string }) {
  const z = useApi<Zugriffserklaerung>(`/api/v1/akten/${akteId}/zugriff`);
  if (z.laedt) return <Laden />;
  if (z.fehler || !z.daten) return <Fehler fehler={z.fehler} />;
  return (
    <div className="stapel">
      <Meldung art="info" titel="Sie sehen diese Akte, weil …">
        <ul className="kern-list kern-list--bullet">
          {z.daten.ich.gruende.map((g) => (
            <li key={g}>{g}</li>
          ))}
        </ul>
      </Meldung>
      <h3 className="kern-heading-small">Regeln</h3>
      <ul className="kern-list kern-list--bullet">
        {z.daten.regeln.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <h3 className="kern-heading-small">Wer die Akte sehen darf</h3>
      <Tabellenrahmen beschriftung="Personen mit Zugriff">
        <table className="kern-table kern-table--striped">
          <caption className="kern-sr-only">Personen mit Zugriff und Begründung</caption>
          <thead className="kern-table__header">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">
                Person
              </th>
              <th scope="col" className="kern-table__header">
                Darf
              </th>
              <th scope="col" className="kern-table__header">
                Warum
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {z.daten.personen.map((p) => (
              <tr key={p.benutzer.id} className="kern-table__row">
                <td className="kern-table__cell">{p.benutzer.anzeigename}</td>
                <td className="kern-table__cell">
                  {p.rechte.bearbeiten
                    ? "lesen und bearbeiten"
                    : p.rechte.inhaltLesen
                      ? "lesen"
                      : "nur die Angaben sehen"}
                </td>
                <td className="kern-table__cell">{p.gruende.join("; ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Tabellenrahmen>
    </div>
  );
}

export default function AkteSeite({ id }: { id: string }) {
  const akte = useApi<AkteMitVorgaengen>(aktePfad(id));
  const [reiter, setReiter] = useState<Reiter>("uebersicht");
  if (akte.laedt && !akte.daten) return <Laden />;
  if (akte.fehler || !akte.daten) {
    return <NichtSichtbar was="Die Akte" fehler={akte.fehler} />;
  }
  const a = akte.daten;
  const tasten = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const i = REITER.findIndex(([r]) => r === reiter);
    const next =
      e.key === "ArrowRight"
        ? (i + 1) % REITER.length
        : e.key === "ArrowLeft"
          ? (i + REITER.length - 1) % REITER.length
          : -1;
    if (next >= 0) {
      setReiter(REITER[next]![0]);
      document.getElementById(`reiter-${REITER[next]![0]}`)?.focus();
    }
  };
  return (
    <Seite titel={`Akte ${a.aktenzeichen}`}>
      <p className="kern-body unterzeile">{a.betreff}</p>
      <div className="abzeichen">
        <Badge art={a.status === "offen" ? "success" : "info"}>{STATUS_TEXT[a.status]}</Badge>
        {a.zugriffsbeschraenkt && <Badge art="warning">zugriffsbeschränkt</Badge>}
        {a.vertraulichkeit === "VS-NfD" && <Badge art="danger">VS-NfD</Badge>}
      </div>
      <div role="tablist" aria-label="Bereiche der Akte" className="reiter" onKeyDown={tasten}>
        {REITER.map(([r, text]) => (
          <button
            key={r}
            id={`reiter-${r}`}
            role="tab"
            type="button"
            aria-selected={reiter === r}
            aria-controls={`tafel-${r}`}
            tabIndex={reiter === r ? 0 : -1}
            onClick={() => setReiter(r)}
          >
            {text}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tafel-${reiter}`} aria-labelledby={`reiter-${reiter}`} tabIndex={0}>
        {reiter === "uebersicht" && <Uebersicht akte={a} />}
        {reiter === "vorgaenge" && <Vorgaenge akte={a} onAenderung={akte.neuLaden} />}
        {reiter === "protokoll" && <Protokoll akteId={a.id} />}
        {reiter === "aufbewahrung" && <AufbewahrungAnzeige akteId={a.id} />}
        {reiter === "zugriff" && <Zugriff akteId={a.id} />}
      </div>
    </Seite>
  );
}
