import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Root of the installed package: the folder that holds package.json (works from src/ and dist/). */
export const packageRoot: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      readFileSync(path.join(dir, "package.json"));
      return dir;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error("package.json nicht gefunden");
      dir = parent;
    }
  }
})();

/** The product version from package.json. */
export const version: string = (
  JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { version: string }
).version;

/** Forward-only SQL migrations ship as source files, not as compiled output. */
export const migrationsDir = path.join(packageRoot, "src", "server", "migrations");
