/* The header and column kinds of a CSV, read in the browser from its first lines (the service checks the whole file). */

import {localProblem} from './problems.js';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const TIMESTAMP = /^\d{4}-\d{2}(-\d{2})?([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const MISSING = /^(|na|nan|null|n\/a)$/i;

function parseCsvLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields.map(f => f.trim());
}

/** The header and column kinds of a CSV, from its first lines (the service checks the whole file). */
export async function readCsvHeader(file) {
  const text = (await file.slice(0, 64 * 1024).text()).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter(line => line.trim() !== '');
  if (!lines.length) {
    throw localProblem('The file ' + file.name + ' is empty; pick a CSV with a header line.');
  }
  const header = parseCsvLine(lines[0]);
  const sample = lines.slice(1, Math.min(lines.length - 1, 50) + 1).map(parseCsvLine);
  let timestampSeen = false;
  return header.map((name, i) => {
    const values = sample.map(row => row[i] == null ? '' : row[i]).filter(v => !MISSING.test(v));
    let type = 'TEXT';
    if (values.length && values.every(v => TIMESTAMP.test(v)) && !timestampSeen) {
      type = 'TIMESTAMP';
      timestampSeen = true;
    } else if (!values.length || values.every(v => NUMBER.test(v))) {
      type = 'NUMBER';
    }
    return {name: name, type: type};
  });
}
