/** The month (YYYY-MM) n months after `monat` (n may be negative). */
export function monatPlus(monat: string, n: number): string {
  const [j, m] = monat.split("-").map(Number) as [number, number];
  const i = j * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}
