// winnow review gallery: keyboard, live header, redraw of changed cards. No framework, no network but this server.
(() => {
  'use strict';
  const meta = (n) => document.querySelector(`meta[name="${n}"]`).content;
  const token = meta('winnow-token');
  const canReview = meta('winnow-can-review') === 'true';
  let page = Number(meta('winnow-page'));
  const zones = document.getElementById('zones');
  const statusLine = document.getElementById('status');
  const nameInput = document.getElementById('reviewer');
  let focusId = null;
  let pageRev = null;
  let pages = 1;
  // Writes go out one at a time, in the order the keys were pressed.
  let chain = Promise.resolve();
  let inFlight = 0;
  // Set when a pick left nothing to move on to: the next candidate to arrive takes the focus.
  let wantNext = false;

  // One id per tab: the server offers each tab its own candidates, so two people never pick the same one.
  let session = sessionStorage.getItem('winnow-session');
  if (!session) {
    session = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem('winnow-session', session);
  }
  // The token stays in the page and a same-site cookie; take it out of the address bar and history. The tab's
  // session goes in, so a reload is drawn with this tab's candidates from the first paint.
  {
    const u = new URL(location.href);
    if (u.searchParams.has('t') || u.searchParams.get('session') !== session) {
      u.searchParams.delete('t');
      u.searchParams.set('page', String(page));
      u.searchParams.set('session', session);
      history.replaceState(null, '', u.pathname + u.search);
    }
  }
  nameInput.value = localStorage.getItem('winnow-reviewer') || '';
  nameInput.addEventListener('change', () => localStorage.setItem('winnow-reviewer', nameInput.value.trim()));

  const cards = () => Array.from(zones.querySelectorAll('.card'));
  const card = (id) => document.getElementById('c-' + id);
  const waiting = (el) => el && el.dataset.status === 'review' && !el.classList.contains('saving');

  function say(text, kind) {
    statusLine.textContent = text || '';
    statusLine.className = 'status-line' + (text ? ' show' : '') + (kind === 'error' ? ' error' : '');
  }

  function focus(el, scroll = true) {
    cards().forEach((c) => c.classList.remove('focused'));
    if (!el) { focusId = null; return; }
    el.classList.add('focused');
    focusId = el.dataset.id;
    if (scroll) el.scrollIntoView({ block: 'nearest', behavior: 'auto' });
  }

  function focused() { return focusId ? card(focusId) : null; }

  function firstWaiting(after) {
    const all = cards();
    const start = after ? all.indexOf(after) + 1 : 0;
    return all.slice(start).find(waiting) || all.slice(0, Math.max(0, start - 1)).find(waiting) || null;
  }

  // Cards per row in the focused card's zone.
  function columns() {
    const el = focused();
    const all = el ? Array.from(el.parentElement.querySelectorAll('.card')) : [];
    if (all.length < 2) return 1;
    const top = all[0].offsetTop;
    const n = all.findIndex((c) => c.offsetTop !== top);
    return n < 0 ? all.length : n;
  }

  function move(delta) {
    wantNext = false;
    const all = cards();
    if (!all.length) return;
    const i = Math.max(0, all.indexOf(focused()));
    const j = i + delta;
    if (j >= all.length && page < pages) { go(page + 1); return; }
    if (j < 0 && page > 1) { go(page - 1); return; }
    focus(all[Math.max(0, Math.min(all.length - 1, j))]);
  }

  function go(p) { location.href = '/?page=' + p + '&session=' + session; }

  function post(path, body) {
    inFlight++;
    const run = async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const r = await fetch(path, {
            method: 'POST', credentials: 'same-origin', keepalive: true,
            headers: { 'Content-Type': 'application/json', 'X-Winnow-Token': token },
            body: JSON.stringify(Object.assign({ reviewer: nameInput.value.trim(), session }, body)),
          });
          const j = await r.json().catch(() => ({}));
          if (r.ok) return j;
          throw Object.assign(new Error(j.error || r.statusText), { final: true });
        } catch (e) {
          // A refusal is final; a network error is retried (the server may be restarting).
          if (e.final || attempt >= 4) throw e;
          say('not saved yet, retrying: ' + e.message, 'error');
          await new Promise((res) => setTimeout(res, 400 * (attempt + 1)));
        }
      }
    };
    // Counted down before the caller's own callbacks run, so the redraw they ask for is not skipped.
    const p = chain.then(run).finally(() => { inFlight--; });
    chain = p.catch(() => {});
    return p;
  }

  function decide(pick) {
    const el = focused();
    if (!el) return;
    const st = el.dataset.status;
    if (st !== 'review' && st !== 'pending') { say(`${el.dataset.id}: already handed over; its decision is final`); return; }
    el.classList.add('saving', 'pick-' + pick);
    el.classList.remove('pick-' + (pick === 'accept' ? 'reject' : 'accept'));
    const next = firstWaiting(el);
    wantNext = !next;
    focus(next || el);
    post('/api/decide', { id: Number(el.dataset.id), pick })
      // The card now differs from the last page fetched: forget its revision, or an undo that brings the page back
      // to that revision would leave the card showing the pick.
      // Its own revision goes too: the server's next version of this card may equal the one drawn before the pick
      // (an undo brings it back), and only a differing revision replaces a card.
      .then(() => { el.classList.remove('saving'); el.dataset.status = 'pending'; el.dataset.rev = ''; pageRev = null; say(''); refresh(); })
      .catch((e) => { el.classList.remove('saving', 'pick-' + pick); say('not saved: ' + e.message, 'error'); refresh(); });
  }

  function rate(n) {
    const el = focused();
    if (!el) return;
    const stars = el.querySelector('.stars');
    stars.textContent = '★'.repeat(n) + '☆'.repeat(5 - n);
    stars.dataset.rating = String(n);
    el.dataset.rev = '';
    post('/api/rate', { id: Number(el.dataset.id), rating: n }).then(refresh).catch((e) => say('rating not saved: ' + e.message, 'error'));
  }

  function undo() {
    post('/api/undo', {})
      .then((j) => {
        pageRev = null;
        return refresh().then(() => { const el = card(j.id); wantNext = false; if (el) focus(el); say(`undone: c${j.id} is waiting for you again`); });
      })
      .catch((e) => say(e.message, 'error'));
  }

  function acceptPage() {
    const ids = cards().filter(waiting).map((c) => Number(c.dataset.id));
    if (!ids.length) { say('nothing waiting on this page'); return; }
    ids.forEach((id) => card(id).classList.add('saving', 'pick-accept'));
    // Saved or not, the cards go back to showing what the server says.
    const settle = () => { ids.forEach((id) => { const el = card(id); if (el) { el.classList.remove('saving', 'pick-accept'); el.dataset.rev = ''; } }); pageRev = null; };
    post('/api/accept-all', { ids }).then((j) => { settle(); say(`accepted ${j.accepted} on this page (Z undoes the last)`); refresh(); })
      .catch((e) => { settle(); say('not saved: ' + e.message, 'error'); refresh(); });
  }

  document.addEventListener('keydown', (e) => {
    if (e.target === nameInput || e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key;
    let handled = true;
    if (k === 'ArrowRight') move(1);
    else if (k === 'ArrowLeft') move(-1);
    else if (k === 'ArrowDown') move(columns());
    else if (k === 'ArrowUp') move(-columns());
    else if (!canReview) handled = false;
    else if (k === 'A' && e.shiftKey) acceptPage();
    else if (k === 'p' || k === 'P' || k === 'a') decide('accept');
    else if (k === 'x' || k === 'X') decide('reject');
    else if (k === 'z' || k === 'Z') undo();
    else if (/^[1-5]$/.test(k)) rate(Number(k));
    else handled = false;
    if (handled) e.preventDefault();
  });
  zones.addEventListener('click', (e) => { const el = e.target.closest('.card'); if (el) focus(el, false); });
  document.getElementById('accept-page').addEventListener('click', acceptPage);

  // Redraws only the cards whose revision changed, so images already shown are not loaded again.
  function morphZone(box, fresh) {
    const freshCards = Array.from(fresh.querySelectorAll('.card'));
    if (!freshCards.length) { box.innerHTML = fresh.innerHTML; return; }
    box.querySelectorAll('.empty').forEach((e) => e.remove());
    const keep = new Set(freshCards.map((c) => c.id));
    Array.from(box.querySelectorAll('.card')).forEach((c) => { if (!keep.has(c.id) && !c.classList.contains('saving')) c.remove(); });
    let prev = null;
    for (const n of freshCards) {
      let node = card(n.dataset.id);
      if (node && node.classList.contains('saving')) { /* a pick is on its way: keep what the person sees */ }
      else if (!node || node.dataset.rev !== n.dataset.rev) {
        if (node) node.remove();
        node = n;
        if (n.dataset.id === focusId) n.classList.add('focused');
      }
      if (node.parentElement !== box || node.previousElementSibling !== prev) { if (prev) prev.after(node); else box.prepend(node); }
      prev = node;
    }
  }

  function morph(html) {
    const t = document.createElement('template');
    t.innerHTML = html;
    for (const id of ['queue', 'decided']) morphZone(document.getElementById(id), t.content.getElementById(id));
    const heads = t.content.querySelectorAll('h2.zone, .zone-head');
    zones.querySelectorAll('h2.zone, .zone-head').forEach((old, i) => { if (heads[i] && old.outerHTML !== heads[i].outerHTML) old.replaceWith(heads[i]); });
    if (!focused() || !document.body.contains(focused())) focus(firstWaiting(null) || cards()[0] || null, false);
    else if (wantNext && firstWaiting(null)) { wantNext = false; focus(firstWaiting(null)); }
  }

  // Refreshes run one after another: two overlapping ones could apply an older page over a newer one (a pick shown
  // as still pending after its undo) and move the focus with it.
  let refreshQueue = Promise.resolve();
  let refreshesQueued = 0;
  function refresh() {
    refreshesQueued++;
    refreshQueue = refreshQueue.then(refreshNow).finally(() => { refreshesQueued--; });
    return refreshQueue;
  }

  async function refreshNow() {
    try {
      const r = await fetch('/api/state?page=' + page + '&session=' + session, { credentials: 'same-origin', headers: { 'X-Winnow-Token': token } });
      if (!r.ok) throw new Error(r.statusText);
      const s = await r.json();
      header(s);
      if (s.pageRev !== pageRev && inFlight === 0) {
        const c = await fetch('/cards?page=' + page + '&session=' + session, { credentials: 'same-origin', headers: { 'X-Winnow-Token': token } });
        if (c.ok) { morph(await c.text()); pageRev = s.pageRev; }
      }
      if (statusLine.textContent.startsWith('server')) say('');
    } catch (e) {
      say('server not answering (the run may have ended); decisions already shown as made are in the ledger', 'error');
    }
  }

  let lastPush = false;
  function header(s) {
    pages = s.pages;
    lastPush = !!s.push;
    const bar = document.getElementById('p-bar');
    bar.max = Math.max(1, s.wanted);
    // accepted counts finals that failed (as the report does); the bar shows only keepers still on their way.
    bar.value = Math.min(s.accepted - s.finalFailed, s.wanted);
    const parts = [`${s.accepted} of ${s.wanted} accepted`, `${s.delivered} delivered`, `${s.drafted} drafted`, `${s.screenedOut} screened out`,
      `${s.rejected} rejected`, `${s.waiting} waiting for you`];
    if (s.finalFailed) parts.splice(2, 0, `${s.finalFailed} finals failed`);
    if (s.draftsRunning) parts.push(`${s.draftsRunning} drafting`);
    if (s.finalsRunning) parts.push(`${s.finalsRunning} rendering`);
    if (!s.running) parts.push(s.reviewing ? 'idle' : 'run not active');
    document.getElementById('p-text').textContent = parts.join(' · ');
    document.getElementById('p-spend').textContent = `${s.spent} spent${s.simulated ? ' (simulated)' : ''}`;
  }

  // Counts down the undo window on cards picked but not yet handed over.
  setInterval(() => {
    const now = Date.now();
    zones.querySelectorAll('.card[data-handover]').forEach((c) => {
      const left = Math.ceil((Number(c.dataset.handover) - now) / 1000);
      const st = c.querySelector('.state');
      const base = st.textContent.split(' · ')[0];
      st.textContent = left > 0 ? `${base} · Z to undo (${left} s)` : `${base} · handing over…`;
    });
  }, 250);

  focus(firstWaiting(null) || cards()[0] || null);
  // On a shared (PostgreSQL) ledger the server says when the batch changed; elsewhere, and as a safety net for
  // offers that lapse, the page looks every second (every 10 s when told of changes).
  let pollMs = 1000;
  let events = null;
  refresh().then(() => {
    if (!lastPush || events || !window.EventSource) return;
    events = new EventSource('/api/events');
    events.addEventListener('change', () => { if (refreshesQueued < 2) refresh(); });
    events.onerror = () => { pollMs = 1000; };
    events.onopen = () => { pollMs = 10000; };
  });
  let lastPoll = Date.now();
  setInterval(() => {
    if (Date.now() - lastPoll < pollMs || refreshesQueued > 0) return;
    lastPoll = Date.now();
    refresh();
  }, 250);
})();
