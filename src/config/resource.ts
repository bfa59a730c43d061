// The normalised resource the rest of the pipeline uses (built by load-resources.ts from the file schema).

export interface WaitWindow {
  /** Render once no change has come for this long. */
  minMs: number;
  /** …but never later than this after the first change. */
  maxMs: number;
}

export interface Resource {
  /** Resource file base name without extension, e.g. "haproxy" for conf.d/haproxy.yaml. */
  name: string;
  /** Absolute path of the resource file. */
  file: string;
  /** Absolute template path (`src` resolved against <confdir>/templates). */
  src: string;
  /** Absolute destination path (relative `dest` resolved against the confdir). */
  dest: string;
  /** `keys` as written, normalised ("/upstream"), relative to `prefix`. */
  keys: string[];
  /** Global prefix + resource prefix, normalised; "/" when none. */
  prefix: string;
  /** What to read and watch: each key joined under `prefix`, nested ones merged. */
  prefixes: string[];
  /** File mode; undefined keeps an existing dest's mode, else 0644. */
  mode: number | undefined;
  uid: number | undefined;
  gid: number | undefined;
  checkCmd: string | undefined;
  reloadCmd: string | undefined;
  wait: WaitWindow | undefined;
  backup: boolean;
  createDirs: boolean;
  commandTimeoutMs: number;
}
