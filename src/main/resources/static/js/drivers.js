/*
 * The known future of a version trained with future features (issue 21): the drivers charted under the forecast
 * (their recent values and the plan over the forecast's steps), and a scenario: the plan's values edited in a table
 * and the forecast asked again with them as `future` ("what if the promotion runs a week longer"). For a many-series
 * version, those of the series charted (`GET .../series/{id}/drivers`). A version whose known future is its calendar
 * or holidays alone has nothing to chart or edit: the section says what AUTO measured of them. A single-series
 * version's come from `GET .../drivers`: like a series', they start after the latest observation.
 */

import * as charts from './charts.js';
import {$} from './dom.js';
import {el} from './elements.js';
import {localProblem} from './problems.js';
import {state} from './state.js';
import {timestampsEndingAt} from './timesteps.js';

/** The version's future features, or an empty list. */
export function futureFeatures(manifest) {
  return (manifest && manifest.data && manifest.data.futureFeatures) || [];
}

/**
 * The scenario to send with the forecast of the selected version (of series `seriesId` of a many-series version, else
 * undefined): `future` rows, or null for the stored plan.
 */
export function scenarioFor(model, version, seriesId) {
  const s = state.scenario;
  return s && s.model === model && s.version === version && s.seriesId === seriesId ? s.rows : null;
}

/** Hides the drivers (a version without a known future). */
export function hideDrivers() {
  $('#drivers').hidden = true;
  $('#drivers').dataset.inputs = '';
  if (state.driversChart) {
    state.driversChart.destroy();
    state.driversChart = null;
  }
}

/**
 * Shows the drivers of the selected single-series version under its forecast (`drivers`: its answer to
 * `GET .../drivers`, from where the forecast starts, or null): their recent values and their values at the forecast's
 * steps (the scenario's where one is set, else the stored plan), and the table that edits them.
 */
export function showDrivers(drivers, frequency, forecast) {
  showFrom(drivers, frequency, forecast, undefined, 'this version');
}

/** `drivers` (an answer of a drivers endpoint, or null) charted for `seriesId` (undefined: the version's series). */
function showFrom(drivers, frequency, forecast, seriesId, subject) {
  const columns = (drivers && drivers.columns) || [];
  const recent = (drivers && drivers.recent) || [];
  const timestamps = columns.length ? timestampsEndingAt(drivers.end, frequency, (recent[0] || []).length) : null;
  show(columns, {timestamps: timestamps || [], values: columns.map((c, j) => (timestamps && recent[j]) || [])},
    drivers && drivers.plan, forecast, seriesId, measured(drivers && drivers.measured, subject),
    known(state.manifest.data));
}

/**
 * What AUTO measured of a version's known future (a single-series manifest's `drivers`, or a many-series version's
 * series' `measured`): the best candidate with and without it on the same held-back windows, and whether the version
 * reads it (`subject`: 'this version' or 'this series'); '' without that record.
 */
function measured(drivers, subject) {
  if (!drivers) {
    return '';
  }
  const mase = v => (typeof v === 'number' && isFinite(v) ? ' (held-back MASE ' + charts.formatNumber(v) + ')' : '');
  const side = (name, v, none) => (name ? name + mase(v) : none);
  return ' Compared on the same held-back windows: with the known future ' + side(drivers.bestWith, drivers.maseWith,
    'no candidate') + ', without it ' + side(drivers.bestWithout, drivers.maseWithout, 'no candidate') + '; '
    + subject + (drivers.used ? ' reads it' + (drivers.multiplicative ? ', its effects multiplying the target' : '')
      : subject === 'this series' ? ' is forecast without it' : ' is the one trained without it') + '.';
}

/**
 * The drivers of series `id` of a many-series version under its forecast (`drivers`: its answer to
 * `GET .../series/{id}/drivers`, or null): their recent values, ending where the forecast starts, and plan.
 */
export function showSeriesDrivers(id, drivers, frequency, forecast) {
  showFrom(drivers, frequency, forecast, id, 'this series');
}

/** The calendar encodings and holidays a version reads (its manifest's `data`), in words, or ''. */
function known(data) {
  const parts = [];
  if (data && data.calendar && data.calendar.length) {
    parts.push('calendar ' + data.calendar.join(', '));
  }
  if (data && data.holidays) {
    parts.push('holidays ' + data.holidays);
  }
  return parts.join('; ');
}

/**
 * `history`: per column its values at `history.timestamps`; `stored`: per column its stored plan after them;
 * `evidence`: what AUTO measured of them, a sentence for the caption (or '').
 */
function show(columns, history, stored, forecast, seriesId, evidence, generated) {
  if (!columns.length) {
    hideDrivers();
    if (generated) { // computed from the timestamps: nothing to chart or edit, only what they did
      $('#drivers').hidden = false;
      $('#drivers').dataset.inputs = 'generated';
      $('#drivers-caption').textContent = 'Known in advance from the timestamps (' + generated + '): nothing to edit.'
        + evidence;
    }
    return;
  }
  $('#drivers').dataset.inputs = 'columns';
  const steps = forecast.points.map(p => p.timestamp);
  const sent = scenarioFor(state.selected.model, state.selected.version, seriesId);
  const plan = columns.map((column, j) => steps.map((t, k) => {
    const row = sent && sent.find(r => r.timestamp === t);
    if (row && row[column] != null) {
      return row[column];
    }
    const values = stored && stored[j];
    return values && k < values.length ? values[k] : null;
  }));
  $('#drivers').hidden = false;
  $('#drivers-caption').textContent = 'Drivers known in advance: ' + columns.join(', ') + '. The plan over the '
    + steps.length + ' forecast steps is ' + (sent ? 'the scenario below' : 'the one stored with the training data')
    + '; edit it and forecast again to see what changes.' + evidence;
  state.driversChart = charts.drawDrivers($('#drivers-chart'), state.driversChart, {
    columns: columns,
    history: history,
    plan: {timestamps: steps, values: plan}
  });
  renderTable(columns, steps, plan);
}

function renderTable(columns, steps, plan) {
  const head = $('#scenario-head');
  head.textContent = '';
  head.append(el('th', {scope: 'col', text: 'Time'}));
  columns.forEach(c => head.append(el('th', {scope: 'col', class: 'num', text: c})));
  const body = $('#scenario-body');
  body.textContent = '';
  steps.forEach((t, k) => body.append(el('tr', {}, [el('td', {text: t})].concat(columns.map((c, j) =>
    el('td', {class: 'num'}, [el('input', {type: 'number', step: 'any', class: 'scenario-value', 'data-timestamp': t,
      'data-column': c, 'aria-label': c + ' at ' + t, value: plan[j][k] == null ? '' : String(plan[j][k])})]))))));
}

/** The table's values as `future` rows (empty cells left out: the stored plan, or a 400 naming what is missing). */
export function readScenario() {
  const rows = new Map();
  for (const input of document.querySelectorAll('#scenario-body input.scenario-value')) {
    const text = input.value.trim();
    if (text === '') {
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      input.focus();
      throw localProblem('The value of ' + input.dataset.column + ' at ' + input.dataset.timestamp
        + ' must be a number.');
    }
    const t = input.dataset.timestamp;
    if (!rows.has(t)) {
      rows.set(t, {timestamp: t});
    }
    rows.get(t)[input.dataset.column] = value;
  }
  return Array.from(rows.values());
}

/** Sets (or, with null, clears) the scenario of the selected version (of its series charted, for many series). */
export function setScenario(rows) {
  const series = state.manifest && state.manifest.series && state.series && state.series.selected;
  state.scenario = rows ? {model: state.selected.model, version: state.selected.version,
    seriesId: series ? series.id : undefined, rows: rows} : null;
}
