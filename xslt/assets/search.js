/* tei-edition: full-text search in the browser over the prebuilt minisearch index (search-index.js). */
(function () {
  'use strict';
  var data = window.TEI_EDITION_SEARCH;
  var input = document.getElementById('q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!input || !list) return;
  if (!data || typeof MiniSearch === 'undefined') {
    if (status) status.textContent = 'The search index is missing.';
    return;
  }
  var index = MiniSearch.loadJS(data.index, data.options);
  var docs = data.documents;

  var render = function (q) {
    while (list.firstChild) list.removeChild(list.firstChild);
    q = q.trim();
    if (!q) { status.textContent = 'Type a word or a name; results appear as you type.'; return; }
    var results = index.search(q, { prefix: true, fuzzy: 0.15, combineWith: 'AND', boost: { title: 3 } });
    status.textContent = results.length === 0 ? 'No documents match “' + q + '”.'
      : results.length + (results.length === 1 ? ' document matches' : ' documents match') + ' “' + q + '”.';
    results.slice(0, 200).forEach(function (r) {
      var d = docs[r.id];
      var li = document.createElement('li');
      var a = document.createElement('a');
      var term = r.terms && r.terms.length ? r.terms[0] : '';
      a.href = encodeURIComponent(d.name) + '.html' + (term ? '#:~:text=' + encodeURIComponent(term) : '');
      a.textContent = d.title;
      li.appendChild(a);
      var meta = document.createElement('span');
      meta.className = 'meta-line';
      meta.textContent = [d.date, d.idnos, r.terms && r.terms.length ? 'matches: ' + r.terms.slice(0, 6).join(', ') : ''].filter(Boolean).join(' · ');
      li.appendChild(meta);
      list.appendChild(li);
    });
  };
  var params = new URLSearchParams(location.search);
  if (params.get('q')) { input.value = params.get('q'); render(input.value); }
  input.addEventListener('input', function () { render(input.value); });
})();
