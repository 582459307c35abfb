import { describe, expect, it } from "vitest";
import type { NeuerProtokollEintrag, ProtokollAktion } from "./protokoll.types.js";

// The details of an entry are typed by its action. Each wrong entry below carries the marker that
// expects a compile error, so `npm run typecheck` fails if the compiler ever accepts one of them.

/** An entry as `schreibeProtokollInTx` takes it. */
const eintrag = <A extends ProtokollAktion>(e: NeuerProtokollEintrag<A>): NeuerProtokollEintrag<A> => e;
const kopf = { akteur: "system", objektArt: "posteingang", objektId: "1" } as const;

describe("Protokoll details by action", () => {
  it("takes the details of the action and refuses others, missing ones and details where none belong", () => {
    const eintraege = [
      eintrag({ ...kopf, aktion: "posteingang.verworfen", details: { grund: "Werbung" } }),
      eintrag({
        ...kopf,
        aktion: "posteingang.verworfen",
        // @ts-expect-error: the details of another action (posteingang.regel_geloescht)
        details: { muster: "Werbung" },
      }),
      eintrag({
        ...kopf,
        aktion: "posteingang.verworfen",
        // @ts-expect-error: a field the action does not record
        details: { grund: "Werbung", vorgangId: "2" },
      }),
      // @ts-expect-error: the action records a reason
      eintrag({ ...kopf, aktion: "posteingang.verworfen" }),
      eintrag({ ...kopf, aktion: "abmeldung" }),
      eintrag({
        ...kopf,
        aktion: "abmeldung",
        // @ts-expect-error: an action without details takes none
        details: { grund: "Werbung" },
      }),
      eintrag({ ...kopf, aktion: "benachrichtigung.gelesen", details: { anzahl: 3, alle: true } }),
      // @ts-expect-error: one notice or all of them, not neither
      eintrag({ ...kopf, aktion: "benachrichtigung.gelesen", details: { anzahl: 3 } }),
    ];
    expect(eintraege.map((e) => e.aktion)).toEqual([
      "posteingang.verworfen",
      "posteingang.verworfen",
      "posteingang.verworfen",
      "posteingang.verworfen",
      "abmeldung",
      "abmeldung",
      "benachrichtigung.gelesen",
      "benachrichtigung.gelesen",
    ]);
  });
});
