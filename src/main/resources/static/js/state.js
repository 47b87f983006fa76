/* The page's shared mutable state: what the modules load, select and follow. */

export const state = {
  models: [],
  datasets: [],
  jobs: [],
  selected: null, // {model, version}
  manifest: null,
  backtest: null,
  chart: null,
  driversChart: null, // the drivers under the forecast (drivers.js)
  scenario: null, // edited future values of the selected version: {model, version, rows: [{timestamp, <column>}]}
  liveChart: null, // the live accuracy chart (live.js)
  series: null, // a many-series version's list: {model, version, query, page, size, total, items, selected, request}
  horizonFor: null, // the model whose trained horizon the horizon field holds
  follow: null, // {id, controller, ended, lossKey, epochs, train, validation, plot, updates, lastValue}
  csv: null, // {file, columns: [{name, type}]}
  columns: null // the training form's columns: {list: [{name, type}], dataset (a stored one) | null}
};
