import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/**
 * A button that shows and hides a panel (WAI-ARIA disclosure): the phone's main menu and the
 * profile menu. Escape closes and returns focus to the button; so does a click elsewhere or
 * following a link inside.
 */
export function Kopfmenue({
  knopf,
  beschriftung,
  className,
  children,
}: {
  /** What the button shows. */
  knopf: ReactNode;
  /** The button's accessible name when `knopf` is not text enough, e.g. "Menü". */
  beschriftung?: string;
  className?: string;
  children: ReactNode;
}) {
  const [offen, setOffen] = useState(false);
  const id = useId();
  const rahmen = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!offen) return;
    const draussen = (e: MouseEvent) => {
      if (!rahmen.current?.contains(e.target as Node)) setOffen(false);
    };
    const taste = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOffen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("mousedown", draussen);
    document.addEventListener("keydown", taste);
    return () => {
      document.removeEventListener("mousedown", draussen);
      document.removeEventListener("keydown", taste);
    };
  }, [offen]);
  return (
    <div className={`kopfmenue ${className ?? ""}`} ref={rahmen}>
      <button
        ref={button}
        type="button"
        className="kern-btn kern-btn--tertiary kopfmenue__knopf"
        aria-expanded={offen}
        aria-controls={id}
        aria-label={beschriftung}
        onClick={() => setOffen(!offen)}
      >
        {knopf}
      </button>
      <div
        id={id}
        className="kopfmenue__feld"
        hidden={!offen}
        onClick={(e) => {
          // Following a link or pressing a button inside closes the menu.
          if ((e.target as HTMLElement).closest("a, button")) setOffen(false);
        }}
      >
        {children}
      </div>
    </div>
  );
}
