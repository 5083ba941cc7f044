'use strict';
// bitext review page. Plain JavaScript, no library, no build step. The server
// owns the session: every operation is POSTed with the version this page
// last saw, and the answer is a splice (rows [at, at+removed) replaced by
// the returned rows), so only the touched rows are re-rendered.
(function () {
  const token = new URLSearchParams(location.search).get('token') || '';
  const $ = (id) => document.getElementById(id);
  const rowsEl = $('rows');
  const live = $('live');
  const toast = $('toast');

  let st = null;        // state from /api/state
  let els = [];         // row elements, parallel to st.rows
  let cur = 0;          // focused row index
  let side = 'tgt';     // side of the cell operations
  let cols = ['tgt', 'src'];
  let editing = null;   // {i, side, kind, ta}
  let queue = Promise.resolve();

  const STATUS = {
    'auto': ['○', 'auto'],
    'accepted': ['✓', 'accepted'],
    'needs-review': ['⚑', 'needs review'],
    'dropped': ['⊘', 'dropped'],
  };

  function announce(msg, isError) {
    live.textContent = '';
    setTimeout(() => { live.textContent = msg; }, 30);
    toast.textContent = msg;
    toast.className = isError ? 'error' : '';
    toast.hidden = false;
    clearTimeout(announce.t);
    announce.t = setTimeout(() => { toast.hidden = true; }, isError ? 6000 : 2500);
  }

  async function api(path, body) {
    const init = { headers: { 'X-Bitext-Token': token } };
    if (body !== undefined) {
      init.method = 'POST';
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const r = await fetch(path, init);
    return r;
  }

  const timings = {};
  async function getState(query) {
    const r = await api('/api/state' + query);
    if (!r.ok) {
      let msg = 'cannot load the session (' + r.status + ')';
      try { msg = (await r.json()).error; } catch (e) { /* not JSON */ }
      $('summary').textContent = msg;
      announce(msg, true);
      return null;
    }
    return r.json();
  }

  // load asks for the first screenful of rows, shows them, and asks for
  // the rest while they are drawn.
  const CHUNK = 1000;
  async function load(keepFocus) {
    timings.start = performance.now();
    st = await getState('?limit=' + BLOCK);
    if (!st) return;
    // The rest in chunks asked for at once: the server encodes the next
    // chunk while the page builds the one before.
    const rest = [];
    for (let from = st.rows.length; from < st.total; from += CHUNK) rest.push(getState('?from=' + from + '&limit=' + CHUNK));
    timings.fetched = performance.now();
    cols = st.translation.dir === st.original.dir || st.translation.dir === 'ltr' ? ['tgt', 'src'] : ['src', 'tgt'];
    if (!cols.includes(side)) side = cols[0];
    header();
    cellOpen = null;
    summary(st.summary);
    $('f-conf-out').value = parseFloat($('f-conf').value).toFixed(2);
    const want = keepFocus ? cur : 0;
    const done = renderAll(() => {
      timings.first = performance.now();
      focusRow(Math.min(want, els.length - 1), false);
      requestAnimationFrame(() => setTimeout(() => { window.bitextReview.firstAt = performance.now(); }));
    }, rest);
    queue = queue.then(() => done); // operations wait for every row
    if (!(await done)) { // changed in between (another tab): start again
      await load(true);
      return;
    }
    if (want >= BLOCK) focusRow(Math.min(want, els.length - 1), false);
    timings.done = performance.now();
    document.body.dataset.ready = String(st.version);
    requestAnimationFrame(() => setTimeout(() => { window.bitextReview.renderedAt = performance.now(); }));
  }

  function sideInfo(s) { return s === 'src' ? st.original : st.translation; }
  function langName(tag) {
    try { return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag); } catch (e) { return tag; }
  }
  function colTitle(s) {
    const inf = sideInfo(s);
    return langName(inf.lang) + (s === 'src' ? ' (original)' : ' (translation)');
  }

  function header() {
    $('h1').textContent = colTitle(cols[0]);
    $('h2').textContent = colTitle(cols[1]);
    for (const [id, s] of [['h1', cols[0]], ['h2', cols[1]]]) {
      $(id).lang = 'en';
    }
    $('docs').textContent = ' — ' + st.translation.name + ' ↔ ' + st.original.name;
    const pick = $('side-pick');
    pick.textContent = '';
    cols.forEach((s, k) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('role', 'radio');
      b.dataset.side = s;
      b.textContent = (k + 1) + ' ' + langName(sideInfo(s).lang);
      b.title = 'key ' + (k + 1);
      b.addEventListener('click', () => setSide(s));
      pick.appendChild(b);
    });
    $('realign').disabled = !st.can_realign;
    if (!st.can_realign) $('realign').title = 'realigning needs the anchored aligner, which this build does not have';
    updateSidePick();
  }

  function updateSidePick() {
    for (const b of $('side-pick').children) {
      b.setAttribute('aria-checked', String(b.dataset.side === side));
      b.setAttribute('aria-pressed', String(b.dataset.side === side));
    }
    const el = els[cur];
    if (updateSidePick.last && updateSidePick.last !== el) {
      for (const c of updateSidePick.last.querySelectorAll('.side-active')) c.classList.remove('side-active');
    }
    if (el) {
      for (const c of el.querySelectorAll('.cell')) c.classList.toggle('side-active', cellSide(c) === side);
    }
    updateSidePick.last = el;
  }

  function setSide(s) {
    side = s;
    updateSidePick();
    announce('Cell operations act on the ' + colTitle(s));
  }

  // Runs of another direction inside a cell are isolated in <bdi>, so a
  // Latin name or a number with punctuation does not reorder its
  // neighbours (Unicode bidi algorithm, rule of thumb of the W3C i18n
  // "inline markup and bidirectional text" article).
  const LATIN_RUN = /\p{Script=Latin}[\p{Script=Latin}\p{N}\p{M}'’.&\-\u0020]*[\p{Script=Latin}\p{N}.]|\p{Script=Latin}/gu;
  const RTL_RUN = /[\p{Script=Arabic}\p{Script=Hebrew}][\p{Script=Arabic}\p{Script=Hebrew}\p{M}\p{N}\u0020،؛]*[\p{Script=Arabic}\p{Script=Hebrew}\p{M}]|[\p{Script=Arabic}\p{Script=Hebrew}]/gu;

  const ENT = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  const SPECIAL = /[&<>"']/;
  const esc = (t) => (SPECIAL.test(t) ? t.replace(/[&<>"']/g, (c) => ENT[c]) : t);

  // Rows are built as HTML text and parsed in one go (one parse of the
  // whole list is much cheaper than thousands of createElement calls);
  // every piece of session text goes through esc, and the CSP allows no
  // inline script or style, so markup in a document stays text.
  function textHTML(text, dir) {
    const re = dir === 'rtl' ? LATIN_RUN : RTL_RUN;
    const open = dir === 'rtl' ? '<bdi dir="ltr">' : '<bdi dir="rtl">';
    re.lastIndex = 0;
    let out = '', last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) out += esc(text.slice(last, m.index));
      out += open + esc(m[0]) + '</bdi>';
      last = m.index + m[0].length;
    }
    if (last < text.length) out += esc(text.slice(last));
    return out;
  }

  function cellHTML(row, s) {
    const dir = sideInfo(s).dir;
    const sents = row[s];
    const edit = row[s + '_edit'];
    if (edit != null) {
      return '<span class="s">' + textHTML(edit, dir) + '</span><span class="badge" lang="en" dir="ltr">✎ edited</span>' +
        '<span class="orig">' + textHTML(sents.join(' '), dir) + '</span>';
    }
    // One sentence needs no span of its own: the cell isolates it.
    if (sents.length === 1) return textHTML(sents[0], dir);
    let out = '';
    for (let k = 0; k < sents.length; k++) {
      if (k > 0) out += ' ';
      out += '<span class="s">' + textHTML(sents[k], dir) + '</span>';
    }
    return out;
  }

  function fillCell(cell, row, s) { cell.innerHTML = cellHTML(row, s); }

  function cellSide(cell) { return cell.classList.contains('src') ? 'src' : 'tgt'; }

  function shapeOf(row) { return row.src.length + '-' + row.tgt.length; }

  // cellOpen[k] is the opening tag of the k-th text column's cell.
  let cellOpen = null;
  function rowHTML(row, i) {
    if (!cellOpen) {
      cellOpen = cols.map((s) => '<div class="cell ' + s + '" role="gridcell" lang="' + esc(sideInfo(s).lang) +
        '" dir="' + esc(sideInfo(s).dir) + '">');
    }
    const c = row.confidence;
    // The status icon and the confidence bar (its length and colour) are
    // drawn by the stylesheet from data-status and data-w: fewer nodes
    // and attributes per row. Every row is in the DOM, so the grid needs
    // no aria-rowindex; the row's index is in its id.
    return '<div class="row' + (visible(row) ? '' : ' hidden') + '" role="row" tabindex="-1" id="r' + (i + 1) +
      '" data-status="' + row.status + '">' +
      '<span class="n" role="rowheader">' + (i + 1) + '</span>' +
      cellOpen[0] + cellHTML(row, cols[0]) + '</div>' + cellOpen[1] + cellHTML(row, cols[1]) + '</div>' +
      '<span class="shape" role="gridcell">' + shapeOf(row) + '</span>' +
      '<span class="conf" role="gridcell" data-w="' + Math.floor(c * 20 + 1e-9) * 5 + '">' + c.toFixed(2) + '</span>' +
      '<span class="status" role="gridcell">' + STATUS[row.status][1] + '</span></div>';
  }

  // parseRows turns row HTML into elements.
  function parseRows(html) {
    const d = document.createElement('div');
    d.innerHTML = html;
    const frag = document.createDocumentFragment();
    frag.append(...d.children);
    return frag;
  }

  function number(el, i) {
    el.id = 'r' + (i + 1);
    el.firstChild.textContent = String(i + 1);
  }

  // Rows sit in blocks of BLOCK rows, each with content-visibility: auto:
  // the browser skips style and layout of the blocks off screen, and an
  // operation re-lays out one block, not the whole list. The first block
  // is built at once (the first screenful), the rest in one go after the
  // first frame; the promise resolves when every row is there.
  const BLOCK = 100;
  function blocksHTML(rows, lo, hi) {
    let h = '';
    for (let b = lo; b < hi; b += BLOCK) {
      h += '<div class="blk" role="none">';
      for (let i = b, end = Math.min(b + BLOCK, hi); i < end; i++) h += rowHTML(rows[i], i);
      h += '</div>';
    }
    return h;
  }
  function renderAll(first, rest) {
    rowsEl.textContent = '';
    els = [];
    $('grid').setAttribute('aria-rowcount', String(st.total + 1));
    const add = (lo, hi) => {
      if (lo >= hi) return;
      const n = rowsEl.children.length;
      const t0 = performance.now();
      rowsEl.insertAdjacentHTML('beforeend', blocksHTML(st.rows, lo, hi));
      const blks = rowsEl.children;
      for (let b = n; b < blks.length; b++) for (const el of blks[b].children) els.push(el);
      timings.build = (timings.build || 0) + performance.now() - t0;
    };
    const mine = st;
    add(0, st.rows.length);
    first();
    // Resolves true once every row is there (or a chunk failed, which
    // getState has announced), false if the session changed between the
    // requests.
    return (async () => {
      if (!rest.length) return true;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r))); // the first screen first
      for (const p of rest) {
        const more = await p;
        if (!more) return true;
        if (st !== mine || more.version !== st.version) return false;
        const lo = st.rows.length;
        for (const row of more.rows) st.rows.push(row);
        add(lo, st.rows.length);
      }
      return true;
    })();
  }

  function pct(x) { return Math.round(x * 100) + '%'; }

  // summary shows the counts; after the first time it only changes the
  // numbers (and only those that changed), so an operation does not
  // rebuild the header.
  function summary(sm) {
    st.summary = sm;
    const box = $('summary');
    const vals = [String(sm.rows), ...['accepted', 'needs-review', 'dropped', 'auto'].map((k) => String(sm.by_status[k] || 0)),
      pct(sm.reviewed), pct(sm.coverage)];
    if (summary.bs && summary.bs[0].isConnected) {
      summary.bs.forEach((b, k) => { if (b.textContent !== vals[k]) b.textContent = vals[k]; });
      if (summary.fill.style.inlineSize !== pct(sm.reviewed)) summary.fill.style.inlineSize = pct(sm.reviewed);
      summary.undo.disabled = !sm.can_undo;
      summary.redo.disabled = !sm.can_redo;
      return;
    }
    box.textContent = '';
    summary.bs = [];
    const add = (label, value, cls) => {
      const p = document.createElement('p');
      p.className = 'stat' + (cls ? ' ' + cls : '');
      p.append(label + ' ');
      const b = document.createElement('b');
      b.textContent = value;
      p.appendChild(b);
      box.appendChild(p);
      summary.bs.push(b);
    };
    add('Rows', String(sm.rows));
    for (const k of ['accepted', 'needs-review', 'dropped', 'auto']) {
      add(STATUS[k][0] + ' ' + STATUS[k][1], String(sm.by_status[k] || 0), 'st-' + k);
    }
    add('Reviewed', pct(sm.reviewed), 'reviewed');
    const bar = document.createElement('span');
    bar.className = 'progress';
    bar.setAttribute('aria-hidden', 'true');
    const fill = document.createElement('span');
    fill.style.inlineSize = pct(sm.reviewed);
    bar.appendChild(fill);
    box.appendChild(bar);
    summary.fill = fill;
    add('Coverage of the original', pct(sm.coverage), 'coverage');
    summary.undo = document.querySelector('[data-op=undo]');
    summary.redo = document.querySelector('[data-op=redo]');
    summary.undo.disabled = !sm.can_undo;
    summary.redo.disabled = !sm.can_redo;
  }

  // Filters.
  function visible(row) {
    const fs = $('f-status').value, fsh = $('f-shape').value, fc = parseFloat($('f-conf').value);
    if (fs === 'unreviewed' ? row.status !== 'auto' : fs && row.status !== fs) return false;
    const sh = shapeOf(row);
    if (fsh === '1-1' && sh !== '1-1') return false;
    if (fsh === 'n-m' && sh === '1-1') return false;
    if (fsh === 'gap' && row.src.length > 0 && row.tgt.length > 0) return false;
    if (fc < 1 && row.confidence > fc) return false;
    return true;
  }
  function applyFilters() {
    $('f-conf-out').value = parseFloat($('f-conf').value).toFixed(2);
    let shown = 0;
    st.rows.forEach((row, i) => {
      const v = visible(row);
      if (els[i]) els[i].classList.toggle('hidden', !v);
      if (v) shown++;
    });
    return shown;
  }
  for (const id of ['f-status', 'f-shape', 'f-conf']) {
    $(id).addEventListener('input', () => {
      const n = applyFilters();
      announce(n + ' of ' + st.rows.length + ' rows shown');
    });
  }

  // Focus (roving tabindex: the focused row is the one tab stop).
  function focusRow(i, scroll = true) {
    if (!els.length) return;
    i = Math.max(0, Math.min(i, els.length - 1));
    if (els[cur]) { els[cur].tabIndex = -1; els[cur].classList.remove('current'); }
    cur = i;
    const el = els[i];
    el.tabIndex = 0;
    el.classList.add('current');
    if (scroll) {
      el.focus({ preventScroll: true });
      const top = document.getElementById('top').getBoundingClientRect().bottom;
      const r = el.getBoundingClientRect();
      if (r.top < top) window.scrollBy(0, r.top - top - 8);
      else if (r.bottom > window.innerHeight) window.scrollBy(0, Math.min(r.bottom - window.innerHeight + 8, r.top - top - 8));
    }
    updateSidePick();
  }
  function step(delta) {
    let i = cur;
    for (let n = 0; n < Math.abs(delta);) {
      const j = i + Math.sign(delta);
      if (j < 0 || j >= els.length) break;
      i = j;
      if (!els[i].classList.contains('hidden')) n++;
    }
    focusRow(i);
  }
  // A row focused by any means (Tab, a screen reader, a script) becomes
  // the current row.
  rowsEl.addEventListener('focusin', (ev) => {
    const el = ev.target.closest && ev.target.closest('.row');
    if (!el || editing) return;
    const i = indexOf(el);
    if (i >= 0 && i !== cur) focusRow(i, false);
  });
  rowsEl.addEventListener('click', (ev) => {
    const el = ev.target.closest('.row');
    if (!el || editing) return;
    const cell = ev.target.closest('.cell');
    if (cell) side = cellSide(cell);
    const i = indexOf(el);
    if (i >= 0) focusRow(i);
  });

  // Operations.
  function enqueue(build) {
    queue = queue.then(async () => {
      const body = build();
      if (!body) return;
      await send(body);
    }).catch((e) => announce(String(e), true));
    return queue;
  }

  async function send(body) {
    const after = body.after;
    delete body.after;
    body.version = st.version;
    const t0 = performance.now();
    const r = await api('/api/op', body);
    let j = {};
    try { j = await r.json(); } catch (e) { /* empty */ }
    if (r.status === 409) {
      announce(j.error || 'the session changed elsewhere: reloaded', true);
      await load(true);
      return;
    }
    if (!r.ok) {
      announce(j.error || ('error ' + r.status), true);
      return;
    }
    if (j.no_change) {
      announce(j.message);
      summary(j.summary);
      return;
    }
    const t1 = performance.now();
    splice(j);
    const t2 = performance.now();
    summary(j.summary);
    announce(j.message);
    if (after) after();
    timings.op = { fetch: t1 - t0, splice: t2 - t1, rest: performance.now() - t2 };
  }

  // The row element's index: its id may be waiting for renumber.
  function indexOf(el) {
    const i = parseInt(el.id.slice(1), 10) - 1;
    return els[i] === el ? i : els.indexOf(el);
  }

  // After rows are inserted or removed, the rows below get new numbers:
  // the next 100 at once, the rest in small chunks when the page is idle
  // (at the latest after a second), so a split near the top of a long
  // session does not touch thousands of rows before the page can show it,
  // nor delay the next operation's answer and frame.
  const idle = window.requestIdleCallback || ((f) => setTimeout(() => f({ timeRemaining: () => 5, didTimeout: false }), 20));
  let renumberFrom = Infinity, renumberPending = false;
  function renumber(from) {
    const end = Math.min(from + 100, els.length);
    for (let i = from; i < end; i++) number(els[i], i);
    renumberFrom = Math.min(renumberFrom, end);
    if (renumberFrom >= els.length) renumberFrom = Infinity;
    else if (!renumberPending) {
      renumberPending = true;
      idle(renumberMore, { timeout: 1000 });
    }
  }
  function renumberMore(deadline) {
    renumberPending = false;
    do {
      const end = Math.min(renumberFrom + 200, els.length);
      for (let i = renumberFrom; i < end; i++) number(els[i], i);
      renumberFrom = end;
    } while (renumberFrom < els.length && (deadline.didTimeout || deadline.timeRemaining() > 3));
    if (renumberFrom < els.length) {
      renumberPending = true;
      idle(renumberMore, { timeout: 1000 });
    } else renumberFrom = Infinity;
  }

  function splice(j) {
    st.version = j.version;
    const oldEls = els.slice(j.at, j.at + j.removed);
    st.rows.splice(j.at, j.removed, ...j.rows);
    const frag = parseRows(j.rows.map((row, k) => rowHTML(row, j.at + k)).join(''));
    const newEls = Array.from(frag.children);
    // The new rows go where the first old one was (or before the row
    // that follows), inside its block.
    let before = oldEls[0] || els[j.at] || null, parent = before ? before.parentNode : rowsEl.lastElementChild;
    if (!parent) {
      parent = document.createElement('div');
      parent.className = 'blk';
      parent.setAttribute('role', 'none');
      rowsEl.appendChild(parent);
    }
    parent.insertBefore(frag, before);
    for (const el of oldEls) {
      const blk = el.parentNode;
      el.remove();
      if (!blk.firstChild) blk.remove();
    }
    els.splice(j.at, j.removed, ...newEls);
    if (j.removed !== j.rows.length) {
      renumber(j.at + j.rows.length);
      $('grid').setAttribute('aria-rowcount', String(els.length + 1));
    }
    // Keep the focus on the same row number without forcing a layout of
    // the grid: the focused row is only replaced, not moved.
    cur = Math.min(cur, els.length - 1);
    const el = els[cur];
    if (el && el.tabIndex !== 0) {
      for (const e of oldEls) if (e.tabIndex === 0) e.tabIndex = -1;
      el.tabIndex = 0;
      el.classList.add('current');
      const a = document.activeElement;
      if (!a || a === document.body || !a.isConnected || rowsEl.contains(a)) el.focus({ preventScroll: true });
      updateSidePick();
    }
  }

  function statusOp(op) {
    enqueue(() => {
      const i = cur;
      return { op, rows: [i], after: () => step(1) };
    });
  }
  function toggleDrop() {
    enqueue(() => ({ op: st.rows[cur].status === 'dropped' ? 'keep' : 'drop', rows: [cur] }));
  }
  function cellOp(op) {
    enqueue(() => ({ op, rows: [cur], side, after: op === 'shift-up' ? () => focusRow(Math.max(cur - 1, 0)) : null }));
  }
  function undo() { enqueue(() => ({ op: 'undo' })); }
  function redo() { enqueue(() => ({ op: 'redo' })); }
  function bulk() {
    const min = parseFloat($('bulk-min').value);
    if (!(min >= 0 && min <= 1)) { announce('Accept all ≥ needs a number between 0 and 1', true); return; }
    enqueue(() => ({ op: 'bulk-accept', min }));
  }
  function realign() {
    if (!st.can_realign) { announce('Realigning is not available in this build', true); return; }
    announce('Realigning around the accepted rows…');
    enqueue(() => ({ op: 'realign' }));
  }
  function nextToReview() {
    let best = -1;
    st.rows.forEach((row, i) => {
      if (row.status !== 'auto' || !els[i] || els[i].classList.contains('hidden')) return;
      if (best < 0 || row.confidence < st.rows[best].confidence) best = i;
    });
    if (best < 0) { announce('No row left to review among those shown'); return; }
    focusRow(best);
    announce('Row ' + (best + 1) + ', confidence ' + st.rows[best].confidence.toFixed(2));
  }

  // Editing and splitting happen in a textarea in the cell, with the
  // cell's language and direction.
  function openEditor(kind) {
    if (editing || !els.length) return;
    const i = cur, row = st.rows[i], el = els[i];
    const cell = el.querySelector('.cell.' + side);
    const inf = sideInfo(side);
    const text = row[side + '_edit'] != null ? row[side + '_edit'] : row[side].join(' ');
    if (kind === 'split') {
      if (row[side + '_edit'] != null) { announce('This cell is edited: revert the edit (empty it) before splitting', true); return; }
      if (!text) { announce('Nothing to split on this side', true); return; }
    }
    const ta = document.createElement('textarea');
    ta.className = 'editor';
    ta.lang = inf.lang;
    ta.dir = inf.dir;
    ta.value = text;
    ta.setAttribute('aria-label', (kind === 'edit' ? 'Edit the ' : 'Split the ') + colTitle(side) + ' of row ' + (i + 1));
    const help = document.createElement('div');
    help.className = 'editor-help';
    help.lang = 'en';
    help.dir = 'ltr';
    cell.textContent = '';
    cell.appendChild(ta);
    cell.appendChild(help);
    editing = { i, side, kind, ta, cell };
    ta.style.blockSize = Math.min(ta.scrollHeight + 8, window.innerHeight * 0.5) + 'px';
    if (kind === 'edit') {
      help.textContent = 'Enter saves · Esc cancels · empty = back to the original text';
      ta.focus();
      ta.setSelectionRange(ta.value.length, ta.value.length);
    } else {
      // Offer the sentence boundaries; the caret can go anywhere.
      const bounds = [];
      let n = 0;
      row[side].forEach((t, k) => {
        n += t.length;
        if (k < row[side].length - 1) { bounds.push(n); n += 1; }
      });
      help.append('Put the caret where the cell splits, then Enter · Esc cancels');
      bounds.forEach((b, k) => {
        const btn = document.createElement('button');
        btn.type = 'button';
        btn.textContent = 'after sentence ' + (k + 1);
        btn.addEventListener('click', () => { ta.focus(); ta.setSelectionRange(b, b); commit(); });
        help.appendChild(btn);
      });
      // The text itself does not change while splitting; only the caret
      // moves.
      ta.addEventListener('beforeinput', (ev) => ev.preventDefault());
      ta.addEventListener('input', () => { const p = ta.selectionStart; ta.value = text; ta.setSelectionRange(p, p); });
      ta.focus();
      const at = bounds.length ? bounds[0] : Math.floor(text.length / 2);
      ta.setSelectionRange(at, at);
    }
    announce(ta.getAttribute('aria-label'));
  }

  function closeEditor(restore) {
    if (!editing) return;
    const { i, cell } = editing;
    editing = null;
    if (restore) fillCell(cell, st.rows[i], cellSide(cell));
    focusRow(i);
  }

  function commit() {
    if (!editing) return;
    const { i, side: s, kind, ta } = editing;
    if (kind === 'edit') {
      const v = ta.value.replace(/\s+/g, ' ').trim();
      closeEditor(true);
      enqueue(() => ({ op: 'edit', rows: [i], side: s, text: v === '' ? null : v }));
    } else {
      const at = Array.from(ta.value.slice(0, ta.selectionStart)).length;
      closeEditor(true);
      enqueue(() => ({ op: 'split', rows: [i], side: s, at }));
    }
  }

  async function exportFile() {
    const format = $('x-format').value;
    const r = await api('/api/export', { format });
    if (!r.ok) {
      let msg = 'export failed';
      try { msg = (await r.json()).error; } catch (e) { /* not JSON */ }
      announce(msg, true);
      return;
    }
    const blob = await r.blob();
    const written = r.headers.get('X-Bitext-Written');
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'review.' + format;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    announce('Exported ' + format.toUpperCase() + (written ? ' to ' + written : ''));
  }

  function openHelp() {
    const d = $('help');
    if (!d.open) d.showModal();
    $('help-title').focus(); // start at the top, not on the Close button
  }

  // Buttons.
  document.querySelectorAll('#toolbar [data-op]').forEach((b) => {
    b.addEventListener('click', () => {
      const op = b.dataset.op;
      switch (op) {
        case 'accept': case 'needs-review': case 'clear': statusOp(op); break;
        case 'toggle-drop': toggleDrop(); break;
        case 'merge': case 'shift-up': case 'shift-down': cellOp(op); break;
        case 'split': openEditor('split'); break;
        case 'edit': openEditor('edit'); break;
        case 'undo': undo(); break;
        case 'redo': redo(); break;
      }
    });
  });
  $('next').addEventListener('click', nextToReview);
  $('bulk').addEventListener('click', bulk);
  $('realign').addEventListener('click', realign);
  $('export').addEventListener('click', exportFile);
  $('help-btn').addEventListener('click', openHelp);
  $('help-close').addEventListener('click', () => $('help').close());

  // Keyboard.
  document.addEventListener('keydown', (ev) => {
    const t = ev.target;
    const inField = t instanceof HTMLElement && (t.matches('textarea, input, select, [contenteditable]'));
    if (editing && t === editing.ta) {
      if (ev.key === 'Escape') { ev.preventDefault(); closeEditor(true); announce('Cancelled'); }
      else if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); commit(); }
      return;
    }
    if ($('help').open) return; // the dialog handles Esc itself
    const mod = ev.ctrlKey || ev.metaKey;
    if (mod && !ev.altKey) {
      const k = ev.key.toLowerCase();
      if (inField) return; // native undo in text fields
      if (k === 'z' && !ev.shiftKey) { ev.preventDefault(); undo(); }
      else if (k === 'y' || (k === 'z' && ev.shiftKey)) { ev.preventDefault(); redo(); }
      return;
    }
    if (ev.altKey || inField) return;
    if (t instanceof HTMLButtonElement && (ev.key === 'Enter' || ev.key === ' ')) return;
    let handled = true;
    switch (ev.key) {
      case 'ArrowDown': case 'j': step(1); break;
      case 'ArrowUp': case 'J': step(-1); break;
      case 'PageDown': step(10); break;
      case 'PageUp': step(-10); break;
      case 'Home': focusRow(0); break;
      case 'End': focusRow(els.length - 1); break;
      case 'a': statusOp('accept'); break;
      case 'r': statusOp('needs-review'); break;
      case 'c': statusOp('clear'); break;
      case 'k': toggleDrop(); break;
      case 'm': cellOp('merge'); break;
      case 'u': cellOp('shift-up'); break;
      case 'd': cellOp('shift-down'); break;
      case 's': openEditor('split'); break;
      case 'e': case 'Enter': openEditor('edit'); break;
      case '1': setSide(cols[0]); break;
      case '2': setSide(cols[1]); break;
      case 't': setSide(side === cols[0] ? cols[1] : cols[0]); break;
      case 'n': nextToReview(); break;
      case 'A': bulk(); break;
      case 'R': realign(); break;
      case '?': openHelp(); break;
      default: handled = false; // ←/→ and the rest keep their usual meaning
    }
    if (handled) ev.preventDefault();
  });

  // For tests and benchmarks: the last operation's promise.
  window.bitextReview = {
    whenIdle: () => queue,
    timings,
    state: () => st,
    // op runs one operation as a key would and resolves after the next frame.
    op: (body) => enqueue(() => body).then(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r)))),
  };
  load(false);
})();
