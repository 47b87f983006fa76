/* The API key: the dialog that asks for it (when a request is answered 401) and its state in the header. */

import * as api from './api.js';
import {$} from './dom.js';
import {clearProblem, showProblem} from './problems.js';

let pendingPrompt = null;

/** Asks for the key in a modal dialog; concurrent 401s share one question. */
export function promptForKey(problem, note) {
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

export function updateKeyStatus() {
  const key = api.apiKey();
  $('#key-status').textContent = key ? 'API key: set for this tab' : 'API key: not set';
  $('#key-clear').hidden = !key;
  document.body.dataset.apiKey = key ? 'set' : 'none';
}
