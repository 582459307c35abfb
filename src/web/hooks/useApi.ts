import { useCallback, useEffect, useState } from "react";
import { api, ApiError } from "../api/client";

export interface Laden<T> {
  daten: T | undefined;
  fehler: ApiError | undefined;
  laedt: boolean;
  neuLaden: () => void;
}

/** GETs a path and keeps loading state and the German problem; reloads when the path changes. */
export function useApi<T>(path: string | null): Laden<T> {
  const [state, setState] = useState<{ daten?: T; fehler?: ApiError; laedt: boolean }>({
    laedt: path !== null,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
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
