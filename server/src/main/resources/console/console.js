// Draws the console's charts with uPlot. Each chart element carries its data as JSON in
// data-chart: {"type": "line", "x": [epoch seconds], "series": [{"label", "values"}]} or
// {"type": "bars", "labels": [category], "series": [...]} (one or two series; the second gets its
// own scale on the right). Every chart has a table or list beside it; the drawing is a view of it.
(function () {
  'use strict';
  var colours = ['#1f5fbf', '#c2410c', '#15803d', '#7e22ce'];

  function shorten(text) {
    return text.length > 22 ? text.slice(0, 21) + '…' : text;
  }

  function line(spec, width) {
    return {
      opts: {
        width: width, height: 220,
        series: [{}].concat(spec.series.map(function (s, i) {
          return { label: s.label, stroke: colours[i % colours.length], width: 2 };
        })),
        axes: [{}, { size: 60 }]
      },
      data: [spec.x].concat(spec.series.map(function (s) { return s.values; }))
    };
  }

  function bars(spec, width) {
    var n = spec.labels.length;
    var xs = spec.labels.map(function (_, i) { return i; });
    var two = spec.series.length > 1;
    var axes = [{
      splits: function () { return xs; },
      values: function (u, splits) {
        return splits.map(function (v) { return spec.labels[v] === undefined ? '' : shorten(spec.labels[v]); });
      },
      rotate: n > 4 ? -30 : 0,
      size: n > 4 ? 90 : 40,
      grid: { show: false }
    }, { scale: 'y0', size: 60 }];
    if (two) {
      axes.push({ scale: 'y1', side: 1, size: 60, grid: { show: false } });
    }
    var scales = { x: { time: false, range: [-0.5, n - 0.5] }, y0: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } };
    if (two) {
      scales.y1 = { range: function (u, min, max) { return [0, Math.max(1, max)]; } };
    }
    return {
      opts: {
        width: width, height: 260, scales: scales, axes: axes,
        series: [{ label: 'of', value: function (u, v) { return v == null ? '' : spec.labels[v]; } }].concat(
          spec.series.map(function (s, i) {
            return {
              label: s.label, scale: 'y' + i, fill: colours[i % colours.length], stroke: colours[i % colours.length],
              paths: uPlot.paths.bars({ size: [two ? 0.4 : 0.7, 80], align: two ? (i === 0 ? -1 : 1) : 0 }),
              points: { show: false }
            };
          }))
      },
      data: [xs].concat(spec.series.map(function (s) { return s.values; }))
    };
  }

  function draw(el) {
    var spec = JSON.parse(el.getAttribute('data-chart'));
    var width = Math.max(260, el.clientWidth);
    var made = spec.type === 'line' ? line(spec, width) : bars(spec, width);
    var plot = new uPlot(made.opts, made.data, el);
    window.addEventListener('resize', function () {
      plot.setSize({ width: Math.max(260, el.clientWidth), height: made.opts.height });
    });
  }

  if (window.uPlot) {
    document.querySelectorAll('.chart[data-chart]').forEach(draw);
  }
})();
