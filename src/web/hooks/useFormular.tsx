import { useCallback, useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../api/client";
import { Fehler, useErgebnis, type Erfolg } from "../components/ui";

export interface Aktion {
  /** The last problem, shown by `rueckmeldung`; null while all is well. */
  fehler: unknown;
  setFehler: (fehler: unknown) => void;
  /** The problem when it came from the API, for the per-field messages. */
  api400: ApiError | undefined;
  /**
   * Runs an action: clears the old outcome, then shows the new one — the success the action
   * returns, or its problem. Either takes the focus.
   */
  ausfuehren: (aktion: () => Promise<Erfolg | void>) => Promise<void>;
  /** Shows a success without running an action (e.g. one reported by a child component). */
  zeige: (erfolg: Erfolg, optionen?: { fokus?: boolean }) => void;
  /**
   * The outcome, to place where the action happened: the error summary or the success message
   * with a link to what was created. Each takes the focus when it appears.
   */
  rueckmeldung: ReactNode;
}

/** One action (a button, a form) with a visible outcome that takes the focus. */
export function useAktion(): Aktion {
  const [fehler, setFehler] = useState<unknown>(null);
  const { ergebnis, zeige, leeren } = useErgebnis();
  const ausfuehren = useCallback(
    async (aktion: () => Promise<Erfolg | void>) => {
      setFehler(null);
      leeren();
      try {
        const erfolg = await aktion();
        if (erfolg) zeige(erfolg);
      } catch (err) {
        setFehler(err);
      }
    },
    [leeren, zeige],
  );
  return {
    fehler,
    setFehler,
    api400: fehler instanceof ApiError ? fehler : undefined,
    ausfuehren,
    zeige,
    rueckmeldung: (
      <>
        <Fehler fehler={fehler} fokus />
        {ergebnis}
      </>
    ),
  };
}

export interface Formular extends Aktion {
  /** The form's onSubmit: stops the page load, runs the action, shows its success or its problem. */
  absenden: (e: FormEvent<HTMLFormElement>) => Promise<void>;
}

/**
 * One form that sends its fields to the API: the submit handling every form here shares. The
 * action returns what to show on success (`Erfolg`), e.g. the new Akte with a link to it.
 */
export function useFormular(
  aktion: (felder: FormData, form: HTMLFormElement) => Promise<Erfolg | void>,
): Formular {
  const basis = useAktion();
  const absenden = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    await basis.ausfuehren(() => aktion(new FormData(form), form));
  };
  return { ...basis, absenden };
}
