/** A one-line progress bar on stderr for long CLI work; silent when stderr is not a terminal. */
export function progressBar(label: string): {
  update(done: number, total: number, note?: string): void;
  done(): void;
} {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(done, total, note) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const width = 30;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * width);
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      process.stderr.write(
        `\r${label} ${bar} ${Math.round(ratio * 100)} % (${done}/${total})${note ? ` ${note}` : ""}\x1b[K`,
      );
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}
