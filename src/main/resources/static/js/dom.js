/* Small helpers: find an element, encode a path segment, format numbers and times for the tables. */

export const $ = selector => document.querySelector(selector);

export const enc = encodeURIComponent;

export function fmt(value, digits) {
  if (value == null || Number.isNaN(value)) {
    return '–';
  }
  return Number(value).toLocaleString(undefined, {minimumFractionDigits: digits, maximumFractionDigits: digits});
}

export function fmtTime(iso) {
  if (!iso) {
    return '–';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  const pad = n => String(n).padStart(2, '0');
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' '
    + pad(date.getHours()) + ':' + pad(date.getMinutes());
}
