/*
 * Messages on the page: the problem box (an RFC 9457 problem's title and detail), the notice line, guard() that
 * puts a failing handler's error in the box, and localProblem() for what the page itself refuses.
 */

import {ApiProblem} from './api.js';
import {$} from './dom.js';

function problemOf(error) {
  if (error && error.problem) {
    return error.problem;
  }
  return {title: 'Something went wrong', detail: error && error.message ? error.message : String(error)};
}

export function showProblem(error) {
  const problem = problemOf(error);
  const box = $('#problem');
  $('#problem-title').textContent = problem.title + (problem.status ? ' (' + problem.status + ')' : '');
  $('#problem-detail').textContent = problem.detail || '';
  box.dataset.status = problem.status ? String(problem.status) : '';
  box.hidden = false;
  $('#notice').textContent = '';
}

export function clearProblem() {
  $('#problem').hidden = true;
  $('#problem-detail').textContent = '';
}

export function notify(text) {
  $('#notice').textContent = text;
}

/** Wraps an event handler: failures end up on the page, never as an unhandled rejection. */
export function guard(handler) {
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

export function localProblem(detail, title) {
  return new ApiProblem({title: title || 'Check the form', detail: detail});
}
