/** Runs a global regex over `text` and calls `onMatch` for each match. Resets `lastIndex`. */
export function eachMatch(re: RegExp, text: string, onMatch: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    onMatch(m);
    if (m[0].length === 0) re.lastIndex++;
  }
}
