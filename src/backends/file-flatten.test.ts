import { describe, expect, it } from 'vitest';
import { yamlAliasBomb } from '../../test/support/yaml-alias-bomb.js';
import { BackendError } from '../errors.js';
import { flattenDocument } from './file-flatten.js';

const flat = (text: string): Record<string, string> => Object.fromEntries(flattenDocument(text, '/data/app.yaml'));

function parseFailure(text: string): BackendError {
  try {
    flattenDocument(text, '/data/app.yaml');
  } catch (error) {
    if (error instanceof BackendError) return error;
    throw error;
  }
  throw new Error('expected a parse error');
}

describe('flattenDocument', () => {
  it('turns nested maps into slash-separated keys', () => {
    expect(flat('database:\n  host: db1\n  auth:\n    user: app\n')).toEqual({
      '/database/host': 'db1',
      '/database/auth/user': 'app',
    });
  });

  it('indexes list items from 0, maps inside lists included', () => {
    expect(flat('upstreams:\n  - a:80\n  - {host: b, port: 81}\n')).toEqual({
      '/upstreams/0': 'a:80',
      '/upstreams/1/host': 'b',
      '/upstreams/1/port': '81',
    });
  });

  it('keeps numbers as written, so versions and leading zeros survive', () => {
    expect(flat('version: 1.10\nport: 0080\nhex: 0x1F\nbig: 1e3\nneg: -5\n')).toEqual({
      '/version': '1.10',
      '/port': '0080',
      '/hex': '0x1F',
      '/big': '1e3',
      '/neg': '-5',
    });
  });

  it('writes bools as true/false and null as an empty string', () => {
    expect(flat('on: True\noff: false\nempty:\ntilde: ~\nquoted: "true"\n')).toEqual({
      '/on': 'true',
      '/off': 'false',
      '/empty': '',
      '/tilde': '',
      '/quoted': 'true',
    });
  });

  it('accepts keys given already flattened, mixed with nested ones', () => {
    expect(flat('"/database/host": db1\n/database/port: 5432\ndatabase:\n  user: app\n')).toEqual({
      '/database/host': 'db1',
      '/database/port': '5432',
      '/database/user': 'app',
    });
  });

  it('lets a later occurrence of the same flat key win', () => {
    expect(flat('/a/b: first\na:\n  b: second\n')).toEqual({ '/a/b': 'second' });
  });

  it('reads JSON, numbers as written', () => {
    expect(flat('{"app": {"ratio": 1.50, "tags": ["x", true, null]}}')).toEqual({
      '/app/ratio': '1.50',
      '/app/tags/0': 'x',
      '/app/tags/1': 'true',
      '/app/tags/2': '',
    });
  });

  it('follows aliases', () => {
    expect(flat('base: &b {host: h}\ncopy: *b\n')).toEqual({ '/base/host': 'h', '/copy/host': 'h' });
  });

  it('gives no keys for an empty file and none for empty maps or lists', () => {
    expect(flat('')).toEqual({});
    expect(flat('a: {}\nb: []\n')).toEqual({});
  });

  it('keeps multi-line strings intact', () => {
    expect(flat('cert: |\n  line one\n  line two\n')).toEqual({ '/cert': 'line one\nline two\n' });
  });

  it('names file and line of a syntax error', () => {
    const error = parseFailure('a: 1\nb: [\nc: 2\n');
    expect(error.code).toBe('FILE_PARSE');
    expect(error.file).toBe('/data/app.yaml');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^cannot parse \/data\/app\.yaml:3:1: /);
  });

  it('rejects duplicate keys with their line', () => {
    const error = parseFailure('a: 1\nb: 2\na: 3\n');
    expect(error.line).toBe(3);
    expect(error.message).toContain('/data/app.yaml:3');
  });

  it('rejects a top-level scalar', () => {
    const error = parseFailure('\n42\n');
    expect(error.code).toBe('FILE_PARSE');
    expect(error.line).toBe(2);
  });

  it('rejects an alias cycle instead of overflowing the stack', () => {
    const error = parseFailure('a: &x\n  b: *x\n');
    expect(error.code).toBe('FILE_PARSE');
    expect(error.message).toContain('alias cycle');
  });

  it('rejects several documents in one file', () => {
    expect(parseFailure('a: 1\n---\nb: 2\n').code).toBe('FILE_PARSE');
  });

  it('applies YAML merge keys: own keys win, then earlier sources', () => {
    const text = 'b: &b {x: 1, y: 1}\nc: &c {y: 3, z: 3}\nm: {<<: *b, y: 2}\nn:\n  <<: [*b, *c]\n  w: 4\n';
    const keys = flat(text);
    expect(keys).toMatchObject({ '/m/x': '1', '/m/y': '2', '/n/x': '1', '/n/y': '1', '/n/z': '3', '/n/w': '4' });
    expect(Object.keys(keys).filter((k) => k.includes('<<'))).toEqual([]);
  });

  it('keeps a quoted "<<" as an ordinary key', () => {
    expect(flat('m: {"<<": v}\n')).toEqual({ '/m/<<': 'v' });
  });

  // Expanded, yamlAliasBomb() is 9^10 nodes: the test finishes only because the limit stops the expansion early.
  it('refuses an alias bomb without expanding it, with the file and a code', () => {
    const error = parseFailure(yamlAliasBomb());
    expect(error.code).toBe('FILE_ALIAS_LIMIT');
    expect(error.message).toMatch(/^cannot parse \/data\/app\.yaml:\d+:\d+: aliases expand to more than/);
  });

  it('joins names as written, so a trailing or doubled "/" is not merged into another key', () => {
    expect(flat('a: {"b/": 1, "c//d": 2, "": 3, "/e": 4}\n')).toEqual({ '/a/b/': '1', '/a/c//d': '2', '/a/': '3', '/a/e': '4' });
  });
});
