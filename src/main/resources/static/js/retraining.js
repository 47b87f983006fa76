/*
 * The selected model's retraining, read-only: its policy (GET /api/v1/retraining-policies: cron, on drift, next run,
 * last run) and its latest jobs submitted by the policy (GET /api/v1/training-jobs, trigger `schedule` or `drift`),
 * each with its trigger, status, version and, for a run submitted again after a restart, the job it reran.
 */

import * as api from './api.js';
import {$, fmtTime} from './dom.js';
import {el} from './elements.js';

const RUNS = 5;
let request = 0;

/** Shows the retraining panel for `model`. */
export async function showRetraining(model) {
  const mine = ++request;
  const panel = $('#retraining');
  panel.hidden = false;
  panel.dataset.state = 'loading';
  let policy = null;
  let jobs;
  try {
    // the list, not GET .../retraining: no policy is no 404 (which the browser would log as an error)
    const policies = await api.get('/api/v1/retraining-policies');
    policy = policies.find(p => p.model === model) || null;
    jobs = await api.get('/api/v1/training-jobs');
  } catch (error) {
    if (mine === request) {
      $('#retraining-policy').textContent = 'Retraining could not be read: ' + ((error && error.message) || error);
      $('#retraining-runs tbody').textContent = '';
      panel.dataset.state = 'error';
    }
    return;
  }
  if (mine !== request) {
    return; // another model was chosen meanwhile
  }
  renderPolicy(model, policy);
  renderRuns(jobs.filter(job => job.model === model && job.trigger && job.trigger !== 'manual').slice(0, RUNS));
  panel.dataset.policy = String(policy != null);
  panel.dataset.state = 'ready';
}

function renderPolicy(model, policy) {
  const text = $('#retraining-policy');
  if (!policy) {
    text.textContent = 'No retraining policy (set one with PUT /api/v1/models/' + model + '/retraining).';
    return;
  }
  const parts = [];
  if (policy.cron) {
    parts.push('cron ' + policy.cron + ' (UTC), next run ' + fmtTime(policy.nextRun));
  }
  if (policy.onDrift) {
    parts.push('when the production version starts drifting');
  }
  let last = '';
  if (policy.lastRun) {
    const run = policy.lastRun;
    last = '; last run ' + fmtTime(run.at) + ' (' + run.trigger + ')'
      + (run.jobId ? ': job ' + run.jobId : '') + (run.rerunOf ? ', rerun of ' + run.rerunOf : '')
      + (run.error ? ': ' + run.error : '');
  }
  text.textContent = 'Retrains on ' + parts.join(' and ') + last + '.';
}

function renderRuns(jobs) {
  const table = $('#retraining-runs');
  const body = table.querySelector('tbody');
  body.textContent = '';
  table.dataset.count = String(jobs.length);
  table.hidden = jobs.length === 0;
  for (const job of jobs) {
    const status = job.status + (job.error ? ': ' + job.error : '');
    body.append(el('tr', {'data-job': job.id, 'data-trigger': job.trigger, 'data-status': job.status}, [
      el('td', {text: fmtTime(job.createdAt)}),
      el('td', {text: job.trigger}),
      el('td', {text: status}),
      el('td', {text: job.version != null ? 'v' + job.version : '–'}),
      el('td', {text: job.rerunOf ? 'rerun of ' + job.rerunOf : ''})
    ]));
  }
}
