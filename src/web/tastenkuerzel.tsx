import { useEffect, useState } from "react";
import { api } from "./api/client";
import type { Postkorb } from "./api/types";
import { navigate } from "./router";

/** The day's shortcuts, listed under "?". Single keys, so they can be switched off (WCAG 2.1.4). */
export const KUERZEL: readonly { taste: string; text: string }[] = [
  { taste: "?", text: "Diese Übersicht öffnen" },
  { taste: "/", text: "Suche öffnen" },
  { taste: "g", text: "Zur Startseite mit dem Postkorb" },
  { taste: "j", text: "Nächster Eintrag im Postkorb" },
  { taste: "k", text: "Vorheriger Eintrag im Postkorb" },
  { taste: "a", text: "Zur Aktion Ihrer Aufgabe (auf einem Vorgang)" },
  { taste: "h", text: "Dokument hochladen (auf einem Vorgang)" },
];

const SCHALTER = "aktenwerk.tastenkuerzel";

export function kuerzelAn(): boolean {
  try {
    return localStorage.getItem(SCHALTER) !== "aus";
  } catch {
    return true;
  }
}

export function setzeKuerzelAn(an: boolean): void {
  try {
    localStorage.setItem(SCHALTER, an ? "an" : "aus");
  } catch {
    // Without storage the setting lasts for this page only.
  }
}

/** Keys typed into a field, a list or an open dialog belong to it, never to a shortcut. */
function gehoertDemFeld(ziel: EventTarget | null): boolean {
  const el = ziel instanceof HTMLElement ? ziel : null;
  if (!el) return false;
  return (
    el.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) ||
    el.closest("[role=combobox], [role=listbox], dialog[open]") !== null
  );
}

/** Moves to the next (or previous) Postkorb entry relative to the Vorgang now open. */
async function imPostkorb(schritt: 1 | -1): Promise<void> {
  const postkorb = await api<Postkorb>("GET", "/api/v1/postkorb?limit=200");
  const vorgaenge = [...new Set(postkorb.eintraege.flatMap((e) => (e.vorgang ? [e.vorgang.id] : [])))];
  if (vorgaenge.length === 0) return navigate("/");
  const jetzt = /^\/vorgaenge\/([^/]+)/.exec(window.location.pathname)?.[1];
  const i = jetzt ? vorgaenge.indexOf(jetzt) : -1;
  const ziel = i < 0 ? (schritt === 1 ? 0 : vorgaenge.length - 1) : i + schritt;
  if (ziel >= 0 && ziel < vorgaenge.length) navigate(`/vorgaenge/${vorgaenge[ziel]}`);
}

function fokussiereSpaeter(selektor: string): void {
  let versuche = 0;
  const suche = () => {
    const el = document.querySelector<HTMLElement>(selektor);
    if (el) el.focus();
    else if (++versuche < 40) window.setTimeout(suche, 50);
  };
  suche();
}

/**
 * Listens for the shortcuts while the user is signed in; `?` calls `zeigeHilfe`. Keys with Ctrl,
 * Alt or Meta and keys typed into fields pass through untouched, so a screen reader's and the
 * browser's own keys keep working.
 */
export function useTastenkuerzel(aktiv: boolean, zeigeHilfe: () => void): void {
  useEffect(() => {
    if (!aktiv) return;
    const taste = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || gehoertDemFeld(e.target)) return;
      if (e.key === "?") {
        e.preventDefault();
        zeigeHilfe();
        return;
      }
      if (!kuerzelAn()) return;
      switch (e.key) {
        case "/":
          e.preventDefault();
          navigate("/suche");
          fokussiereSpaeter("#suche-eingabe");
          break;
        case "g":
          navigate("/");
          break;
        case "j":
          void imPostkorb(1);
          break;
        case "k":
          void imPostkorb(-1);
          break;
        case "a":
          document.querySelector<HTMLElement>(".aufgabe .kern-btn")?.focus();
          break;
        case "h": {
          const hochladen = document.querySelector<HTMLDetailsElement>('details[data-kuerzel="hochladen"]');
          if (hochladen) {
            hochladen.open = true;
            hochladen.scrollIntoView({ block: "center" });
          }
          break;
        }
      }
    };
    document.addEventListener("keydown", taste);
    return () => document.removeEventListener("keydown", taste);
  }, [aktiv, zeigeHilfe]);
}

/** The switch in the overview, kept in this browser. */
export function useKuerzelSchalter(): [boolean, (an: boolean) => void] {
  const [an, setAn] = useState(kuerzelAn);
  return [
    an,
    (neu) => {
      setzeKuerzelAn(neu);
      setAn(neu);
    },
  ];
}
