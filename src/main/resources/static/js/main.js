/*
 * The Foresight page: models with their backtest scores, one chart per version (history, backtest, forecast with
 * bands), training from a CSV with live progress, promotion and roll-back, datasets and jobs. Plain DOM, no framework.
 * This module builds the listings, binds the page's controls and starts it; each concern lives in its own module (docs/WEB.md).
 */

import * as api from './api.js';
import {renderFeatures} from './columns.js';
import {loadDatasets, onTrainWith} from './datasets.js';
import {$} from './dom.js';
import {readScenario, setScenario} from './drivers.js';
import {runForecast} from './forecast.js';
import {ACTIVE, cancelJob, follow, loadJobs} from './jobs.js';
import {promptForKey, updateKeyStatus} from './key.js';
import {buildListings} from './listing.js';
import {loadModels, productionOf, selectVersion} from './models.js';
import {clearProblem, guard, notify, showProblem} from './problems.js';
import {bindSeries} from './series.js';
import {state} from './state.js';
import {onDatasetChosen, onFileChosen, onTrain, trainWith} from './training.js';

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
  $('#scenario-form').addEventListener('submit', guard(async event => {
    event.preventDefault();
    clearProblem();
    setScenario(readScenario());
    await runForecast();
  }));
  $('#scenario-reset').addEventListener('click', guard(async () => {
    clearProblem();
    setScenario(null);
    await runForecast();
  }));
  bindSeries();
  $('#csv-file').addEventListener('change', guard(onFileChosen));
  $('#dataset-choice').addEventListener('change', guard(onDatasetChosen));
  $('#target').addEventListener('change', () => renderFeatures());
  onTrainWith(trainWith);
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
  buildListings();
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
