// winnow judge audit: keep or discard each judged draft, blind; the judge's verdict shows after the answer.
(() => {
  'use strict';
  const token = document.querySelector('meta[name="winnow-token"]').content;
  const statusLine = document.getElementById('status');
  const nameInput = document.getElementById('reviewer');
  {
    const u = new URL(location.href);
    u.searchParams.delete('t');
    history.replaceState(null, '', u.pathname + u.search);
  }
  nameInput.value = localStorage.getItem('winnow-reviewer') || '';
  nameInput.addEventListener('change', () => localStorage.setItem('winnow-reviewer', nameInput.value.trim()));
  let answered = 0, agreed = 0;

  document.getElementById('audit').addEventListener('click', (e) => {
    const button = e.target.closest('button.pick');
    if (!button) return;
    const card = button.closest('.card');
    card.querySelectorAll('button.pick').forEach((b) => { b.disabled = true; });
    fetch('/api/audit', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Winnow-Token': token },
      body: JSON.stringify({ id: Number(card.dataset.id), pick: button.dataset.pick, reviewer: nameInput.value.trim() }),
    }).then((r) => r.json().then((j) => { if (!r.ok) throw new Error(j.error || r.statusText); return j; }))
      .then((j) => {
        answered++;
        if (j.agreed) agreed++;
        card.dataset.status = j.agreed ? 'agreed' : 'disagreed';
        card.classList.add(j.agreed ? 'chosen' : 'disagreed');
        card.querySelector('.state').textContent = `you: ${button.dataset.pick === 'accept' ? 'keep' : 'discard'} · ${j.judge}: ${j.judgeAccepted ? 'keep' : 'discard'}`;
        statusLine.textContent = `agreed with the judge on ${agreed} of ${answered}; winnow stats shows it per criterion`;
        statusLine.className = 'status-line show';
      })
      .catch((err) => {
        card.querySelectorAll('button.pick').forEach((b) => { b.disabled = false; });
        statusLine.textContent = err.message;
        statusLine.className = 'status-line show error';
      });
  });
})();
