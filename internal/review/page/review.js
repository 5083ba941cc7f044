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

  let st = null;        // state from /api/state; st.rows is the model, every row
  let cur = 0;          // focused row index (in st.rows)
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
    const t0 = performance.now();
    const txt = await r.text();
    const t1 = performance.now();
    const j = JSON.parse(txt);
    (timings.get = timings.get || []).push([query, t0, t1, performance.now()]);
    return j;
  }

  // load asks for the first screenful of rows and shows them, then asks
  // for the rest, which only go into the model: the list is virtual (see
  // render), so the page is usable as soon as every row's data is there.
  // The page's first load has the rows with it: the first screenful in a
  // JSON data block before this script, the rest in one after it, still
  // arriving while the first screen is drawn. A reload (another tab
  // changed the session) asks for both at once.
  function dataBlock(id) {
    const el = $(id);
    if (!el) return null;
    let j = null;
    try { j = JSON.parse(el.textContent); } catch (e) { /* asked for below */ }
    el.remove();
    return j;
  }
  let embedded = !!$('first-rows');
  async function load(keepFocus) {
    timings.start = performance.now();
    const want = keepFocus ? cur : 0;
    let first = embedded ? dataBlock('first-rows') : null, rest;
    const from = first ? first.rows.length : 60;
    if (first) {
      rest = [new Promise((resolve) => {
        const take = () => resolve(dataBlock('rest-rows') || getState('?from=' + from));
        if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', take, { once: true });
        else take();
      })];
    } else {
      if (embedded) dataBlock('rest-rows');
      first = getState('?limit=' + from);
      rest = [getState('?from=' + from)];
    }
    embedded = false;
    st = await first;
    if (!st) return;
    timings.fetched = performance.now();
    cols = st.translation.dir === st.original.dir || st.translation.dir === 'ltr' ? ['tgt', 'src'] : ['src', 'tgt'];
    if (!cols.includes(side)) side = cols[0];
    header();
    timings.header = performance.now();
    cellOpen = null;
    summary(st.summary);
    $('f-conf-out').value = parseFloat($('f-conf').value).toFixed(2);
    resetList();
    cur = Math.min(want, st.rows.length - 1);
    timings.reset = performance.now();
    render(true, 0); // the viewport only: the rest of the window after the first frame
    focusRow(cur, false);
    timings.first = performance.now();
    requestAnimationFrame(() => setTimeout(() => { window.bitextReview.firstAt = performance.now(); }));
    const mine = st;
    const done = (async () => {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r))); // the first screen first
      for (const p of rest) {
        const more = await p;
        (timings.chunks = timings.chunks || []).push(performance.now());
        if (!more) return true; // getState has announced it
        if (st !== mine || more.version !== st.version || more.from !== st.rows.length) return false;
        for (const row of more.rows) { st.rows.push(row); heights.push(0); }
        refilter();
        render();
      }
      return true;
    })();
    queue = queue.then(() => done); // operations wait for every row
    if (!(await done)) { // changed in between (another tab): start again
      await load(true);
      return;
    }
    if (keepFocus) focusRow(want);
    timings.done = performance.now();
    document.body.dataset.ready = String(st.version);
    requestAnimationFrame(() => setTimeout(() => { window.bitextReview.renderedAt = performance.now(); }));
  }

  function sideInfo(s) { return s === 'src' ? st.original : st.translation; }
  function colTitle(s) {
    return sideInfo(s).lang_name + (s === 'src' ? ' (original)' : ' (translation)');
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
      b.textContent = (k + 1) + ' ' + sideInfo(s).lang_name;
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
    const el = rowEls.get(cur);
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
    // drawn by the stylesheet from data-status and data-w. The row's index
    // is in its id; aria-rowindex (its place among the rows shown) is set
    // by render.
    return '<div class="row" role="row" tabindex="-1" id="r' + (i + 1) + '" data-status="' + row.status + '">' +
      '<span class="n" role="rowheader">' + (i + 1) + '</span>' +
      cellOpen[0] + cellHTML(row, cols[0]) + '</div>' + cellOpen[1] + cellHTML(row, cols[1]) + '</div>' +
      '<span class="shape" role="gridcell">' + shapeOf(row) + '</span>' +
      '<span class="conf" role="gridcell" data-w="' + Math.floor(c * 20 + 1e-9) * 5 + '">' + c.toFixed(2) + '</span>' +
      '<span class="status" role="gridcell">' + STATUS[row.status][1] + '</span></div>';
  }

  function number(el, i) {
    el.id = 'r' + (i + 1);
    el.firstChild.textContent = String(i + 1);
  }

  // The list is virtual (windowed): only the rows shown in and near the
  // viewport are in the DOM, between two paddings of #rows that stand for
  // the rows above and below, so the scrollbar is that of the whole list.
  // Every row's height is measured when it is rendered and kept in
  // heights (by row index; 0 = never rendered); a row never rendered is
  // estimated from its text length by a least-squares line through the
  // rows measured so far (Arabic rows of one line and of ten differ by
  // hundreds of pixels). A scroll keeps the row at the top of the viewport
  // where it was while estimates above it are replaced by measurements.
  // Filters, keys, focus and operations work on the model (st.rows, vis)
  // and scroll the row they move to into view.
  const OVERSCAN = 700;       // px rendered above and below the viewport
  const rowEls = new Map();   // row index -> its element, rendered rows only
  let heights = [];           // measured height by row index
  let vis = [];               // indices of the rows the filters show, in order
  let posOf = new Int32Array(0); // row index -> place in vis, -1 if filtered out
  let offs = new Float64Array(1); // offs[p]: top of vis[p] in the list; offs[vis.length]: its height
  let offsDirty = true;
  let fit = { a: 60, b: 0, lo: 30, hi: 2000 };

  function resetList() {
    for (const el of rowEls.values()) el.remove();
    rowEls.clear();
    heights = new Array(st.rows.length).fill(0);
    refilter();
  }

  function sizeOf(row) {
    if (row._x === undefined) {
      let x = 0;
      for (const s of ['src', 'tgt']) {
        const e = row[s + '_edit'];
        let n = e != null ? e.length * 2 : row[s].length;
        for (const t of row[s]) n += t.length;
        x = Math.max(x, n);
      }
      row._x = x;
    }
    return row._x;
  }
  // The fit is kept until the number of measured rows has grown or shrunk
  // by half: an operation measures a row or two of a new size, and a new
  // fit on every operation moved the estimated rows above the screen
  // (thousands of them) by a thousand pixels, which the anchor then
  // scrolled back: a scroll, its render and a repaint of the whole
  // viewport per operation.
  let fitN = 0;
  function refit() {
    let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, lo = Infinity, hi = 0;
    for (let i = 0; i < heights.length; i++) {
      const h = heights[i];
      if (!h) continue;
      const x = sizeOf(st.rows[i]);
      n++; sx += x; sy += h; sxx += x * x; sxy += x * h;
      lo = Math.min(lo, h); hi = Math.max(hi, h);
    }
    if (!n || (fitN && n <= fitN * 1.5 && n * 1.5 >= fitN)) return;
    fitN = n;
    const den = n * sxx - sx * sx;
    let b = n >= 3 && den > 0 ? (n * sxy - sx * sy) / den : 0;
    if (!(b > 0)) b = 0;
    fit = { a: (sy - b * sx) / n, b, lo, hi };
  }
  function heightOf(i) {
    const h = heights[i];
    if (h) return h;
    return Math.min(fit.hi, Math.max(fit.lo, fit.a + fit.b * sizeOf(st.rows[i])));
  }
  function ensureOffs() {
    if (!offsDirty && offs.length === vis.length + 1) return;
    refit();
    offs = new Float64Array(vis.length + 1);
    for (let p = 0; p < vis.length; p++) offs[p + 1] = offs[p] + heightOf(vis[p]);
    offsDirty = false;
  }
  // posAt is the place in vis of the row at y px into the list.
  function posAt(y) {
    let lo = 0, hi = vis.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const m = (lo + hi + 1) >> 1;
      if (offs[m] <= y) lo = m; else hi = m - 1;
    }
    return lo;
  }
  function headerBottom() { return $('top').getBoundingClientRect().bottom; }

  // render puts the rows in and near the viewport in the DOM (building
  // those that are not there yet, in one HTML parse), removes the others,
  // measures what it rendered and sets the paddings. With keep, the first
  // row on screen is the anchor: the window is counted from it and it
  // stays where it was on screen, whatever the estimates above it become
  // (they change as rows are measured). Without keep, or when no rendered
  // row is on screen (a jump, the scrollbar dragged far), the window is
  // where the scroll position falls in the estimated list.
  //
  // Layout is read once, after the DOM has changed (the rows' heights):
  // splice finds its anchor before it changes anything (the layout of the
  // last frame is still clean then, so the read is free), and the
  // anchor's final place is computed from that measurement and the new
  // top padding instead of being read again.
  function render(keep = true, over = OVERSCAN, anchor = null) {
    if (!st) return;
    ensureOffs();
    const vh = window.innerHeight;
    let { el: anchorEl, top: anchorTop, i: ai } = anchor || (keep ? findAnchor() : { el: null, top: 0, i: -1 });
    let pa = ai >= 0 ? posOf[ai] : -1;
    let lo, hi;
    if (pa >= 0) {
      lo = pa; hi = pa;
      for (let room = anchorTop + over; lo > 0 && room > 0;) room -= heightOf(vis[--lo]);
      for (let room = vh - anchorTop + over; hi < vis.length && room > 0;) room -= heightOf(vis[hi++]);
    } else {
      anchorEl = null;
      const y0 = -rowsEl.getBoundingClientRect().top; // offs are from the top of #rows
      lo = posAt(y0 - over);
      hi = vis.length ? posAt(y0 + vh + over) + 1 : 0;
    }
    if (editing && posOf[editing.i] >= 0) { // the row being edited stays
      lo = Math.min(lo, posOf[editing.i]);
      hi = Math.max(hi, posOf[editing.i] + 1);
    }
    const want = new Set();
    for (let p = lo; p < hi; p++) want.add(vis[p]);
    for (const [i, el] of rowEls) if (!want.has(i)) { el.remove(); rowEls.delete(i); }
    let html = '';
    const missing = [];
    for (let p = lo; p < hi; p++) if (!rowEls.has(vis[p])) { missing.push(vis[p]); html += rowHTML(st.rows[vis[p]], vis[p]); }
    if (missing.length) {
      const d = document.createElement('div');
      d.innerHTML = html;
      const kids = Array.from(d.children);
      missing.forEach((i, k) => rowEls.set(i, kids[k]));
    }
    // Put them in order; rows already there are moved only if they must.
    let next = rowsEl.firstElementChild;
    for (let p = lo; p < hi; p++) {
      const i = vis[p], el = rowEls.get(i);
      if (el.id !== 'r' + (i + 1)) number(el, i);
      if (el.getAttribute('aria-rowindex') !== String(p + 2)) el.setAttribute('aria-rowindex', String(p + 2));
      if (el === next) next = next.nextElementSibling;
      else rowsEl.insertBefore(el, next);
    }
    // Measure (one layout of the rendered rows), then the paddings.
    let changed = false, anchorNow = 0;
    for (let p = lo; p < hi; p++) {
      const i = vis[p], el = rowEls.get(i), r = el.getBoundingClientRect(), h = r.height;
      if (el === anchorEl) anchorNow = r.top;
      if (Math.abs(h - heights[i]) > 0.5) { heights[i] = h; changed = true; }
    }
    if (changed) { offsDirty = true; ensureOffs(); }
    // Rows of the session not fetched yet take their estimated room too.
    const pending = st.total - st.rows.length;
    const top = offs[lo], moved = top - padTop;
    if (moved) rowsEl.style.paddingBlockStart = top + 'px';
    padTop = top;
    const end = offs[vis.length] - offs[hi] + (pending > 0 ? pending * (fit.a + fit.b * 100) : 0);
    if (end !== padEnd) rowsEl.style.paddingBlockEnd = end + 'px';
    padEnd = end;
    if (anchorEl && anchorEl.isConnected) {
      const dy = anchorNow + moved - anchorTop; // where it is now, from the measurement
      if (Math.abs(dy) > 0.5) window.scrollBy(0, dy);
    }
    tabStop();
  }
  let padTop = 0, padEnd = 0; // the paddings of #rows, as last set
  // findAnchor is the first rendered row on screen, and its top.
  function findAnchor() {
    const hb = headerBottom(), vh = window.innerHeight;
    for (const el of rowsEl.children) {
      const r = el.getBoundingClientRect();
      if (r.bottom > hb && r.top < vh) return { el, top: r.top, i: indexOf(el) };
    }
    return { el: null, top: 0, i: -1 };
  }
  let renderPending = false;
  function renderSoon() {
    if (renderPending) return;
    renderPending = true;
    requestAnimationFrame(() => { renderPending = false; render(); });
  }
  window.addEventListener('scroll', renderSoon, { passive: true });
  let lastWidth = window.innerWidth;
  window.addEventListener('resize', () => {
    if (!st || window.innerWidth === lastWidth) { renderSoon(); return; }
    lastWidth = window.innerWidth;
    heights.fill(0); // new widths, new heights
    offsDirty = true;
    renderSoon();
  });

  // tabStop keeps one tab stop in the grid (roving tabindex): the current
  // row, or, when it is scrolled out of the DOM, the first row on screen,
  // which becomes the current row if Tab lands on it.
  function tabStop() {
    let stop = rowEls.get(cur);
    if (!stop) {
      const top = headerBottom();
      for (const el of rowEls.values()) if (el.getBoundingClientRect().bottom > top) { stop = el; break; }
    }
    for (const el of rowsEl.querySelectorAll('.row[tabindex="0"]')) if (el !== stop) el.tabIndex = -1;
    if (stop) stop.tabIndex = 0;
    const el = rowEls.get(cur);
    for (const c of rowsEl.querySelectorAll('.row.current')) if (c !== el) c.classList.remove('current');
    if (el) el.classList.add('current');
  }

  // reveal scrolls row i into view (below the sticky header) and renders
  // it; the element, or null if the filters hide it.
  function reveal(i) {
    if (posOf[i] < 0) return null;
    for (let tries = 0; tries < 4; tries++) {
      let el = rowEls.get(i);
      if (!el) {
        ensureOffs();
        const listTop = rowsEl.getBoundingClientRect().top + window.scrollY;
        window.scrollTo(0, listTop + offs[posOf[i]] - headerBottom() - 8);
        render(false);
        continue;
      }
      const top = headerBottom(), r = el.getBoundingClientRect();
      let dy = 0;
      if (r.top < top) dy = r.top - top - 8;
      else if (r.bottom > window.innerHeight) dy = Math.min(r.bottom - window.innerHeight + 8, r.top - top - 8);
      if (Math.abs(dy) < 1) return el;
      window.scrollBy(0, dy);
      render();
    }
    return rowEls.get(i) || null;
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

  // Filters work on the model: vis is the list of rows they show.
  function filterOf() {
    return { fs: $('f-status').value, fsh: $('f-shape').value, fc: parseFloat($('f-conf').value),
      find: $('f-find').value.trim().toLocaleLowerCase() };
  }
  function lowered(row) {
    if (row._lc === undefined) {
      row._lc = [row.src.join(' '), row.tgt.join(' '), row.src_edit || '', row.tgt_edit || ''].join('\n').toLocaleLowerCase();
    }
    return row._lc;
  }
  function visible(row, f) {
    if (f.fs === 'unreviewed' ? row.status !== 'auto' : f.fs && row.status !== f.fs) return false;
    const sh = shapeOf(row);
    if (f.fsh === '1-1' && sh !== '1-1') return false;
    if (f.fsh === 'n-m' && sh === '1-1') return false;
    if (f.fsh === 'gap' && row.src.length > 0 && row.tgt.length > 0) return false;
    if (f.fc < 1 && row.confidence > f.fc) return false;
    if (f.find && !lowered(row).includes(f.find)) return false;
    return true;
  }
  function refilter() {
    const f = filterOf();
    vis = [];
    posOf = new Int32Array(st.rows.length);
    st.rows.forEach((row, i) => {
      if (visible(row, f)) { posOf[i] = vis.length; vis.push(i); } else posOf[i] = -1;
    });
    offsDirty = true;
    $('grid').setAttribute('aria-rowcount', String(vis.length + (st.total - st.rows.length) + 1));
  }
  function applyFilters() {
    $('f-conf-out').value = parseFloat($('f-conf').value).toFixed(2);
    refilter();
    render(false);
    if (posOf[cur] >= 0) reveal(cur);
    tabStop();
    return vis.length;
  }
  for (const id of ['f-status', 'f-shape', 'f-conf', 'f-find']) {
    $(id).addEventListener('input', () => {
      const n = applyFilters();
      announce(n + ' of ' + st.rows.length + ' rows shown');
    });
  }

  // Focus (roving tabindex: the focused row is the one tab stop).
  function focusRow(i, scroll = true) {
    if (!st || !st.rows.length) return;
    i = Math.max(0, Math.min(i, st.rows.length - 1));
    cur = i;
    const el = scroll ? reveal(i) : rowEls.get(i);
    tabStop();
    if (el && scroll) el.focus({ preventScroll: true });
    updateSidePick();
  }
  // step moves delta rows among those shown.
  function step(delta) {
    if (!vis.length) return;
    let p = posOf[cur];
    if (p < 0) { // the current row is filtered out: start from its place
      p = 0;
      while (p < vis.length && vis[p] < cur) p++;
      if (delta > 0) delta--;
      else p = Math.max(p - 1, 0), delta++;
    }
    focusRow(vis[Math.max(0, Math.min(p + delta, vis.length - 1))]);
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
    timings.op = { start: t0, parsed: t1, spliced: t2, done: performance.now() }; // read by BenchmarkPage5000
  }

  // The row element's index (render keeps the ids right).
  function indexOf(el) {
    const i = parseInt(el.id.slice(1), 10) - 1;
    return rowEls.get(i) === el ? i : -1;
  }

  // splice puts an operation's answer in the model (rows [at, at+removed)
  // became rows) and re-renders: the rows it replaced leave the DOM, the
  // rows below keep their elements under their new indices (render
  // renumbers those on screen), the new rows are built if they are on
  // screen.
  function splice(j) {
    st.version = j.version;
    const d = j.rows.length - j.removed, end = j.at + j.removed;
    let hadFocus = false;
    // The anchor, before the DOM changes: a row on screen that stays.
    let anchor = { el: null, top: 0, i: -1 };
    const hb = headerBottom(), vh = window.innerHeight;
    for (const el of rowsEl.children) {
      const i = indexOf(el);
      if (i < 0 || (i >= j.at && i < end)) continue;
      const r = el.getBoundingClientRect();
      if (r.bottom > hb && r.top < vh) { anchor = { el, top: r.top, i: i < j.at ? i : i + d }; break; }
    }
    // The first rows of the answer take over the elements of the rows they
    // replace (as many as both have), which are updated where they differ:
    // a status key changes a word and an attribute, not the row, whose
    // cells keep their layout and which keeps the focus.
    const reuse = Math.min(j.removed, j.rows.length), kept = new Map();
    for (let k = 0; k < reuse; k++) {
      const i = j.at + k, el = rowEls.get(i);
      if (el && !(editing && editing.i === i)) { updateRow(el, st.rows[i], j.rows[k]); kept.set(i, el); }
    }
    st.rows.splice(j.at, j.removed, ...j.rows);
    st.total += d;
    const hs = new Array(j.rows.length).fill(0);
    for (const i of kept.keys()) hs[i - j.at] = heights[i];
    heights.splice(j.at, j.removed, ...hs);
    const old = Array.from(rowEls);
    rowEls.clear();
    for (const [i, el] of old) {
      if (i < j.at || kept.has(i)) rowEls.set(i, el);
      else if (i >= end) rowEls.set(i + d, el);
      else {
        if (el.contains(document.activeElement)) hadFocus = true;
        el.remove();
      }
    }
    refilter();
    cur = Math.min(cur, st.rows.length - 1);
    render(true, OVERSCAN, anchor);
    // Keep the focus on the same row number.
    const el = rowEls.get(cur);
    if (el) {
      const a = document.activeElement;
      if (a !== el && (hadFocus || !a || a === document.body || !a.isConnected || rowsEl.contains(a))) el.focus({ preventScroll: true });
      updateSidePick();
    }
  }

  // updateRow makes row element el, which shows row o, show row n.
  function updateRow(el, o, n) {
    if (o.status !== n.status) {
      el.dataset.status = n.status;
      el.lastElementChild.textContent = STATUS[n.status][1];
    }
    const c = el.children;
    cols.forEach((s, k) => { if (!sameCell(o, n, s)) fillCell(c[k + 1], n, s); });
    const sh = shapeOf(n), w = String(Math.floor(n.confidence * 20 + 1e-9) * 5), cf = n.confidence.toFixed(2);
    if (c[3].textContent !== sh) c[3].textContent = sh;
    if (c[4].dataset.w !== w) c[4].dataset.w = w;
    if (c[4].textContent !== cf) c[4].textContent = cf;
  }
  function sameCell(o, n, s) {
    const a = o[s], b = n[s];
    return o[s + '_edit'] === n[s + '_edit'] && a.length === b.length && a.every((t, k) => t === b[k]);
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
    for (const i of vis) {
      const row = st.rows[i];
      if (row.status === 'auto' && (best < 0 || row.confidence < st.rows[best].confidence)) best = i;
    }
    if (best < 0) { announce('No row left to review among those shown'); return; }
    focusRow(best);
    announce('Row ' + (best + 1) + ', confidence ' + st.rows[best].confidence.toFixed(2));
  }

  // Editing and splitting happen in a textarea in the cell, with the
  // cell's language and direction.
  function openEditor(kind) {
    if (editing || !st || !st.rows.length) return;
    const i = cur, row = st.rows[i], el = reveal(i);
    if (!el) { announce('Row ' + (i + 1) + ' is hidden by the filters', true); return; }
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

  // closeEditor puts the cell's text back (restore) and the focus on its
  // row. Committing does not scroll the row into view (it is where the
  // reviewer was typing): that would read the layout before the POST goes
  // out, and the answer's render reads it anyway.
  function closeEditor(restore, scroll = true) {
    if (!editing) return;
    const { i, cell } = editing;
    editing = null;
    if (restore) fillCell(cell, st.rows[i], cellSide(cell));
    const el = rowEls.get(i);
    if (scroll || !el) { focusRow(i); return; }
    cur = i;
    tabStop();
    el.focus({ preventScroll: true });
    updateSidePick();
  }

  function commit() {
    if (!editing) return;
    const { i, side: s, kind, ta } = editing;
    if (kind === 'edit') {
      const v = ta.value.replace(/\s+/g, ' ').trim();
      closeEditor(true, false);
      enqueue(() => ({ op: 'edit', rows: [i], side: s, text: v === '' ? null : v }));
    } else {
      const at = Array.from(ta.value.slice(0, ta.selectionStart)).length;
      closeEditor(true, false);
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
    if (t.id === 'f-find' && (ev.key === 'Enter' || ev.key === 'Escape')) { // back to the rows found
      ev.preventDefault();
      focusRow(posOf[cur] < 0 && vis.length ? vis[0] : cur);
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
      case 'Home': if (vis.length) focusRow(vis[0]); break;
      case 'End': if (vis.length) focusRow(vis[vis.length - 1]); break;
      case '/': $('f-find').focus(); $('f-find').select(); break;
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
    // reveal scrolls row i into view and renders it; rendered counts the
    // row elements in the DOM.
    reveal: (i) => reveal(i) !== null,
    rendered: () => rowEls.size,
  };
  load(false);
})();
