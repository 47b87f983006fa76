/*
 * Timestamps on a series' grid, from its frequency code (the dataset's `frequency`: PT30M, PT1H, P1D, P1W, P1M, P3M,
 * P1Y, other PTnS/PnD/PnM/PnY, or B for business days), as the service steps them: calendar months keep month-end
 * alignment, business days skip weekends. Used to place a many-series model's recent values (which come without
 * timestamps) before their forecast.
 */

const CODE = /^P(?:(\d+)([YMWD]))?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const DAY = 86400;

/** {months} or {seconds} or {business: true} for a frequency code; null when it is not one. */
function stepOf(code) {
  if (code === 'B') {
    return {business: true};
  }
  const m = CODE.exec(String(code || ''));
  if (!m || code === 'P' || code === 'PT') {
    return null;
  }
  const n = m[1] ? Number(m[1]) : 0;
  if (m[2] === 'Y' || m[2] === 'M') {
    return m[3] || m[4] || m[5] ? null : {months: m[2] === 'Y' ? 12 * n : n};
  }
  const days = m[2] === 'W' ? 7 * n : m[2] === 'D' ? n : 0;
  const seconds = days * DAY + Number(m[3] || 0) * 3600 + Number(m[4] || 0) * 60 + Number(m[5] || 0);
  return seconds > 0 ? {seconds: seconds} : null;
}

/** A service timestamp ("2019-12-01", "2019-12-01T06:30", with seconds) as UTC milliseconds; null otherwise. */
function parse(timestamp) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(String(timestamp || ''));
  if (!m) {
    return null;
  }
  return {millis: Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] || 0), Number(m[5] || 0),
    Number(m[6] || 0)), dateOnly: m[4] === undefined};
}

function format(millis, dateOnly) {
  const iso = new Date(millis).toISOString(); // 2019-12-01T06:30:00.000Z
  return dateOnly ? iso.slice(0, 10) : iso.slice(0, 19);
}

function lastDayOfMonth(year, month) {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function minusMonths(millis, months) {
  const d = new Date(millis);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const monthEnd = day === lastDayOfMonth(year, month);
  const target = new Date(Date.UTC(year, month - months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const last = lastDayOfMonth(target.getUTCFullYear(), target.getUTCMonth());
  target.setUTCDate(monthEnd ? last : Math.min(day, last));
  return target.getTime();
}

function minusBusinessDays(millis, steps) {
  let t = millis;
  for (let i = 0; i < steps; i++) {
    do {
      t -= DAY * 1000;
    } while ([0, 6].includes(new Date(t).getUTCDay()));
  }
  return t;
}

/**
 * The `count` timestamps of a series' grid that end at `end` (inclusive), oldest first, formatted like `end`;
 * null when `end` or the frequency code cannot be read.
 */
export function timestampsEndingAt(end, code, count) {
  const step = stepOf(code);
  const last = parse(end);
  if (!step || !last) {
    return null;
  }
  const out = [];
  for (let back = count - 1; back >= 0; back--) {
    let millis;
    if (step.months) {
      millis = minusMonths(last.millis, step.months * back);
    } else if (step.business) {
      millis = minusBusinessDays(last.millis, back);
    } else {
      millis = last.millis - step.seconds * 1000 * back;
    }
    out.push(format(millis, last.dateOnly));
  }
  return out;
}
