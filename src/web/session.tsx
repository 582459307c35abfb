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

let eingebettet: { me: Me | null | undefined } | undefined;

/**
 * The signed-in person the server embedded in the page (src/server/web-huelle.ts): `null` when
 * nobody is signed in, `undefined` when the page came without it (then ask /auth/me). The block
 * is read once and leaves the document, so the CSRF token it holds is not left lying in the DOM.
 */
export function eingebetteteSitzung(): Me | null | undefined {
  if (eingebettet) return eingebettet.me;
  const block = document.getElementById("aktenwerk-sitzung");
  let me: Me | null | undefined;
  try {
    me = block ? (JSON.parse(block.textContent ?? "") as Me | null) : undefined;
  } catch {
    me = undefined;
  }
  block?.remove();
  eingebettet = { me };
  return me;
}

/** Whether the user holds one of the roles, in any OE. */
export function hatRolle(me: Me, ...rollen: Rolle[]): boolean {
  return me.rollen.some((r) => rollen.includes(r));
}
