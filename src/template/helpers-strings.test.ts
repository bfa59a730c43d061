import { describe, expect, it } from 'vitest';
import { render, renderFailure } from './test-support.js';

describe('string helpers', () => {
  it('base is Go path.Base', () => {
    expect(render('{{base "/upstream/app1"}}|{{base "/a/b/"}}|{{base "/"}}|{{base ""}}')).toBe('app1|b|/|.');
  });

  it('dir is Go path.Dir', () => {
    expect(render('{{dir "/upstream/app1"}}|{{dir "/a"}}|{{dir "a"}}|{{dir "/a/b/../c/"}}')).toBe('/upstream|/|.|/a/c');
  });

  it('split splits on every separator', () => {
    expect(render('{{#each (split "a,b,,c" ",")}}[{{this}}]{{/each}}')).toBe('[a][b][][c]');
    expect(render('{{#each (split "hé" "")}}[{{this}}]{{/each}}')).toBe('[h][é]');
  });

  it('join joins a list', () => {
    expect(render('{{join (split "a b c" " ") ", "}}')).toBe('a, b, c');
  });

  it('toUpper and toLower', () => {
    expect(render('{{toUpper "Host-é"}} {{toLower "Host-É"}}')).toBe('HOST-É host-é');
  });

  it('contains', () => {
    expect(render('{{contains "haproxy" "prox"}} {{contains "haproxy" "nginx"}}')).toBe('true false');
  });

  it('replace replaces every occurrence, or the first n', () => {
    expect(render('{{replace "a.b.c" "." "_"}}')).toBe('a_b_c');
    expect(render('{{replace "a.b.c" "." "_" 1}}|{{replace "abc" "" "-"}}|{{replace "a.b" "." "_" -1}}')).toBe('a_b.c|-a-b-c-|a_b');
  });

  it('printf builds keys like Go fmt.Sprintf', () => {
    expect(render('{{printf "/services/%s/port" "web"}}|{{printf "%d%%" "42"}}|{{printf "%q" "a b"}}')).toBe(
      '/services/web/port|42%|"a b"',
    );
    expect(renderFailure('{{printf "%s"}}').message).toContain('printf: %s has no argument');
  });

  it('trimSuffix', () => {
    expect(render('{{trimSuffix "app.example.com" ".com"}}|{{trimSuffix "app" ".com"}}')).toBe('app.example|app');
  });

  it('base64Encode and base64Decode round-trip UTF-8', () => {
    expect(render('{{base64Encode "user:pässword"}}')).toBe('dXNlcjpww6Rzc3dvcmQ=');
    expect(render('{{base64Decode "dXNlcjpww6Rzc3dvcmQ="}}')).toBe('user:pässword');
  });

  it('base64Decode refuses malformed input like Go StdEncoding', () => {
    const error = renderFailure('{{base64Decode "abc"}}');
    expect(error.code).toBe('HELPER_FAILED');
    expect(error.message).toContain('illegal base64 data');
  });
});
