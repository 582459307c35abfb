import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { api, ApiError } from "../api/client";
import type { Fundstellen, Seitenangaben } from "../api/types";
import { Laden, Meldung } from "./ui";
import { seitenPfad } from "../../shared/vorabdaten";
import { nimmVorab } from "../vorab";

/**
 * The document viewer: pages as images drawn on the server (fast, cached, the same on every
 * device), one page at a time, with thumbnails, page navigation, zoom, rotation, full screen and
 * the search in the document's text (text layer or OCR). The box of each page is reserved from
 * the page sizes the server names first, so nothing shifts while the images arrive.
 */

/** Zoom steps, as a factor of "fit to width". */
const ZOOMSTUFEN = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
/** Widths the server draws a reading page in (the thumbnail width is 160). */
const LESEBREITEN = [800, 1200, 1600];
const MINIATUR = 160;

/** The page image URL: one URL per page and width, so the browser may keep it for good. */
export function seitenbildUrl(dokumentId: string, nr: number, seite: number, breite: number): string {
  return `/api/v1/dokumente/${dokumentId}/versionen/${nr}/seitenbild?seite=${seite}&breite=${breite}`;
}

/** The smallest width the server draws that is sharp at `css` pixels on this screen. */
export function passendeBreite(css: number): number {
  const noetig = css * (window.devicePixelRatio || 1);
  return LESEBREITEN.find((b) => b >= noetig) ?? LESEBREITEN.at(-1)!;
}

/** Width of the viewer's page area: known before the first paint, so page 1 is asked for at once. */
function useFlaechenBreite(flaeche: React.RefObject<HTMLDivElement | null>): number {
  const [breite, setBreite] = useState(0);
  useLayoutEffect(() => {
    const el = flaeche.current;
    if (!el) return;
    const miss = () => {
      const stil = getComputedStyle(el);
      setBreite(el.clientWidth - parseFloat(stil.paddingLeft) - parseFloat(stil.paddingRight));
    };
    miss();
    const beobachter = new ResizeObserver(miss);
    beobachter.observe(el);
    return () => beobachter.disconnect();
  }, [flaeche]);
  return breite;
}

export function Seitenansicht({
  dokumentId,
  nr,
  titel,
  dateiname,
}: {
  dokumentId: string;
  nr: number;
  titel: string;
  dateiname: string;
}) {
  const rahmen = useRef<HTMLElement>(null);
  const flaeche = useRef<HTMLDivElement>(null);
  const flaechenBreite = useFlaechenBreite(flaeche);
  const [angaben, setAngaben] = useState<Seitenangaben | null>(null);
  const [fehler, setFehler] = useState<ApiError | null>(null);
  const [seite, setSeite] = useState(1);
  const [zoom, setZoom] = useState(1);
  const [drehung, setDrehung] = useState(0);
  const [vollbild, setVollbild] = useState(false);
  const [ansage, setAnsage] = useState("");
  const [fundseiten, setFundseiten] = useState<Set<number>>(new Set());
  const id = useId();

  // The first page is asked for as soon as the width is known, beside the page sizes: the
  // image then comes from the browser's cache when its box is drawn.
  const ersteBreite = flaechenBreite > 0 ? passendeBreite(flaechenBreite) : 0;
  useEffect(() => {
    if (!ersteBreite) return;
    const bild = new Image();
    bild.src = seitenbildUrl(dokumentId, nr, 1, ersteBreite);
  }, [dokumentId, nr, ersteBreite]);

  useEffect(() => {
    let aktiv = true;
    const mitgebracht = nimmVorab<Seitenangaben>(seitenPfad(dokumentId, nr));
    if (mitgebracht) {
      setAngaben(mitgebracht);
      return;
    }
    api<Seitenangaben>("GET", seitenPfad(dokumentId, nr)).then(
      (a) => aktiv && setAngaben(a),
      (e: unknown) =>
        aktiv && setFehler(e instanceof ApiError ? e : new ApiError(0, "Unbekannter Fehler", String(e), [])),
    );
    return () => {
      aktiv = false;
    };
  }, [dokumentId, nr]);

  useEffect(() => {
    const wechsel = () => setVollbild(document.fullscreenElement === rahmen.current);
    document.addEventListener("fullscreenchange", wechsel);
    return () => document.removeEventListener("fullscreenchange", wechsel);
  }, []);

  const anzahl = angaben?.seiten ?? 0;
  const gehe = useCallback(
    (n: number) => {
      if (!anzahl) return;
      const ziel = Math.min(anzahl, Math.max(1, n));
      setSeite(ziel);
      setAnsage(`Seite ${ziel} von ${anzahl}`);
      flaeche.current?.scrollTo({ top: 0 });
    },
    [anzahl],
  );
  const zoome = (richtung: 1 | -1) => {
    const i = ZOOMSTUFEN.findIndex((z) => z >= zoom - 1e-9);
    const neu = ZOOMSTUFEN[Math.min(ZOOMSTUFEN.length - 1, Math.max(0, i + richtung))]!;
    setZoom(neu);
    setAnsage(`Zoom ${Math.round(neu * 100)} Prozent`);
  };
  const drehe = () => {
    const neu = (drehung + 90) % 360;
    setDrehung(neu);
    setAnsage(`Gedreht um ${neu} Grad`);
  };
  const schalteVollbild = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void rahmen.current?.requestFullscreen?.();
  };

  /** Keys while the focus is in the viewer but not in a field: pages, zoom, rotation. */
  const onKeyDown = (e: KeyboardEvent) => {
    const ziel = e.target as HTMLElement;
    if (ziel.closest("input, textarea, select") || e.altKey || e.ctrlKey || e.metaKey) return;
    const ohneQuerlauf = zoom <= 1;
    const taste = e.key;
    if (taste === "PageDown" || (ohneQuerlauf && taste === "ArrowRight")) gehe(seite + 1);
    else if (taste === "PageUp" || (ohneQuerlauf && taste === "ArrowLeft")) gehe(seite - 1);
    else if (taste === "Home" && ziel === flaeche.current) gehe(1);
    else if (taste === "End" && ziel === flaeche.current) gehe(anzahl);
    else if (taste === "+" || taste === "=") zoome(1);
    else if (taste === "-") zoome(-1);
    else return;
    e.preventDefault();
  };

  if (fehler)
    return (
      <Meldung art="warning" titel="Die Seiten können nicht angezeigt werden.">
        {fehler.detail ?? fehler.title} Bitte laden Sie das Dokument herunter.
      </Meldung>
    );

  // The page's box, from its size in points: fit to width times zoom, turned with the page.
  const format = angaben?.formate[seite - 1] ?? { breite: 595, hoehe: 842 };
  const quer = drehung % 180 !== 0;
  const passend = Math.max(120, flaechenBreite || 600);
  const boxBreite = passend * zoom;
  const bildBreite = quer ? boxBreite * (format.breite / format.hoehe) : boxBreite;
  const bildHoehe = bildBreite * (format.hoehe / format.breite);
  const boxHoehe = quer ? bildBreite : bildHoehe;
  const serverBreite = passendeBreite(bildBreite);
  const beschriftung = `Seite ${seite} von ${anzahl}`;

  return (
    <section
      ref={rahmen}
      className={`betrachter${vollbild ? " betrachter--vollbild" : ""}`}
      aria-label={`Seitenansicht: ${titel}`}
      onKeyDown={onKeyDown}
    >
      <div
        className="betrachter__leiste"
        role="toolbar"
        aria-label="Seiten, Zoom und Ansicht"
        aria-controls={`${id}-flaeche`}
      >
        <div className="betrachter__gruppe">
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            onClick={() => gehe(seite - 1)}
            disabled={seite <= 1}
          >
            <span className="kern-label">
              <span aria-hidden="true">‹ </span>
              <span className="betrachter__wort">Vorherige</span>
              <span className="kern-sr-only"> Seite</span>
            </span>
          </button>
          <Seitenfeld seite={seite} anzahl={anzahl} gehe={gehe} id={`${id}-nr`} />
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            onClick={() => gehe(seite + 1)}
            disabled={seite >= anzahl}
          >
            <span className="kern-label">
              <span className="betrachter__wort">Nächste</span>
              <span className="kern-sr-only"> Seite</span>
              <span aria-hidden="true"> ›</span>
            </span>
          </button>
        </div>
        <div className="betrachter__gruppe">
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            onClick={() => zoome(-1)}
            disabled={zoom <= ZOOMSTUFEN[0]!}
            aria-label="Verkleinern"
            title="Verkleinern (Taste −)"
          >
            <span className="kern-label" aria-hidden="true">
              −
            </span>
          </button>
          <span className="betrachter__zoom" aria-hidden="true">
            {Math.round(zoom * 100)} %
          </span>
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            onClick={() => zoome(1)}
            disabled={zoom >= ZOOMSTUFEN.at(-1)!}
            aria-label="Vergrößern"
            title="Vergrößern (Taste +)"
          >
            <span className="kern-label" aria-hidden="true">
              +
            </span>
          </button>
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            onClick={() => {
              setZoom(1);
              setAnsage("Seitenbreite");
            }}
            aria-pressed={zoom === 1}
          >
            <span className="kern-label">Seitenbreite</span>
          </button>
        </div>
        <div className="betrachter__gruppe">
          <button type="button" className="kern-btn kern-btn--secondary" onClick={drehe}>
            <span className="kern-label">Drehen</span>
          </button>
          <button type="button" className="kern-btn kern-btn--secondary" onClick={schalteVollbild}>
            <span className="kern-label">{vollbild ? "Vollbild beenden" : "Vollbild"}</span>
          </button>
          <a
            className="kern-btn kern-btn--tertiary betrachter__original"
            href={`/api/v1/dokumente/${dokumentId}/versionen/${nr}/inhalt`}
            download={dateiname}
          >
            <span className="kern-label">
              Original herunterladen<span className="kern-sr-only"> ({dateiname})</span>
            </span>
          </a>
        </div>
      </div>
      <p className="kern-sr-only" role="status" aria-live="polite">
        {ansage}
      </p>
      {angaben && angaben.seiten > 0 && (
        <Textsuche
          dokumentId={dokumentId}
          nr={nr}
          gehe={gehe}
          mitSeiten={angaben.text}
          onTreffer={setFundseiten}
        />
      )}
      <div className="betrachter__koerper">
        {anzahl > 1 && angaben && (
          <nav className="betrachter__miniaturen" aria-label="Seitenübersicht">
            <ol>
              {angaben.formate.map((f, i) => (
                <li key={i}>
                  <button
                    type="button"
                    onClick={() => gehe(i + 1)}
                    aria-current={i + 1 === seite ? "page" : undefined}
                    className={fundseiten.has(i + 1) ? "betrachter__miniatur--fund" : undefined}
                  >
                    <img
                      src={seitenbildUrl(dokumentId, nr, i + 1, MINIATUR)}
                      alt={`Seite ${i + 1} von ${anzahl}`}
                      width={80}
                      height={Math.round((80 * f.hoehe) / f.breite)}
                      loading="lazy"
                      decoding="async"
                    />
                    <span aria-hidden="true">
                      {i + 1}
                      {fundseiten.has(i + 1) ? " · Treffer" : ""}
                    </span>
                    {fundseiten.has(i + 1) && <span className="kern-sr-only">, mit Treffer</span>}
                  </button>
                </li>
              ))}
            </ol>
          </nav>
        )}
        <div
          ref={flaeche}
          id={`${id}-flaeche`}
          className="betrachter__flaeche"
          tabIndex={0}
          role="region"
          aria-label={anzahl ? `${beschriftung}. Blättern mit Bild auf und Bild ab` : "Seitenansicht"}
        >
          {!angaben ? (
            <Laden text="Seiten werden geladen …" />
          ) : anzahl === 0 ? (
            <p className="betrachter__hinweis">
              {angaben.grund ?? "Für dieses Dokument gibt es keine Seitenansicht."} Bitte laden Sie das
              Dokument herunter.
            </p>
          ) : (
            <div className="betrachter__box" style={{ width: boxBreite, height: boxHoehe }}>
              <img
                key={`${seite}-${serverBreite}`}
                className="betrachter__seite"
                src={seitenbildUrl(dokumentId, nr, seite, serverBreite)}
                alt={beschriftung}
                width={Math.round(bildBreite)}
                height={Math.round(bildHoehe)}
                style={{
                  width: bildBreite,
                  height: bildHoehe,
                  transform: `translate(-50%, -50%) rotate(${drehung}deg)`,
                }}
                fetchPriority="high"
              />
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

/** "Seite [2] von 5": a number field that goes to the page on Enter or when left. */
function Seitenfeld({
  seite,
  anzahl,
  gehe,
  id,
}: {
  seite: number;
  anzahl: number;
  gehe: (n: number) => void;
  id: string;
}) {
  const [wert, setWert] = useState(String(seite));
  useEffect(() => setWert(String(seite)), [seite]);
  const uebernehmen = () => {
    const n = Number.parseInt(wert, 10);
    if (Number.isFinite(n)) gehe(n);
    else setWert(String(seite));
  };
  return (
    <span className="betrachter__seitenfeld">
      <label htmlFor={id} className="kern-label">
        Seite
      </label>
      <input
        id={id}
        className="kern-form-input__input"
        type="number"
        inputMode="numeric"
        min={1}
        max={Math.max(1, anzahl)}
        value={wert}
        onChange={(e) => setWert(e.target.value)}
        onBlur={uebernehmen}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            uebernehmen();
          }
        }}
        aria-describedby={`${id}-von`}
      />
      <span id={`${id}-von`}>von {anzahl}</span>
    </span>
  );
}

/** The search in the document's text: hits with their context; a hit with a page goes there. */
function Textsuche({
  dokumentId,
  nr,
  gehe,
  mitSeiten,
  onTreffer,
}: {
  dokumentId: string;
  nr: number;
  gehe: (n: number) => void;
  mitSeiten: boolean;
  /** The pages with hits, for the thumbnails to mark. */
  onTreffer: (seiten: Set<number>) => void;
}) {
  const [begriff, setBegriff] = useState("");
  const [ergebnis, setErgebnis] = useState<(Fundstellen & { begriff: string }) | null>(null);
  const [laedt, setLaedt] = useState(false);
  const [fehler, setFehler] = useState<string | null>(null);
  const id = useId();
  const suchen = async () => {
    const q = begriff.trim();
    if (!q) {
      setFehler("Bitte geben Sie ein Wort ein.");
      return;
    }
    setFehler(null);
    setLaedt(true);
    try {
      const r = await api<Fundstellen>(
        "GET",
        `/api/v1/dokumente/${dokumentId}/versionen/${nr}/fundstellen?q=${encodeURIComponent(q)}`,
      );
      setErgebnis({ ...r, begriff: q });
      onTreffer(new Set(r.treffer.flatMap((t) => (t.seite === null ? [] : [t.seite]))));
      const erste = r.treffer.find((t) => t.seite !== null);
      if (erste?.seite) gehe(erste.seite);
    } catch (e) {
      setFehler(e instanceof ApiError ? (e.detail ?? e.title) : "Die Suche ist fehlgeschlagen.");
    } finally {
      setLaedt(false);
    }
  };
  return (
    <div className="betrachter__suche">
      <form
        role="search"
        aria-label="Im Text des Dokuments"
        onSubmit={(e) => {
          e.preventDefault();
          void suchen();
        }}
      >
        <label htmlFor={`${id}-q`} className="kern-label">
          Im Text suchen
        </label>
        <input
          id={`${id}-q`}
          className="kern-form-input__input"
          type="search"
          value={begriff}
          maxLength={200}
          onChange={(e) => setBegriff(e.target.value)}
          aria-describedby={fehler ? `${id}-fehler` : undefined}
          aria-invalid={fehler ? true : undefined}
        />
        <button type="submit" className="kern-btn kern-btn--secondary" disabled={laedt}>
          <span className="kern-label">Suchen</span>
        </button>
      </form>
      {fehler && (
        <p id={`${id}-fehler`} className="kern-error" role="alert">
          {fehler}
        </p>
      )}
      <div role="status" aria-live="polite">
        {ergebnis && (
          <p className="kern-body">
            {ergebnis.treffer.length === 0
              ? `„${ergebnis.begriff}“ kommt im Text nicht vor.`
              : `${ergebnis.treffer.length}${ergebnis.begrenzt ? " oder mehr" : ""} Treffer für „${ergebnis.begriff}“${mitSeiten ? "" : " (ohne Seitenangabe)"}`}
          </p>
        )}
      </div>
      {ergebnis && ergebnis.treffer.length > 0 && (
        <ol className="betrachter__treffer" aria-label={`Treffer für „${ergebnis.begriff}“`}>
          {ergebnis.treffer.map((t, i) => (
            <li key={i}>
              {t.seite !== null ? (
                <button type="button" className="betrachter__fund" onClick={() => gehe(t.seite!)}>
                  <strong>Seite {t.seite}:</strong> {t.vorher}
                  <mark>{t.treffer}</mark>
                  {t.nachher}
                </button>
              ) : (
                <span className="betrachter__fund">
                  {t.vorher}
                  <mark>{t.treffer}</mark>
                  {t.nachher}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
