import { strict as assert } from 'node:assert';
import { formatDiagnostic, positionOf } from '../../src/model/index.js';

describe('model positions', () => {
  it('counts lines after LF, CRLF and lone CR alike', () => {
    const text = 'a\nb\r\nc\rd';
    assert.deepEqual(positionOf(text, text.indexOf('d')), { line: 4, column: 1 });
    assert.deepEqual(positionOf(text, text.indexOf('b')), { line: 2, column: 1 });
  });
  it('gives 1-based columns within a line', () => {
    assert.deepEqual(positionOf('abc\ndef', 6), { line: 2, column: 3 });
  });
  it('formats a diagnostic as file:line:col: severity: message [rule]', () => {
    assert.equal(
      formatDiagnostic({ file: 'a.xml', line: 3, column: 7, severity: 'error', message: 'bad', rule: 'r' }),
      'a.xml:3:7: error: bad [r]',
    );
  });
});
