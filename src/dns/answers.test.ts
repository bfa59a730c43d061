import { describe, expect, it } from 'vitest';
import { sameAnswer, sortAddresses, sortSrv, srvRecord } from './answers.js';

describe('DNS answers in confd shape', () => {
  it('sorts addresses as Go sort.Strings does (bytes, not numbers), drops duplicates, prints mapped IPv4 as IPv4', () => {
    expect(sortAddresses(['10.0.0.9', 'fd00::1', '10.0.0.10', '::ffff:192.0.2.1', '10.0.0.9', 'FD00::2'])).toEqual([
      '10.0.0.10',
      '10.0.0.9',
      '192.0.2.1',
      'fd00::1',
      'fd00::2',
    ]);
  });

  it("gives SRV targets Go's trailing dot, lowercase enumerable fields and Go-named hidden ones", () => {
    const r = srvRecord('web1.example.com', 8080, 10, 5);
    expect(r).toEqual({ target: 'web1.example.com.', port: 8080, priority: 10, weight: 5 });
    expect(Object.keys(r)).toEqual(['target', 'port', 'priority', 'weight']);
    expect([r.Target, r.Port, r.Priority, r.Weight]).toEqual(['web1.example.com.', 8080, 10, 5]);
    expect(Object.getOwnPropertyNames(r)).toEqual(expect.arrayContaining(['Target', 'Port', 'Priority', 'Weight']));
    expect(JSON.stringify(r)).toBe('{"target":"web1.example.com.","port":8080,"priority":10,"weight":5}');
    expect(srvRecord('abs.example.', 1, 1, 1).target).toBe('abs.example.');
  });

  it('sorts SRV records by the string Target+Port+Priority+Weight, as confd does', () => {
    const records = [
      srvRecord('b.test', 80, 0, 0),
      srvRecord('a.test', 9, 1, 1),
      srvRecord('a.test', 10, 2, 2),
      srvRecord('a.test', 10, 1, 3),
    ];
    // "a.test.1013" < "a.test.1022" < "a.test.911" < "b.test.8000": port 10 before port 9, priority ignored first.
    expect(sortSrv(records).map((r) => `${r.target}:${r.port}/${r.priority}/${r.weight}`)).toEqual([
      'a.test.:10/1/3',
      'a.test.:10/2/2',
      'a.test.:9/1/1',
      'b.test.:80/0/0',
    ]);
  });

  it('compares answers by content', () => {
    expect(sameAnswer(sortAddresses(['1.1.1.1']), sortAddresses(['1.1.1.1']))).toBe(true);
    expect(sameAnswer(sortAddresses(['1.1.1.1']), sortAddresses(['1.1.1.2']))).toBe(false);
    expect(sameAnswer(sortSrv([srvRecord('a', 1, 1, 1)]), sortSrv([srvRecord('a', 1, 1, 1)]))).toBe(true);
    expect(sameAnswer(sortSrv([srvRecord('a', 1, 1, 1)]), sortSrv([srvRecord('a', 1, 1, 2)]))).toBe(false);
  });
});
