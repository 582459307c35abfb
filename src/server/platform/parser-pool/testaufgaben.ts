/** Tasks for the pool's own tests: well-behaved, throwing, CPU-burning and heap-eating. */
export const aufgaben = {
  verdopple: (n: number) => n * 2,
  async bytes(n: number): Promise<Uint8Array> {
    return new Uint8Array(n).fill(7);
  },
  wirf(meldung: string): never {
    const e = Object.assign(new Error(meldung), { code: "kaputt" });
    e.name = "KaputtException";
    throw e;
  },
  endlos(): number {
    let x = 0;
    for (;;) x = (x + 1) % 1000;
  },
  speicherfresser(): number {
    const halde: string[][] = [];
    for (;;) halde.push(Array.from({ length: 100_000 }, (_, i) => `eintrag-${i}-${halde.length}`));
  },
};
