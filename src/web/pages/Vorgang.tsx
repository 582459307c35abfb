import { useState } from "react";
import { api } from "../api/client";
import type { Dokument, DokumentMetadaten, Geschaeftsgang, Vorgang, ZdaAufhebung } from "../api/types";
import { dokumentTypen, type DokumentTyp } from "../../shared/schriftgut";
import type { MetadatenTyp } from "../../shared/aktenplan";
import { GeschaeftsgangBereich, MeineAufgaben } from "../components/Geschaeftsgang";
import { Upload } from "../components/Upload";
import {
  Aufklapper,
  Auswahl,
  Badge,
  Begriff,
  Feld,
  Laden,
  Leer,
  Seite,
  NichtSichtbar,
  Tabellenrahmen,
} from "../components/ui";
import { formatDatum, formatEuro, formatGroesse, formatZahl, STATUS_TEXT } from "../format";
import { useApi } from "../hooks/useApi";
import { useFormular } from "../hooks/useFormular";
import { Link } from "../router";
import { geschaeftsgaengePfad, vorgangPfad } from "../../shared/vorabdaten";

function wert(typ: MetadatenTyp, v: unknown): string {
  if (v === null || v === undefined || v === "") return "–";
  if (typ === "Geldbetrag") return formatEuro(v as string);
  if (typ === "Datum") return formatDatum(v as string);
  if (typ === "Zahl") return formatZahl(v as number);
  return String(v);
}

/** The fields of a new Dokument before anything is typed. */
const LEERE_ANGABEN = { typ: "Eingang" as DokumentTyp, titel: "", absender: "", eingangsdatum: "" };

export default function VorgangSeite({ id }: { id: string }) {
  const vorgang = useApi<Vorgang>(vorgangPfad(id));
  const gaenge = useApi<Geschaeftsgang[]>(geschaeftsgaengePfad(id));
  const [meta, setMeta] = useState(LEERE_ANGABEN);
  // zdA and its lifting: the result next to the button (a hook, so before the early returns).
  const zda = useFormular(async (f) => {
    const v = vorgang.daten!;
    if (v.status === "zda") {
      await api("POST", `/api/v1/vorgaenge/${v.id}/zda-aufheben`, {
        begruendung: String(f.get("begruendung")),
      } satisfies ZdaAufhebung);
      vorgang.neuLaden();
      return { titel: "zdA aufgehoben.", text: "Der Vorgang ist wieder in Bearbeitung." };
    }
    await api("POST", `/api/v1/vorgaenge/${v.id}/zda`);
    vorgang.neuLaden();
    return { titel: "Vorgang zu den Akten verfügt (zdA)." };
  });
  if (vorgang.laedt && !vorgang.daten) return <Laden />;
  if (vorgang.fehler || !vorgang.daten) {
    return <NichtSichtbar was="Den Vorgang" fehler={vorgang.fehler} />;
  }
  const v = vorgang.daten;
  const geaendert = () => {
    vorgang.neuLaden();
    gaenge.neuLaden();
  };
  return (
    <Seite titel={`Vorgang ${v.zeichen}`}>
      <p className="kern-body unterzeile">
        {v.betreff} · Akte <Link href={`/akten/${v.akte.id}`}>{v.akte.aktenzeichen}</Link>
      </p>
      <div className="abzeichen">
        <Badge art={v.status === "zda" ? "info" : "success"}>{STATUS_TEXT[v.status]}</Badge>
        {v.frist && <Badge>Frist {formatDatum(v.frist)}</Badge>}
      </div>
      {gaenge.daten && <MeineAufgaben gaenge={gaenge.daten} vorgangId={v.id} onAenderung={geaendert} />}
      <div className="raster raster--zwei">
        <section aria-labelledby="dokumente" className="stapel">
          <h2 id="dokumente" className="kern-heading-medium">
            <Begriff wort="Dokument">Dokumente</Begriff>
          </h2>
          {v.dokumente.length === 0 ? (
            <Leer titel="Noch keine Dokumente">
              {v.rechte.dokumentAnlegen
                ? "Laden Sie mit „Dokument hinzufügen“ das erste Dokument hoch, z. B. das Eingangsschreiben."
                : "Dieser Vorgang enthält keine Dokumente."}
            </Leer>
          ) : (
            <Tabellenrahmen beschriftung="Dokumente des Vorgangs">
              <table className="kern-table kern-table--striped">
                <caption className="kern-sr-only">Dokumente des Vorgangs</caption>
                <thead className="kern-table__header">
                  <tr className="kern-table__row">
                    <th scope="col" className="kern-table__header">
                      <span className="kern-sr-only">Vorschau</span>
                    </th>
                    <th scope="col" className="kern-table__header">
                      Titel
                    </th>
                    <th scope="col" className="kern-table__header">
                      Typ
                    </th>
                    <th scope="col" className="kern-table__header">
                      Eingang
                    </th>
                    <th scope="col" className="kern-table__header kern-table__header--numeric">
                      Version
                    </th>
                    <th scope="col" className="kern-table__header kern-table__header--numeric">
                      Größe
                    </th>
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {v.dokumente.map((d) => (
                    <tr key={d.id} className="kern-table__row">
                      <td className="kern-table__cell">
                        {d.vorschau && (
                          <img
                            className="vorschau-klein"
                            src={`/api/v1/dokumente/${d.id}/versionen/${d.aktuelleVersion}/vorschau`}
                            alt=""
                            loading="lazy"
                          />
                        )}
                      </td>
                      <td className="kern-table__cell">
                        <Link href={`/dokumente/${d.id}`}>{d.titel}</Link>
                      </td>
                      <td className="kern-table__cell">{d.typ}</td>
                      <td className="kern-table__cell">{formatDatum(d.eingangsdatum)}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{d.aktuelleVersion}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">
                        {formatGroesse(d.groesse)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Tabellenrahmen>
          )}
          {v.rechte.dokumentAnlegen && (
            <Aufklapper titel="Dokument hinzufügen" kuerzel="hochladen">
              <div className="formular">
                <Auswahl
                  label="Dokumenttyp"
                  name="typ"
                  required
                  value={meta.typ}
                  onChange={(e) => setMeta({ ...meta, typ: e.target.value as DokumentTyp })}
                >
                  {dokumentTypen.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </Auswahl>
                <Feld
                  label="Titel"
                  name="titel"
                  value={meta.titel}
                  onChange={(e) => setMeta({ ...meta, titel: e.target.value })}
                  hinweis="Ohne Angabe wird der Dateiname verwendet."
                />
                <Feld
                  label="Absender"
                  name="absender"
                  value={meta.absender}
                  onChange={(e) => setMeta({ ...meta, absender: e.target.value })}
                />
                <Feld
                  label="Eingangsdatum"
                  name="eingangsdatum"
                  type="date"
                  value={meta.eingangsdatum}
                  onChange={(e) => setMeta({ ...meta, eingangsdatum: e.target.value })}
                />
                <Upload<Dokument>
                  ziel={`/api/v1/vorgaenge/${v.id}/dokumente`}
                  felder={() => ({
                    metadaten: JSON.stringify({
                      typ: meta.typ,
                      ...(meta.titel ? { titel: meta.titel } : {}),
                      ...(meta.absender ? { absender: meta.absender } : {}),
                      ...(meta.eingangsdatum ? { eingangsdatum: meta.eingangsdatum } : {}),
                    } satisfies DokumentMetadaten),
                  })}
                  erfolg={(d) => ({
                    titel: `Dokument „${d.titel}“ hinzugefügt.`,
                    link: { href: `/dokumente/${d.id}`, text: `„${d.titel}“ ansehen` },
                  })}
                  onFertig={() => {
                    setMeta(LEERE_ANGABEN);
                    vorgang.neuLaden();
                  }}
                />
              </div>
            </Aufklapper>
          )}
        </section>
        <aside aria-labelledby="angaben" className="stapel">
          <h2 id="angaben" className="kern-heading-medium">
            Angaben
          </h2>
          <dl className="merkmale">
            <dt>Betreff</dt>
            <dd>{v.betreff}</dd>
            <dt>
              <Begriff wort="Frist" />
            </dt>
            <dd>{formatDatum(v.frist)}</dd>
            {v.metadatenfelder.map((f) => (
              <div key={f.schluessel} style={{ display: "contents" }}>
                <dt>{f.bezeichnung}</dt>
                <dd>{wert(f.typ, v.metadaten[f.schluessel])}</dd>
              </div>
            ))}
            <dt>
              <Begriff wort="zdA" />
            </dt>
            <dd>{v.zdaAm ? `am ${formatDatum(v.zdaAm)} durch ${v.zdaVon?.anzeigename ?? "–"}` : "nein"}</dd>
          </dl>
          {(v.rechte.zdaVerfuegen || v.rechte.zdaAufheben) && (
            <form onSubmit={zda.absenden} className="formular" noValidate>
              {zda.rueckmeldung}
              {v.status === "zda" && (
                <Feld label="Begründung für die Wiederaufnahme" name="begruendung" required />
              )}
              <button type="submit" className="kern-btn kern-btn--secondary">
                <span className="kern-label">
                  {v.status === "zda" ? "zdA aufheben" : "zu den Akten (zdA)"}
                </span>
              </button>
            </form>
          )}
        </aside>
      </div>
      <GeschaeftsgangBereich
        vorgangId={v.id}
        gaenge={gaenge}
        dokumente={v.dokumente}
        darfStarten={v.rechte.dokumentAnlegen}
        onAenderung={() => vorgang.neuLaden()}
      />
    </Seite>
  );
}
