import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from "yaml";
import { ManifestError, parsePointer } from "./errors.js";

/** Aliases may expand to at most this many nodes per document ("billion laughs" guard). */
export const MAX_ALIAS_COUNT = 100;

export interface ParsedDocument {
  /** The document as plain JSON-like data. */
  value: unknown;
  /** 1-based line where the document starts. */
  line: number;
  lineOf(pointer: string): number;
}

/**
 * Parses a multi-document YAML text, keeping positions so that any JSON pointer into a document can
 * be turned back into a line. Empty documents (a trailing `---`) are skipped.
 */
export function parseYamlDocuments(text: string, file: string): { docs: ParsedDocument[]; errors: ManifestError[] } {
  const lineCounter = new LineCounter();
  const docs: ParsedDocument[] = [];
  const errors: ManifestError[] = [];
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  for (const doc of parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true })) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        errors.push(new ManifestError(file, lineAt(err.pos[0]), "", `invalid YAML: ${err.message.split("\n")[0]}`));
      }
      continue;
    }
    if (doc.contents === null) continue;
    const start = lineAt(doc.contents.range[0]);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      errors.push(
        new ManifestError(
          file,
          start,
          "",
          /alias/i.test(message)
            ? `YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} alias nodes): refusing this document`
            : `invalid YAML: ${message}`,
        ),
      );
      continue;
    }
    const root = doc.contents as Node;
    docs.push({ value, line: start, lineOf: (pointer) => lineAt(nodeOffset(root, parsePointer(pointer))) });
  }
  return { docs, errors };
}

/** Offset of the deepest node on the path that exists; for a map entry, the key's offset. */
function nodeOffset(root: Node, segments: string[]): number {
  let node: unknown = root;
  let offset = root.range?.[0] ?? 0;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) break;
      offset = (isScalar(pair.key) && pair.key.range?.[0]) || offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (!item || !/^\d+$/.test(seg)) break;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}
