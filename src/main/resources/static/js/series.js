/*
 * The series of a many-series (PER_SERIES) version: which methods won, a searchable paged list of its series (method,
 * MASE against the baselines, a sparkline of recent values), and choosing the series whose forecast is charted.
 * Series ids are user data: they only ever reach the page as text (textContent, attributes), never as markup.
 */

import * as api from './api.js';
import {$, enc, fmt} from './dom.js';
import {el} from './elements.js';
import {runForecast} from './forecast.js';
import {clearProblem, guard} from './problems.js';
import {state} from './state.js';

const SVG = 'http://www.w3.org/2000/svg';
const SEARCH_DELAY = 250;

export function isManySeries(manifest) {
  return !!(manifest && manifest.series);
}

/** Shows the series part for the selected version (hidden for a single-series one) and picks a series to chart. */
export async function showSeries(manifest) {
  const panel = $('#series-panel');
  if (!isManySeries(manifest)) {
    panel.hidden = true;
    state.series = null;
    return;
  }
  const s = state.series;
  if (!s || s.model !== manifest.model || s.version !== manifest.version) {
    state.series = {model: manifest.model, version: manifest.version, query: '', page: 0,
      size: Number($('#series-size').value) || 10, total: 0, items: [], selected: null, request: 0};
    $('#series-query').value = '';
  }
  panel.hidden = false;
  renderSummary(manifest.series);
  await loadSeriesPage();
  const current = state.series;
  if (current && !current.selected) {
    current.selected = current.items.find(item => !item.failure) || null;
    renderRows();
  }
}

function renderSummary(set) {
  const trained = set.count - set.failed;
  $('#series-facts').textContent = set.count.toLocaleString() + ' series'
    + (set.idColumns && set.idColumns.length ? ' by ' + set.idColumns.join(', ') : '') + ' · '
    + trained.toLocaleString() + ' with a model, ' + set.failed.toLocaleString() + ' failed · median held-back MASE '
    + fmt(set.medianMase, 3) + ' · global network chosen for ' + set.globalNetwork.toLocaleString() + ' of '
    + trained.toLocaleString();
  const body = $('#methods-body');
  body.textContent = '';
  const methods = Object.entries(set.methods || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [method, count] of methods) {
    const share = trained > 0 ? count / trained : 0;
    const bar = el('span', {class: 'bar'});
    bar.style.width = (100 * share).toFixed(1) + '%';
    body.append(el('tr', {'data-method': method, 'data-count': count}, [
      el('td', {text: method}),
      el('td', {class: 'num', text: count.toLocaleString()}),
      el('td', {class: 'share'}, [el('span', {class: 'bar-track'}, [bar]),
        el('span', {class: 'meta', text: ' ' + Math.round(100 * share) + ' %'})])
    ]));
  }
  $('#methods-table').dataset.methods = methods.map(([m, c]) => m + ':' + c).join(',');
}

/** Loads the current page of the list (query, page, size in state.series); stale answers are dropped. */
async function loadSeriesPage() {
  const s = state.series;
  if (!s) {
    return;
  }
  const token = ++s.request;
  const params = new URLSearchParams({page: String(s.page), size: String(s.size), version: String(s.version)});
  if (s.query) {
    params.set('query', s.query);
  }
  $('#series-table').dataset.state = 'loading';
  const list = await api.get('/api/v1/models/' + enc(s.model) + '/series?' + params.toString());
  if (state.series !== s || token !== s.request) {
    return;
  }
  s.total = list.total;
  s.items = list.series;
  renderRows();
  renderPager();
  $('#series-table').dataset.state = 'ready';
}

/** An inline SVG line of the values (gaps where a value is missing), scaled to its own range. */
export function sparkline(values) {
  const width = 120;
  const height = 28;
  const pad = 2;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  const finite = values.filter(Number.isFinite);
  svg.dataset.points = String(finite.length);
  if (finite.length < 2) {
    svg.setAttribute('aria-hidden', 'true');
    return svg;
  }
  const min = Math.min.apply(null, finite);
  const max = Math.max.apply(null, finite);
  const x = i => pad + i * (width - 2 * pad) / (values.length - 1);
  const y = v => height - pad - (max > min ? (v - min) / (max - min) : 0.5) * (height - 2 * pad);
  let d = '';
  let drawing = false;
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) {
      drawing = false;
      return;
    }
    d += (drawing ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1);
    drawing = true;
  });
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Last ' + finite.length + ' values, from ' + fmt(min, 1) + ' to ' + fmt(max, 1));
  return svg;
}

function renderRows() {
  const s = state.series;
  const body = $('#series-body');
  body.textContent = '';
  $('#series-table').dataset.count = String(s.items.length);
  $('#series-table').dataset.total = String(s.total);
  $('#series-table').dataset.page = String(s.page);
  $('#series-table').dataset.query = s.query;
  $('#series-empty').hidden = s.items.length > 0;
  for (const item of s.items) {
    const selected = !!(s.selected && s.selected.id === item.id);
    const cells = [el('th', {scope: 'row'}, [item.failure ? el('span', {text: item.id})
      : el('button', {type: 'button', class: 'link', 'aria-label': 'Show the forecast of series ' + item.id,
        text: item.id})])];
    if (item.failure) {
      cells.push(el('td', {class: 'failure', colspan: 5, text: 'no model: ' + item.failure}),
        el('td', {class: 'num', text: item.points.toLocaleString()}), el('td', {text: '–'}));
    } else {
      const beats = item.mase < item.naiveMase;
      cells.push(el('td', {text: item.method + (item.candidate && item.candidate !== item.method
          ? ' (' + item.candidate + ')' : '') + (item.readsKnownFuture ? '; reads the known future' : '')}),
        el('td', {class: 'num ' + (beats ? 'yes' : 'no'), title: beats ? 'beats the naive forecast'
            : 'does not beat the naive forecast', text: fmt(item.mase, 3)}),
        el('td', {class: 'num', text: fmt(item.naiveMase, 3)}),
        el('td', {class: 'num', text: fmt(item.seasonalNaiveMase, 3)}),
        el('td', {class: 'spark-cell'}, [sparkline(item.recent || [])]),
        el('td', {class: 'num', text: item.points.toLocaleString()}),
        el('td', {class: 'when', text: item.end}));
    }
    body.append(el('tr', {class: selected ? 'selected' : (item.failure ? 'failed' : 'pickable'),
      'data-series': item.id, 'data-method': item.method, 'data-failed': item.failure ? 'true' : 'false',
      'data-reads-known-future': item.readsKnownFuture == null ? null : String(item.readsKnownFuture),
      'aria-current': selected ? 'true' : null, onclick: item.failure ? null : () => selectSeries(item)}, cells));
  }
}

function renderPager() {
  const s = state.series;
  const pages = Math.max(1, Math.ceil(s.total / s.size));
  const what = s.query ? s.total.toLocaleString() + ' series match “' + s.query + '”'
    : s.total.toLocaleString() + ' series';
  $('#series-page').textContent = 'Page ' + (s.page + 1) + ' of ' + pages + ' · ' + what;
  $('#series-prev').disabled = s.page === 0;
  $('#series-next').disabled = (s.page + 1) * s.size >= s.total;
}

async function selectSeries(item) {
  const s = state.series;
  if (!s || (s.selected && s.selected.id === item.id)) {
    return;
  }
  clearProblem();
  s.selected = item;
  renderRows();
  await runForecast();
}

async function goTo(page) {
  state.series.page = page;
  await loadSeriesPage();
}

/** Binds the search box, the page size and the pager. */
export function bindSeries() {
  let timer = null;
  const search = async () => {
    clearTimeout(timer);
    const s = state.series;
    const query = $('#series-query').value.trim();
    if (!s || query === s.query) {
      return;
    }
    s.query = query;
    s.page = 0;
    await loadSeriesPage();
  };
  $('#series-search').addEventListener('submit', guard(async event => {
    event.preventDefault();
    await search();
  }));
  $('#series-query').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(guard(search), SEARCH_DELAY);
  });
  $('#series-size').addEventListener('change', guard(async () => {
    if (state.series) {
      state.series.size = Number($('#series-size').value);
      await goTo(0);
    }
  }));
  $('#series-prev').addEventListener('click', guard(() => goTo(Math.max(0, state.series.page - 1))));
  $('#series-next').addEventListener('click', guard(() => goTo(state.series.page + 1)));
}
