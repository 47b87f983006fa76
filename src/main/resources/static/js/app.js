/*
 * The Foresight page: models with their backtest scores, one chart per version (history, backtest, forecast with
 * bands), training from a CSV with live progress, promotion and roll-back, datasets and jobs. Plain DOM, no framework.
 */
'use strict';

(function () {
  const api = window.ForesightApi;
  const charts = window.ForesightCharts;
  const $ = selector => document.querySelector(selector);
  const LEVELS = [80, 95];
  const ACTIVE = ['QUEUED', 'RUNNING'];

  const state = {
    models: [],
    datasets: [],
    jobs: [],
    selected: null, // {model, version}
    manifest: null,
    backtest: null,
    chart: null,
    horizonFor: null, // the model whose trained horizon the horizon field holds
    follow: null, // {id, controller, ended, lossKey, epochs, train, validation, plot, updates, lastValue}
    csv: null // {file, columns: [{name, type}]}
  };

  // ---------------------------------------------------------------- messages

  function problemOf(error) {
    if (error && error.problem) {
      return error.problem;
    }
    return {title: 'Something went wrong', detail: error && error.message ? error.message : String(error)};
  }

  function showProblem(error) {
    const problem = problemOf(error);
    const box = $('#problem');
    $('#problem-title').textContent = problem.title + (problem.status ? ' (' + problem.status + ')' : '');
    $('#problem-detail').textContent = problem.detail || '';
    box.dataset.status = problem.status ? String(problem.status) : '';
    box.hidden = false;
    $('#notice').textContent = '';
  }

  function clearProblem() {
    $('#problem').hidden = true;
    $('#problem-detail').textContent = '';
  }

  function notify(text) {
    $('#notice').textContent = text;
  }

  /** Wraps an event handler: failures end up on the page, never as an unhandled rejection. */
  function guard(handler) {
    return async function (event) {
      try {
        await handler.call(this, event);
      } catch (error) {
        if (!(error && error.name === 'AbortError')) {
          showProblem(error);
        }
      }
    };
  }

  function localProblem(detail, title) {
    return new api.ApiProblem({title: title || 'Check the form', detail: detail});
  }

  // ---------------------------------------------------------------- formatting and DOM helpers

  function fmt(value, digits) {
    if (value == null || Number.isNaN(value)) {
      return '–';
    }
    return Number(value).toLocaleString(undefined, {minimumFractionDigits: digits, maximumFractionDigits: digits});
  }

  function fmtTime(iso) {
    if (!iso) {
      return '–';
    }
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
      return iso;
    }
    const pad = n => String(n).padStart(2, '0');
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' '
      + pad(date.getHours()) + ':' + pad(date.getMinutes());
  }

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value == null || value === false) {
        return;
      }
      if (name === 'text') {
        node.textContent = value;
      } else if (name === 'class') {
        node.className = value;
      } else if (name.startsWith('on')) {
        node.addEventListener(name.slice(2), guard(value));
      } else if (name.startsWith('data-')) {
        node.setAttribute(name, String(value));
      } else if (value === true) {
        node.setAttribute(name, '');
      } else {
        node.setAttribute(name, String(value));
      }
    });
    (children || []).forEach(child => node.append(child instanceof Node ? child : document.createTextNode(String(child))));
    return node;
  }

  function button(text, label, onclick, extraClass) {
    return el('button', {type: 'button', class: 'small' + (extraClass ? ' ' + extraClass : ''), 'aria-label': label,
      onclick: onclick, text: text});
  }

  const enc = encodeURIComponent;

  // ---------------------------------------------------------------- API key

  let pendingPrompt = null;

  /** Asks for the key in a modal dialog; concurrent 401s share one question. */
  function promptForKey(problem, note) {
    if (pendingPrompt) {
      return pendingPrompt;
    }
    const dialog = $('#key-dialog');
    const input = $('#key-input');
    if (problem.status) {
      showProblem({problem: problem}); // the refused request's problem stays on the page behind the dialog
    }
    $('#key-dialog-reason').textContent = (note ? note + ' ' : '') + (problem.detail || 'This request needs the API key.');
    input.value = '';
    dialog.returnValue = '';
    pendingPrompt = new Promise(resolve => {
      dialog.addEventListener('close', () => {
        pendingPrompt = null;
        const key = input.value.trim();
        input.value = '';
        if (dialog.returnValue === 'ok' && key) {
          clearProblem();
          resolve(key);
        } else {
          resolve(null);
        }
      }, {once: true});
    });
    dialog.showModal();
    input.focus();
    return pendingPrompt;
  }

  function updateKeyStatus() {
    const key = api.apiKey();
    $('#key-status').textContent = key ? 'API key: set for this tab' : 'API key: not set';
    $('#key-clear').hidden = !key;
    document.body.dataset.apiKey = key ? 'set' : 'none';
  }

  // ---------------------------------------------------------------- models

  async function loadModels() {
    state.models = await api.get('/api/v1/models');
    renderModels();
  }

  function productionOf(model) {
    if (model.production != null) {
      return model.production;
    }
    return model.aliases ? model.aliases.production : undefined;
  }

  /** The version a roll-back goes to: the highest one below the current production version. */
  function rollbackTarget(model) {
    const production = productionOf(model);
    if (production == null) {
      return null;
    }
    const lower = model.versions.map(v => v.version).filter(v => v < production);
    return lower.length ? Math.max.apply(null, lower) : null;
  }

  function beatsText(version) {
    const part = (name, yes) => el('span', {class: yes ? 'yes' : 'no', text: name + ': ' + (yes ? 'yes' : 'no')});
    return el('span', {}, [part('naive', version.beatsNaive), ' · ', part('seasonal', version.beatsSeasonalNaive)]);
  }

  function renderModels() {
    const body = $('#models-body');
    body.textContent = '';
    const models = state.models.slice().sort((a, b) => a.name.localeCompare(b.name));
    $('#models-table').dataset.count = String(models.length);
    $('#models-table').hidden = models.length === 0;
    $('#models-empty').hidden = models.length > 0;
    for (const model of models) {
      const production = productionOf(model);
      const back = rollbackTarget(model);
      const head = el('tr', {class: 'model-row', 'data-model': model.name}, [
        el('th', {scope: 'colgroup', colspan: 9}, [
          model.name, ' ',
          el('span', {class: 'meta', text: production != null ? '· production is version ' + production
              : '· no production version yet'})
        ]),
        el('td', {}, [el('div', {class: 'actions'}, back != null
          ? [button('Roll back to v' + back, 'Roll back ' + model.name + ' to version ' + back,
            () => setProduction(model.name, back, 'rolled back'))]
          : [])])
      ]);
      body.append(head);
      const versions = model.versions.slice().sort((a, b) => b.version - a.version);
      for (const v of versions) {
        const selected = state.selected && state.selected.model === model.name && state.selected.version === v.version;
        const isProduction = v.version === production;
        const actions = [button('Show', 'Show version ' + v.version + ' of ' + model.name,
          () => selectVersion(model.name, v.version, true))];
        if (!isProduction) {
          actions.push(button('Promote', 'Promote version ' + v.version + ' of ' + model.name + ' to production',
            () => setProduction(model.name, v.version, 'promoted'), 'promote'));
        }
        body.append(el('tr', {class: selected ? 'selected' : '', 'data-model': model.name, 'data-version': v.version,
          'data-production': isProduction ? 'true' : 'false', 'aria-current': selected ? 'true' : null}, [
          el('td', {}, [el('span', {class: 'visually-hidden', text: model.name + ' '})]),
          el('td', {text: 'v' + v.version}),
          el('td', {}, (v.aliases || []).map(a => el('span', {class: 'badge' + (a === 'production' ? ' production' : ''),
            text: a}))),
          el('td', {text: v.method}),
          el('td', {class: 'when', text: fmtTime(v.createdAt)}),
          el('td', {class: 'num', text: fmt(v.validationMase, 3)}),
          el('td', {class: 'num', text: fmt(v.naiveMase, 3)}),
          el('td', {class: 'num', text: fmt(v.seasonalNaiveMase, 3)}),
          el('td', {}, [beatsText(v)]),
          el('td', {}, [el('div', {class: 'actions'}, actions)])
        ]));
      }
      for (const u of model.unavailable || []) {
        body.append(el('tr', {'data-model': model.name, 'data-unavailable': u.version}, [
          el('td', {}, [el('span', {class: 'visually-hidden', text: model.name + ' '})]),
          el('td', {text: 'v' + u.version}),
          el('td', {class: 'no', colspan: 8, text: 'unavailable, not served: ' + u.reason})
        ]));
      }
    }
  }

  async function setProduction(model, version, verb) {
    clearProblem();
    await api.put('/api/v1/models/' + enc(model) + '/aliases/production', {version: version});
    notify('Version ' + version + ' of ' + model + ' ' + verb + ': it is now production.');
    await loadModels();
    if (state.selected && state.selected.model === model) {
      renderVersionOptions();
      renderDetailMeta();
    }
  }

  // ---------------------------------------------------------------- one version: chart and forecast

  function modelNamed(name) {
    return state.models.find(m => m.name === name);
  }

  function renderVersionOptions() {
    const select = $('#detail-version');
    const model = modelNamed(state.selected.model);
    select.textContent = '';
    if (!model) {
      return;
    }
    const production = productionOf(model);
    model.versions.slice().sort((a, b) => b.version - a.version).forEach(v => {
      select.append(el('option', {value: v.version, selected: v.version === state.selected.version,
        text: 'v' + v.version + ' · ' + v.method + (v.version === production ? ' · production' : '')}));
    });
  }

  function renderDetailMeta() {
    const m = state.manifest;
    if (!m) {
      return;
    }
    const model = modelNamed(m.model);
    const production = model ? productionOf(model) : null;
    $('#detail-heading').textContent = m.model + ' · version ' + m.version
      + (m.version === production ? ' (production)' : '');
    const seconds = m.provenance && m.provenance.trainingSeconds;
    const data = m.data || {};
    $('#detail-meta').textContent = m.method + ' · trained ' + fmtTime(m.createdAt)
      + (seconds != null ? ' in ' + fmt(seconds, 1) + ' s' : '')
      + ' · ' + (data.datasetName || data.datasetId || 'dataset') + ': ' + (data.points || '?') + ' points, '
      + (data.frequency || '') + ' · window ' + m.settings.window + ', trained horizon ' + m.settings.horizon;
  }

  async function selectVersion(model, version, scroll) {
    clearProblem();
    state.selected = {model: model, version: version};
    renderModels();
    const section = $('#detail');
    section.hidden = false;
    renderVersionOptions();
    const base = '/api/v1/models/' + enc(model) + '/versions/' + version;
    const chart = $('#chart');
    chart.dataset.state = 'loading';
    const [manifest, backtest] = await Promise.all([
      api.get(base),
      api.get(base + '/backtest').catch(error => {
        if (error && error.status === 404) {
          return null; // an old version without a recorded backtest series: chart the rest
        }
        throw error;
      })
    ]);
    if (!state.selected || state.selected.model !== model || state.selected.version !== version) {
      return; // another version was chosen meanwhile
    }
    state.manifest = manifest;
    state.backtest = backtest;
    if (state.horizonFor !== model) {
      $('#horizon').value = manifest.settings.horizon;
      state.horizonFor = model;
    }
    renderDetailMeta();
    await runForecast();
    if (scroll) {
      section.scrollIntoView({block: 'start'});
      $('#detail-heading').setAttribute('tabindex', '-1');
      $('#detail-heading').focus({preventScroll: true});
    }
  }

  async function runForecast() {
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

  // ---------------------------------------------------------------- CSV and the training form

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
  async function readCsvHeader(file) {
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

  function safeName(text) {
    const name = String(text).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
    return name.slice(0, 100) || 'model';
  }

  function setColumns(columns, source) {
    const numeric = columns.filter(c => c.type === 'NUMBER').map(c => c.name);
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
    const timestamp = columns.find(c => c.type === 'TIMESTAMP');
    $('#csv-columns').textContent = source + ': ' + columns.map(c => c.name + ' (' + c.type.toLowerCase() + ')').join(', ')
      + (timestamp ? '.' : '. No timestamp column was recognised in the first lines; the service will say what it needs.')
      + (numeric.length ? '' : ' There is no numeric column to forecast.');
    $('#train-form').dataset.columns = columns.map(c => c.name).join(',');
  }

  function renderFeatures(numeric) {
    const box = $('#features');
    const target = $('#target').value;
    const checked = new Set(Array.from(box.querySelectorAll('input:checked')).map(i => i.value));
    box.querySelectorAll('label').forEach(label => label.remove());
    const candidates = (numeric || Array.from($('#target').options).map(o => o.value)).filter(n => n !== target);
    candidates.forEach(name => box.append(el('label', {}, [
      el('input', {type: 'checkbox', name: 'features', value: name, checked: checked.has(name)}), name])));
    $('#features-none').hidden = candidates.length > 0;
  }

  async function onFileChosen() {
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

  function onDatasetChosen() {
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
    setColumns(dataset.columns, 'Dataset ' + dataset.name);
    if (!$('#model-name').value) {
      $('#model-name').value = safeName(dataset.name);
    }
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

  async function onTrain(event) {
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
        const dataset = await api.postForm('/api/v1/datasets', form);
        datasetId = dataset.id;
        notify('Uploaded ' + file.name + ' as dataset ' + dataset.id + ' (' + dataset.rows + ' rows, ' + dataset.frequency
          + ').');
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

  // ---------------------------------------------------------------- following a job

  function follow(job) {
    if (state.follow) {
      state.follow.controller.abort();
      if (state.follow.plot) {
        state.follow.plot.destroy();
      }
    }
    const panel = $('#job-panel');
    panel.hidden = false;
    $('#job-id').textContent = job.id;
    const progress = $('#job-progress');
    progress.value = 0;
    progress.max = 1;
    progress.dataset.updates = '0';
    $('#loss-chart').textContent = '';
    $('#loss-chart').dataset.points = '0';
    const controller = new AbortController();
    state.follow = {id: job.id, controller: controller, ended: false, lossKey: null, epochs: [], train: [],
      validation: [], plot: null, updates: 0, lastValue: -1};
    renderJob(job);
    if (ACTIVE.includes(job.status)) {
      watch(job.id, controller.signal);
    } else {
      onJobEnded(job, false);
    }
  }

  async function watch(id, signal) {
    try {
      await api.stream('/api/v1/training-jobs/' + enc(id) + '/events', (name, data) => {
        onJobUpdate(JSON.parse(data));
      }, signal);
    } catch (error) {
      if (error && error.name === 'AbortError') {
        return;
      }
      // the stream failed (proxy, old browser): fall back to polling below
    }
    while (!signal.aborted && state.follow && state.follow.id === id && !state.follow.ended) {
      await new Promise(resolve => setTimeout(resolve, 1000));
      if (signal.aborted) {
        return;
      }
      try {
        onJobUpdate(await api.get('/api/v1/training-jobs/' + enc(id), {signal: signal}));
      } catch (error) {
        if (!(error && error.name === 'AbortError')) {
          showProblem(error);
        }
        return;
      }
    }
  }

  function onJobUpdate(job) {
    const f = state.follow;
    if (!f || f.id !== job.id || f.ended) {
      return;
    }
    renderJob(job);
    if (!ACTIVE.includes(job.status)) {
      f.ended = true;
      f.controller.abort();
      onJobEnded(job, true).catch(showProblem);
    }
  }

  function renderJob(job) {
    const f = state.follow;
    const p = job.progress || {};
    const panel = $('#job-panel');
    panel.dataset.status = job.status;
    panel.dataset.model = job.model;
    const candidates = p.candidates || 0;
    const status = job.status.charAt(0) + job.status.slice(1).toLowerCase();
    const parts = [status, 'model ' + job.model];
    if (candidates > 1) {
      parts.push('candidate ' + p.candidateIndex + ' of ' + candidates + (p.candidate ? ' (' + p.candidate + ')' : ''));
    } else if (p.candidate) {
      parts.push(p.candidate);
    }
    if (p.trainWindows) {
      parts.push(p.trainWindows + ' training / ' + p.validationWindows + ' validation windows');
    }
    if (p.trainLoss != null) {
      parts.push('loss ' + charts.formatNumber(p.trainLoss) + ' (validation ' + charts.formatNumber(p.validationLoss) + ')');
    }
    $('#job-status').textContent = parts.join(' · ');
    $('#job-status').className = 'status-' + job.status;

    const progress = $('#job-progress');
    if (p.maxEpochs) {
      const total = Math.max(1, candidates) * p.maxEpochs;
      const done = Math.max(0, (p.candidateIndex || 1) - 1) * p.maxEpochs + p.epoch;
      progress.max = total;
      progress.value = job.status === 'SUCCEEDED' ? total : Math.min(done, total);
      $('#job-progress-label').textContent = 'Epoch ' + p.epoch + ' of ' + p.maxEpochs
        + (candidates > 1 ? ', candidate ' + p.candidateIndex + ' of ' + candidates : '');
    } else if (job.status === 'SUCCEEDED') {
      progress.max = 1;
      progress.value = 1;
      $('#job-progress-label').textContent = 'Done';
    } else {
      $('#job-progress-label').textContent = job.status === 'QUEUED' ? 'Waiting in the queue' : 'Preparing …';
    }
    if (f && progress.value !== f.lastValue) {
      f.lastValue = progress.value;
      f.updates++;
      progress.dataset.updates = String(f.updates);
    }
    progress.dataset.epoch = String(p.epoch || 0);
    progress.dataset.maxEpochs = String(p.maxEpochs || 0);
    $('#job-cancel').disabled = !ACTIVE.includes(job.status);

    if (f && p.trainLoss != null && p.epoch) {
      const key = (p.candidateIndex || 1) + '/' + (p.candidate || '');
      if (f.lossKey !== key) {
        f.lossKey = key;
        f.epochs = [];
        f.train = [];
        f.validation = [];
      }
      if (!f.epochs.includes(p.epoch)) {
        f.epochs.push(p.epoch);
        f.train.push(p.trainLoss);
        f.validation.push(p.validationLoss);
        f.plot = charts.drawLoss($('#loss-chart'), f.plot, f.epochs, f.train, f.validation);
      }
    }
  }

  async function onJobEnded(job, live) {
    $('#job-cancel').disabled = true;
    if (live) {
      await loadJobs();
    }
    if (job.status === 'SUCCEEDED') {
      if (live) {
        notify('Training finished: model ' + job.model + ' version ' + job.version + ' is registered.');
      }
      await loadModels();
      await selectVersion(job.model, job.version, false);
    } else if (job.status === 'FAILED') {
      showProblem({problem: {title: 'Training failed', detail: job.error || 'The job failed; see the service log.'}});
    } else if (job.status === 'CANCELLED' && live) {
      notify('Training job ' + job.id + ' was cancelled.');
    }
  }

  async function cancelJob(id) {
    clearProblem();
    const job = await api.del('/api/v1/training-jobs/' + enc(id));
    if (state.follow && state.follow.id === id && !state.follow.ended) {
      notify('Cancelling training job ' + id + ' …');
      renderJob(job); // the end event follows once the job has stopped
    } else if (!state.follow || state.follow.id !== id) {
      notify('Cancelling training job ' + id + ' …');
    }
    await loadJobs();
  }

  // ---------------------------------------------------------------- jobs and datasets

  async function loadJobs() {
    state.jobs = await api.get('/api/v1/training-jobs');
    const body = $('#jobs-body');
    body.textContent = '';
    $('#jobs-table').dataset.count = String(state.jobs.length);
    $('#jobs-table').hidden = state.jobs.length === 0;
    $('#jobs-empty').hidden = state.jobs.length > 0;
    for (const job of state.jobs) {
      const p = job.progress || {};
      const active = ACTIVE.includes(job.status);
      const actions = [];
      if (active && !(state.follow && state.follow.id === job.id && !state.follow.ended)) {
        actions.push(button('Follow', 'Follow training job ' + job.id, () => follow(job)));
      }
      if (active) {
        actions.push(button('Cancel', 'Cancel training job ' + job.id, () => cancelJob(job.id), 'danger'));
      }
      body.append(el('tr', {'data-job': job.id, 'data-status': job.status}, [
        el('td', {}, [el('code', {text: job.id})]),
        el('td', {text: job.model}),
        el('td', {class: 'status-' + job.status, text: job.status}),
        el('td', {text: p.maxEpochs ? 'epoch ' + p.epoch + ' / ' + p.maxEpochs
            + (p.candidates > 1 ? ' (candidate ' + p.candidateIndex + ' / ' + p.candidates + ')' : '') : '–'}),
        el('td', {class: 'when', text: fmtTime(job.createdAt)}),
        el('td', {}, job.version != null ? [button('v' + job.version, 'Show version ' + job.version + ' of ' + job.model,
          () => selectVersion(job.model, job.version, true))] : ['–']),
        el('td', {text: job.error || '', title: job.error || null}),
        el('td', {}, [el('div', {class: 'actions'}, actions)])
      ]));
    }
  }

  async function loadDatasets() {
    state.datasets = await api.get('/api/v1/datasets');
    const body = $('#datasets-body');
    body.textContent = '';
    $('#datasets-table').dataset.count = String(state.datasets.length);
    $('#datasets-table').hidden = state.datasets.length === 0;
    $('#datasets-empty').hidden = state.datasets.length > 0;
    const choice = $('#dataset-choice');
    const chosen = choice.value;
    choice.querySelectorAll('option[value]:not([value=""])').forEach(o => o.remove());
    for (const d of state.datasets) {
      choice.append(el('option', {value: d.id, text: d.name + ' (' + d.id + ', ' + d.rows + ' rows)'}));
      body.append(el('tr', {'data-dataset': d.id}, [
        el('td', {text: d.name}),
        el('td', {}, [el('code', {text: d.id})]),
        el('td', {class: 'num', text: d.rows}),
        el('td', {text: d.frequency}),
        el('td', {text: d.start + ' – ' + d.end}),
        el('td', {text: d.columns.filter(c => c.type !== 'TIMESTAMP').map(c => c.name).join(', ')}),
        el('td', {}, [el('div', {class: 'actions'}, [
          button('Train with this', 'Train a model on dataset ' + d.name, () => {
            choice.value = d.id;
            onDatasetChosen();
            $('#train').scrollIntoView({block: 'start'});
            $('#model-name').focus();
          }),
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

  // ---------------------------------------------------------------- start

  function bind() {
    $('#problem-close').addEventListener('click', clearProblem);
    $('#models-refresh').addEventListener('click', guard(loadModels));
    $('#jobs-refresh').addEventListener('click', guard(loadJobs));
    $('#datasets-refresh').addEventListener('click', guard(loadDatasets));
    $('#forecast-form').addEventListener('submit', guard(async event => {
      event.preventDefault();
      clearProblem();
      await runForecast();
    }));
    $('#detail-version').addEventListener('change', guard(async () => {
      await selectVersion(state.selected.model, Number($('#detail-version').value), false);
    }));
    $('#csv-file').addEventListener('change', guard(onFileChosen));
    $('#dataset-choice').addEventListener('change', guard(onDatasetChosen));
    $('#target').addEventListener('change', () => renderFeatures());
    $('#train-form').addEventListener('submit', guard(onTrain));
    $('#job-cancel').addEventListener('click', guard(async () => {
      if (state.follow) {
        await cancelJob(state.follow.id);
      }
    }));
    $('#key-set').addEventListener('click', guard(async () => {
      const key = await promptForKey({detail: 'Enter the API key configured on the service (foresight.api-key).'});
      if (key) {
        api.setApiKey(key);
        notify('The API key is set for this tab.');
      }
    }));
    $('#key-clear').addEventListener('click', () => {
      api.setApiKey(null);
      notify('The API key was forgotten.');
    });
    window.addEventListener('foresight:key-changed', updateKeyStatus);
    window.addEventListener('unhandledrejection', event => {
      event.preventDefault();
      showProblem(event.reason);
    });
    window.addEventListener('error', event => {
      showProblem({problem: {title: 'The page failed', detail: event.message}});
    });
  }

  async function start() {
    api.onUnauthorized(promptForKey);
    bind();
    updateKeyStatus();
    if (!window.uPlot) {
      showProblem({problem: {title: 'Charts unavailable', detail: 'The chart library (/webjars/uplot/…) did not load.'}});
    }
    const results = await Promise.allSettled([loadModels(), loadJobs(), loadDatasets()]);
    const failed = results.find(r => r.status === 'rejected');
    if (failed) {
      showProblem(failed.reason);
    }
    const running = state.jobs.find(j => ACTIVE.includes(j.status));
    if (running) {
      follow(running);
    }
    const first = state.models.slice().sort((a, b) => a.name.localeCompare(b.name))[0];
    if (first && first.versions.length) {
      const production = productionOf(first);
      await selectVersion(first.name, production != null ? production
        : Math.max.apply(null, first.versions.map(v => v.version)), false);
    }
    document.body.dataset.ready = 'true';
  }

  start().catch(showProblem);
})();
