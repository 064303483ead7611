/*
 * tei-edition: full-text search in the browser over the prebuilt minisearch index, in shards
 * (search-index-NN.js, each a few hundred documents chosen by a hash of the name). Every shard is
 * searched and the hits are merged by score. A shard's BM25 statistics (document frequencies,
 * average field lengths) are those of its own documents; as shards are random samples of the
 * collection they are close to the whole collection's, so scores compare across shards.
 */
(function () {
  'use strict';
  var data = window.TEI_EDITION_SEARCH;
  var input = document.getElementById('q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!input || !list) return;
  if (!data || !data.shards || !data.shards.length || typeof MiniSearch === 'undefined') {
    if (status) status.textContent = 'The search index is missing.';
    return;
  }
  var shards = data.shards.slice().sort(function (a, b) { return a.shard - b.shard; }).map(function (s) {
    return { index: MiniSearch.loadJS(s.index, s.options), docs: s.documents, shard: s.shard };
  });

  var search = function (q) {
    var hits = [];
    shards.forEach(function (s) {
      s.index.search(q, { prefix: true, fuzzy: 0.15, combineWith: 'AND', boost: { title: 3 } }).forEach(function (r) {
        hits.push({ score: r.score, terms: r.terms, doc: s.docs[r.id], shard: s.shard, id: r.id });
      });
    });
    // best first; equal scores in a stable order (shard, then reading order within it)
    hits.sort(function (a, b) { return b.score - a.score || a.shard - b.shard || a.id - b.id; });
    return hits;
  };

  var render = function (q) {
    while (list.firstChild) list.removeChild(list.firstChild);
    q = q.trim();
    if (!q) { status.textContent = 'Type a word or a name; results appear as you type.'; return; }
    var results = search(q);
    status.textContent = results.length === 0 ? 'No documents match “' + q + '”.'
      : results.length + (results.length === 1 ? ' document matches' : ' documents match') + ' “' + q + '”.';
    results.slice(0, 200).forEach(function (r) {
      var d = r.doc;
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
