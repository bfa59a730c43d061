// The /v2/keys JSON shapes, and their translation into flat keys and KeyEvents.
import type { KeyEvent } from '../../keys/change.js';
import { isUnderPrefix, normalizeKey } from '../../keys/prefix.js';

/** A node of the v2 key tree (the root node has no `key`). */
export interface V2Node {
  key?: string;
  value?: string;
  dir?: boolean;
  nodes?: V2Node[];
  modifiedIndex?: number;
  createdIndex?: number;
}

/** One answer of `GET /v2/keys/…`, with or without `wait=true`. */
export interface V2Response {
  action: string;
  node: V2Node;
  prevNode?: V2Node;
}

/** The error body etcd v2 sends with 4xx/5xx answers. */
export interface V2ErrorBody {
  errorCode: number;
  message: string;
  cause?: string;
  index?: number;
}

/** etcd v2 error codes we branch on (etcd Documentation/v2/errorcode.md). */
export const V2_ERROR = {
  keyNotFound: 100,
  eventIndexCleared: 401,
} as const;

export interface FlatTree {
  keys: Map<string, string>;
  /** Directories without any child. */
  dirs: Set<string>;
}

/** Walk a (recursive) GET answer into flat keys; only nodes under one of `prefixes` are kept. */
export function flattenNode(node: V2Node, prefixes: readonly string[], into: FlatTree): FlatTree {
  const key = normalizeKey(node.key ?? '/');
  const covered = prefixes.some((p) => isUnderPrefix(key, p));
  if (node.dir) {
    const children = node.nodes ?? [];
    if (children.length === 0 && covered && key !== '/') into.dirs.add(key);
    for (const child of children) {
      const childKey = normalizeKey(child.key ?? '/');
      // Only descend where a prefix can still match: an ancestor of a prefix, or inside one.
      if (prefixes.some((p) => isUnderPrefix(childKey, p) || isUnderPrefix(p, childKey))) flattenNode(child, prefixes, into);
    }
  } else if (covered) {
    into.keys.set(key, node.value ?? '');
  }
  return into;
}

const PUT_ACTIONS = new Set(['set', 'create', 'update', 'compareAndSwap']);
const DELETE_ACTIONS = new Set(['delete', 'compareAndDelete', 'expire']);

/**
 * The KeyEvents a watch answer means for `prefixes` (empty when it falls outside them: a common-ancestor
 * poll sees neighbours, and etcd also reports deletes of a watched key's ancestors).
 */
export function toKeyEvents(res: V2Response, prefixes: readonly string[]): KeyEvent[] {
  const key = normalizeKey(res.node.key ?? '/');
  const inside = prefixes.some((p) => isUnderPrefix(key, p));
  if (DELETE_ACTIONS.has(res.action)) {
    const isDir = res.node.dir === true || res.prevNode?.dir === true;
    if (inside) return [isDir ? { type: 'delete', key, recursive: true } : { type: 'delete', key }];
    // A deleted ancestor directory takes whole watched prefixes with it: report each prefix's delete.
    if (!isDir) return [];
    return prefixes.filter((p) => isUnderPrefix(p, key)).map((p) => ({ type: 'delete', key: p, recursive: true }));
  }
  if (!inside || !PUT_ACTIONS.has(res.action)) return [];
  if (res.node.dir !== true) return [{ type: 'put', key, value: res.node.value ?? '' }];
  // A new directory is empty; an 'update' of a directory only changes its TTL.
  return res.action === 'set' || res.action === 'create' ? [{ type: 'dir', key }] : [];
}
