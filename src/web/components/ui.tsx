import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
} from "react";
import { glossar } from "../../shared/glossar";
import { ApiError } from "../api/client";
import { Link } from "../router";

/** A page: sets the document title and moves focus to the heading, so screen readers hear where they are. */
export function Seite({
  titel,
  children,
  aktionen,
}: {
  titel: string;
  children: ReactNode;
  aktionen?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${titel} – Aktenwerk`;
    // A link to a part of the page (/konto#abwesenheit) lands there; otherwise on the heading.
    const ziel = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    if (ziel) {
      if (!ziel.hasAttribute("tabindex")) ziel.setAttribute("tabindex", "-1");
      ziel.focus();
      ziel.scrollIntoView({ block: "start" });
    } else heading.current?.focus({ preventScroll: true });
  }, [titel]);
  return (
    <section className="seite" aria-labelledby="seitentitel">
      <div className="seite__kopf">
        <h1 id="seitentitel" className="kern-heading-large" tabIndex={-1} ref={heading}>
          {titel}
        </h1>
        {aktionen && <div className="seite__aktionen">{aktionen}</div>}
      </div>
      {children}
    </section>
  );
}

/** Ids for a form control and the hint and error that describe it. */
function useFeldIds(name: string, id: string | undefined, hinweis: unknown, fehler: unknown) {
  const auto = useId();
  const fieldId = id ?? `${auto}-${name}`;
  const described =
    [hinweis ? `${fieldId}-hinweis` : "", fehler ? `${fieldId}-fehler` : ""].filter(Boolean).join(" ") ||
    undefined;
  return { fieldId, described };
}

/** Label, hint and error around one control, the way KERN lays out a form field. */
function FeldRahmen(props: {
  fieldId: string;
  label: ReactNode;
  pflicht?: boolean;
  hinweis?: string;
  fehler?: string;
  children: ReactNode;
}) {
  const { fieldId, label, pflicht, hinweis, fehler, children } = props;
  return (
    <div className={`kern-form-input${fehler ? " kern-form-input--error" : ""}`}>
      <label className="kern-label" htmlFor={fieldId}>
        {label}
        {!pflicht && <span className="kern-label__optional"> – optional</span>}
      </label>
      {hinweis && (
        <div className="kern-hint" id={`${fieldId}-hinweis`}>
          {hinweis}
        </div>
      )}
      {fehler && (
        <p className="kern-error" id={`${fieldId}-fehler`} role="alert">
          {fehler}
        </p>
      )}
      {children}
    </div>
  );
}

type FeldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: ReactNode;
  hinweis?: string;
  fehler?: string;
  name: string;
};

/** A labelled input with hint and error, wired for assistive technology. */
export function Feld({ label, hinweis, fehler, name, id, ...rest }: FeldProps) {
  const { fieldId, described } = useFeldIds(name, id, hinweis, fehler);
  return (
    <FeldRahmen fieldId={fieldId} label={label} pflicht={rest.required} hinweis={hinweis} fehler={fehler}>
      <input
        className={`kern-form-input__input${fehler ? " kern-form-input__input--error" : ""}`}
        id={fieldId}
        name={name}
        aria-describedby={described}
        aria-invalid={fehler ? true : undefined}
        {...rest}
      />
    </FeldRahmen>
  );
}

type AuswahlProps = SelectHTMLAttributes<HTMLSelectElement> & {
  label: ReactNode;
  fehler?: string;
  name: string;
  hinweis?: string;
};

export function Auswahl({ label, fehler, name, hinweis, children, id, ...rest }: AuswahlProps) {
  const { fieldId, described } = useFeldIds(name, id, hinweis, fehler);
  return (
    <FeldRahmen fieldId={fieldId} label={label} pflicht={rest.required} hinweis={hinweis} fehler={fehler}>
      <div className="kern-form-input__select-wrapper">
        <select
          className={`kern-form-input__select${fehler ? " kern-form-input__select--error" : ""}`}
          id={fieldId}
          name={name}
          aria-describedby={described}
          aria-invalid={fehler ? true : undefined}
          {...rest}
        >
          {children}
        </select>
      </div>
    </FeldRahmen>
  );
}

/** What a page shows for an object that does not exist or is hidden: the same words either way. */
export function NichtSichtbar({
  was,
  fehler,
}: {
  was: "Die Akte" | "Den Vorgang" | "Das Dokument";
  fehler: unknown;
}) {
  const titel = {
    "Die Akte": "Akte nicht gefunden",
    "Den Vorgang": "Vorgang nicht gefunden",
    "Das Dokument": "Dokument nicht gefunden",
  }[was];
  return (
    <Seite titel={titel}>
      <Fehler fehler={fehler} />
      <p className="kern-body">
        {was} gibt es nicht, oder Sie dürfen{" "}
        {was === "Das Dokument" ? "es" : was === "Die Akte" ? "sie" : "ihn"} nicht sehen. Zurück zur{" "}
        <Link href="/">Startseite</Link>.
      </p>
    </Seite>
  );
}

/**
 * A KERN alert: a live region (alert for a danger, status for info and warning). A success is none
 * by default: it follows the reader's own action, which announces it once, by moving the focus to
 * it or through the app's live region (useAnsage), never twice.
 */
export function Meldung({
  art,
  titel,
  children,
  ansagen = art !== "success",
}: {
  art: "info" | "success" | "warning" | "danger";
  titel: string;
  children?: ReactNode;
  ansagen?: boolean;
}) {
  return (
    <div
      className={`kern-alert kern-alert--${art}`}
      role={ansagen ? (art === "danger" ? "alert" : "status") : undefined}
    >
      <div className="kern-alert__header">
        <span className={`kern-icon kern-icon--${art === "danger" ? "danger" : art}`} aria-hidden="true" />
        <span className="kern-title">{titel}</span>
      </div>
      {children && <div className="kern-alert__body">{children}</div>}
    </div>
  );
}

/**
 * The API's problem, shown where it happened; field problems appear at their fields as well.
 * With `fokus` (a problem after the reader's own action) it takes the focus whenever a new problem
 * appears, so keyboard and screen reader users land on it, not at the top of the page.
 */
export function Fehler({ fehler, fokus = false }: { fehler: unknown; fokus?: boolean }) {
  const rahmen = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (fokus && fehler) rahmen.current?.focus();
  }, [fehler, fokus]);
  if (!fehler) return null;
  const meldung =
    fehler instanceof ApiError ? (
      <Meldung art="danger" titel={fehler.title}>
        {fehler.detail && <p className="kern-body">{fehler.detail}</p>}
      </Meldung>
    ) : (
      <Meldung art="danger" titel="Es ist ein Fehler aufgetreten." />
    );
  if (!fokus) return meldung;
  return (
    <div ref={rahmen} tabIndex={-1} className="rueckmeldung">
      {meldung}
    </div>
  );
}

/** What a successful action shows: what happened, and the way to what it created or changed. */
export interface Erfolg {
  /** One sentence, e.g. "Akte 63.10-2026/0005 angelegt." (also announced). */
  titel: string;
  /** More words, if any. */
  text?: string;
  /** What was created, e.g. the new Akte; a path of the app, an anchor (#…) or a download. */
  link?: { href: string; text: string };
  /** Anything else below, e.g. the way to the next Postkorb entry. */
  weiter?: ReactNode;
}

/** A link of a success message: the app's router for its pages, the browser for anchors and files. */
function ErfolgLink({ href, text }: { href: string; text: string }) {
  return href.startsWith("/") && !href.startsWith("/api/") ? (
    <Link className="kern-link" href={href}>
      {text}
    </Link>
  ) : (
    <a className="kern-link" href={href}>
      {text}
    </a>
  );
}

/** A success, visible where the action happened, focused when it appears (see useErgebnis). */
function Ergebnis({ erfolg, fokus }: { erfolg: Erfolg; fokus: boolean }) {
  const rahmen = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (fokus) rahmen.current?.focus();
  }, [fokus]);
  const { titel, text, link, weiter } = erfolg;
  // Only a title: no empty body strip under it.
  const inhalt =
    text || link || weiter ? (
      <>
        {(text || link) && (
          <p className="kern-body">
            {text}
            {text && link && " "}
            {link && <ErfolgLink {...link} />}
          </p>
        )}
        {weiter}
      </>
    ) : undefined;
  return (
    <div ref={rahmen} tabIndex={-1} className="rueckmeldung ergebnis">
      <Meldung art="success" titel={titel}>
        {inhalt}
      </Meldung>
    </div>
  );
}

export interface Ergebnisanzeige {
  /** The success message to place where the action happened (null before any success). */
  ergebnis: ReactNode;
  /**
   * Shows a success: visible and focused, so the reader lands on the result (and hears it there).
   * `fokus: false` for a setting that changed in place (a checkbox keeps its focus): then the live
   * region announces it. Either way it is said once.
   */
  zeige: (erfolg: Erfolg, optionen?: { fokus?: boolean }) => void;
  /** Removes the message (when the next action starts). */
  leeren: () => void;
}

/** The visible result of an action; every form gets it through useFormular. */
export function useErgebnis(): Ergebnisanzeige {
  const ansage = useAnsage();
  const [stand, setStand] = useState<{ erfolg: Erfolg; fokus: boolean; nr: number } | null>(null);
  const zeige = useCallback(
    (erfolg: Erfolg, { fokus = true }: { fokus?: boolean } = {}) => {
      // A new number remounts the message, so the same success twice takes the focus again.
      setStand((s) => ({ erfolg, fokus, nr: (s?.nr ?? 0) + 1 }));
      if (!fokus) ansage(erfolg.titel);
    },
    [ansage],
  );
  const leeren = useCallback(() => setStand(null), []);
  const ergebnis = stand ? <Ergebnis key={stand.nr} erfolg={stand.erfolg} fokus={stand.fokus} /> : null;
  return { ergebnis, zeige, leeren };
}

export function Laden({ text = "Wird geladen …" }: { text?: string }) {
  return (
    <div className="laden" role="status" aria-live="polite">
      <span className="kern-loader kern-loader--visible" aria-hidden="true" />
      <span>{text}</span>
    </div>
  );
}

/** An empty state that says what to do next. */
export function Leer({ titel, children }: { titel: string; children?: ReactNode }) {
  return (
    <div className="leer kern-card kern-card--surface">
      <div className="kern-card__container">
        <div className="kern-card__body">
          <p className="kern-title">{titel}</p>
          {children && <div className="kern-body">{children}</div>}
        </div>
      </div>
    </div>
  );
}

/** A term of art explained in place: on hover or focus, dismissible with Escape (WCAG 1.4.13). */
export function Begriff({ wort, children }: { wort: keyof typeof glossar | string; children?: ReactNode }) {
  const id = useId();
  const [offen, setOffen] = useState(false);
  const text = glossar[wort];
  if (!text) return <>{children ?? wort}</>;
  return (
    <span
      className="begriff"
      tabIndex={0}
      aria-describedby={id}
      onMouseEnter={() => setOffen(true)}
      onMouseLeave={() => setOffen(false)}
      onFocus={() => setOffen(true)}
      onBlur={() => setOffen(false)}
      onKeyDown={(e) => e.key === "Escape" && setOffen(false)}
    >
      {children ?? wort}
      <span
        role="tooltip"
        id={id}
        className={`begriff__erklaerung${offen ? " begriff__erklaerung--offen" : ""}`}
      >
        {text}
      </span>
    </span>
  );
}

const AnsageContext = createContext<(text: string) => void>(() => undefined);
export const AnsageProvider = AnsageContext.Provider;

/** Announces the result of an async action in the polite live region. */
export function useAnsage(): (text: string) => void {
  return useContext(AnsageContext);
}

export function Badge({
  art,
  children,
}: {
  art?: "info" | "success" | "warning" | "danger";
  children: ReactNode;
}) {
  return <span className={`kern-badge${art ? ` kern-badge--${art}` : ""}`}>{children}</span>;
}

/**
 * Asks before an action that cannot be taken back (Zeichnen, Zustimmen): a modal KERN dialog.
 * Focus moves into it and back to where it was; Escape cancels.
 */
export function Bestaetigung({
  offen,
  titel,
  bestaetigen,
  onBestaetigt,
  onAbbruch,
  children,
}: {
  offen: boolean;
  titel: string;
  /** The confirming button's text, e.g. "Jetzt zeichnen". */
  bestaetigen: string;
  onBestaetigt: () => void;
  onAbbruch: () => void;
  children?: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titelId = useId();
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (offen && !d.open) {
      d.showModal();
      d.querySelector<HTMLButtonElement>("[data-bestaetigen]")?.focus();
    }
    if (!offen && d.open) d.close();
  }, [offen]);
  return (
    <dialog
      ref={dialog}
      className="kern-dialog"
      aria-labelledby={titelId}
      onCancel={(e) => {
        e.preventDefault();
        onAbbruch();
      }}
    >
      <header className="kern-dialog__header">
        <h2 className="kern-title" id={titelId}>
          {titel}
        </h2>
      </header>
      <section className="kern-dialog__body">{children}</section>
      <footer className="kern-dialog__footer">
        <button type="button" className="kern-btn kern-btn--secondary" onClick={onAbbruch}>
          <span className="kern-label">Abbrechen</span>
        </button>
        <button type="button" className="kern-btn kern-btn--primary" data-bestaetigen onClick={onBestaetigt}>
          <span className="kern-label">{bestaetigen}</span>
        </button>
      </footer>
    </dialog>
  );
}

/**
 * A form or a section that opens on demand (disclosure): the page stays short, the summary is one
 * tab stop. Opening moves focus to the first field, so keyboard users land where they type.
 */
export function Aufklapper({
  titel,
  children,
  offen,
  onUmschalten,
  kuerzel,
}: {
  titel: string;
  children: ReactNode;
  /** Name for a keyboard shortcut that opens it (see tastenkuerzel.tsx), e.g. "hochladen". */
  kuerzel?: string;
  /** Controlled: open or closed (e.g. closed again after the form was sent). */
  offen?: boolean;
  onUmschalten?: (offen: boolean) => void;
}) {
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (details.current && offen !== undefined) details.current.open = offen;
  }, [offen]);
  return (
    <details
      ref={details}
      className="aufklapper"
      data-kuerzel={kuerzel}
      onToggle={(e) => {
        const jetzt = e.currentTarget.open;
        onUmschalten?.(jetzt);
        if (jetzt)
          e.currentTarget
            .querySelector<HTMLElement>(
              ".aufklapper__inhalt input:not([type=hidden]), .aufklapper__inhalt select, .aufklapper__inhalt textarea",
            )
            ?.focus();
      }}
    >
      <summary className="aufklapper__titel">{titel}</summary>
      <div className="aufklapper__inhalt">{children}</div>
    </details>
  );
}

/**
 * A file input that looks like KERN: the label, a secondary button "Datei auswählen" and the chosen
 * file's name. The native input stays in place and focusable (its button and wording follow the
 * browser's language; ours is always German), the button is its visible face.
 */
export function DateiFeld({
  label,
  name,
  id,
  hinweis,
  fehler,
  accept,
  multiple = false,
  pflicht = false,
  onDateien,
}: {
  label: ReactNode;
  name?: string;
  id?: string;
  hinweis?: string;
  fehler?: string;
  accept?: string;
  multiple?: boolean;
  pflicht?: boolean;
  /** Called with the chosen files (empty when the choice was cleared). */
  onDateien?: (dateien: File[]) => void;
}) {
  const { fieldId, described } = useFeldIds(name ?? "datei", id, hinweis, fehler);
  const [gewaehlt, setGewaehlt] = useState<File[]>([]);
  const eingabe = useRef<HTMLInputElement>(null);
  // A form reset empties the input without a change event: the shown name follows it.
  useEffect(() => {
    const form = eingabe.current?.form;
    if (!form) return;
    const zuruecksetzen = () => setGewaehlt([]);
    form.addEventListener("reset", zuruecksetzen);
    return () => form.removeEventListener("reset", zuruecksetzen);
  }, []);
  return (
    <div className={`kern-form-input dateifeld${fehler ? " kern-form-input--error" : ""}`}>
      <label className="kern-label" htmlFor={fieldId} id={`${fieldId}-label`}>
        {label}
        {!pflicht && <span className="kern-label__optional"> – optional</span>}
      </label>
      {hinweis && (
        <div className="kern-hint" id={`${fieldId}-hinweis`}>
          {hinweis}
        </div>
      )}
      {fehler && (
        <p className="kern-error" id={`${fieldId}-fehler`} role="alert">
          {fehler}
        </p>
      )}
      <div className="dateifeld__zeile">
        <input
          ref={eingabe}
          id={fieldId}
          name={name}
          type="file"
          className="upload__eingabe"
          accept={accept}
          multiple={multiple}
          aria-labelledby={`${fieldId}-label ${fieldId}-knopf`}
          aria-describedby={[described, `${fieldId}-auswahl`].filter(Boolean).join(" ")}
          aria-invalid={fehler ? true : undefined}
          onChange={(e) => {
            const dateien = [...(e.target.files ?? [])];
            setGewaehlt(dateien);
            onDateien?.(dateien);
          }}
        />
        <label
          htmlFor={fieldId}
          id={`${fieldId}-knopf`}
          className="kern-btn kern-btn--secondary upload__knopf"
        >
          <span className="kern-label">{multiple ? "Dateien auswählen" : "Datei auswählen"}</span>
        </label>
        <span className="kern-body dateifeld__auswahl" id={`${fieldId}-auswahl`}>
          {gewaehlt.length === 0
            ? "Keine Datei ausgewählt"
            : gewaehlt.length === 1
              ? gewaehlt[0]!.name
              : `${gewaehlt.length} Dateien: ${gewaehlt.map((d) => d.name).join(", ")}`}
        </span>
      </div>
    </div>
  );
}

/**
 * The frame of a table that may be wider than the screen. When it scrolls sideways it becomes a
 * named region one can Tab to and scroll with the arrow keys (WCAG 2.1.1); when it fits, it is no
 * extra tab stop.
 */
export function Tabellenrahmen({ beschriftung, children }: { beschriftung: string; children: ReactNode }) {
  const rahmen = useRef<HTMLDivElement>(null);
  const [rollt, setRollt] = useState(false);
  useLayoutEffect(() => {
    const el = rahmen.current;
    if (!el) return;
    const messen = () => setRollt(el.scrollWidth > el.clientWidth + 1);
    messen();
    const beobachter = new ResizeObserver(messen);
    beobachter.observe(el);
    if (el.firstElementChild) beobachter.observe(el.firstElementChild);
    return () => beobachter.disconnect();
  }, []);
  return (
    <div
      ref={rahmen}
      className="tabelle-rahmen"
      {...(rollt
        ? { tabIndex: 0, role: "region", "aria-label": `${beschriftung} (seitlich scrollbar)` }
        : {})}
    >
      {children}
    </div>
  );
}
