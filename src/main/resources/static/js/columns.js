/*
 * The training form's column choices for the chosen CSV or stored dataset: id columns (a long-format CSV of many
 * series), the target and the feature columns. Ticked id columns are neither target nor feature.
 */

import {$} from './dom.js';
import {el} from './elements.js';
import {state} from './state.js';

/** The id columns ticked for the CSV to upload (none for a stored dataset: its series are fixed). */
export function idColumns() {
  return Array.from(document.querySelectorAll('#id-columns input:checked')).map(i => i.value);
}

function renderIdColumns(columns, dataset) {
  const box = $('#id-columns');
  const checked = new Set(idColumns());
  box.querySelectorAll('label, .fixed').forEach(node => node.remove());
  const none = $('#id-columns-none');
  if (dataset) {
    none.hidden = true;
    box.append(el('span', {class: 'fixed', text: dataset.idColumns && dataset.idColumns.length
      ? dataset.idColumns.join(', ') + ' (' + Number(dataset.series).toLocaleString() + ' series)'
      : 'none: one series'}));
    return;
  }
  const candidates = columns.filter(c => c.type !== 'TIMESTAMP').map(c => c.name);
  candidates.forEach(name => box.append(el('label', {}, [
    el('input', {type: 'checkbox', name: 'idColumns', value: name, checked: checked.has(name),
      onchange: () => renderTargets()}), name])));
  none.textContent = 'none available';
  none.hidden = candidates.length > 0;
}

/** The target choices: the numeric columns that are not id columns; then the features. */
function renderTargets() {
  const ids = new Set(idColumns());
  const numeric = (state.columns ? state.columns.list : [])
    .filter(c => c.type === 'NUMBER' && !ids.has(c.name)).map(c => c.name);
  const target = $('#target');
  const previous = target.value;
  target.textContent = '';
  numeric.forEach(name => target.append(el('option', {value: name, text: name})));
  target.disabled = numeric.length === 0;
  if (numeric.includes(previous)) {
    target.value = previous;
  } else if (numeric.includes('value')) {
    target.value = 'value';
  }
  renderFeatures(numeric);
  return numeric;
}

/** Offers the columns of a CSV (`dataset` null) or of a stored dataset as id, target and feature choices. */
export function setColumns(columns, source, dataset) {
  state.columns = {list: columns, dataset: dataset || null};
  renderIdColumns(columns, dataset);
  const numeric = renderTargets();
  const timestamp = columns.find(c => c.type === 'TIMESTAMP');
  $('#csv-columns').textContent = source + ': ' + columns.map(c => c.name + ' (' + c.type.toLowerCase() + ')').join(', ')
    + (timestamp ? '.' : '. No timestamp column was recognised in the first lines; the service will say what it needs.')
    + (numeric.length ? '' : ' There is no numeric column to forecast.');
  $('#train-form').dataset.columns = columns.map(c => c.name).join(',');
}

export function renderFeatures(numeric) {
  const box = $('#features');
  const target = $('#target').value;
  const checked = new Set(Array.from(box.querySelectorAll('input:checked')).map(i => i.value));
  box.querySelectorAll('label').forEach(label => label.remove());
  const candidates = (numeric || Array.from($('#target').options).map(o => o.value)).filter(n => n !== target);
  candidates.forEach(name => box.append(el('label', {}, [
    el('input', {type: 'checkbox', name: 'features', value: name, checked: checked.has(name)}), name])));
  $('#features-none').hidden = candidates.length > 0;
}
