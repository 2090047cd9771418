// "Already answered — maybe yours is here" under the Ask form's question:
// as the visitor types (paused, 20+ characters), published Q&As that look
// like the draft, from the JSON endpoint in data-similar-url. Optional: the
// form works without it, and the server shows the same list before storing.
(function () {
  var box = document.getElementById('ask-similar');
  var text = document.getElementById('ask-question');
  if (!box || !text || !window.fetch) return;
  var panel = box.firstElementChild, list = box.querySelector('ul');
  var timer = null, last = '', seq = 0;
  function show(items) {
    list.textContent = '';
    items.forEach(function (s) {
      if (typeof s.url !== 'string' || s.url.indexOf('/mailbag/') !== 0) return;
      var li = document.createElement('li'), a = document.createElement('a');
      var note = document.createElement('span');
      a.href = s.url;
      a.textContent = s.title;
      a.target = '_blank';  // keeps the draft
      a.rel = 'noopener';
      note.className = 'visually-hidden';
      note.textContent = ' (' + box.getAttribute('data-new-tab') + ')';
      a.appendChild(note);
      li.appendChild(a);
      list.appendChild(li);
    });
    panel.hidden = !list.firstChild;
  }
  text.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = text.value.trim().slice(0, 600);
      if (q.length < 20) { last = ''; show([]); return; }
      if (q === last) return;
      last = q;
      var mine = ++seq;
      fetch(box.getAttribute('data-similar-url') + '?q=' + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { similar: [] }; })
        .then(function (d) { if (mine === seq) show(d.similar || []); })
        .catch(function () {});
    }, 500);
  });
})();
