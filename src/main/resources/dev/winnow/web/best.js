// winnow pick-the-best view: click the drafts to keep, confirm; stars rate. No framework, no network but this server.
(() => {
  'use strict';
  const meta = (n) => document.querySelector(`meta[name="${n}"]`).content;
  const token = meta('winnow-token');
  const canReview = meta('winnow-can-review') === 'true';
  const groups = document.getElementById('groups');
  const statusLine = document.getElementById('status');
  const nameInput = document.getElementById('reviewer');
  // The same tab session as the gallery: the server offers each tab its own drafts.
  let session = sessionStorage.getItem('winnow-session');
  if (!session) {
    session = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem('winnow-session', session);
  }
  {
    const u = new URL(location.href);
    u.searchParams.delete('t');
    u.searchParams.set('session', session);
    history.replaceState(null, '', u.pathname + u.search);
  }
  nameInput.value = localStorage.getItem('winnow-reviewer') || '';
  nameInput.addEventListener('change', () => localStorage.setItem('winnow-reviewer', nameInput.value.trim()));
  // Chosen drafts survive redraws: a new arrival must not undo a person's clicks.
  const chosen = new Set();
  let busy = false;

  function say(text, kind) {
    statusLine.textContent = text || '';
    statusLine.className = 'status-line' + (text ? ' show' : '') + (kind === 'error' ? ' error' : '');
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Winnow-Token': token },
      body: JSON.stringify(Object.assign({ session, reviewer: nameInput.value.trim() }, body)),
    }).then((r) => r.json().catch(() => ({})).then((j) => { if (!r.ok) throw new Error(j.error || r.statusText); return j; }));
  }

  function paint() {
    groups.querySelectorAll('section.wave').forEach((wave) => {
      const need = Number(wave.dataset.need);
      const cards = Array.from(wave.querySelectorAll('.card'));
      const picked = cards.filter((c) => chosen.has(c.dataset.id));
      cards.forEach((c) => {
        const on = chosen.has(c.dataset.id);
        c.classList.toggle('chosen', on);
        c.dataset.status = on ? 'chosen' : 'review';
        c.querySelector('.state').textContent = on ? 'chosen' : 'not chosen';
      });
      wave.querySelector('.count').textContent = need === 0 ? '' : `${picked.length} of ${need} chosen`;
      // With every keeper chosen, drafts still shown can only be passed over: the wave closes when they are.
      const keep = wave.querySelector('.keep');
      keep.textContent = need === 0 ? `pass over these ${cards.length}` : 'keep the chosen';
      keep.hidden = need === 0 && cards.length === 0;
      keep.disabled = !canReview || busy || (need > 0 && picked.length === 0) || picked.length > need;
    });
  }

  function toggle(card) {
    if (!canReview) return;
    const id = card.dataset.id;
    const wave = card.closest('section.wave');
    const need = Number(wave.dataset.need);
    const picked = Array.from(wave.querySelectorAll('.card')).filter((c) => chosen.has(c.dataset.id)).length;
    if (chosen.has(id)) chosen.delete(id);
    else if (picked < need) chosen.add(id);
    else { say(`${need} already chosen: click one of them to swap it out`); return; }
    say('');
    paint();
  }

  function keep(wave) {
    const shown = Array.from(wave.querySelectorAll('.card')).map((c) => Number(c.dataset.id));
    const ids = shown.filter((id) => chosen.has(String(id)));
    busy = true;
    paint();
    post('/api/choose', { prompt: Number(wave.dataset.prompt), chosen: ids, shown })
      .then((j) => { ids.forEach((id) => chosen.delete(String(id))); say(`kept ${j.accepted}, passed over ${j.rejected}: finals follow for the kept`); })
      .catch((e) => say(e.message, 'error'))
      .finally(() => { busy = false; refresh(); });
  }

  function rate(card, stars) {
    post('/api/rate', { id: Number(card.dataset.id), rating: stars })
      .then(() => {
        card.querySelectorAll('.star').forEach((b) => { b.textContent = Number(b.dataset.star) <= stars ? '★' : '☆'; });
        card.querySelector('.stars').dataset.rating = String(stars);
      })
      .catch((e) => say(e.message, 'error'));
  }

  groups.addEventListener('click', (e) => {
    const star = e.target.closest('.star');
    if (star) { rate(star.closest('.card'), Number(star.dataset.star)); return; }
    const button = e.target.closest('button.keep');
    if (button) { keep(button.closest('section.wave')); return; }
    const card = e.target.closest('.card');
    if (card) toggle(card);
  });

  let revs = '';
  function refresh() {
    fetch(`/best/groups?session=${encodeURIComponent(session)}`, { headers: { 'X-Winnow-Token': token } })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.statusText))))
      .then((html) => {
        const next = new DOMParser().parseFromString(`<main>${html}</main>`, 'text/html').body.firstChild;
        const nextRevs = Array.from(next.querySelectorAll('section.wave')).map((s) => s.dataset.rev).join(',');
        if (nextRevs === revs) return;
        revs = nextRevs;
        groups.replaceChildren(...Array.from(next.childNodes));
        // A chosen draft that is no longer offered here (another reviewer took it, or it was decided) is let go.
        const here = new Set(Array.from(groups.querySelectorAll('.card')).map((c) => c.dataset.id));
        Array.from(chosen).forEach((id) => { if (!here.has(id)) chosen.delete(id); });
        paint();
      })
      .catch(() => {});
  }
  revs = Array.from(groups.querySelectorAll('section.wave')).map((s) => s.dataset.rev).join(',');
  paint();
  refresh();
  setInterval(refresh, 1500);
})();
