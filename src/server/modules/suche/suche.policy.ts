import {
  inhaltSchluesselDerAkte,
  inhaltSchluesselDesProfils,
  type AkteZugriffsdaten,
  type Zugriffsprofil,
} from "../schriftgut/index.js";

/**
 * Who finds which index row. Each row carries the keys of its Akte's content rule (Schriftgut's
 * `inhaltSchluesselDerAkte`), each reader presents the keys of their profile; a row is a candidate
 * for a reader when the two share a key. The index runs the same test as `sichtbar_fuer && keys`
 * (GIN-assisted); the search then also applies Schriftgut's exact rule (`sichtbarSql`), so a key
 * left stale by a change never shows a hit. Necessary, not sufficient.
 */

/** The keys an index row carries: none when its Akte is gone (deleted), so no one finds it. */
export function schluesselDerZeile(akte: AkteZugriffsdaten | undefined): string[] {
  return akte ? inhaltSchluesselDerAkte(akte) : [];
}

/** The keys a reader presents to the index. */
export function schluesselDesLesers(profil: Zugriffsprofil): string[] {
  return inhaltSchluesselDesProfils(profil);
}

/** True when the reader with `profil` may find a row carrying `zeile` (they share a key). */
export function darfZeileFinden(profil: Zugriffsprofil, zeile: readonly string[]): boolean {
  const leser = new Set(schluesselDesLesers(profil));
  return zeile.some((k) => leser.has(k));
}
