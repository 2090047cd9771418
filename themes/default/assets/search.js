// As-you-type suggestions for the search page: optional, the form works
// without it. Fills a <datalist> from the JSON endpoint named in
// data-suggest; picking a suggested title opens it.
(function () {
  var input = document.querySelector('input[data-suggest]');
  if (!input || !window.fetch) return;
  var list = document.createElement('datalist');
  list.id = 'search-suggestions';
  input.setAttribute('list', list.id);
  input.parentNode.appendChild(list);
  var urls = {}, timer = null, last = '';
  input.addEventListener('input', function () {
    var q = input.value;
    if (urls[q]) { window.location.href = urls[q]; return; }
    clearTimeout(timer);
    if (q.trim().length < 2 || q === last) return;
    timer = setTimeout(function () {
      last = q;
      fetch(input.getAttribute('data-suggest') + '?q=' + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          list.textContent = '';
          urls = {};
          (data.suggestions || []).forEach(function (s) {
            var option = document.createElement('option');
            option.value = s.title;
            urls[s.title] = s.url;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
