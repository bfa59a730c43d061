// POSIX single-quote quoting: inside '…' nothing is special except the quote itself.

/** Quote one argument for /bin/sh so it is passed through byte for byte. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  // A safe-looking word needs no quotes; keeps logged commands readable.
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
