import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { api } from "../api/client";
import type { Auswahl, AuswahlArt, AuswahlEintrag } from "../../shared/api/auswahl.schema";

/** What a picker searches: one kind of the API, or persons and OEs together (a step's addressee). */
export type KombiArt = AuswahlArt | "adressaten";

const ZULETZT_MAX = 8;
const zuletztSchluessel = (art: KombiArt) => `aktenwerk.zuletzt.${art}`;

/**
 * The form values this browser chose last for this kind, newest first ("recent items first").
 * Only ids and names are kept; the server offers them first if the reader may still see them.
 */
function zuletzt(art: KombiArt): string[] {
  try {
    const roh: unknown = JSON.parse(localStorage.getItem(zuletztSchluessel(art)) ?? "[]");
    return Array.isArray(roh)
      ? roh.filter((x): x is string => typeof x === "string").slice(0, ZULETZT_MAX)
      : [];
  } catch {
    return [];
  }
}

function merke(art: KombiArt, wert: string): void {
  const liste = [wert, ...zuletzt(art).filter((x) => x !== wert)].slice(0, ZULETZT_MAX);
  try {
    localStorage.setItem(zuletztSchluessel(art), JSON.stringify(liste));
  } catch {
    // Private mode or full storage: the picker works without its memory.
  }
}

/** Remembers an object the user opened, so pickers offer it first (e.g. the Vorgang just viewed). */
export function merkeBesucht(art: AuswahlArt, wert: string): void {
  merke(art, wert);
  if (art === "personen" || art === "oes") merke("adressaten", wert);
}

async function lade(
  art: KombiArt,
  q: string,
  filter: { offen?: boolean; oe?: string },
): Promise<AuswahlEintrag[]> {
  const abfrage = (a: AuswahlArt, limit: number) => {
    const p = new URLSearchParams({ q, limit: String(limit) });
    if (!q) p.set("zuerst", zuletzt(art).join(","));
    if (filter.offen) p.set("offen", "true");
    if (filter.oe && a === "personen") p.set("oe", filter.oe);
    return api<Auswahl>("GET", `/api/v1/auswahl/${a}?${p.toString()}`).then((r) => r.eintraege);
  };
  if (art !== "adressaten") return abfrage(art, 10);
  const [personen, oes] = await Promise.all([abfrage("personen", 8), abfrage("oes", 4)]);
  return [...personen, ...oes];
}

export interface KombifeldProps {
  label: ReactNode;
  /** The form field's name: a hidden input carries the chosen entry's `wert`. */
  name: string;
  id?: string;
  art: KombiArt;
  /** The chosen entry (controlled), or null. */
  wahl: AuswahlEintrag | null;
  onWahl: (e: AuswahlEintrag | null) => void;
  required?: boolean;
  hinweis?: string;
  fehler?: string;
  /** Akten and Vorgänge: only open ones. */
  nurOffene?: boolean;
  /** Personen: members of this OE (Kürzel). */
  oe?: string;
}

/**
 * A combobox that searches as you type (WAI-ARIA combobox with a list popup): arrow keys move,
 * Enter chooses, Escape closes and then clears. Recently chosen entries come first. The form sends
 * the chosen entry's `wert` in a hidden field named `name`; typed text alone is never sent.
 */
export function Kombifeld(props: KombifeldProps) {
  const { label, name, art, wahl, onWahl, required, hinweis, fehler, nurOffene, oe } = props;
  const auto = useId();
  const feldId = props.id ?? `${auto}-${name}`;
  const listeId = `${feldId}-liste`;
  const [text, setText] = useState(wahl?.text ?? "");
  const [offen, setOffen] = useState(false);
  const [eintraege, setEintraege] = useState<AuswahlEintrag[]>([]);
  const [aktiv, setAktiv] = useState(-1);
  const [laedt, setLaedt] = useState(false);
  const [ladeFehler, setLadeFehler] = useState(false);
  // The query the shown entries answer: while it differs from the typed one, the list is stale.
  const [beantwortet, setBeantwortet] = useState<string | null>(null);
  const anfrage = useRef(0);
  const liste = useRef<HTMLUListElement>(null);

  // A choice made from outside (reset, preset) shows its text.
  useEffect(() => setText(wahl?.text ?? ""), [wahl]);

  const q = wahl && text === wahl.text ? "" : text.trim();
  const frage = JSON.stringify([art, q, nurOffene ?? false, oe ?? ""]);
  useEffect(() => {
    if (!offen) return;
    const nr = ++anfrage.current;
    const timer = setTimeout(
      () => {
        setLaedt(true);
        setLadeFehler(false);
        lade(art, q, { offen: nurOffene, oe }).then(
          (gefunden) => {
            if (nr !== anfrage.current) return;
            setEintraege(gefunden);
            setBeantwortet(frage);
            setAktiv(-1);
            setLaedt(false);
            setLadeFehler(false);
          },
          () => {
            if (nr !== anfrage.current) return;
            setLaedt(false);
            setLadeFehler(true);
          },
        );
      },
      q ? 150 : 0,
    );
    return () => clearTimeout(timer);
  }, [q, frage, offen, art, nurOffene, oe]);

  useEffect(() => {
    if (aktiv >= 0) liste.current?.children[aktiv]?.scrollIntoView({ block: "nearest" });
  }, [aktiv]);

  const waehle = (e: AuswahlEintrag) => {
    merke(art, e.wert);
    onWahl(e);
    setText(e.text);
    setOffen(false);
  };

  const taste = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!offen) setOffen(true);
      else setAktiv((a) => Math.min(a + 1, eintraege.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (offen) setAktiv((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      if (offen && aktiv >= 0 && eintraege[aktiv]) {
        e.preventDefault();
        waehle(eintraege[aktiv]);
      }
    } else if (e.key === "Escape") {
      if (offen) {
        e.preventDefault();
        setOffen(false);
      } else if (text) {
        e.preventDefault();
        setText("");
        onWahl(null);
      }
    }
  };

  // Leaving the field with text that names exactly one entry chooses it; other text stays unchosen.
  const verlassen = () => {
    setOffen(false);
    if (wahl && text === wahl.text) return;
    const t = text.trim().toLowerCase();
    const gleich = eintraege.filter((x) => x.text.toLowerCase() === t || x.wert.toLowerCase() === t);
    if (t && gleich.length === 1) waehle(gleich[0]!);
  };

  const beschrieben =
    [hinweis ? `${feldId}-hinweis` : "", fehler ? `${feldId}-fehler` : "", `${feldId}-status`]
      .filter(Boolean)
      .join(" ") || undefined;
  const frueher = text.trim() && !(wahl && text === wahl.text) ? [] : zuletzt(art);
  const status = !offen
    ? wahl
      ? `Gewählt: ${wahl.text}`
      : ""
    : laedt
      ? "Suche läuft …"
      : ladeFehler
        ? "Die Vorschläge konnten nicht geladen werden."
        : eintraege.length === 0
          ? "Keine Treffer. Anders schreiben oder weniger eingeben."
          : `${eintraege.length} Vorschläge. Mit Pfeiltasten wählen, Eingabetaste übernimmt.`;

  return (
    <div className={`kern-form-input kombifeld${fehler ? " kern-form-input--error" : ""}`}>
      <label className="kern-label" htmlFor={feldId}>
        {label}
        {!required && <span className="kern-label__optional"> – optional</span>}
      </label>
      {hinweis && (
        <div className="kern-hint" id={`${feldId}-hinweis`}>
          {hinweis}
        </div>
      )}
      {fehler && (
        <p className="kern-error" id={`${feldId}-fehler`} role="alert">
          {fehler}
        </p>
      )}
      <div className="kombifeld__rahmen">
        <input
          id={feldId}
          className={`kern-form-input__input${fehler ? " kern-form-input__input--error" : ""}`}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={offen}
          aria-controls={listeId}
          aria-activedescendant={offen && aktiv >= 0 ? `${listeId}-${aktiv}` : undefined}
          aria-describedby={beschrieben}
          aria-invalid={fehler ? true : undefined}
          aria-required={required || undefined}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOffen(true);
            if (wahl) onWahl(null);
          }}
          onFocus={() => setOffen(true)}
          onClick={() => setOffen(true)}
          onBlur={verlassen}
          onKeyDown={taste}
        />
        <input type="hidden" name={name} value={wahl?.wert ?? ""} />
        <ul
          id={listeId}
          ref={liste}
          role="listbox"
          aria-label={typeof label === "string" ? `Vorschläge: ${label}` : "Vorschläge"}
          className="kombifeld__liste"
          aria-busy={offen && !ladeFehler && (laedt || beantwortet !== frage)}
          hidden={!offen || eintraege.length === 0}
        >
          {eintraege.map((e, i) => (
            <li
              key={`${e.wert}-${i}`}
              id={`${listeId}-${i}`}
              role="option"
              aria-selected={i === aktiv}
              className={`kombifeld__eintrag${i === aktiv ? " kombifeld__eintrag--aktiv" : ""}`}
              // Choosing on mousedown keeps the input from blurring first.
              onMouseDown={(ev) => {
                ev.preventDefault();
                waehle(e);
              }}
            >
              <span className="kombifeld__text">
                {frueher.includes(e.wert) && <span className="kombifeld__marke">Zuletzt gewählt · </span>}
                {e.text}
              </span>
              {e.zusatz && <span className="kombifeld__zusatz">{e.zusatz}</span>}
            </li>
          ))}
        </ul>
      </div>
      <span id={`${feldId}-status`} className="kern-sr-only" aria-live="polite">
        {status}
      </span>
    </div>
  );
}
