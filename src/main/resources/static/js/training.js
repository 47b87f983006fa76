/*
 * The training form: the chosen CSV or dataset (its columns offered by columns.js), the request built and checked
 * from the form, the upload (with its id columns, for many series) and the start of the job (followed by jobs.js).
 */

import * as api from './api.js';
import {idColumns, setColumns} from './columns.js';
import {readCsvHeader} from './csv.js';
import {loadDatasets} from './datasets.js';
import {$, enc} from './dom.js';
import {follow, loadJobs} from './jobs.js';
import {clearProblem, localProblem, notify} from './problems.js';
import {state} from './state.js';

function safeName(text) {
  const name = String(text).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return name.slice(0, 100) || 'model';
}

export async function onFileChosen() {
  clearProblem();
  const file = $('#csv-file').files[0];
  state.csv = null;
  if (!file) {
    return;
  }
  $('#dataset-choice').value = '';
  const columns = await readCsvHeader(file);
  state.csv = {file: file, columns: columns};
  setColumns(columns, file.name);
  if (!$('#model-name').value) {
    $('#model-name').value = safeName(file.name);
  }
}

export function onDatasetChosen() {
  clearProblem();
  const id = $('#dataset-choice').value;
  if (!id) {
    return;
  }
  const dataset = state.datasets.find(d => d.id === id);
  if (!dataset) {
    return;
  }
  $('#csv-file').value = '';
  state.csv = null;
  setColumns(dataset.columns, 'Dataset ' + dataset.name, dataset);
  if (!$('#model-name').value) {
    $('#model-name').value = safeName(dataset.name);
  }
}

/** "Train with this" in the datasets list: that dataset chosen in the form, and the form in view. */
export function trainWith(dataset) {
  $('#dataset-choice').value = dataset.id;
  onDatasetChosen();
  $('#train').scrollIntoView({block: 'start'});
  $('#model-name').focus();
}

function optionalInteger(field, what) {
  const text = field.value.trim();
  if (!text) {
    return undefined;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    field.focus();
    throw localProblem(what + ' must be a whole number of at least 1, or empty for the default.');
  }
  return value;
}

function trainingRequest(datasetId) {
  const horizon = optionalInteger($('#train-horizon'), 'The horizon');
  if (horizon === undefined) {
    $('#train-horizon').focus();
    throw localProblem('Give the horizon: how many steps ahead the model should forecast.');
  }
  const request = {datasetId: datasetId, target: $('#target').value, horizon: horizon,
    architecture: $('#architecture').value};
  const features = Array.from(document.querySelectorAll('#features input:checked')).map(i => i.value);
  if (features.length) {
    request.features = features;
  }
  const epochs = optionalInteger($('#epochs'), 'Epochs');
  if (epochs !== undefined) {
    request.epochs = epochs;
  }
  const layers = $('#layers').value.trim();
  if (layers) {
    const sizes = layers.split(/[\s,]+/).filter(Boolean).map(Number);
    if (!sizes.length || sizes.some(s => !Number.isInteger(s) || s < 1)) {
      $('#layers').focus();
      throw localProblem('Layer sizes are whole numbers separated by commas, e.g. 32, 32 (one per layer).');
    }
    request.layers = sizes;
  }
  return request;
}

export async function onTrain(event) {
  event.preventDefault();
  clearProblem();
  const name = $('#model-name').value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    $('#model-name').focus();
    throw localProblem('Name the model with letters, digits, ".", "_" or "-", starting with a letter or digit.');
  }
  const file = $('#csv-file').files[0];
  let datasetId = $('#dataset-choice').value;
  if (!file && !datasetId) {
    $('#csv-file').focus();
    throw localProblem('Pick a CSV file to upload, or a stored dataset.');
  }
  if (!$('#target').value) {
    throw localProblem('There is no numeric column to forecast in this data.');
  }
  const start = $('#train-start');
  start.disabled = true;
  try {
    if (file) {
      notify('Uploading ' + file.name + ' …');
      const form = new FormData();
      form.append('file', file, file.name);
      form.append('name', safeName(file.name));
      const ids = idColumns();
      if (ids.length) {
        form.append('idColumns', ids.join(','));
      }
      const dataset = await api.postForm('/api/v1/datasets', form);
      datasetId = dataset.id;
      notify('Uploaded ' + file.name + ' as dataset ' + dataset.id + ' (' + dataset.rows + ' rows, '
        + (dataset.series ? dataset.series.toLocaleString() + ' series, ' : '') + dataset.frequency + ').');
      const numeric = dataset.columns.filter(c => c.type === 'NUMBER').map(c => c.name);
      if (!numeric.includes($('#target').value)) {
        throw localProblem('The service did not read column "' + $('#target').value + '" as numeric; its numeric'
          + ' columns are: ' + numeric.join(', ') + '.');
      }
      $('#csv-file').value = '';
      state.csv = null;
      await loadDatasets();
      $('#dataset-choice').value = dataset.id;
    }
    const job = await api.post('/api/v1/models/' + enc(name) + '/training-jobs', trainingRequest(datasetId));
    notify('Training job ' + job.id + ' started for model ' + name + '.');
    follow(job);
    await loadJobs();
  } finally {
    start.disabled = false;
  }
}
