import { useState } from "react";
import { api, ApiError, upload } from "../api/client";
import type {
  DokumentKurz,
  Geschaeftsgang,
  Laufwegvorlage,
  NeuerGeschaeftsgang,
  Postkorb as PostkorbDaten,
  NeueWiedervorlage,
  Schritt,
  SchrittAktionEingabe,
  Wiedervorlage,
} from "../api/types";
import { abgangsKanaele, type Kanal } from "../../shared/workflow";
import { formatDatum, formatZeit, postkorbArt } from "../format";
import { useApi, type Laden as LadeZustand } from "../hooks/useApi";
import { Link } from "../router";
import { useAktion, useFormular } from "../hooks/useFormular";
import type { AuswahlEintrag } from "../../shared/api/auswahl.schema";
import { Kombifeld } from "./Kombifeld";
import { adressatAus, neueZeile, pruefeZeilen, SchrittEditor, type Zeile } from "./SchrittEditor";
import {
  Aufklapper,
  Auswahl,
  Badge,
  Begriff,
  Bestaetigung,
  DateiFeld,
  Fehler,
  Feld,
  Laden,
  Leer,
} from "./ui";

type DirekteAktion = SchrittAktionEingabe["aktion"];

const ERGEBNIS: Record<string, string> = {
  erledigt: "erledigt",
  zugestimmt: "mitgezeichnet",
  zugestimmt_mit_aenderungen: "mitgezeichnet mit Änderungen",
  abgelehnt: "abgelehnt",
  zur_kenntnis_genommen: "zur Kenntnis genommen",
  gezeichnet: "gezeichnet",
  zurueckgegeben: "zurückgegeben",
  abgesandt: "abgesandt",
  zda: "zdA verfügt",
  uebersprungen: "entfallen",
};
const STATUS: Record<Schritt["status"], string> = {
  wartend: "wartet",
  offen: "offen",
  erledigt: "erledigt",
  uebersprungen: "entfallen",
};
const GANG_STATUS: Record<Geschaeftsgang["status"], string> = {
  laufend: "läuft",
  abgeschlossen: "abgeschlossen",
  abgebrochen: "abgebrochen",
};
/** What was done, as the success message says it. */
const ERLEDIGT_DIREKT: Partial<Record<DirekteAktion, string>> = {
  erledigen: "erledigt",
  zustimmen: "zugestimmt",
  kenntnisnehmen: "zur Kenntnis genommen",
  zeichnen: "gezeichnet",
  zda: "zdA verfügt",
};
const ERLEDIGT_MIT_FORMULAR = {
  ablehnen: "abgelehnt",
  zurueckgeben: "zurückgegeben",
  aenderungen: "mit Änderungen zugestimmt",
  abgang: "Abgang vermerkt",
  weiterleiten: "weitergeleitet",
} as const;

/** The actions taken with one button, without a form. */
const ART_AKTION: Partial<Record<DirekteAktion, string>> = {
  erledigen: "Erledigt",
  zustimmen: "Zustimmen",
  kenntnisnehmen: "Zur Kenntnis genommen",
  zeichnen: "Zeichnen",
  zda: "zdA verfügen",
};

/** What one may do with an open step: the buttons, and the fields some decisions need. */
function SchrittAktionen({
  schritt,
  entwurf,
  onFertig,
}: {
  schritt: Schritt;
  /** The draft the step is about, named in the confirmation. */
  entwurf: string | null;
  /** Called with what was done, e.g. "Mitzeichnung: zugestimmt". */
  onFertig: (was: string) => void;
}) {
  const [frage, setFrage] = useState<null | "zeichnen" | "zustimmen">(null);
  const [modus, setModus] = useState<
    null | "ablehnen" | "zurueckgeben" | "aenderungen" | "abgang" | "weiterleiten"
  >(null);
  const [an, setAn] = useState<AuswahlEintrag | null>(null);
  const { fehler, api400, absenden, setFehler } = useFormular(async (f) => {
    if (modus === "aenderungen") {
      const datei = f.get("datei");
      if (!(datei instanceof File) || datei.size === 0)
        throw new ApiError(400, "Bitte die geänderte Fassung auswählen.", undefined, [
          { feld: "/datei", meldung: "Datei fehlt." },
        ]);
      const daten = new FormData();
      daten.append("begruendung", String(f.get("begruendung") ?? ""));
      daten.append("datei", datei, datei.name);
      await upload(`/api/v1/schritte/${schritt.id}/mitzeichnung-mit-aenderungen`, daten, () => undefined);
    } else if (modus === "abgang") {
      await api("POST", `/api/v1/schritte/${schritt.id}/aktionen`, {
        aktion: "abgang",
        kanal: String(f.get("kanal")) as Kanal,
        datum: String(f.get("datum") ?? "") || undefined,
      } satisfies SchrittAktionEingabe);
    } else if (modus === "weiterleiten") {
      await api("POST", `/api/v1/schritte/${schritt.id}/aktionen`, {
        aktion: "weiterleiten",
        an: adressatAus(an),
      } satisfies SchrittAktionEingabe);
    } else if (modus) {
      await api("POST", `/api/v1/schritte/${schritt.id}/aktionen`, {
        aktion: modus,
        begruendung: String(f.get("begruendung") ?? ""),
      } satisfies SchrittAktionEingabe);
    }
    const was = modus ? ERLEDIGT_MIT_FORMULAR[modus] : "erledigt";
    setModus(null);
    onFertig(`${schritt.art}: ${modus === "weiterleiten" && an ? `${was} an ${an.text}` : was}`);
  });
  const direkt = async (aktion: DirekteAktion) => {
    setFehler(null);
    setFrage(null);
    try {
      await api("POST", `/api/v1/schritte/${schritt.id}/aktionen`, { aktion } satisfies SchrittAktionEingabe);
      onFertig(`${schritt.art}: ${ERLEDIGT_DIREKT[aktion] ?? "erledigt"}`);
    } catch (e) {
      setFehler(e);
    }
  };
  // Signing and agreeing cannot be taken back: they ask first.
  const waehle = (aktion: DirekteAktion) =>
    aktion === "zeichnen" || aktion === "zustimmen" ? setFrage(aktion) : void direkt(aktion);
  const a = schritt.aktionen;
  return (
    <div className="stapel schritt-aktionen">
      <Fehler fehler={fehler} fokus />
      <div className="knopfleiste">
        {a
          .filter((x): x is DirekteAktion => x in ART_AKTION)
          .map((x) => (
            <button key={x} type="button" className="kern-btn kern-btn--primary" onClick={() => waehle(x)}>
              <span className="kern-label">{ART_AKTION[x]}</span>
            </button>
          ))}
        {a.includes("zustimmen_mit_aenderungen") && (
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            onClick={() => setModus("aenderungen")}
          >
            <span className="kern-label">Mit Änderungen zustimmen</span>
          </button>
        )}
        {a.includes("abgang") && (
          <button type="button" className="kern-btn kern-btn--primary" onClick={() => setModus("abgang")}>
            <span className="kern-label">Abgang vermerken</span>
          </button>
        )}
        {a.includes("ablehnen") && (
          <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setModus("ablehnen")}>
            <span className="kern-label">Ablehnen</span>
          </button>
        )}
        {a.includes("zurueckgeben") && (
          <button
            type="button"
            className="kern-btn kern-btn--tertiary"
            onClick={() => setModus("zurueckgeben")}
          >
            <span className="kern-label">Zurückgeben</span>
          </button>
        )}
        {a.includes("weiterleiten") && (
          <button
            type="button"
            className="kern-btn kern-btn--tertiary"
            onClick={() => setModus("weiterleiten")}
          >
            <span className="kern-label">Weiterleiten</span>
          </button>
        )}
      </div>
      <Bestaetigung
        offen={frage !== null}
        titel={frage === "zeichnen" ? "Jetzt zeichnen?" : "Jetzt zustimmen?"}
        bestaetigen={frage === "zeichnen" ? "Zeichnen" : "Zustimmen"}
        onBestaetigt={() => frage && void direkt(frage)}
        onAbbruch={() => setFrage(null)}
      >
        <p className="kern-body">
          {frage === "zeichnen"
            ? `Sie zeichnen ${entwurf ? `den Entwurf „${entwurf}“` : "den Vorgang"} abschließend. Die gezeichnete Fassung wird festgehalten und kann nicht mehr geändert werden.`
            : `Sie stimmen ${entwurf ? `dem Entwurf „${entwurf}“` : "dem Vorgang"} zu (Mitzeichnung). Ihre Zustimmung wird im Laufweg vermerkt.`}
        </p>
      </Bestaetigung>
      {modus && (
        <form className="formular" onSubmit={absenden} noValidate aria-label={`${schritt.art}: Entscheidung`}>
          {(modus === "ablehnen" || modus === "zurueckgeben" || modus === "aenderungen") && (
            <Feld
              label="Begründung"
              name="begruendung"
              required={modus !== "aenderungen"}
              fehler={api400?.fuer("begruendung")}
            />
          )}
          {modus === "aenderungen" && (
            <DateiFeld
              label="Geänderte Fassung des Entwurfs"
              name="datei"
              id={`aenderung-${schritt.id}`}
              pflicht
              fehler={api400?.fuer("datei")}
            />
          )}
          {modus === "abgang" && (
            <>
              <Auswahl label="Weg des Abgangs" name="kanal" required defaultValue="Post">
                {abgangsKanaele.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </Auswahl>
              <Feld label="Datum des Abgangs" name="datum" type="date" hinweis="Ohne Angabe: heute." />
            </>
          )}
          {modus === "weiterleiten" && (
            <Kombifeld
              label="Weiterleiten an"
              name="an"
              id={`an-${schritt.id}`}
              art="adressaten"
              required
              wahl={an}
              onWahl={setAn}
              hinweis="Name einer Person oder einer OE tippen (OE: an ihren Postkorb)."
              fehler={api400?.fuer("an")}
            />
          )}
          <div className="knopfleiste">
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">
                {modus === "ablehnen"
                  ? "Ablehnen"
                  : modus === "zurueckgeben"
                    ? "Zurückgeben"
                    : modus === "aenderungen"
                      ? "Mit Änderungen zustimmen"
                      : modus === "abgang"
                        ? "Abgang vermerken"
                        : "Weiterleiten"}
              </span>
            </button>
            <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setModus(null)}>
              <span className="kern-label">Abbrechen</span>
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function wer(s: Schritt): string {
  if (!s.erledigtVon) return "";
  return s.erledigtIvFuer
    ? `${s.erledigtVon.anzeigename} i. V. für ${s.erledigtIvFuer.anzeigename}`
    : s.erledigtVon.anzeigename;
}

function Laufweg({ gang }: { gang: Geschaeftsgang }) {
  return (
    <article
      id={`gang-${gang.id}`}
      tabIndex={-1}
      className="stapel laufweg"
      aria-label={`Geschäftsgang vom ${formatZeit(gang.erstelltAm)}`}
    >
      <p className="kern-body">
        {gang.dokument ? (
          <>
            Entwurf „{gang.dokument.titel}“{" "}
            {gang.dokument.gezeichnet && <Badge art="success">gezeichnet</Badge>}
          </>
        ) : (
          "Vorgang"
        )}{" "}
        · begonnen {formatZeit(gang.erstelltAm)} von {gang.ersteller.anzeigename} ·{" "}
        <Badge
          art={gang.status === "laufend" ? "info" : gang.status === "abgeschlossen" ? "success" : "warning"}
        >
          {GANG_STATUS[gang.status]}
        </Badge>{" "}
        <a className="kern-link" href={`/api/v1/geschaeftsgaenge/${gang.id}/verfuegung`} download>
          Verfügung (PDF)
        </a>
      </p>
      <ol className="schritte">
        {gang.schritte.map((s) => (
          <li key={s.id} className={`schritt schritt--${s.status}`}>
            <p className="schritt__kopf">
              <strong>
                {s.stufe}. <Begriff wort={s.art} />
              </strong>{" "}
              an {s.adressat.art === "oe" ? `Postkorb ${s.adressat.name}` : s.adressat.name}
              {s.bearbeiter && ` (übernommen von ${s.bearbeiter.anzeigename})`} ·{" "}
              <Badge art={s.status === "offen" ? "info" : s.status === "erledigt" ? "success" : undefined}>
                {STATUS[s.status]}
              </Badge>
              {s.frist && (
                <>
                  {" "}
                  · Frist {formatDatum(s.frist)} {s.ueberfaellig && <Badge art="danger">überschritten</Badge>}
                </>
              )}
            </p>
            {s.verfuegungstext && <p className="kern-body">„{s.verfuegungstext}“</p>}
            {s.ergebnis && (
              <p className="kern-body">
                {ERGEBNIS[s.ergebnis] ?? s.ergebnis}
                {wer(s) && ` von ${wer(s)}`}
                {s.erledigtAm && ` am ${formatZeit(s.erledigtAm)}`}
                {s.kanal && ` · per ${s.kanal}`}
                {s.versionNr && ` · Version ${s.versionNr}`}
                {s.begruendung && ` · ${s.begruendung}`}
              </p>
            )}
            {s.aktionen.length > 0 && (
              <p className="kern-body">
                <Badge art="warning">Ihre Aufgabe</Badge>{" "}
                <a className="kern-link" href={`#aufgabe-${s.id}`}>
                  Zu den Aktionen oben
                </a>
              </p>
            )}
          </li>
        ))}
      </ol>
    </article>
  );
}

/** Starting a route: from a Laufwegvorlage or step by step. */
function NeuerGeschaeftsgang({
  vorgangId,
  dokumente,
  onFertig,
}: {
  vorgangId: string;
  dokumente: DokumentKurz[];
  onFertig: () => void;
}) {
  const vorlagen = useApi<Laufwegvorlage[]>(`/api/v1/laufwegvorlagen?vorgang=${vorgangId}`);
  const [vorlage, setVorlage] = useState("");
  const [zeilen, setZeilen] = useState<Zeile[]>([neueZeile("Mitzeichnung")]);
  const { api400, absenden, rueckmeldung } = useFormular(async (f, form) => {
    const dokument = String(f.get("dokument") ?? "") || null;
    if (!vorlage) pruefeZeilen(zeilen);
    const gang = await api<Geschaeftsgang>("POST", `/api/v1/vorgaenge/${vorgangId}/geschaeftsgaenge`, {
      dokument,
      ...(vorlage
        ? { vorlage }
        : {
            schritte: zeilen.map((z) => ({
              art: z.art,
              adressat: adressatAus(z.adressat),
              parallel: z.parallel,
              frist: z.frist || null,
              verfuegungstext: z.verfuegungstext,
            })),
          }),
    } satisfies NeuerGeschaeftsgang);
    form.reset();
    setVorlage("");
    setZeilen([neueZeile("Mitzeichnung")]);
    onFertig();
    const erste = gang.schritte.filter((s) => s.status === "offen");
    return {
      titel: "Geschäftsgang gestartet.",
      text: erste.length
        ? `Jetzt: ${erste.map((s) => `${s.art} an ${s.adressat.art === "oe" ? `Postkorb ${s.adressat.name}` : s.adressat.name}`).join(", ")}.`
        : undefined,
      link: { href: `#gang-${gang.id}`, text: "Zum Laufweg" },
    };
  });
  const entwuerfe = dokumente.filter(
    (d) => d.typ === "Entwurf" || d.typ === "Bescheid" || d.typ === "Ausgang",
  );
  return (
    <form className="formular" onSubmit={absenden} noValidate aria-labelledby="gang-neu">
      <h3 id="gang-neu" className="kern-heading-small">
        Neuer <Begriff wort="Geschäftsgang" />
      </h3>
      {rueckmeldung}
      <Auswahl
        label="Entwurf"
        name="dokument"
        hinweis="Ohne Entwurf läuft der Vorgang selbst durch den Geschäftsgang."
      >
        <option value="">– kein Entwurf –</option>
        {entwuerfe.map((d) => (
          <option key={d.id} value={d.id}>
            {d.titel} ({d.typ})
          </option>
        ))}
      </Auswahl>
      <Auswahl
        label="Laufwegvorlage"
        name="vorlage"
        value={vorlage}
        onChange={(e) => setVorlage(e.target.value)}
      >
        <option value="">– eigener Laufweg –</option>
        {(vorlagen.daten ?? []).map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </Auswahl>
      {!vorlage && (
        <SchrittEditor zeilen={zeilen} setZeilen={setZeilen} fehler={(feld) => api400?.fuer(feld)} />
      )}
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">Geschäftsgang starten</span>
      </button>
    </form>
  );
}

/** Wiedervorlagen of a Vorgang and a form for a new one (for oneself unless someone is named). */
function Wiedervorlagen({ vorgangId }: { vorgangId: string }) {
  const liste = useApi<Wiedervorlage[]>(`/api/v1/vorgaenge/${vorgangId}/wiedervorlagen`);
  const [fuer, setFuer] = useState<AuswahlEintrag | null>(null);
  const { api400, absenden, rueckmeldung } = useFormular(async (f, form) => {
    const w = await api<Wiedervorlage>("POST", `/api/v1/vorgaenge/${vorgangId}/wiedervorlagen`, {
      datum: String(f.get("datum")),
      notiz: String(f.get("notiz") ?? ""),
      empfaenger: fuer?.wert ?? null,
    } satisfies NeueWiedervorlage);
    form.reset();
    setFuer(null);
    liste.neuLaden();
    return {
      titel: `Wiedervorlage am ${formatDatum(w.datum)} für ${w.empfaenger.anzeigename} gesetzt.`,
      text: "Sie erscheint an dem Tag im Postkorb.",
    };
  });
  // Marking one done removes its button: the result above the list takes the focus.
  const erledigt = useAktion();
  const erledigen = (w: Wiedervorlage) =>
    erledigt.ausfuehren(async () => {
      await api("POST", `/api/v1/wiedervorlagen/${w.id}/erledigen`);
      liste.neuLaden();
      return { titel: `Wiedervorlage vom ${formatDatum(w.datum)} erledigt.` };
    });
  return (
    <section aria-labelledby="wv-titel" className="stapel">
      <h3 id="wv-titel" className="kern-heading-small">
        <Begriff wort="Wiedervorlage">Wiedervorlagen</Begriff>
      </h3>
      {erledigt.rueckmeldung}
      {(liste.daten ?? []).length > 0 && (
        <ul className="kern-list liste-mit-knoepfen">
          {liste.daten!.map((w) => (
            <li key={w.id}>
              {formatDatum(w.datum)} für {w.empfaenger.anzeigename}
              {w.notiz && ` – ${w.notiz}`}{" "}
              {w.erledigtAm ? (
                <Badge art="success">erledigt</Badge>
              ) : (
                w.faellig && <Badge art="warning">fällig</Badge>
              )}
              {!w.erledigtAm && (
                <button
                  type="button"
                  className="kern-btn kern-btn--tertiary"
                  onClick={() => void erledigen(w)}
                >
                  <span className="kern-label">
                    Erledigt<span className="kern-sr-only">: Wiedervorlage {formatDatum(w.datum)}</span>
                  </span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Aufklapper titel="Wiedervorlage setzen">
        <form className="formular" onSubmit={absenden} noValidate aria-label="Neue Wiedervorlage">
          {rueckmeldung}
          <Feld label="Wiedervorlage am" name="datum" type="date" required fehler={api400?.fuer("datum")} />
          <Feld label="Notiz" name="notiz" maxLength={2000} />
          <Kombifeld
            label="Für"
            name="empfaenger"
            art="personen"
            wahl={fuer}
            onWahl={setFuer}
            hinweis="Name tippen und wählen; ohne Angabe Sie selbst."
            fehler={api400?.fuer("empfaenger")}
          />
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Wiedervorlage setzen</span>
          </button>
        </form>
      </Aufklapper>
    </section>
  );
}

/** The first Postkorb entry that is not this Vorgang's: where the reader goes next. */
function NaechsterEintrag({ vorgangId }: { vorgangId: string }) {
  const postkorb = useApi<PostkorbDaten>("/api/v1/postkorb?limit=50");
  if (postkorb.laedt || !postkorb.daten) return <Laden text="Nächster Eintrag wird gesucht …" />;
  const naechster = postkorb.daten.eintraege.find((e) => e.vorgang && e.vorgang.id !== vorgangId);
  return naechster?.vorgang ? (
    <Link className="kern-link" href={`/vorgaenge/${naechster.vorgang.id}`}>
      Nächster Eintrag im Postkorb: {postkorbArt(naechster)} – {naechster.vorgang.zeichen}{" "}
      {naechster.vorgang.betreff}
    </Link>
  ) : (
    <span className="kern-body">
      Ihr Postkorb ist leer. <Link href="/">Zur Startseite</Link>
    </span>
  );
}

/**
 * The reader's task on top of the Vorgang: each open step they may act on, with its Entwurf and
 * its actions (taking an OE's step first when it still lies in the OE's Postkorb). After acting,
 * a visible result with the way to the next Postkorb entry, and focus on it.
 */
export function MeineAufgaben({
  gaenge,
  vorgangId,
  onAenderung,
}: {
  gaenge: Geschaeftsgang[];
  vorgangId: string;
  onAenderung: () => void;
}) {
  const aktion = useAktion();
  const offen = gaenge.flatMap((g) =>
    g.status === "laufend"
      ? g.schritte.filter((s) => s.status === "offen" && s.aktionen.length > 0).map((s) => ({ g, s }))
      : [],
  );
  const fertig = (was: string) => {
    aktion.zeige({ titel: `Erledigt – ${was}.`, weiter: <NaechsterEintrag vorgangId={vorgangId} /> });
    onAenderung();
  };
  const uebernehmen = (s: Schritt) =>
    aktion.ausfuehren(async () => {
      await api("POST", `/api/v1/schritte/${s.id}/uebernehmen`);
      onAenderung();
      return {
        titel: `${s.art} übernommen.`,
        text: "Der Schritt liegt jetzt bei Ihnen; die Aktionen stehen unten.",
        link: { href: `#aufgabe-${s.id}`, text: "Zu den Aktionen" },
      };
    });
  return (
    <>
      {aktion.rueckmeldung}
      {offen.map(({ g, s }) => {
        const oeSchritt = s.adressat.art === "oe" && !s.bearbeiter;
        return (
          <section
            key={s.id}
            id={`aufgabe-${s.id}`}
            className="aufgabe"
            aria-labelledby={`aufgabe-titel-${s.id}`}
          >
            <h2 id={`aufgabe-titel-${s.id}`} className="kern-heading-small">
              {oeSchritt ? `Aufgabe Ihrer OE (${s.adressat.name})` : "Ihre Aufgabe"}: <Begriff wort={s.art} />
            </h2>
            <p className="kern-body">
              {g.dokument ? (
                <>
                  Entwurf <Link href={`/dokumente/${g.dokument.id}`}>„{g.dokument.titel}“ ansehen</Link>
                </>
              ) : (
                "Der Vorgang selbst"
              )}
              {" · "}von {g.ersteller.anzeigename}
              {s.frist && (
                <>
                  {" · "}Frist {formatDatum(s.frist)}{" "}
                  {s.ueberfaellig && <Badge art="danger">überschritten</Badge>}
                </>
              )}
            </p>
            {s.verfuegungstext && <p className="kern-body">„{s.verfuegungstext}“</p>}
            {oeSchritt && (
              <div className="knopfleiste">
                <button
                  type="button"
                  className="kern-btn kern-btn--secondary"
                  aria-label={`Übernehmen: ${s.art} für ${s.adressat.name}`}
                  onClick={() => void uebernehmen(s)}
                >
                  <span className="kern-label">Übernehmen</span>
                </button>
              </div>
            )}
            <SchrittAktionen schritt={s} entwurf={g.dokument?.titel ?? null} onFertig={fertig} />
          </section>
        );
      })}
    </>
  );
}

/** The Geschäftsgang panel of a Vorgang: running and past routes, starting one, Wiedervorlagen. */
export function GeschaeftsgangBereich({
  vorgangId,
  gaenge,
  dokumente,
  darfStarten,
  onAenderung,
}: {
  vorgangId: string;
  /** Loaded by the page, which shows the reader's task on top from the same data. */
  gaenge: LadeZustand<Geschaeftsgang[]>;
  dokumente: DokumentKurz[];
  darfStarten: boolean;
  onAenderung: () => void;
}) {
  const neu = () => {
    gaenge.neuLaden();
    onAenderung();
  };
  return (
    <section aria-labelledby="geschaeftsgang" className="stapel">
      <h2 id="geschaeftsgang" className="kern-heading-medium">
        <Begriff wort="Geschäftsgang" />
      </h2>
      {gaenge.laedt && !gaenge.daten ? (
        <Laden />
      ) : gaenge.fehler ? (
        <Fehler fehler={gaenge.fehler} />
      ) : gaenge.daten!.length === 0 ? (
        <Leer titel="Kein Geschäftsgang">Dieser Vorgang war noch nicht im Geschäftsgang.</Leer>
      ) : (
        gaenge.daten!.map((g) => <Laufweg key={g.id} gang={g} />)
      )}
      {darfStarten && (
        <Aufklapper titel="Geschäftsgang starten">
          <NeuerGeschaeftsgang vorgangId={vorgangId} dokumente={dokumente} onFertig={neu} />
        </Aufklapper>
      )}
      <Wiedervorlagen vorgangId={vorgangId} />
    </section>
  );
}
