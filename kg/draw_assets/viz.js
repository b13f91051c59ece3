/* kg viz: the interactive page. All text from reports reaches the page through
   textContent or Cytoscape's canvas labels, never as HTML. */
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('kg-data').textContent);
  var root = document.getElementById('kg-root');
  var panel = document.getElementById('kg-panel');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  var kinds = {}, rels = {}, nodesById = {}, relOrder = {};
  DATA.kinds.forEach(function (k) { kinds[k.key] = k; });
  DATA.relations.forEach(function (r, i) { rels[r.key] = r; relOrder[r.key] = i; });
  DATA.nodes.forEach(function (n) { nodesById[n.id] = n; });
  document.title = DATA.title;
  document.getElementById('kg-title').textContent = DATA.title;

  // Bodies named without any relation are added after the hierarchy is laid out,
  // in a compact grid below it, so they do not stretch it into one endless row.
  var linkedIds = {};
  DATA.edges.forEach(function (e) { linkedIds[e.source] = true; linkedIds[e.target] = true; });
  var elements = [], aloneElements = [];
  DATA.nodes.forEach(function (n) {
    var ele = { group: 'nodes', data: { id: n.id, label: n.label, kind: n.kind } };
    (linkedIds[n.id] ? elements : aloneElements).push(ele);
  });
  DATA.edges.forEach(function (e) {
    var r = rels[e.predicate];
    // Child-to-parent relations are laid out parent first so the parent sits above;
    // the arrow is then drawn at the source end so it still points at the parent.
    elements.push({ group: 'edges', data: {
      id: e.id, predicate: e.predicate, label: r.label, up: r.upward ? 1 : 0,
      source: r.upward ? e.target : e.source, target: r.upward ? e.source : e.target } });
  });

  var FALLBACK = { key: 'Other', title: 'Other', cy_shape: 'rectangle', fill: '#ffffff',
                   border: '#999999', bold: false };
  function kindOf(ele) { return kinds[ele.data('kind')] || FALLBACK; }
  function relOf(ele) { return rels[ele.data('predicate')]; }
  var cy = cytoscape({
    container: document.getElementById('kg-cy'),
    elements: elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: {
        'label': 'data(label)', 'text-wrap': 'wrap', 'text-max-width': '130px',
        'text-valign': 'center', 'text-halign': 'center', 'font-size': 11,
        'font-family': 'DejaVu Sans, Arial, sans-serif',
        'width': 'label', 'height': 'label', 'padding': '12px',
        'shape': function (e) { return kindOf(e).cy_shape; },
        'background-color': function (e) { return kindOf(e).fill; },
        'border-color': function (e) { return kindOf(e).border; },
        'border-width': function (e) { return kindOf(e).bold ? 3 : 1.5; } } },
      { selector: 'edge', style: {
        'curve-style': 'bezier', 'label': 'data(label)', 'font-size': 9,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85, 'text-background-padding': '1px',
        'width': function (e) { return relOf(e).width; },
        'line-color': function (e) { return relOf(e).colour; },
        'color': function (e) { return relOf(e).colour; },
        'line-style': function (e) { return relOf(e).style; },
        'target-arrow-color': function (e) { return relOf(e).colour; },
        'source-arrow-color': function (e) { return relOf(e).colour; },
        'target-arrow-shape': function (e) { return e.data('up') ? 'none' : 'triangle'; },
        'source-arrow-shape': function (e) { return e.data('up') ? 'triangle' : 'none'; } } },
      { selector: '.match', style: { 'border-color': '#ff6d00', 'border-width': 4 } },
      { selector: '.dim', style: { 'opacity': 0.2 } },
      { selector: 'node:selected', style: { 'border-color': '#ff6d00', 'border-width': 5,
                                            'opacity': 1 } },
      { selector: '.hidden', style: { 'display': 'none' } }
    ],
    layout: { name: 'dagre', rankDir: 'TB', nodeSep: 25, rankSep: 55, edgeSep: 8,
              padding: 20, animate: false }
  });

  var kindOrder = {};
  DATA.kinds.forEach(function (k, i) { kindOrder[k.key] = i; });
  var box = elements.length ? cy.elements().boundingBox() : { x1: 0, y1: 0, x2: 900, y2: 0, w: 900 };
  var alone = cy.add(aloneElements);
  if (alone.length) {
    var cols = Math.max(4, Math.min(alone.length, Math.ceil(Math.sqrt(alone.length * 3))));
    var rows = Math.ceil(alone.length / cols);
    alone.layout({
      name: 'grid', cols: cols, avoidOverlap: true, animate: false,
      boundingBox: { x1: box.x1, y1: box.y2 + 90, w: Math.max(box.w, cols * 170), h: rows * 75 },
      sort: function (a, b) {
        var ka = kindOrder[a.data('kind')], kb = kindOrder[b.data('kind')];
        if (ka !== kb) return ka - kb;
        return a.data('label') < b.data('label') ? -1 : (a.data('label') > b.data('label') ? 1 : 0);
      }
    }).run();
  }

  function updateCounts() {
    root.setAttribute('data-node-count', String(cy.nodes().length));
    root.setAttribute('data-edge-count', String(cy.edges().length));
    root.setAttribute('data-visible-node-count', String(cy.nodes().not('.hidden').length));
  }

  // ----- filters by type, doubling as the legend
  var filterList = document.getElementById('kg-filter-list');
  DATA.kinds.forEach(function (k) {
    var n = DATA.nodes.filter(function (x) { return x.kind === k.key; }).length;
    var label = el('label');
    var box = el('input');
    box.type = 'checkbox'; box.checked = true; box.setAttribute('data-kind', k.key);
    var sw = el('span', 'swatch');
    sw.style.background = k.fill; sw.style.borderColor = k.border;
    label.appendChild(box); label.appendChild(sw);
    label.appendChild(el('span', null, k.title));
    label.appendChild(el('span', 'count', '(' + n + ')'));
    box.addEventListener('change', function () {
      var sel = cy.nodes().filter(function (x) { return x.data('kind') === k.key; });
      if (box.checked) { sel.removeClass('hidden'); } else { sel.addClass('hidden'); }
      updateCounts();
    });
    filterList.appendChild(label);
  });
  var relLegend = document.getElementById('kg-rel-legend');
  DATA.relations.forEach(function (r) {
    if (!DATA.edges.some(function (e) { return e.predicate === r.key; })) return;
    var li = el('li');
    var line = el('span', 'line');
    line.style.borderTopStyle = r.style; line.style.borderTopColor = r.colour;
    li.appendChild(line); li.appendChild(el('span', null, r.label));
    relLegend.appendChild(li);
  });

  // ----- search
  var search = document.getElementById('kg-search');
  var searchCount = document.getElementById('kg-search-count');
  function matches(q) {
    return DATA.nodes.filter(function (n) {
      return [n.label].concat(n.alt).some(function (s) { return s.toLowerCase().indexOf(q) >= 0; });
    });
  }
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    cy.elements().removeClass('match dim');
    if (!q) { searchCount.textContent = ''; return []; }
    var found = matches(q);
    var ids = {};
    found.forEach(function (n) { ids[n.id] = true; });
    cy.nodes().forEach(function (x) { x.addClass(ids[x.id()] ? 'match' : 'dim'); });
    cy.edges().addClass('dim');
    searchCount.textContent = found.length + ' found';
    return found;
  }
  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { var f = runSearch(); if (f.length) window.kgSelect(f[0].id); }
  });
  document.getElementById('kg-fit').addEventListener('click', function () { cy.fit(undefined, 20); });

  // ----- side panel
  function evidenceList(items) {
    var box = el('div', 'evidence');
    items.forEach(function (ev) {
      var q = el('blockquote');
      q.appendChild(el('span', 'sentence', ev.text));
      var where = ev.report + (ev.section ? ', ' + ev.section : '');
      q.appendChild(el('cite', null, where));
      box.appendChild(q);
    });
    return box;
  }
  function otherButton(id) {
    var b = el('button', 'other', nodesById[id].label);
    b.type = 'button';
    b.addEventListener('click', function () { window.kgSelect(id); });
    return b;
  }
  function renderPanel(n) {
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    panel.appendChild(el('h2', 'name', n.label));
    var kind = kinds[n.kind] || FALLBACK;
    panel.appendChild(el('p', 'type', 'Type: ' + (n.types.length ? n.types.join(', ') : kind.title)));
    panel.appendChild(el('p', 'kind', 'Drawn as: ' + kind.title));
    if (n.alt.length) panel.appendChild(el('p', 'alt', 'Also called: ' + n.alt.join('; ')));
    var mine = DATA.edges.filter(function (e) { return e.source === n.id || e.target === n.id; });
    mine.sort(function (a, b) { return relOrder[a.predicate] - relOrder[b.predicate]; });
    panel.appendChild(el('h3', null, 'Relations (' + mine.length + ')'));
    var ul = el('ul', 'relations');
    mine.forEach(function (e) {
      var li = el('li');
      var r = rels[e.predicate];
      if (e.source === n.id) {
        li.appendChild(el('span', null, n.label + ' '));
        li.appendChild(el('span', 'rel', r.label + ' '));
        li.appendChild(otherButton(e.target));
      } else {
        li.appendChild(otherButton(e.source));
        li.appendChild(el('span', 'rel', ' ' + r.label + ' '));
        li.appendChild(el('span', null, n.label));
      }
      if (e.evidence.length) li.appendChild(evidenceList(e.evidence));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
    var count = n.evidence.length;
    panel.appendChild(el('h3', null, 'Evidence (' + count + (count === 1 ? ' sentence)' : ' sentences)')));
    if (n.evidence.length) {
      panel.appendChild(evidenceList(n.evidence));
    } else {
      panel.appendChild(el('p', 'hint', 'No sentence recorded for this body.'));
    }
  }

  // Select a node as a click does; bring it into view unless the user clicked it.
  window.kgSelect = function (id, clicked) {
    var n = nodesById[id];
    if (!n) return false;
    cy.nodes(':selected').unselect();
    var ele = cy.getElementById(id);
    ele.select();
    if (!clicked) {
      var bb = ele.renderedBoundingBox();
      if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height()) cy.center(ele);
    }
    renderPanel(n);
    root.setAttribute('data-selected', id);
    return true;
  };
  cy.on('tap', 'node', function (ev) { window.kgSelect(ev.target.id(), true); });

  updateCounts();
  cy.fit(undefined, 20);
  // The URL fragment replays a session: #hide=<Kind>,...&search=<text>&select=<node IRI>
  // (bookmarkable; the browser tests use it in place of clicks).
  function param(name) {
    var m = new RegExp('[#&]' + name + '=([^&]*)').exec(window.location.hash);
    return m ? decodeURIComponent(m[1]) : null;
  }
  var hide = param('hide');
  if (hide) {
    hide.split(',').forEach(function (k) {
      var box = filterList.querySelector('input[data-kind="' + k.replace(/[^A-Za-z]/g, '') + '"]');
      if (box) { box.checked = false; box.dispatchEvent(new Event('change')); }
    });
  }
  var q = param('search');
  if (q !== null) { search.value = q; runSearch(); }
  var sel = param('select');
  if (sel !== null) window.kgSelect(sel);
  root.setAttribute('data-ready', '1');
})();
