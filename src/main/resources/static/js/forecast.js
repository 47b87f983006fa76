/*
 * The selected version's forecast: the request, the chart (history, backtest, bands), its caption and table. For a
 * many-series version, the forecast of the series chosen in the list (series.js), after its recent values.
 */

import * as api from './api.js';
import * as charts from './charts.js';
import {$, enc, fmt} from './dom.js';
import {futureFeatures, hideDrivers, scenarioFor, showDrivers, showSeriesDrivers} from './drivers.js';
import {el} from './elements.js';
import {hideLive, showLive} from './live.js';
import {localProblem} from './problems.js';
import {showRetraining} from './retraining.js';
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
  if (state.manifest.series) {
    await runSeriesForecast(horizon);
    return;
  }
  const {model, version} = state.selected;
  const chart = $('#chart');
  chart.dataset.state = 'loading';
  let forecast;
  const request = {horizon: horizon, version: version, levels: LEVELS};
  const future = scenarioFor(model, version);
  if (future && future.length) {
    request.future = future; // a scenario: the edited plan of the drivers (drivers.js)
  }
  let stored;
  try {
    // the forecast, and the values it starts from: the training data's end and the observations posted since
    [forecast, stored] = await Promise.all([api.post('/api/v1/models/' + enc(model) + '/forecast', request),
      api.get('/api/v1/models/' + enc(model) + '/history?version=' + version)]);
  } catch (error) {
    chart.dataset.state = 'error';
    throw error;
  }
  const m = state.manifest;
  const history = {timestamps: stored.timestamps, values: stored.values, observed: stored.observed};
  state.chart = charts.drawForecast(chart, state.chart, {
    target: m.data && m.data.target,
    history: history,
    backtest: state.backtest,
    forecast: forecast
  });
  chart.dataset.model = model;
  chart.dataset.version = String(version);
  delete chart.dataset.seriesId;
  chart.dataset.scenario = future && future.length ? 'edited' : 'stored';
  renderCaption(history, forecast);
  renderForecastTable(forecast);
  // a version with a known future: its drivers from where the forecast starts (after the latest observation)
  const drivers = m.drivers || futureFeatures(m).length
    ? await api.get('/api/v1/models/' + enc(model) + '/drivers?version=' + version) : null;
  if (!state.selected || state.selected.version !== version || state.selected.model !== model) {
    return; // another version was chosen meanwhile
  }
  showDrivers(drivers, m.data && m.data.frequency, forecast);
  await Promise.all([showLive(model, null), showRetraining(model)]);
}

/** One series of a many-series version: its recent values as the history, then its forecast (no backtest series). */
async function runSeriesForecast(horizon) {
  const {model, version} = state.selected;
  const item = state.series && state.series.selected;
  const chart = $('#chart');
  if (!item) {
    clearChart('No series is chosen: pick one with a model in the list above.');
    hideDrivers();
    hideLive();
    return;
  }
  chart.dataset.state = 'loading';
  let forecast;
  const base = '/api/v1/models/' + enc(model) + '/series/' + enc(item.id);
  const path = base + '/forecast';
  const future = scenarioFor(model, version, item.id);
  let stored;
  try {
    // a scenario (the edited plan of the series' drivers, drivers.js) is sent with the request; else its stored plan;
    // and the values the forecast starts from (the series' training data's end, then its observations since)
    [forecast, stored] = await Promise.all([future && future.length
      ? api.post(path, {horizon: horizon, version: version, levels: LEVELS, future: future})
      : api.get(path + '?horizon=' + horizon + '&version=' + version + LEVELS.map(level => '&levels=' + level)
        .join('')), api.get(base + '/history?version=' + version)]);
  } catch (error) {
    chart.dataset.state = 'error';
    throw error;
  }
  if (!state.series || state.series.selected !== item || !state.selected || state.selected.version !== version
    || state.selected.model !== model) {
    return; // another series or version was chosen meanwhile
  }
  const m = state.manifest;
  // as many values as the list's sparkline shows, up to where the forecast starts
  const count = Math.min((item.recent || []).length, stored.values.length);
  const history = {timestamps: stored.timestamps.slice(stored.timestamps.length - count),
    values: stored.values.slice(stored.values.length - count), observed: Math.min(stored.observed, count)};
  state.chart = charts.drawForecast(chart, state.chart, {
    target: m.data && m.data.target,
    history: history,
    backtest: null,
    forecast: forecast
  });
  chart.dataset.model = model;
  chart.dataset.version = String(version);
  chart.dataset.seriesId = item.id;
  chart.dataset.scenario = future && future.length ? 'edited' : 'stored';
  renderSeriesCaption(item, history, forecast);
  renderForecastTable(forecast);
  // a version with a known future: the series' drivers (their recent values and stored plan, what AUTO measured of them)
  // under its forecast
  const drivers = m.drivers || futureFeatures(m).length
    ? await api.get('/api/v1/models/' + enc(model) + '/series/' + enc(item.id) + '/drivers?version=' + version) : null;
  if (state.series.selected !== item || state.selected.version !== version || state.selected.model !== model) {
    return; // another series or version was chosen meanwhile
  }
  showSeriesDrivers(item.id, drivers, m.data && m.data.frequency, forecast);
  await Promise.all([showLive(model, item.id), showRetraining(model)]);
}

function clearChart(message) {
  const chart = $('#chart');
  if (state.chart) {
    state.chart.destroy();
    state.chart = null;
  }
  chart.textContent = '';
  chart.dataset.state = 'empty';
  chart.dataset.forecastPoints = '0';
  delete chart.dataset.seriesId;
  $('#chart-summary').textContent = message;
  $('#forecast-table tbody').textContent = '';
}

function renderSeriesCaption(item, history, forecast) {
  const parts = ['Series ' + item.id + ': ' + item.method + (item.candidate && item.candidate !== item.method
    ? ' (' + item.candidate + ')' : '') + ', held-back MASE ' + fmt(item.mase, 3) + ' (naive ' + fmt(item.naiveMase, 3)
    + ', seasonal naive ' + fmt(item.seasonalNaiveMase, 3) + ').'];
  const n = history.timestamps.length;
  if (n) {
    parts.push('History: the last ' + n + (history.observed ? ' values' + observedText(history)
      : ' of its ' + item.points + ' observations') + ' (' + history.timestamps[0] + ' – ' + history.timestamps[n - 1]
      + ').');
  }
  parts.push(forecastText(forecast));
  $('#chart-summary').textContent = parts.filter(Boolean).join(' ');
}

/** How many of the history's last values were observed after training, in words ('' for none). */
function observedText(history) {
  return history.observed ? ', the last ' + history.observed + ' of them observed after training' : '';
}

function forecastText(forecast) {
  const points = forecast.points;
  return points.length ? 'Forecast: ' + points.length + ' steps from ' + points[0].timestamp + ' to '
    + points[points.length - 1].timestamp + ' with 80 % and 95 % intervals.' : '';
}

function renderCaption(history, forecast) {
  const b = state.backtest;
  const parts = [];
  if (history.timestamps.length) {
    parts.push('History: the last ' + history.timestamps.length + (history.observed ? ' values' + observedText(history)
      : ' observations of the training data') + ' (' + history.timestamps[0] + ' – '
      + history.timestamps[history.timestamps.length - 1] + ').');
  }
  if (b) {
    parts.push('Backtest over ' + b.timestamps.length + ' held-back points (' + b.timestamps[0] + ' – '
      + b.timestamps[b.timestamps.length - 1] + '): MASE ' + fmt(b.accuracy.mase, 3) + ', naive '
      + fmt(b.naive.mase, 3) + ', seasonal naive ' + fmt(b.seasonalNaive.mase, 3) + '.');
  } else {
    parts.push('This version has no recorded backtest series.');
  }
  if (forecast.points.length) {
    parts.push(forecastText(forecast));
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
