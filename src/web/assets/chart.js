// figurewatch: the chart of one figure over time (uPlot, served from /assets). Each source is a
// series of dots, the estimate a step line, the band between its low and high shaded. The data
// comes from the page's JSON block; hovering a dot shows its quote. Plain browser JavaScript.
(function () {
  'use strict';
  var block = document.getElementById('chart-data');
  var host = document.getElementById('chart');
  var tip = document.getElementById('tip');
  var toggle = document.getElementById('show-rejected');
  if (!block || !host || typeof uPlot === 'undefined') return;
  var data = JSON.parse(block.textContent || '{}');
  var PALETTE = ['#1f5fa8', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d', '#4d7c0f', '#475569'];

  function mid(c) { return (c.low + c.high) / 2; }
  function fmt(n) { return Math.round(n).toLocaleString('en-US'); }
  function day(t) { return new Date(t * 1000).toISOString().slice(0, 10); }

  function build(showRejected) {
    var claims = data.claims.filter(function (c) { return showRejected || !c.rejected; });
    var sources = Array.from(new Set(claims.map(function (c) { return c.source; }))).sort();
    var times = Array.from(new Set(claims.map(function (c) { return c.t; }).concat(data.steps.map(function (s) { return s.t; })))).sort(function (a, b) { return a - b; });
    if (times.length === 0) { host.textContent = 'No claim of this figure yet.'; return null; }
    // The estimate and its band, held from each step to the next.
    var est = [], bandLo = [], bandHi = [], si = -1;
    times.forEach(function (t) {
      while (si + 1 < data.steps.length && data.steps[si + 1].t <= t) si++;
      var s = si >= 0 ? data.steps[si] : null;
      est.push(s ? mid(s) : null);
      bandLo.push(s && s.bandLow !== null ? s.bandLow : null);
      bandHi.push(s && s.bandHigh !== null ? s.bandHigh : null);
    });
    var bySourceAt = {};
    var cols = sources.map(function (src) {
      return times.map(function (t) {
        var hit = claims.filter(function (c) { return c.source === src && c.t === t; });
        if (hit.length === 0) return null;
        bySourceAt[src + '|' + t] = hit;
        return mid(hit[0]);
      });
    });
    var series = [{}, { label: 'band low', stroke: 'rgba(31,95,168,0.25)', width: 1, points: { show: false } },
      { label: 'band high', stroke: 'rgba(31,95,168,0.25)', width: 1, points: { show: false } },
      { label: 'estimate', stroke: '#1d1d1b', width: 2, paths: uPlot.paths.stepped({ align: 1 }), points: { show: false }, spanGaps: true }];
    sources.forEach(function (src, i) {
      series.push({ label: src, stroke: PALETTE[i % PALETTE.length], width: 0, paths: function () { return null; },
        points: { show: true, size: 9, fill: PALETTE[i % PALETTE.length] } });
    });
    var opts = {
      width: Math.max(280, host.clientWidth - 16), height: 320, series: series,
      bands: [{ series: [2, 1], fill: 'rgba(31,95,168,0.10)' }],
      axes: [{}, { values: function (u, vals) { return vals.map(fmt); }, size: 70 }],
      legend: { show: false },
      cursor: { points: { size: 11 } },
      hooks: { setCursor: [function (u) { showTip(u, sources, times, bySourceAt); }] },
    };
    host.textContent = '';
    host.setAttribute('data-series', String(sources.length));
    var plot = new uPlot(opts, [times, bandLo, bandHi, est].concat(cols), host);
    var legend = document.createElement('p');
    legend.className = 'legend';
    [['estimate', '#1d1d1b']].concat(sources.map(function (src, i) { return [src, PALETTE[i % PALETTE.length]]; })).forEach(function (item) {
      var key = document.createElement('span');
      key.className = 'key';
      var swatch = document.createElement('i');
      swatch.style.background = item[1];
      key.appendChild(swatch);
      key.appendChild(document.createTextNode(item[0]));
      legend.appendChild(key);
    });
    host.appendChild(legend);
    // For the browser test: where each dot is drawn.
    host.figurewatchPlot = plot;
    return plot;
  }

  function showTip(u, sources, times, bySourceAt) {
    var idx = u.cursor.idx;
    if (idx === null || idx === undefined) { tip.hidden = true; return; }
    var t = times[idx];
    var lines = [];
    sources.forEach(function (src) {
      (bySourceAt[src + '|' + t] || []).forEach(function (c) { lines.push(c); });
    });
    if (lines.length === 0) { tip.hidden = true; return; }
    tip.textContent = '';
    lines.slice(0, 3).forEach(function (c) {
      var p = document.createElement('p');
      var head = document.createElement('strong');
      head.textContent = c.text + ' · ' + c.source + ', ' + day(c.t) + (c.rejected ? ' (rejected)' : '');
      var q = document.createElement('div');
      q.className = 'tip-quote';
      q.textContent = '“' + c.quote + '”';
      p.appendChild(head);
      p.appendChild(q);
      if (c.url) {
        var a = document.createElement('a');
        a.href = c.url;
        a.textContent = c.title;
        a.rel = 'noreferrer noopener';
        p.appendChild(a);
      }
      tip.appendChild(p);
    });
    var rect = host.getBoundingClientRect();
    tip.style.left = Math.min(window.scrollX + rect.left + u.cursor.left + 20, window.scrollX + window.innerWidth - 400) + 'px';
    tip.style.top = (window.scrollY + rect.top + u.cursor.top + 10) + 'px';
    tip.hidden = false;
  }

  var plot = build(false);
  if (toggle) toggle.addEventListener('change', function () {
    if (plot) plot.destroy();
    plot = build(toggle.checked);
  });
  window.addEventListener('resize', function () { if (plot) plot.setSize({ width: Math.max(280, host.clientWidth - 16), height: 320 }); });
})();
