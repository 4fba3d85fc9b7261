/** A problem in the manifests, always tied to a file, a line and a field. */
export class ManifestError {
  constructor(
    readonly file: string,
    readonly line: number,
    /** Dotted path of the field (`spec.containerDefinitions[0].image`), or "" for the whole document. */
    readonly field: string,
    readonly message: string,
  ) {}

  toString(): string {
    return `${this.file}:${this.line}: ${this.field ? `${this.field}: ` : ""}${this.message}`;
  }
}

/** Thrown by commands when the manifest set is invalid; carries every error found, not just the first. */
export class InvalidManifestsError extends Error {
  constructor(readonly errors: readonly ManifestError[]) {
    super(`${errors.length} invalid manifest${errors.length === 1 ? "" : "s"}:\n${errors.join("\n")}`);
    this.name = "InvalidManifestsError";
  }
}

/** `/spec/containerDefinitions/0/image` → `spec.containerDefinitions[0].image`. */
export function pointerToField(pointer: string): string {
  if (pointer === "" || pointer === "/") return "";
  return pointer
    .split("/")
    .slice(1)
    .map((seg) => seg.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), "");
}

export function escapePointerSegment(seg: string | number): string {
  return String(seg).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${escapePointerSegment(s)}`).join("");
}

export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .split("/")
    .slice(1)
    .map((seg) => seg.replace(/~1/g, "/").replace(/~0/g, "~"));
}
