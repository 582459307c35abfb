import { useEffect, useRef, useState, type DragEvent, type FormEvent, type ReactNode } from "react";
import { api, ApiError, upload } from "../api/client";
import type {
  Akte,
  AktenplaneinheitMitVersionen,
  Betreffregel,
  Dokument,
  Me,
  PosteingangEintrag,
  Sammelauftrag,
  Sammelergebnis,
  Verteilt,
  Weiterleitung,
} from "../api/types";
import type { AuswahlEintrag } from "../../shared/api/auswahl.schema";
import { Kombifeld } from "../components/Kombifeld";
import { dokumentTypen } from "../../shared/schriftgut";
import { MetadatenFelder, metadatenAus } from "../components/MetadatenFelder";
import {
  Aufklapper,
  Auswahl,
  Begriff,
  Fehler,
  Feld,
  Laden,
  Leer,
  Meldung,
  Seite,
  useErgebnis,
  type Erfolg,
} from "../components/ui";
import { useAktion, useFormular } from "../hooks/useFormular";
import { formatGroesse, formatZeit } from "../format";
import { useApi } from "../hooks/useApi";
import { Link } from "../router";
import { hatRolle, useSession } from "../session";

const KANAL: Record<PosteingangEintrag["kanal"], string> = {
  upload: "hochgeladen",
  scan: "Scan",
  email: "E-Mail",
  api: "Fachverfahren",
};

type TexterkennungStatus = NonNullable<Dokument["texterkennung"]>["status"];
const TEXTERKENNUNG: Record<TexterkennungStatus, string> = {
  wartend: "wartet",
  laeuft: "läuft",
  fertig: "fertig",
  fehlgeschlagen: "fehlgeschlagen",
  nicht_verfuegbar: "nicht verfügbar",
};

/** The item's text recognition in words: the API says "status" or "status: reason". */
function texterkennungText(wert: string): string {
  const [roh = "", ...grund] = wert.split(":");
  const status = roh.trim();
  const text = Object.hasOwn(TEXTERKENNUNG, status)
    ? TEXTERKENNUNG[status as TexterkennungStatus]
    : "unbekannt";
  return grund.join(":").trim() ? `${text} (${grund.join(":").trim()})` : text;
}

/**
 * Registration of one item: the suggested Vorgang with one click, or any existing Vorgang by its
 * Zeichen, or a new Vorgang in an Akte — with Dokumenttyp, Absender, Eingangsdatum and fremdes
 * Geschäftszeichen (prefilled from what the channel told us).
 */
function Registrierung({
  eintrag,
  onFertig,
}: {
  eintrag: PosteingangEintrag;
  /** Called with the success; the item leaves the list, so the page shows it. */
  onFertig: (erfolg: Erfolg) => void;
}) {
  const [ziel, setZiel] = useState<"bestehend" | "neu">("bestehend");
  const [vorgangWahl, setVorgangWahl] = useState<AuswahlEintrag | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [akteWahl, setAkteWahl] = useState<AuswahlEintrag | null>(null);
  const akte = useApi<Akte>(akteWahl ? `/api/v1/akten/${akteWahl.id}` : null).daten;
  const einheit = useApi<AktenplaneinheitMitVersionen>(
    akte && akteWahl ? `/api/v1/aktenplan/${encodeURIComponent(akte.aktenplaneinheit.kennzeichen)}` : null,
  );
  const felder = einheit.daten?.metadatenfelder ?? [];
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const angaben = (f: FormData) => ({
    typ: String(f.get("typ")),
    ...(String(f.get("titel") ?? "").trim() ? { titel: String(f.get("titel")).trim() } : {}),
    absender: String(f.get("absender") ?? "").trim() || null,
    eingangsdatum: String(f.get("eingangsdatum") ?? "") || null,
    fremdesGeschaeftszeichen: String(f.get("fremdesGeschaeftszeichen") ?? "").trim() || null,
  });
  const registriere = async (body: Record<string, unknown>) => {
    const fertig = await api<PosteingangEintrag>(
      "POST",
      `/api/v1/posteingang/${eintrag.id}/registrieren`,
      body,
    );
    // The Dokument names its Vorgang (also a new one): the message leads there.
    const dokument = fertig.dokumentId
      ? await api<Dokument>("GET", `/api/v1/dokumente/${fertig.dokumentId}`).catch(() => null)
      : null;
    onFertig(
      dokument
        ? {
            titel: `„${eintrag.dateiname}“ registriert in Vorgang ${dokument.vorgang.zeichen}.`,
            text: `Als Dokument „${dokument.titel}“.`,
            link: {
              href: `/vorgaenge/${dokument.vorgang.id}`,
              text: `Vorgang ${dokument.vorgang.zeichen} öffnen`,
            },
          }
        : { titel: `„${eintrag.dateiname}“ registriert.` },
    );
  };
  // One action: the suggested Vorgang, with what the form below says about the Dokument.
  const uebernehmen = useFormular(async () => {
    const details = formRef.current ? angaben(new FormData(formRef.current)) : {};
    await registriere({ vorgang: eintrag.vorschlag!.vorgangId, ...details });
  });
  const formular = useFormular(async (f) => {
    if (ziel === "bestehend") {
      if (!vorgangWahl)
        throw new ApiError(400, "Bitte den Vorgang wählen.", undefined, [
          {
            feld: "/vorgang",
            meldung: "Vorgang aus der Liste wählen: Aktenzeichen, Betreff oder Bauherr tippen.",
          },
        ]);
      await registriere({ vorgang: vorgangWahl.wert, ...angaben(f) });
      return;
    }
    if (!akteWahl)
      throw new ApiError(400, "Bitte zuerst die Akte wählen.", undefined, [
        { feld: "/akte", meldung: "Akte aus der Liste wählen: Aktenzeichen oder Betreff tippen." },
      ]);
    await registriere({
      neuerVorgang: {
        akte: akteWahl.wert,
        betreff: String(f.get("betreff") ?? ""),
        metadaten: metadatenAus(f, felder),
      },
      ...angaben(f),
    });
  });
  const verwerfen = useFormular(async (f) => {
    const grund = String(f.get("grund"));
    await api("POST", `/api/v1/posteingang/${eintrag.id}/verwerfen`, { grund });
    onFertig({ titel: `„${eintrag.dateiname}“ verworfen.`, text: `Grund: ${grund}.` });
  });
  const fehler = formular.api400;
  return (
    <div className="stapel registrierung">
      {eintrag.vorschlag && (
        <Meldung art="info" titel={`Vorschlag: Vorgang ${eintrag.vorschlag.zeichen}`}>
          <p className="kern-body">
            {eintrag.vorschlag.betreff} – {eintrag.vorschlag.grund}
          </p>
          <p className="kern-body kern-body--small">
            Dokumenttyp, Titel und Absender kommen aus dem Formular darunter.
          </p>
          {uebernehmen.rueckmeldung}
          <form onSubmit={uebernehmen.absenden}>
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">In diesen Vorgang übernehmen</span>
            </button>
          </form>
        </Meldung>
      )}
      <form
        ref={formRef}
        className="formular"
        onSubmit={formular.absenden}
        noValidate
        aria-label={`${eintrag.dateiname} registrieren`}
      >
        {formular.rueckmeldung}
        <fieldset className="kern-fieldset">
          <legend className="kern-label">Wohin?</legend>
          <div className="kern-fieldset__body">
            {(
              [
                ["bestehend", "In einen bestehenden Vorgang"],
                ["neu", "In einen neuen Vorgang einer Akte"],
              ] as const
            ).map(([wert, text]) => (
              <div className="kern-form-check" key={wert}>
                <input
                  className="kern-form-check__radio"
                  type="radio"
                  id={`ziel-${wert}`}
                  name="ziel"
                  value={wert}
                  checked={ziel === wert}
                  onChange={() => setZiel(wert)}
                />
                <label className="kern-label" htmlFor={`ziel-${wert}`}>
                  {text}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        {ziel === "bestehend" ? (
          <Kombifeld
            label="Vorgang"
            name="vorgang"
            art="vorgaenge"
            nurOffene
            required
            wahl={vorgangWahl}
            onWahl={setVorgangWahl}
            hinweis="Aktenzeichen, Betreff oder eine Angabe wie den Bauherrn tippen und aus der Liste wählen."
            fehler={fehler?.fuer("vorgang")}
          />
        ) : (
          <>
            <Kombifeld
              label="Akte"
              name="akte"
              art="akten"
              nurOffene
              required
              wahl={akteWahl}
              onWahl={setAkteWahl}
              hinweis="Aktenzeichen oder Betreff tippen und aus der Liste wählen."
              fehler={fehler?.fuer("akte") ?? fehler?.fuer("neuerVorgang/akte")}
            />
            <Feld
              label="Betreff des neuen Vorgangs"
              name="betreff"
              required
              maxLength={500}
              defaultValue={text(eintrag.angaben.betreff)}
              fehler={fehler?.fuer("neuerVorgang/betreff") ?? fehler?.fuer("betreff")}
            />
            <MetadatenFelder felder={felder} fehler={(feld) => fehler?.fuer(feld)} />
          </>
        )}
        <Auswahl
          label="Dokumenttyp"
          name="typ"
          required
          defaultValue={eintrag.kanal === "email" ? "E-Mail" : "Eingang"}
        >
          {dokumentTypen.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </Auswahl>
        <Feld label="Titel des Dokuments" name="titel" hinweis="Ohne Angabe wird der Dateiname verwendet." />
        <Feld
          label="Absender"
          name="absender"
          maxLength={500}
          defaultValue={text(eintrag.angaben.absender)}
          fehler={fehler?.fuer("absender")}
        />
        <Feld
          label="Eingangsdatum"
          name="eingangsdatum"
          type="date"
          defaultValue={eintrag.erstelltAm.slice(0, 10)}
          fehler={fehler?.fuer("eingangsdatum")}
        />
        <Feld
          label={<Begriff wort="Fremdes Geschäftszeichen" />}
          name="fremdesGeschaeftszeichen"
          maxLength={200}
          defaultValue={text(eintrag.angaben.fremdesGeschaeftszeichen)}
          fehler={fehler?.fuer("fremdesGeschaeftszeichen")}
        />
        <button type="submit" className="kern-btn kern-btn--secondary">
          <span className="kern-label">Registrieren</span>
        </button>
      </form>
      <Weiterleiten eintrag={eintrag} onFertig={onFertig} />
      <form
        className="formular"
        onSubmit={verwerfen.absenden}
        noValidate
        aria-label={`${eintrag.dateiname} verwerfen`}
      >
        {verwerfen.rueckmeldung}
        <Feld
          label="Grund für das Verwerfen"
          name="grund"
          required
          hinweis="z. B. Werbung, Irrläufer, doppelt"
          fehler={verwerfen.api400?.fuer("grund")}
        />
        <button type="submit" className="kern-btn kern-btn--tertiary">
          <span className="kern-label">Verwerfen</span>
        </button>
      </form>
    </div>
  );
}

/** "An OE weiterleiten": the item goes to another OE's Posteingang (Poststelle, Irrläufer). */
function Weiterleiten({
  eintrag,
  onFertig,
}: {
  eintrag: PosteingangEintrag;
  onFertig: (erfolg: Erfolg) => void;
}) {
  const [ziel, setZiel] = useState<AuswahlEintrag | null>(null);
  const { fehler, api400, absenden } = useFormular(async (f) => {
    if (!ziel)
      throw new ApiError(400, "Bitte die Organisationseinheit wählen.", undefined, [
        { feld: "/oe", meldung: "An wen? Namen oder Kürzel tippen und wählen." },
      ]);
    await api("POST", `/api/v1/posteingang/${eintrag.id}/weiterleiten`, {
      oe: ziel.wert.replace(/^OE:/, ""),
      notiz: String(f.get("notiz") ?? "").trim() || null,
    } satisfies Weiterleitung);
    onFertig({ titel: `„${eintrag.dateiname}“ ist an ${ziel.text} weitergeleitet.` });
  });
  return (
    <Aufklapper titel="An eine andere OE weiterleiten">
      <form
        className="formular"
        onSubmit={absenden}
        noValidate
        aria-label={`${eintrag.dateiname} weiterleiten`}
      >
        <Fehler fehler={fehler} />
        <Kombifeld
          label="An den Posteingang von"
          name="oe"
          id={`weiter-${eintrag.id}`}
          art="oes"
          required
          wahl={ziel}
          onWahl={setZiel}
          fehler={api400?.fuer("oe")}
        />
        <Feld label="Notiz" name="notiz" maxLength={1000} hinweis="z. B. „Betrifft Abfall, nicht Bau“" />
        <button type="submit" className="kern-btn kern-btn--secondary">
          <span className="kern-label">Weiterleiten</span>
        </button>
      </form>
    </Aufklapper>
  );
}

const WIE: Record<Verteilt["wie"], string> = { aufgenommen: "aufgenommen", weitergeleitet: "weitergeleitet" };
const STAND: Record<Verteilt["status"], string> = {
  neu: "offen",
  registriert: "registriert",
  verworfen: "verworfen",
  weitergegeben: "weitergegeben (Stand nicht mehr einsehbar)",
};

/** What the Poststelle distributed today: each letter, where it went, and whether it is done there. */
function HeuteVerteilt({ stand }: { stand: number }) {
  const liste = useApi<Verteilt[]>("/api/v1/posteingang/verteilt");
  const { neuLaden } = liste;
  // Reloaded after each upload, registration or forwarding on this page.
  useEffect(() => {
    if (stand > 0) neuLaden();
  }, [stand, neuLaden]);
  const eintraege = liste.daten ?? [];
  return (
    <section aria-labelledby="verteilt-titel" className="stapel">
      <h2 id="verteilt-titel" className="kern-heading-medium">
        Heute verteilt
      </h2>
      {liste.laedt && !liste.daten ? (
        <Laden />
      ) : eintraege.length === 0 ? (
        <p className="kern-body">Heute noch nichts verteilt.</p>
      ) : (
        <ul className="kern-list">
          {eintraege.map((v) => (
            <li key={`${v.id}-${v.am}`}>
              {v.dateiname} → {v.oe.kuerzel} {v.oe.name} · {WIE[v.wie]} {formatZeit(v.am)} · {STAND[v.status]}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The OE's Betreffregeln: a word in the Betreff of new mail proposes a Vorgang. */
function Betreffregeln({ oes }: { oes: Me["organisationseinheiten"] }) {
  const regeln = useApi<Betreffregel[]>("/api/v1/posteingang/regeln");
  const [vorgang, setVorgang] = useState<AuswahlEintrag | null>(null);
  const { api400, absenden, rueckmeldung } = useFormular(async (f, form) => {
    if (!vorgang)
      throw new ApiError(400, "Bitte den Vorgang wählen.", undefined, [
        { feld: "/vorgang", meldung: "Vorgang aus der Liste wählen." },
      ]);
    const regel = await api<Betreffregel>("POST", "/api/v1/posteingang/regeln", {
      oe: String(f.get("oe")),
      muster: String(f.get("muster")),
      vorgang: vorgang.wert,
    });
    form.reset();
    setVorgang(null);
    regeln.neuLaden();
    return {
      titel: `Betreffregel „${regel.muster}“ angelegt.`,
      text: `Neue Eingänge mit diesem Muster im Betreff werden Vorgang ${regel.vorgang.zeichen} vorgeschlagen.`,
      link: { href: `/vorgaenge/${regel.vorgang.id}`, text: `Vorgang ${regel.vorgang.zeichen} öffnen` },
    };
  });
  const geloescht = useAktion();
  const loeschen = (r: Betreffregel) =>
    geloescht.ausfuehren(async () => {
      await api("DELETE", `/api/v1/posteingang/regeln/${r.id}`);
      regeln.neuLaden();
      return { titel: `Betreffregel „${r.muster}“ gelöscht.` };
    });
  return (
    <section aria-labelledby="regeln-titel" className="stapel">
      <h2 id="regeln-titel" className="kern-heading-medium">
        Betreffregeln
      </h2>
      <p className="kern-body kern-body--small">
        Steht das Muster im Betreff eines neuen Eingangs, wird der Vorgang vorgeschlagen.
      </p>
      {geloescht.rueckmeldung}
      {regeln.daten?.length ? (
        <ul className="kern-list liste-mit-knoepfen">
          {regeln.daten.map((r) => (
            <li key={r.id}>
              „{r.muster}“ → {r.vorgang.zeichen} ({r.oe.kuerzel}){" "}
              <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => void loeschen(r)}>
                <span className="kern-label">
                  Löschen<span className="kern-sr-only">: Regel „{r.muster}“</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        !regeln.laedt && <p className="kern-body">Noch keine Betreffregeln.</p>
      )}
      <form className="formular" onSubmit={absenden} noValidate aria-labelledby="regel-neu">
        <h3 id="regel-neu" className="kern-heading-small">
          Neue Betreffregel
        </h3>
        {rueckmeldung}
        <Auswahl label="Organisationseinheit" name="oe" required id="regel-oe">
          {oes.map((o) => (
            <option key={o.id} value={o.kuerzel}>
              {o.kuerzel} {o.name}
            </option>
          ))}
        </Auswahl>
        <Feld
          label="Muster im Betreff"
          name="muster"
          required
          hinweis="mindestens 3 Zeichen, z. B. Lindenweg 12"
          fehler={api400?.fuer("muster")}
        />
        <Kombifeld
          label="Vorgang der Regel"
          name="vorgang"
          id="regel-vorgang"
          art="vorgaenge"
          nurOffene
          required
          wahl={vorgang}
          onWahl={setVorgang}
          hinweis="Aktenzeichen, Betreff oder Bauherr tippen und aus der Liste wählen."
          fehler={api400?.fuer("vorgang")}
        />
        <button type="submit" className="kern-btn kern-btn--secondary">
          <span className="kern-label">Regel anlegen</span>
        </button>
      </form>
    </section>
  );
}

/** The letter itself: the picture of its first page, else the start of its text, and the whole file. */
function Vorschau({ eintrag }: { eintrag: PosteingangEintrag }) {
  const wartet = /^(wartend|laeuft)/.test(eintrag.texterkennung);
  return (
    <div
      className="ansicht__dokument"
      role="region"
      aria-label={`Vorschau: ${eintrag.dateiname}`}
      // The picture may be taller than the column: its frame scrolls, by keyboard too.
      tabIndex={0}
    >
      {eintrag.vorschau ? (
        <img
          className="ansicht__bild"
          src={`/api/v1/posteingang/${eintrag.id}/vorschau`}
          alt={`Erste Seite von „${eintrag.dateiname}“`}
        />
      ) : eintrag.textAuszug ? (
        <pre className="ansicht__text">{eintrag.textAuszug}</pre>
      ) : (
        <p className="kern-body">
          {wartet
            ? "Die Texterkennung läuft noch; danach erscheint hier die erste Seite."
            : "Für diese Datei gibt es kein Seitenbild."}
        </p>
      )}
      <p className="kern-body kern-body--small">
        <a className="kern-link" href={`/api/v1/posteingang/${eintrag.id}/inhalt`} download>
          Ganze Datei herunterladen<span className="kern-sr-only">: {eintrag.dateiname}</span>
        </a>
      </p>
    </div>
  );
}

/**
 * One item opened: the letter beside its registration form at a desk, one above the other on a
 * phone. The heading takes the focus when an item is opened; the result of the previous item, if
 * any, stands on top (and has the focus then).
 */
function Ansicht({
  eintrag,
  ergebnis,
  onSchliessen,
  onFertig,
}: {
  eintrag: PosteingangEintrag;
  ergebnis: ReactNode;
  onSchliessen: () => void;
  onFertig: (erfolg: Erfolg) => void;
}) {
  const titel = useRef<HTMLHeadingElement>(null);
  // Only when another item is opened, and not when a result stands on top (it has the focus then).
  const mitErgebnis = useRef(false);
  mitErgebnis.current = ergebnis !== null && ergebnis !== undefined;
  useEffect(() => {
    if (!mitErgebnis.current) titel.current?.focus();
  }, [eintrag.id]);
  return (
    <section id="ansicht" aria-labelledby="ansicht-titel" className="stapel ansicht">
      {ergebnis}
      <div className="ansicht__kopf">
        <h2 id="ansicht-titel" className="kern-heading-medium" tabIndex={-1} ref={titel}>
          Eingang: {eintrag.dateiname}
        </h2>
        <button type="button" className="kern-btn kern-btn--tertiary" onClick={onSchliessen}>
          <span className="kern-label">
            Schließen<span className="kern-sr-only">: {eintrag.dateiname}</span>
          </span>
        </button>
      </div>
      <p className="kern-body kern-body--small gedaempft">
        {KANAL[eintrag.kanal]} · {eintrag.oe.name} · {formatZeit(eintrag.erstelltAm)}
        {typeof eintrag.angaben.betreff === "string" && ` · Betreff: ${eintrag.angaben.betreff}`}
      </p>
      <div className="ansicht__geteilt">
        <Vorschau eintrag={eintrag} />
        <Registrierung key={eintrag.id} eintrag={eintrag} onFertig={onFertig} />
      </div>
    </section>
  );
}

type Sammelaktion = "vorgang" | "vorschlag" | "verwerfen";

/**
 * What happens to the selected items: all into one Vorgang, each into its own Vorschlag, or
 * discarded with one reason. The answer names each item; what failed stays selected.
 */
function Sammelleiste({
  ausgewaehlt,
  onFertig,
}: {
  ausgewaehlt: PosteingangEintrag[];
  onFertig: (ergebnisse: Sammelergebnis["ergebnisse"], erfolg: Erfolg) => void;
}) {
  const [aktion, setAktion] = useState<Sammelaktion>("vorgang");
  const [vorgang, setVorgang] = useState<AuswahlEintrag | null>(null);
  const anzahl = ausgewaehlt.length;
  const ohneVorschlag = ausgewaehlt.filter((e) => !e.vorschlag).length;
  const { api400, absenden, rueckmeldung } = useFormular(async (f) => {
    let auftrag: Sammelauftrag;
    if (aktion === "verwerfen") {
      auftrag = {
        aktion: "verwerfen",
        eintraege: ausgewaehlt.map((e) => e.id),
        grund: String(f.get("grund") ?? ""),
      };
    } else if (aktion === "vorgang") {
      if (!vorgang)
        throw new ApiError(400, "Bitte den Vorgang wählen.", undefined, [
          {
            feld: "/vorgang",
            meldung: "Vorgang aus der Liste wählen: Aktenzeichen, Betreff oder Bauherr tippen.",
          },
        ]);
      auftrag = { aktion: "registrieren", eintraege: ausgewaehlt.map((e) => e.id), vorgang: vorgang.wert };
    } else {
      auftrag = { aktion: "registrieren", eintraege: ausgewaehlt.map((e) => e.id) };
    }
    const { ergebnisse } = await api<Sammelergebnis>("POST", "/api/v1/posteingang/sammel", auftrag);
    const gut = ergebnisse.filter((r) => r.erledigt).length;
    const verb = aktion === "verwerfen" ? "verworfen" : "registriert";
    onFertig(ergebnisse, {
      titel:
        gut === ergebnisse.length
          ? `${gut} ${gut === 1 ? "Eingang" : "Eingänge"} ${verb}.`
          : `${gut} von ${ergebnisse.length} Eingängen ${verb}; ${ergebnisse.length - gut} nicht – sie bleiben ausgewählt.`,
      weiter: (
        <ul className="kern-list">
          {ergebnisse.map((r) => (
            <li key={r.id}>
              {r.dateiname ?? "Eingang"}: {r.meldung}
              {r.vorgang && (
                <>
                  {" "}
                  <Link href={`/vorgaenge/${r.vorgang.id}`}>Vorgang {r.vorgang.zeichen} öffnen</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      ),
    });
  });
  const knopf =
    aktion === "verwerfen"
      ? `${anzahl} ${anzahl === 1 ? "Eingang" : "Eingänge"} verwerfen`
      : `${anzahl} ${anzahl === 1 ? "Eingang" : "Eingänge"} registrieren`;
  return (
    <form className="formular sammelleiste" onSubmit={absenden} noValidate aria-labelledby="sammel-titel">
      <h3 id="sammel-titel" className="kern-heading-small">
        {anzahl} ausgewählt: was geschieht damit?
      </h3>
      {rueckmeldung}
      <fieldset className="kern-fieldset">
        <legend className="kern-label kern-sr-only">Aktion für die ausgewählten Eingänge</legend>
        <div className="kern-fieldset__body">
          {(
            [
              ["vorgang", "Alle in einen Vorgang registrieren"],
              ["vorschlag", "Jeden in seinen Vorschlag registrieren"],
              ["verwerfen", "Verwerfen"],
            ] as const
          ).map(([wert, text]) => (
            <div className="kern-form-check" key={wert}>
              <input
                className="kern-form-check__radio"
                type="radio"
                id={`sammel-${wert}`}
                name="sammelaktion"
                value={wert}
                checked={aktion === wert}
                onChange={() => setAktion(wert)}
              />
              <label className="kern-label" htmlFor={`sammel-${wert}`}>
                {text}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      {aktion === "vorgang" && (
        <Kombifeld
          label="Vorgang für alle"
          name="vorgang"
          id="sammel-vorgang"
          art="vorgaenge"
          nurOffene
          required
          wahl={vorgang}
          onWahl={setVorgang}
          hinweis="Aktenzeichen, Betreff oder eine Angabe wie den Bauherrn tippen und aus der Liste wählen."
          fehler={api400?.fuer("vorgang")}
        />
      )}
      {aktion === "vorschlag" && (
        <p className="kern-body kern-body--small">
          {ohneVorschlag === 0
            ? "Jeder ausgewählte Eingang hat einen Vorschlag."
            : `${ohneVorschlag} der ausgewählten Eingänge ${ohneVorschlag === 1 ? "hat" : "haben"} keinen Vorschlag und ${ohneVorschlag === 1 ? "bleibt" : "bleiben"} liegen.`}
        </p>
      )}
      {aktion === "verwerfen" && (
        <Feld
          label="Grund für das Verwerfen"
          name="grund"
          id="sammel-grund"
          required
          hinweis="gilt für alle ausgewählten, z. B. Werbung, doppelt"
          fehler={api400?.fuer("grund")}
        />
      )}
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">{knopf}</span>
      </button>
    </form>
  );
}

export default function Posteingang() {
  const { me } = useSession();
  const liste = useApi<PosteingangEintrag[]>("/api/v1/posteingang");
  const [offen, setOffen] = useState<string | null>(null);
  const [auswahl, setAuswahl] = useState<Set<string>>(new Set());
  const alleRef = useRef<HTMLInputElement>(null);
  const [fehler, setFehler] = useState<unknown>(null);
  const [fortschritt, setFortschritt] = useState<string | null>(null);
  const [anzahl, setAnzahl] = useState(0);
  // Registering or discarding removes the item: its result stands above the list.
  const bearbeitet = useErgebnis();
  const hochgeladen = useErgebnis();
  const poststelle = hatRolle(me, "Posteingang");
  // Betreffregeln point to a Vorgang: they are kept by an OE's own staff, who see its Vorgänge. The
  // Poststelle sees no Vorgang; it distributes by OE (upload, forwarding) instead.
  const regelOes = [
    ...new Map(
      me.mitgliedschaften
        .filter((m) => m.rolle === "Sachbearbeitung" || m.rolle === "Leitung")
        .map((m) => [m.oeId, { id: m.oeId, kuerzel: m.oeKuerzel, name: m.oeName }] as const),
    ).values(),
  ];
  const [oe, setOe] = useState(me.organisationseinheiten[0]?.kuerzel ?? "");
  // The Poststelle distributes for the whole county: it chooses any OE, by name.
  const [zielOe, setZielOe] = useState<AuswahlEintrag | null>(null);
  const [verteiltStand, setVerteiltStand] = useState(0);
  const [ueber, setUeber] = useState(false);
  /** Uploads one file after another (each its own item), from the picker or dropped on the zone. */
  const hochladen = async (dateien: File[]) => {
    const echte = dateien.filter((d) => d.size > 0);
    if (echte.length === 0) {
      setFehler(new ApiError(400, "Bitte mindestens eine Datei auswählen.", undefined, []));
      return false;
    }
    const ziel = poststelle ? (zielOe?.wert.replace(/^OE:/, "") ?? "") : oe;
    if (!ziel) {
      setFehler(
        new ApiError(400, "Bitte die Organisationseinheit wählen.", undefined, [
          { feld: "/oe", meldung: "In wessen Posteingang? Namen oder Kürzel tippen und wählen." },
        ]),
      );
      return false;
    }
    setFehler(null);
    hochgeladen.leeren();
    try {
      for (const [i, datei] of echte.entries()) {
        setFortschritt(`Datei ${i + 1} von ${echte.length}: ${datei.name}`);
        const daten = new FormData();
        daten.append("oe", ziel);
        daten.append("datei", datei, datei.name);
        await upload("/api/v1/posteingang", daten, () => undefined);
      }
      liste.neuLaden();
      setVerteiltStand((n) => n + 1);
      hochgeladen.zeige({
        titel:
          echte.length === 1
            ? `„${echte[0]!.name}“ liegt im Posteingang.`
            : `${echte.length} Dateien liegen im Posteingang.`,
        text: "Die Texterkennung läuft; danach schlägt Aktenwerk einen Vorgang vor.",
        link: { href: "#offen-titel", text: "Zu den offenen Eingängen" },
      });
      return true;
    } catch (err) {
      setFehler(err);
      return false;
    } finally {
      setFortschritt(null);
    }
  };
  const absenden = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const dateien = new FormData(form).getAll("dateien").filter((d): d is File => d instanceof File);
    if (await hochladen(dateien)) {
      form.reset();
      setAnzahl(0);
    }
  };
  const ablegen = (e: DragEvent) => {
    e.preventDefault();
    setUeber(false);
    void hochladen([...e.dataTransfer.files]);
  };
  const eintraege = liste.daten ?? [];
  // While a text is still being read, the list looks again now and then: the Vorschlag and the
  // page picture appear without reloading the page.
  const liestNoch = eintraege.some((e) => /^(wartend|laeuft)/.test(e.texterkennung));
  const { neuLaden } = liste;
  useEffect(() => {
    if (!liestNoch) return;
    const uhr = setInterval(neuLaden, 3000);
    return () => clearInterval(uhr);
  }, [liestNoch, neuLaden]);
  const offenerEintrag = eintraege.find((e) => e.id === offen) ?? null;
  const ausgewaehlt = eintraege.filter((e) => auswahl.has(e.id));
  const alleGewaehlt = eintraege.length > 0 && ausgewaehlt.length === eintraege.length;
  const teilweise = ausgewaehlt.length > 0 && !alleGewaehlt;
  // "Some selected" has no HTML attribute: the checkbox's indeterminate state is set here.
  useEffect(() => {
    if (alleRef.current) alleRef.current.indeterminate = teilweise;
  }, [teilweise]);
  const oeffne = (id: string | null) => {
    bearbeitet.leeren();
    setOffen(id);
  };
  const umschalten = (id: string) =>
    setAuswahl((alt) => {
      const neu = new Set(alt);
      if (neu.has(id)) neu.delete(id);
      else neu.add(id);
      return neu;
    });
  /** After one item is settled: the next one opens, with the result on top of it. */
  const einzelnFertig = (erledigt: string, erfolg: Erfolg) => {
    const rest = eintraege.filter((e) => e.id !== erledigt);
    const stelle = eintraege.findIndex((e) => e.id === erledigt);
    const naechster = rest[Math.min(Math.max(stelle, 0), rest.length - 1)] ?? null;
    setOffen(naechster?.id ?? null);
    setAuswahl((alt) => new Set([...alt].filter((id) => id !== erledigt)));
    liste.neuLaden();
    setVerteiltStand((n) => n + 1);
    bearbeitet.zeige(
      naechster
        ? { ...erfolg, text: [erfolg.text, `Weiter mit „${naechster.dateiname}“.`].filter(Boolean).join(" ") }
        : erfolg,
    );
  };
  return (
    <Seite titel="Posteingang">
      {offenerEintrag && (
        <Ansicht
          eintrag={offenerEintrag}
          ergebnis={bearbeitet.ergebnis}
          onSchliessen={() => oeffne(null)}
          onFertig={(erfolg) => einzelnFertig(offenerEintrag.id, erfolg)}
        />
      )}
      <div className="raster raster--zwei">
        <section aria-labelledby="offen-titel" className="stapel">
          <h2 id="offen-titel" className="kern-heading-medium" tabIndex={-1}>
            Offene Eingänge
          </h2>
          {!offenerEintrag && bearbeitet.ergebnis}
          {liste.laedt && !liste.daten ? (
            <Laden />
          ) : liste.fehler ? (
            <Fehler fehler={liste.fehler} />
          ) : eintraege.length === 0 ? (
            <Leer titel="Der Posteingang ist leer">
              Neue Post kommt aus dem Scanordner, per E-Mail oder über „Hochladen“.
            </Leer>
          ) : (
            <>
              <div className="auswahlleiste">
                <div className="kern-form-check">
                  <input
                    ref={alleRef}
                    className="kern-form-check__checkbox"
                    type="checkbox"
                    id="eingaenge-alle"
                    checked={alleGewaehlt}
                    onChange={() =>
                      setAuswahl(alleGewaehlt ? new Set() : new Set(eintraege.map((e) => e.id)))
                    }
                    aria-describedby="eingaenge-stand"
                  />
                  <label className="kern-label" htmlFor="eingaenge-alle">
                    Alle auswählen
                  </label>
                </div>
                <p id="eingaenge-stand" className="kern-body" aria-live="polite">
                  {eintraege.length} {eintraege.length === 1 ? "Eingang" : "Eingänge"}, {ausgewaehlt.length}{" "}
                  ausgewählt
                </p>
              </div>
              {ausgewaehlt.length > 0 && (
                <Sammelleiste
                  ausgewaehlt={ausgewaehlt}
                  onFertig={(ergebnisse, erfolg) => {
                    const erledigt = new Set(ergebnisse.filter((r) => r.erledigt).map((r) => r.id));
                    setAuswahl((alt) => new Set([...alt].filter((id) => !erledigt.has(id))));
                    if (offen && erledigt.has(offen)) setOffen(null);
                    liste.neuLaden();
                    setVerteiltStand((n) => n + 1);
                    bearbeitet.zeige(erfolg);
                  }}
                />
              )}
              <ul className="kern-list treffer">
                {eintraege.map((e) => (
                  <li
                    key={e.id}
                    className={`treffer__eintrag${offen === e.id ? " treffer__eintrag--offen" : ""}`}
                  >
                    <div className="eingang">
                      <input
                        type="checkbox"
                        className="kern-form-check__checkbox"
                        id={`wahl-${e.id}`}
                        checked={auswahl.has(e.id)}
                        onChange={() => umschalten(e.id)}
                        aria-label={`${e.dateiname} auswählen`}
                      />
                      <div>
                        <p className="treffer__titel">{e.dateiname}</p>
                        <p className="kern-body kern-body--small treffer__herkunft">
                          {KANAL[e.kanal]} · {e.oe.name} · {formatZeit(e.erstelltAm)} ·{" "}
                          {formatGroesse(e.groesse)}
                          {typeof e.angaben.absender === "string" && ` · von ${e.angaben.absender}`} ·
                          Texterkennung: {texterkennungText(e.texterkennung)}
                          {e.scanprotokoll && ` · gescannt von ${String(e.scanprotokoll.gescanntVon ?? "–")}`}
                        </p>
                        {e.vorschlag && (
                          <p className="kern-body kern-body--small">
                            Vorschlag: Vorgang {e.vorschlag.zeichen} – {e.vorschlag.betreff}
                          </p>
                        )}
                        <button
                          type="button"
                          className="kern-btn kern-btn--secondary"
                          aria-expanded={offen === e.id}
                          aria-controls={offen === e.id ? "ansicht" : undefined}
                          aria-label={`Bearbeiten: ${e.dateiname}`}
                          onClick={() => {
                            oeffne(offen === e.id ? null : e.id);
                            if (offen !== e.id) window.scrollTo({ top: 0 });
                          }}
                        >
                          <span className="kern-label">Bearbeiten</span>
                        </button>
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <aside aria-labelledby="hochladen-titel" className="stapel">
          <form className="formular" onSubmit={absenden} noValidate>
            <h2 id="hochladen-titel" className="kern-heading-medium">
              Hochladen
            </h2>
            {poststelle ? (
              <Kombifeld
                label="Posteingang der Organisationseinheit"
                name="oe"
                art="oes"
                required
                wahl={zielOe}
                onWahl={setZielOe}
                hinweis="Jede OE des Landkreises: Namen oder Kürzel tippen, z. B. „Bau“ oder „63“."
                fehler={fehler instanceof ApiError ? fehler.fuer("oe") : undefined}
              />
            ) : (
              <Auswahl
                label="Posteingang der Organisationseinheit"
                name="oe"
                required
                value={oe}
                onChange={(e) => setOe(e.target.value)}
              >
                {me.organisationseinheiten.map((o) => (
                  <option key={o.id} value={o.kuerzel}>
                    {o.kuerzel} {o.name}
                  </option>
                ))}
              </Auswahl>
            )}
            <div
              className={`kern-form-input upload__zone${ueber ? " upload__zone--aktiv" : ""}`}
              data-testid="posteingang-ablage"
              onDragOver={(e) => {
                e.preventDefault();
                setUeber(true);
              }}
              onDragLeave={() => setUeber(false)}
              onDrop={ablegen}
            >
              <p className="kern-label" id="posteingang-dateien-titel">
                Dateien (auch mehrere, auch E-Mails als .eml)
              </p>
              <p className="kern-hint">
                Dateien hierher ziehen – sie kommen sofort in den Posteingang – oder auswählen.
              </p>
              <input
                id="posteingang-dateien"
                className="upload__eingabe"
                name="dateien"
                type="file"
                multiple
                aria-labelledby="posteingang-dateien-titel"
                onChange={(e) => setAnzahl(e.target.files?.length ?? 0)}
              />
              <label htmlFor="posteingang-dateien" className="kern-btn kern-btn--secondary upload__knopf">
                <span className="kern-label">Dateien auswählen</span>
              </label>
              <p className="kern-body" aria-live="polite">
                {anzahl === 0 ? "Noch keine Datei ausgewählt." : `${anzahl} Datei(en) ausgewählt.`}
              </p>
            </div>
            {fortschritt && <p role="status">{fortschritt}</p>}
            <Fehler fehler={fehler} fokus />
            {hochgeladen.ergebnis}
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">In den Posteingang</span>
            </button>
            <p className="kern-body kern-body--small">
              Registrierte Eingänge finden Sie danach im Vorgang; über die <Link href="/suche">Suche</Link>{" "}
              auch über ihren Text.
            </p>
          </form>
          {poststelle && <HeuteVerteilt stand={verteiltStand} />}
          {regelOes.length > 0 && <Betreffregeln oes={regelOes} />}
        </aside>
      </div>
    </Seite>
  );
}
