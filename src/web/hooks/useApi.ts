import { useCallback, useEffect, useRef, useState } from "react";
import { api, ApiError } from "../api/client";
import { nimmVorab } from "../vorab";

export interface Laden<T> {
  daten: T | undefined;
  fehler: ApiError | undefined;
  laedt: boolean;
  neuLaden: () => void;
}

/**
 * GETs a path and keeps loading state and the German problem; reloads when the path changes. The
 * first answer may come with the page (Vorabdaten, src/web/vorab.ts): then nothing is asked.
 */
export function useApi<T>(path: string | null): Laden<T> {
  const [state, setState] = useState<{ daten?: T; fehler?: ApiError; laedt: boolean }>(() => {
    const mitgebracht = path === null ? undefined : nimmVorab<T>(path);
    return mitgebracht === undefined ? { laedt: path !== null } : { daten: mitgebracht, laedt: false };
  });
  // The path whose answer came with the page: its first look is already done.
  const mitgebrachtFuer = useRef(state.daten !== undefined ? path : null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    if (mitgebrachtFuer.current === path && version === 0) {
      mitgebrachtFuer.current = null;
      return;
    }
    mitgebrachtFuer.current = null;
    let aktiv = true;
    setState((s) => ({ ...s, laedt: true }));
    api<T>("GET", path).then(
      (daten) => aktiv && setState({ daten, laedt: false }),
      (fehler: unknown) =>
        aktiv &&
        setState({
          fehler:
            fehler instanceof ApiError ? fehler : new ApiError(0, "Unbekannter Fehler", String(fehler), []),
          laedt: false,
        }),
    );
    return () => {
      aktiv = false;
    };
  }, [path, version]);
  const neuLaden = useCallback(() => setVersion((v) => v + 1), []);
  return { daten: state.daten, fehler: state.fehler, laedt: state.laedt, neuLaden };
}
