/*
 * The live accuracy of the selected model (of the picked series, for many series): how the production version's
 * recorded forecasts held against the observations (GET .../accuracy), with a chart of the actual values against
 * what was forecast for them and the 80 % band, anomalies marked (GET .../anomalies).
 */

import * as api from './api.js';
import * as charts from './charts.js';
import {$, enc, fmt} from './dom.js';
import {el} from './elements.js';
import {state} from './state.js';

let request = 0;

/** Shows the live panel for `model` (and `series`, a many-series model's picked series id, or null). */
export async function showLive(model, series) {
  const mine = ++request;
  const panel = $('#live');
  panel.hidden = false;
  panel.dataset.state = 'loading';
  const query = series != null ? '?series=' + enc(series) : '';
  const base = '/api/v1/models/' + enc(model);
  let accuracy;
  try {
    accuracy = await api.get(base + '/accuracy' + query);
  } catch (error) {
    if (mine === request) {
      clear('Live accuracy could not be read: ' + ((error && error.message) || error));
      panel.dataset.state = 'error';
    }
    return;
  }
  if (mine !== request) {
    return; // another model or series was chosen meanwhile
  }
  const production = accuracy.production;
  const scores = (accuracy.versions || []).find(v => v.version === production);
  const points = accuracy.points || [];
  if (production == null || !scores || !scores.scoredPoints || !points.length) {
    clear(production == null
      ? 'No live accuracy: the model has no production version.'
      : 'No live accuracy yet: no recorded forecast of the production version has an observation to score against'
        + ' (post observations to /api/v1/models/' + model + '/observations).');
    return;
  }
  const anomalies = await anomaliesOf(base, series).catch(() => []);
  if (mine !== request) {
    return;
  }
  renderScores(accuracy, scores, series);
  const chart = $('#live-chart');
  state.liveChart = charts.drawLive(chart, state.liveChart, {
    target: state.manifest && state.manifest.data && state.manifest.data.target,
    points: points,
    anomalies: anomalies
  });
  $('#live-caption').textContent = 'Actual values against the forecast made closest before each (the latest origin),'
    + ' with its 80 % interval: the last ' + points.length + ' scored points (' + points[0].timestamp + ' – '
    + points[points.length - 1].timestamp + ')' + (anomalies.length ? ', anomalies marked' : '') + '.';
  panel.dataset.state = 'ready';
}

/** The stored anomalies (the newest 1,000 at most): [{timestamp, value, ...}]. */
async function anomaliesOf(base, series) {
  const query = (series != null ? 'series=' + enc(series) + '&' : '') + 'size=1000';
  const first = await api.get(base + '/anomalies?' + query);
  if (first.total <= first.anomalies.length) {
    return first.anomalies;
  }
  const last = await api.get(base + '/anomalies?' + query + '&page=' + Math.floor((first.total - 1) / 1000));
  return last.anomalies;
}

function renderScores(accuracy, v, series) {
  const panel = $('#live');
  panel.dataset.drifting = String(!!v.drifting);
  panel.dataset.scoredPoints = String(v.scoredPoints);
  $('#live-summary').textContent = 'Production version ' + v.version + (series != null ? ', series ' + series : '')
    + ': ' + v.scoredPoints.toLocaleString() + ' scored points; drift is judged over the last '
    + accuracy.driftRule.window + '.';
  const coverage = level => v.coverage && v.coverage[level] != null ? fmt(100 * v.coverage[level], 0) + ' %' : '–';
  const item = (name, label, value) => el('div', {class: 'live-score', 'data-score': name},
    [el('dt', {text: label}), el('dd', {text: value})]);
  const scores = $('#live-scores');
  scores.textContent = '';
  scores.append(
    item('mase', 'Live MASE', fmt(v.mase, 3)),
    item('validation-mase', 'Validation MASE', fmt(v.validationMase, 3)),
    item('coverage-80', '80 % coverage', coverage('80')),
    item('coverage-95', '95 % coverage', coverage('95')),
    item('bias', 'Bias (forecast − actual)', charts.formatNumber(v.bias)));
  const drift = $('#live-drift');
  drift.textContent = '';
  if (v.drifting) {
    drift.append(el('span', {class: 'badge drifting', text: 'DRIFTING'}),
      el('ul', {}, (v.driftReasons || []).map(reason => el('li', {text: reason}))));
  } else {
    drift.append(el('span', {class: 'badge steady', text: 'not drifting'}));
  }
}

/** Hides the panel (a many-series version with no series picked); an answer still on its way is dropped. */
export function hideLive() {
  request++;
  clear('');
  $('#live').hidden = true;
}

function clear(message) {
  const panel = $('#live');
  if (state.liveChart) {
    state.liveChart.destroy();
    state.liveChart = null;
  }
  panel.dataset.state = 'empty';
  panel.dataset.drifting = 'false';
  panel.dataset.scoredPoints = '0';
  $('#live-summary').textContent = message;
  $('#live-scores').textContent = '';
  $('#live-drift').textContent = '';
  const chart = $('#live-chart');
  chart.textContent = '';
  chart.dataset.points = '0';
  $('#live-caption').textContent = '';
}
