import { createContext, useContext } from "react";
import type { Me } from "./api/types";
import type { Rolle } from "../shared/organisation";

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

/** Whether the user holds one of the roles, in any OE. */
export function hatRolle(me: Me, ...rollen: Rolle[]): boolean {
  return me.rollen.some((r) => rollen.includes(r));
}
