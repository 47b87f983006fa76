/*
 * The Foresight API from the browser: fetch() with the API key (when one is set), RFC 9457 problems turned into
 * errors that carry the problem, and server-sent events read from a fetch() stream (EventSource cannot send the
 * Authorization header).
 */

const KEY_STORAGE = 'foresight.apiKey';

/** A failed request: `problem` is the service's ProblemDetail ({title, status, detail, ...}). */
export class ApiProblem extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || 'The request failed');
    this.name = 'ApiProblem';
    this.problem = problem;
    this.status = problem.status;
  }
}

/** Set by the page: shows why a key is needed and resolves to the key, or to null when the user declines. */
let keyPrompt = null;

export function apiKey() {
  try {
    return window.sessionStorage.getItem(KEY_STORAGE);
  } catch (e) {
    return null;
  }
}

export function setApiKey(key) {
  try {
    if (key) {
      window.sessionStorage.setItem(KEY_STORAGE, key);
    } else {
      window.sessionStorage.removeItem(KEY_STORAGE);
    }
  } catch (e) {
    // storage disabled: the key lives only as long as this call chain
  }
  window.dispatchEvent(new CustomEvent('foresight:key-changed'));
}

async function problemOf(response) {
  let text = '';
  try {
    text = await response.text();
  } catch (e) {
    text = '';
  }
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object' && (body.detail || body.title)) {
      return Object.assign({}, body, {status: body.status || response.status});
    }
  } catch (e) {
    // not JSON: describe the answer instead
  }
  const status = response.status;
  return {
    title: response.statusText || ('HTTP ' + status),
    status: status,
    detail: 'The service answered ' + status + (response.statusText ? ' ' + response.statusText : '')
      + (text && text.length < 300 && !/<html/i.test(text) ? ': ' + text.trim() : '.')
  };
}

/**
 * One request. options: json (a body sent as JSON), form (a FormData body), accept, signal, raw (return the
 * Response instead of the parsed body). A 401 asks the user for the API key once and repeats the request.
 */
async function send(method, path, options, retried) {
  options = options || {};
  const headers = new Headers({Accept: options.accept || 'application/json, application/problem+json'});
  let body;
  if (options.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  const key = apiKey();
  if (key) {
    headers.set('Authorization', 'Bearer ' + key);
  }
  let response;
  try {
    response = await fetch(path, {method: method, headers: headers, body: body, signal: options.signal,
      cache: 'no-store'});
  } catch (e) {
    if (e && e.name === 'AbortError') {
      throw e;
    }
    throw new ApiProblem({title: 'Service unreachable', status: 0,
      detail: 'Cannot reach the Foresight service (' + (e && e.message ? e.message : e) + '). Is it running?'});
  }
  if (response.status === 401 && !retried && keyPrompt) {
    const problem = await problemOf(response);
    if (key) {
      setApiKey(null); // the stored key was refused
    }
    const entered = await keyPrompt(problem, key ? 'The stored API key was refused.' : null);
    if (entered) {
      setApiKey(entered);
      return send(method, path, options, true);
    }
    throw new ApiProblem(problem);
  }
  if (!response.ok) {
    throw new ApiProblem(await problemOf(response));
  }
  if (options.raw) {
    return response;
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Parses one server-sent event block ("event:progress\ndata:{...}"); null for comments and keep-alives. */
function parseEvent(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) {
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      name = value;
    } else if (field === 'data') {
      data.push(value);
    }
  }
  return data.length ? {name: name, data: data.join('\n')} : null;
}

/**
 * Reads a text/event-stream with fetch() (so the Authorization header is sent) and calls onEvent(name, data)
 * per event. Resolves when the server closes the stream.
 */
export async function stream(path, onEvent, signal) {
  const response = await send('GET', path, {accept: 'text/event-stream', signal: signal, raw: true});
  if (!response.body || typeof TextDecoderStream === 'undefined') {
    throw new Error('This browser cannot read a response as a stream');
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) {
      break;
    }
    buffer += chunk.value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const event = parseEvent(block);
      if (event) {
        onEvent(event.name, event.data);
      }
    }
  }
  const last = parseEvent(buffer);
  if (last) {
    onEvent(last.name, last.data);
  }
}

/** Sets keyPrompt: `prompt(problem, note)` is asked on a 401 and resolves to the key, or to null. */
export function onUnauthorized(prompt) {
  keyPrompt = prompt;
}

export const get = (path, options) => send('GET', path, options);
export const post = (path, json, options) => send('POST', path, Object.assign({json: json}, options));
export const postForm = (path, form, options) => send('POST', path, Object.assign({form: form}, options));
export const put = (path, json, options) => send('PUT', path, Object.assign({json: json}, options));
export const del = (path, options) => send('DELETE', path, options);
