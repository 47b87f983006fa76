/* The selected version's forecast: the request, the chart (history, backtest, bands), its caption and table. */

import * as api from './api.js';
import * as charts from './charts.js';
import {$, enc, fmt} from './dom.js';
import {el} from './elements.js';
import {localProblem} from './problems.js';
import {state} from './state.js';

const LEVELS = [80, 95];

export async function runForecast() {
  if (!state.selected || !state.manifest) {
    return;
  }
  const horizonField = $('#horizon');
  const horizon = Number(horizonField.value);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 1000) {
    horizonField.focus();
    throw localProblem('The horizon must be a whole number of steps from 1 to 1000.');
  }
  const {model, version} = state.selected;
  const chart = $('#chart');
  chart.dataset.state = 'loading';
  let forecast;
  try {
    forecast = await api.post('/api/v1/models/' + enc(model) + '/forecast',
      {horizon: horizon, version: version, levels: LEVELS});
  } catch (error) {
    chart.dataset.state = 'error';
    throw error;
  }
  const m = state.manifest;
  const tail = m.tail || {timestamps: [], values: [[]]};
  const history = {timestamps: tail.timestamps, values: tail.values[0] || []};
  state.chart = charts.drawForecast(chart, state.chart, {
    target: m.data && m.data.target,
    history: history,
    backtest: state.backtest,
    forecast: forecast
  });
  chart.dataset.model = model;
  chart.dataset.version = String(version);
  renderCaption(history, forecast);
  renderForecastTable(forecast);
}

function renderCaption(history, forecast) {
  const b = state.backtest;
  const parts = [];
  if (history.timestamps.length) {
    parts.push('History: the last ' + history.timestamps.length + ' observations of the training data ('
      + history.timestamps[0] + ' – ' + history.timestamps[history.timestamps.length - 1] + ').');
  }
  if (b) {
    parts.push('Backtest over ' + b.timestamps.length + ' held-back points (' + b.timestamps[0] + ' – '
      + b.timestamps[b.timestamps.length - 1] + '): MASE ' + fmt(b.accuracy.mase, 3) + ', naive '
      + fmt(b.naive.mase, 3) + ', seasonal naive ' + fmt(b.seasonalNaive.mase, 3) + '.');
  } else {
    parts.push('This version has no recorded backtest series.');
  }
  const points = forecast.points;
  if (points.length) {
    parts.push('Forecast: ' + points.length + ' steps from ' + points[0].timestamp + ' to '
      + points[points.length - 1].timestamp + ' with 80 % and 95 % intervals.');
  }
  $('#chart-summary').textContent = parts.join(' ');
}

function renderForecastTable(forecast) {
  const body = $('#forecast-table tbody');
  body.textContent = '';
  const range = (p, level) => charts.formatNumber(p.lower[level]) + ' – ' + charts.formatNumber(p.upper[level]);
  forecast.points.forEach(p => body.append(el('tr', {}, [
    el('td', {text: p.timestamp}),
    el('td', {class: 'num', text: charts.formatNumber(p.value)}),
    el('td', {class: 'num', text: range(p, '80')}),
    el('td', {class: 'num', text: range(p, '95')})
  ])));
}
