import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endpointFor, secretKey } from '../../src/core/fetch/endpoints';

describe('endpoint headers', () => {
  const table = { 'http://localhost:6060': { A: '1' }, 'http://localhost:6060/debug/': { A: '2' }, 'http://host:80': { A: '3' } };
  test('the longest prefix at a boundary wins', () => {
    assert.deepEqual(endpointFor('http://localhost:6060/debug/pprof/goroutine?debug=2', table)?.value, { A: '2' });
    assert.deepEqual(endpointFor('http://localhost:6060', table)?.value, { A: '1' });
    assert.deepEqual(endpointFor('http://localhost:6060?x', table)?.value, { A: '1' });
    assert.equal(endpointFor('http://host:8080/x', table), undefined, ':80 does not cover :8080');
  });
  test('secret keys are per endpoint and header, case-insensitive in the name', () => {
    assert.equal(secretKey('http://a:1/', 'Authorization'), secretKey('http://a:1', 'authorization'));
  });
});
