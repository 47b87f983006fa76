/* Building elements: el() with attributes, texts and guarded event handlers; the small buttons of the tables. */

import {guard} from './problems.js';

export function el(tag, attributes, children) {
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

export function button(text, label, onclick, extraClass) {
  return el('button', {type: 'button', class: 'small' + (extraClass ? ' ' + extraClass : ''), 'aria-label': label,
    onclick: onclick, text: text});
}
