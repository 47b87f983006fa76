/*
 * Training jobs: following one live (the progress stream, with polling as the fallback; the progress bar and the
 * loss curves), cancelling, and the list of jobs.
 */

import * as api from './api.js';
import * as charts from './charts.js';
import {$, enc, fmtTime} from './dom.js';
import {button, el} from './elements.js';
import {refill} from './listing.js';
import {loadModels, selectVersion} from './models.js';
import {clearProblem, notify, showProblem} from './problems.js';
import {state} from './state.js';

export const ACTIVE = ['QUEUED', 'RUNNING'];

/** "series 120 of 1,000 (3 failed)" for a many-series job; null for one series. */
function seriesText(p) {
  if (p.seriesTotal == null) {
    return null;
  }
  return 'series ' + (p.seriesDone || 0).toLocaleString() + ' of ' + p.seriesTotal.toLocaleString() + ' ('
    + (p.seriesFailed || 0).toLocaleString() + ' failed)';
}

export function follow(job) {
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
  const series = seriesText(p);
  if (series) {
    parts.push(series);
  }
  if (p.trainLoss != null) {
    parts.push('loss ' + charts.formatNumber(p.trainLoss) + ' (validation ' + charts.formatNumber(p.validationLoss) + ')');
  }
  $('#job-status').textContent = parts.join(' · ');
  $('#job-status').className = 'status-' + job.status;

  const progress = $('#job-progress');
  if (series && (p.seriesDone > 0 || !p.maxEpochs)) {
    progress.max = Math.max(1, p.seriesTotal);
    progress.value = job.status === 'SUCCEEDED' ? progress.max : Math.min(p.seriesDone || 0, progress.max);
    $('#job-progress-label').textContent = series.charAt(0).toUpperCase() + series.slice(1);
  } else if (p.maxEpochs) {
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
  progress.dataset.seriesDone = p.seriesTotal == null ? '' : String(p.seriesDone || 0);
  progress.dataset.seriesTotal = p.seriesTotal == null ? '' : String(p.seriesTotal);
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

export async function cancelJob(id) {
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

export async function loadJobs() {
  state.jobs = await api.get('/api/v1/training-jobs');
  const body = refill('jobs', state.jobs.length);
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
      el('td', {text: seriesText(p) || (p.maxEpochs ? 'epoch ' + p.epoch + ' / ' + p.maxEpochs
          + (p.candidates > 1 ? ' (candidate ' + p.candidateIndex + ' / ' + p.candidates + ')' : '') : '–')}),
      el('td', {class: 'when', text: fmtTime(job.createdAt)}),
      el('td', {}, job.version != null ? [button('v' + job.version, 'Show version ' + job.version + ' of ' + job.model,
        () => selectVersion(job.model, job.version, true))] : ['–']),
      el('td', {text: job.error || '', title: job.error || null}),
      el('td', {}, [el('div', {class: 'actions'}, actions)])
    ]));
  }
}
