/*
 * Charts with uPlot (served from the uplot WebJar): one chart per model version with its history, the backtest over
 * the held-back part and the forecast with 80 % / 95 % bands; and the training loss curves of a running job.
 * uPlot is the WebJar's global window.uPlot (index.html loads it as a classic script before the page's modules).
 */

const COLORS = {
  history: '#1f2933',
  actual: '#64748b',
  backtest: '#c2410c',
  forecast: '#1d4ed8',
  band95: 'rgba(29, 78, 216, 0.10)',
  band80: 'rgba(29, 78, 216, 0.20)',
  edge: 'rgba(29, 78, 216, 0.35)',
  anomaly: '#b91c1c',
  train: '#1d4ed8',
  validation: '#c2410c'
};

/**
 * Seconds since the epoch for a service timestamp: "1949-01-01", "1949-01", "2000-06-05T00:30:00" (local
 * date-times of the series, shown as they are, so read as UTC) or one with an offset.
 */
export function toSeconds(timestamp) {
  let text = String(timestamp).trim();
  if (/^\d{4}-\d{2}$/.test(text)) {
    text += '-01';
  }
  text = text.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) {
    text += 'Z';
  }
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? null : millis / 1000;
}

export function formatNumber(value) {
  if (value == null || Number.isNaN(value)) {
    return '–';
  }
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 4;
  return value.toLocaleString(undefined, {maximumFractionDigits: digits});
}

function widthOf(container) {
  return Math.max(280, Math.floor(container.clientWidth || container.getBoundingClientRect().width || 640));
}

/** Keeps a chart as wide as its container. */
function fitWidth(plot, container, height) {
  let pending = null;
  const resize = () => {
    if (pending) {
      return;
    }
    pending = window.requestAnimationFrame(() => {
      pending = null;
      if (container.isConnected) {
        plot.setSize({width: widthOf(container), height: height});
      }
    });
  };
  window.addEventListener('resize', resize);
  return () => window.removeEventListener('resize', resize);
}

/**
 * Draws (or redraws) the version chart into `container` and records what it shows as data attributes:
 * data-history-points, data-backtest-points, data-forecast-points, data-levels, data-series (labels).
 *
 * input: {target, history: {timestamps, values}, backtest: {timestamps, actual, predicted} | null,
 *         forecast: {points: [{timestamp, value, lower: {"80", "95"}, upper: {...}}]}}
 */
/**
 * Values of several series keyed by time, for uPlot: {@code put(timestamp, name, value)} skips missing and non-finite
 * values; {@code data(names)} gives [x seconds ascending, then one column per name with null where a series has none].
 */
function timeTable() {
  const rows = new Map(); // x seconds -> row of series values
  return {
    put(timestamp, name, value) {
      const x = toSeconds(timestamp);
      if (x == null || value == null || !Number.isFinite(value)) {
        return;
      }
      if (!rows.has(x)) {
        rows.set(x, {});
      }
      rows.get(x)[name] = value;
    },
    data(names) {
      const xs = Array.from(rows.keys()).sort((a, b) => a - b);
      return [xs].concat(names.map(name => xs.map(x => {
        const v = rows.get(x)[name];
        return v === undefined ? null : v;
      })));
    },
  };
}

export function drawForecast(container, previous, input) {
  if (previous) {
    previous.destroy();
  }
  container.textContent = '';
  const table = timeTable();
  const series = ['history', 'actual', 'backtest', 'forecast', 'low95', 'high95', 'low80', 'high80'];
  const put = table.put;
  const history = input.history || {timestamps: [], values: []};
  history.timestamps.forEach((t, i) => put(t, 'history', history.values[i]));
  const backtest = input.backtest;
  if (backtest) {
    backtest.timestamps.forEach((t, i) => {
      put(t, 'actual', backtest.actual[i]);
      put(t, 'backtest', backtest.predicted[i]);
    });
  }
  const points = (input.forecast && input.forecast.points) || [];
  if (points.length && history.timestamps.length) {
    // start the forecast and its bands at the last observation so that the lines join
    const last = history.timestamps.length - 1;
    const value = history.values[last];
    ['forecast', 'low95', 'high95', 'low80', 'high80'].forEach(name => put(history.timestamps[last], name, value));
  }
  points.forEach(p => {
    put(p.timestamp, 'forecast', p.value);
    put(p.timestamp, 'low95', p.lower && p.lower['95']);
    put(p.timestamp, 'high95', p.upper && p.upper['95']);
    put(p.timestamp, 'low80', p.lower && p.lower['80']);
    put(p.timestamp, 'high80', p.upper && p.upper['80']);
  });
  const data = table.data(series);

  const height = 380;
  const edge = {stroke: COLORS.edge, width: 1, points: {show: false}, value: (u, v) => formatNumber(v)};
  const options = {
    width: widthOf(container),
    height: height,
    tzDate: ts => window.uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {x: {time: true}},
    cursor: {drag: {x: true, y: false}},
    series: [
      {label: 'Time'},
      {label: 'History', stroke: COLORS.history, width: 2, value: (u, v) => formatNumber(v)},
      {label: 'Held-back actual', stroke: COLORS.actual, width: 1.5, points: {show: true, size: 5},
        value: (u, v) => formatNumber(v)},
      {label: 'Backtest forecast', stroke: COLORS.backtest, width: 2, dash: [6, 4], value: (u, v) => formatNumber(v)},
      {label: 'Forecast', stroke: COLORS.forecast, width: 2.5, value: (u, v) => formatNumber(v)},
      Object.assign({label: '95 % low'}, edge),
      Object.assign({label: '95 % high'}, edge),
      Object.assign({label: '80 % low'}, edge),
      Object.assign({label: '80 % high'}, edge)
    ],
    bands: [
      {series: [6, 5], fill: COLORS.band95},
      {series: [8, 7], fill: COLORS.band80}
    ],
    axes: [
      {},
      {label: input.target || 'value', size: 70, values: (u, splits) => splits.map(formatNumber)}
    ]
  };
  const plot = new window.uPlot(options, data, container);
  const release = fitWidth(plot, container, height);
  const originalDestroy = plot.destroy.bind(plot);
  plot.destroy = () => {
    release();
    originalDestroy();
  };
  const count = name => data[series.indexOf(name) + 1].filter(v => v != null).length;
  container.dataset.historyPoints = String(count('history'));
  container.dataset.backtestPoints = String(backtest ? backtest.predicted.length : 0);
  container.dataset.forecastPoints = String(points.length);
  container.dataset.forecastValues = points.map(p => String(p.value)).join(',');
  container.dataset.levels = points.length ? Object.keys(points[0].lower || {}).sort().join(',') : '';
  container.dataset.series = options.series.slice(1).map(s => s.label).join('|');
  container.dataset.state = 'ready';
  return plot;
}

/**
 * The live accuracy chart: the actual values against what was forecast for them, with the 80 % band, and the
 * anomalies among the actual values as red points. Records data-points, data-anomalies and data-series.
 *
 * input: {target, points: [{timestamp, actual, forecast, lower: {"80"}, upper: {"80"}}], anomalies: [{timestamp}]}
 */
export function drawLive(container, previous, input) {
  if (previous) {
    previous.destroy();
  }
  container.textContent = '';
  const points = input.points.map(p => Object.assign({x: toSeconds(p.timestamp)}, p)).filter(p => p.x != null)
    .sort((a, b) => a.x - b.x);
  const anomalous = new Set((input.anomalies || []).map(a => toSeconds(a.timestamp)));
  const band = (p, side) => p[side] && p[side]['80'] != null ? p[side]['80'] : null;
  const marked = points.filter(p => anomalous.has(p.x));
  const data = [
    points.map(p => p.x),
    points.map(p => p.actual),
    points.map(p => p.forecast),
    points.map(p => band(p, 'lower')),
    points.map(p => band(p, 'upper')),
    points.map(p => anomalous.has(p.x) ? p.actual : null)
  ];
  const height = 300;
  const value = (u, v) => formatNumber(v);
  const edge = {stroke: COLORS.edge, width: 1, points: {show: false}, value: value};
  const plot = new window.uPlot({
    width: widthOf(container),
    height: height,
    tzDate: ts => window.uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {x: {time: true}},
    series: [
      {label: 'Time'},
      {label: 'Actual', stroke: COLORS.history, width: 2, points: {show: true, size: 4}, value: value},
      {label: 'Forecast', stroke: COLORS.forecast, width: 2, dash: [6, 4], value: value},
      Object.assign({label: '80 % low'}, edge),
      Object.assign({label: '80 % high'}, edge),
      {label: 'Anomaly', stroke: COLORS.anomaly, width: 0, paths: () => null,
        points: {show: true, size: 9, stroke: COLORS.anomaly, fill: COLORS.anomaly}, value: value}
    ],
    bands: [{series: [4, 3], fill: COLORS.band80}],
    axes: [{}, {label: input.target || 'value', size: 70, values: (u, splits) => splits.map(formatNumber)}]
  }, data, container);
  const release = fitWidth(plot, container, height);
  const originalDestroy = plot.destroy.bind(plot);
  plot.destroy = () => {
    release();
    originalDestroy();
  };
  container.dataset.points = String(points.length);
  container.dataset.anomalies = String(marked.length);
  container.dataset.series = 'Actual|Forecast|80 % low|80 % high|Anomaly';
  container.dataset.state = 'ready';
  return plot;
}

/**
 * The drivers of a version with future features, under its forecast: per driver its values at the end of the
 * training data (solid) and the plan over the forecast's steps (dashed). Records data-points (the plan's steps),
 * data-series (labels) and data-plan (the plan's values, driver by driver, for checks).
 *
 * input: {columns, history: {timestamps, values: [per column]}, plan: {timestamps, values: [per column]}}
 */
export function drawDrivers(container, previous, input) {
  if (previous) {
    previous.destroy();
  }
  container.textContent = '';
  const palette = ['#0f766e', '#7c3aed', '#b45309', '#be185d'];
  const table = timeTable();
  const put = table.put;
  const names = [];
  input.columns.forEach(c => names.push(c, c + ' (plan)'));
  input.columns.forEach((c, j) => {
    input.history.timestamps.forEach((t, i) => put(t, c, input.history.values[j][i]));
    const last = input.history.timestamps.length - 1;
    if (last >= 0) {
      put(input.history.timestamps[last], c + ' (plan)', input.history.values[j][last]);
    }
    input.plan.timestamps.forEach((t, k) => put(t, c + ' (plan)', input.plan.values[j][k]));
  });
  const data = table.data(names);
  const height = 180;
  const series = [{label: 'Time'}];
  input.columns.forEach((c, j) => {
    const color = palette[j % palette.length];
    series.push({label: c, stroke: color, width: 1.5, value: (u, v) => formatNumber(v)});
    series.push({label: c + ' (plan)', stroke: color, width: 2, dash: [5, 4], points: {show: true, size: 4},
      value: (u, v) => formatNumber(v)});
  });
  const plot = new window.uPlot({
    width: widthOf(container),
    height: height,
    tzDate: ts => window.uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {x: {time: true}},
    series: series,
    axes: [{}, {label: 'drivers', size: 60, values: (u, splits) => splits.map(formatNumber)}]
  }, data, container);
  const release = fitWidth(plot, container, height);
  const originalDestroy = plot.destroy.bind(plot);
  plot.destroy = () => {
    release();
    originalDestroy();
  };
  container.dataset.points = String(input.plan.timestamps.length);
  container.dataset.series = series.slice(1).map(s => s.label).join('|');
  container.dataset.plan = input.plan.values.map(v => v.map(x => x == null ? '' : String(x)).join(',')).join(';');
  container.dataset.state = 'ready';
  return plot;
}

/** The loss curves of a training job: x = epoch, train and validation loss. */
export function drawLoss(container, previous, epochs, trainLoss, validationLoss) {
  const data = [epochs, trainLoss, validationLoss];
  if (previous) {
    previous.setData(data);
    container.dataset.points = String(epochs.length);
    return previous;
  }
  container.textContent = '';
  const height = 220;
  const plot = new window.uPlot({
    width: Math.min(640, widthOf(container)),
    height: height,
    scales: {x: {time: false}},
    series: [
      {label: 'Epoch'},
      {label: 'Training loss', stroke: COLORS.train, width: 2, points: {show: true, size: 4},
        value: (u, v) => formatNumber(v)},
      {label: 'Validation loss', stroke: COLORS.validation, width: 2, points: {show: true, size: 4},
        value: (u, v) => formatNumber(v)}
    ],
    axes: [{label: 'epoch'}, {label: 'loss', size: 60, values: (u, splits) => splits.map(formatNumber)}]
  }, data, container);
  container.dataset.points = String(epochs.length);
  return plot;
}
