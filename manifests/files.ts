import { readdirSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";

/** Manifest files larger than this are refused before parsing. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Expands `-f` arguments: a file stays as given, a directory yields every *.yaml / *.yml below it,
 * sorted so the manifest order (and so every error listing) is stable. Symlinked directories are
 * followed (git-sync swaps the checkout by symlink); dot-directories such as .git are skipped.
 */
export function expandManifestPaths(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      if (entry.startsWith(".")) continue;
      const full = join(dir, entry);
      const st = statSync(full, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(full);
      else if (st.isFile() && [".yaml", ".yml"].includes(extname(entry))) files.push(full);
    }
  };
  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) missing.push(p);
    else if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return { files: [...new Set(files)], missing };
}

/** Paths in messages are relative to the working directory when that is shorter. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && rel.length < file.length ? rel : file;
}
