/*
 * The page's three listings (models, training jobs, datasets) share one shape: a heading with a Refresh button, a
 * table with an actions column, and an empty-state text. Their headings and columns are described here once and
 * built into their sections (index.html holds what differs: the models' hint and each empty-state text); refill()
 * empties a listing for new rows.
 */

import {$} from './dom.js';
import {el} from './elements.js';

const num = name => ({name: name, num: true});

const LISTINGS = {
  models: {heading: 'Models', caption: 'Models, their versions and backtest scores',
    columns: ['Model', 'Version', 'Aliases', 'Method', 'Trained', num('Validation MASE'), num('Naive MASE'),
      num('Seasonal-naive MASE'), 'Beats baselines?']},
  jobs: {heading: 'Training jobs', columns: ['Job', 'Model', 'Status', 'Progress', 'Created', 'Version', 'Error']},
  datasets: {heading: 'Datasets', columns: ['Name', 'Id', num('Rows'), 'Frequency', 'From – to', 'Columns']}
};

/** Builds each listing into its section: #NAME-heading, #NAME-refresh, #NAME-table (data-count) and #NAME-body. */
export function buildListings() {
  for (const [name, listing] of Object.entries(LISTINGS)) {
    const section = $('#' + name);
    section.prepend(el('div', {class: 'section-head'}, [
      el('h2', {id: name + '-heading', text: listing.heading}),
      el('button', {type: 'button', id: name + '-refresh', class: 'small', text: 'Refresh'})
    ]));
    const headings = listing.columns.map(c => typeof c === 'string' ? {name: c} : c)
      .map(c => el('th', {scope: 'col', class: c.num ? 'num' : null, text: c.name}));
    headings.push(el('th', {scope: 'col'}, [el('span', {class: 'visually-hidden', text: 'Actions'})]));
    const table = el('table', {id: name + '-table', 'data-count': 0}, [
      el('thead', {}, [el('tr', {}, headings)]),
      el('tbody', {id: name + '-body'})
    ]);
    if (listing.caption) {
      table.prepend(el('caption', {class: 'visually-hidden', text: listing.caption}));
    }
    $('#' + name + '-empty').before(el('div', {class: 'table-scroll'}, [table]));
  }
}

/**
 * Empties a listing's table body for `count` new rows: records the count on the table (data-count), shows the table
 * or, with no rows, the empty-state text. Returns the body to append the rows to.
 */
export function refill(name, count) {
  const body = $('#' + name + '-body');
  body.textContent = '';
  const table = $('#' + name + '-table');
  table.dataset.count = String(count);
  table.hidden = count === 0;
  $('#' + name + '-empty').hidden = count > 0;
  return body;
}
