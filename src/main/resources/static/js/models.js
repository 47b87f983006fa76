/*
 * The models with their versions and backtest scores, promotion and roll-back, and the selected version's detail
 * (heading, version choice, meta line) before its forecast is drawn.
 */

import * as api from './api.js';
import {$, enc, fmt, fmtTime} from './dom.js';
import {button, el} from './elements.js';
import {runForecast} from './forecast.js';
import {refill} from './listing.js';
import {clearProblem, notify} from './problems.js';
import {showSeries} from './series.js';
import {state} from './state.js';

export async function loadModels() {
  state.models = await api.get('/api/v1/models');
  renderModels();
}

export function productionOf(model) {
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
  const models = state.models.slice().sort((a, b) => a.name.localeCompare(b.name));
  const body = refill('models', models.length);
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
    + (m.series ? m.series.count.toLocaleString() + ' series, ' : '')
    + (data.frequency || '') + ' · window ' + m.settings.window + ', trained horizon ' + m.settings.horizon;
}

export async function selectVersion(model, version, scroll) {
  clearProblem();
  state.selected = {model: model, version: version};
  renderModels();
  const section = $('#detail');
  section.hidden = false;
  renderVersionOptions();
  const base = '/api/v1/models/' + enc(model) + '/versions/' + version;
  const chart = $('#chart');
  chart.dataset.state = 'loading';
  const listed = modelNamed(model);
  const summary = listed ? listed.versions.find(v => v.version === version) : null;
  // a many-series version has no one backtest series (each series has its scores in the series list)
  const manySeries = !!(summary && summary.method === 'PER_SERIES');
  const [manifest, backtest] = await Promise.all([
    api.get(base),
    manySeries ? null : api.get(base + '/backtest').catch(error => {
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
  state.backtest = manifest.series ? null : backtest;
  if (state.horizonFor !== model) {
    $('#horizon').value = manifest.settings.horizon;
    state.horizonFor = model;
  }
  renderDetailMeta();
  await showSeries(manifest);
  if (!state.selected || state.selected.model !== model || state.selected.version !== version) {
    return;
  }
  await runForecast();
  if (scroll) {
    section.scrollIntoView({block: 'start'});
    $('#detail-heading').setAttribute('tabindex', '-1');
    $('#detail-heading').focus({preventScroll: true});
  }
}
