import { createContext, useContext } from "react";
import type { Me } from "./api/types";

export interface SessionState {
  me: Me;
  abmelden: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

/** The signed-in user; pages below the login gate always have one. */
export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error("Keine Sitzung");
  return s;
}

export function hatRolle(me: Me, ...rollen: string[]): boolean {
  return me.rollen.some((r) => rollen.includes(r));
}
