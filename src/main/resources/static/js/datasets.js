/* The stored datasets: the list, the stored-dataset choice of the training form, training with one, deleting. */

import * as api from './api.js';
import {$, enc} from './dom.js';
import {button, el} from './elements.js';
import {refill} from './listing.js';
import {clearProblem, notify} from './problems.js';
import {state} from './state.js';

/** What "Train with this" does; the training form sets it (it imports this module, so this one cannot import it). */
let trainWith = () => {};

export function onTrainWith(handler) {
  trainWith = handler;
}

export async function loadDatasets() {
  state.datasets = await api.get('/api/v1/datasets');
  const body = refill('datasets', state.datasets.length);
  const choice = $('#dataset-choice');
  const chosen = choice.value;
  choice.querySelectorAll('option[value]:not([value=""])').forEach(o => o.remove());
  for (const d of state.datasets) {
    choice.append(el('option', {value: d.id, text: d.name + ' (' + d.id + ', ' + d.rows + ' rows'
      + (d.series ? ', ' + d.series.toLocaleString() + ' series' : '') + ')'}));
    body.append(el('tr', {'data-dataset': d.id}, [
      el('td', {text: d.name}),
      el('td', {}, [el('code', {text: d.id})]),
      el('td', {class: 'num', text: d.rows}),
      el('td', {text: d.frequency}),
      el('td', {text: d.start + ' – ' + d.end}),
      el('td', {text: d.columns.filter(c => c.type !== 'TIMESTAMP' && c.type !== 'ID').map(c => c.name).join(', ')
          + (d.series ? ' · ' + d.series.toLocaleString() + ' series by ' + (d.idColumns || []).join(', ') : '')}),
      el('td', {}, [el('div', {class: 'actions'}, [
        button('Train with this', 'Train a model on dataset ' + d.name, () => trainWith(d)),
        button('Delete', 'Delete dataset ' + d.name, () => deleteDataset(d), 'danger')
      ])])
    ]));
  }
  if (state.datasets.some(d => d.id === chosen)) {
    choice.value = chosen;
  }
}

async function deleteDataset(dataset) {
  if (!window.confirm('Delete dataset ' + dataset.name + ' (' + dataset.id + ')?')) {
    return;
  }
  clearProblem();
  await api.del('/api/v1/datasets/' + enc(dataset.id));
  notify('Dataset ' + dataset.name + ' deleted.');
  await loadDatasets();
}
