/** One problem found in one manifest: `pointer` is a JSON pointer into the whole document (`/spec/desiredCount`). */
export interface Finding {
  pointer: string;
  message: string;
}
