// A bad value found by a value parser; the caller adds file, key and layer before it reaches the user.

export class InvalidValue extends Error {
  /** Key path below the value being parsed, e.g. ["max"] for wait.max. */
  readonly path: readonly (string | number)[];
  constructor(message: string, path: readonly (string | number)[] = []) {
    super(message);
    this.name = 'InvalidValue';
    this.path = path;
  }
}
