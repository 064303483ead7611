/* tei-edition: small progressive enhancements (view toggle, table sort and filter, index filter). */
(function () {
  'use strict';

  // Reading / diplomatic view of a document page.
  var toggle = document.getElementById('view-toggle');
  if (toggle) {
    var note = document.getElementById('view-note');
    var set = function (diplomatic) {
      document.body.classList.toggle('view-diplomatic', diplomatic);
      document.body.classList.toggle('view-reading', !diplomatic);
      toggle.setAttribute('aria-pressed', diplomatic ? 'true' : 'false');
      toggle.textContent = diplomatic ? 'Show reading view' : 'Show diplomatic view';
      if (note) {
        note.textContent = diplomatic
          ? 'Diplomatic view: the text as the source has it, with page furniture; editorial additions hidden.'
          : 'Reading view: corrections applied, page furniture hidden.';
      }
      try { sessionStorage.setItem('tei-edition-view', diplomatic ? 'diplomatic' : 'reading'); } catch (e) { /* storage may be disabled */ }
    };
    toggle.hidden = false;
    toggle.addEventListener('click', function () {
      set(!document.body.classList.contains('view-diplomatic'));
    });
    var saved = null;
    try { saved = sessionStorage.getItem('tei-edition-view'); } catch (e) { saved = null; }
    if (saved === 'diplomatic') set(true);
  }

  // Sortable table: buttons in the header cells; cells may carry data-sort.
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var tbody = table.tBodies[0];
    var headers = table.querySelectorAll('th');
    Array.prototype.forEach.call(table.querySelectorAll('th button[data-sort]'), function (button) {
      button.addEventListener('click', function () {
        var col = Number(button.getAttribute('data-sort'));
        var th = button.parentNode;
        var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir);
        var rows = Array.prototype.slice.call(tbody.rows);
        var key = function (row) {
          var cell = row.cells[col];
          var v = cell.getAttribute('data-sort');
          return v !== null ? v : cell.textContent.trim().toLowerCase();
        };
        rows.sort(function (a, b) {
          var ka = key(a), kb = key(b);
          var na = Number(ka), nb = Number(kb);
          var c = (ka !== '' && kb !== '' && !isNaN(na) && !isNaN(nb)) ? na - nb : (ka < kb ? -1 : ka > kb ? 1 : 0);
          if (ka === '' && kb !== '') c = 1; else if (kb === '' && ka !== '') c = -1;
          else if (dir === 'descending') c = -c;
          return c;
        });
        rows.forEach(function (r) { tbody.appendChild(r); });
      });
    });
  });

  // Filter a table's rows by the words typed.
  var words = function (s) { return s.toLowerCase().split(/\s+/).filter(Boolean); };
  Array.prototype.forEach.call(document.querySelectorAll('input[data-filter]'), function (input) {
    var table = document.querySelector(input.getAttribute('data-filter'));
    var count = document.getElementById('doc-count');
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    input.addEventListener('input', function () {
      var ws = words(input.value), shown = 0;
      rows.forEach(function (r, i) {
        var ok = ws.every(function (w) { return texts[i].indexOf(w) >= 0; });
        r.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = ws.length ? shown + ' of ' + rows.length + ' documents' : rows.length + ' documents';
    });
  });

  // Filter index entries by name or spelling.
  Array.prototype.forEach.call(document.querySelectorAll('input[data-filter-entries]'), function (input) {
    var entries = Array.prototype.slice.call(document.querySelectorAll(input.getAttribute('data-filter-entries')));
    var texts = entries.map(function (e) {
      var h = e.querySelector('h3'), v = e.querySelector('.variants');
      return ((h ? h.textContent : '') + ' ' + (v ? v.textContent : '')).toLowerCase();
    });
    input.addEventListener('input', function () {
      var ws = words(input.value);
      entries.forEach(function (e, i) {
        e.hidden = !ws.every(function (w) { return texts[i].indexOf(w) >= 0; });
      });
    });
  });
})();
