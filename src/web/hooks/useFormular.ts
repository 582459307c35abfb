import { useState, type FormEvent } from "react";
import { ApiError } from "../api/client";

export interface Formular {
  /** The last problem, shown by `<Fehler>`; null while all is well. */
  fehler: unknown;
  setFehler: (fehler: unknown) => void;
  /** The problem when it came from the API, for the per-field messages. */
  api400: ApiError | undefined;
  /** The form's onSubmit: stops the page load, clears the old problem, runs the action, keeps its problem. */
  absenden: (e: FormEvent<HTMLFormElement>) => Promise<void>;
}

/** One form that sends its fields to the API: the submit handling every form here shares. */
export function useFormular(aktion: (felder: FormData, form: HTMLFormElement) => Promise<void>): Formular {
  const [fehler, setFehler] = useState<unknown>(null);
  const absenden = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setFehler(null);
    try {
      await aktion(new FormData(form), form);
    } catch (err) {
      setFehler(err);
    }
  };
  return { fehler, setFehler, api400: fehler instanceof ApiError ? fehler : undefined, absenden };
}
