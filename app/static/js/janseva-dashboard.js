// The supervisors' dashboard: polls data.json with the page's filters and updates tiles, tables
// and charts in place. Every word shown comes from the template (#janseva-dashboard-i18n).
(function () {
  "use strict";
  var root = document.getElementById("janseva-dashboard");
  if (!root || !window.Chart) { return; }
  var T = JSON.parse(document.getElementById("janseva-dashboard-i18n").textContent);
  var cfg = {
    url: root.dataset.url,
    refresh: Math.max(2, parseInt(root.dataset.refresh, 10) || 5),
    locale: root.dataset.locale || document.documentElement.lang,
    rtl: root.dataset.rtl === "yes"
  };
  // Okabe–Ito: distinguishable with every common colour-vision deficiency.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  var INTAKE = "#0072B2", RESOLVED = "#D55E00";
  var NONE = "—";
  var form = root.querySelector(".janseva-dash-filters");
  var state = {query: formQuery(), timer: null, controller: null, last: null, waiting: false};
  var fmt = formatters(cfg.locale);
  var charts = {};

  function formatters(locale) {
    function make(options) {
      var nf = new Intl.NumberFormat(locale, options);
      return function (v) { return v === null || v === undefined ? NONE : nf.format(v); };
    }
    return {
      integer: make({maximumFractionDigits: 0}),
      percent: make({style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1}),
      decimal: make({minimumFractionDigits: 1, maximumFractionDigits: 1})
    };
  }

  function fill(template, name, value) { return template.split("{" + name + "}").join(value); }

  // --- charts -------------------------------------------------------------------------------
  function colourFor(map, key) {
    if (!(key in map)) { map[key] = PALETTE[Object.keys(map).length % PALETTE.length]; }
    return map[key];
  }

  function common(extra) {
    var direction = cfg.rtl ? "rtl" : "ltr";
    var options = {
      responsive: true, maintainAspectRatio: false, locale: cfg.locale,
      animation: {duration: 300},
      plugins: {
        legend: {rtl: cfg.rtl, textDirection: direction, labels: {usePointStyle: true}},
        tooltip: {rtl: cfg.rtl, textDirection: direction}
      }
    };
    return Chart.helpers.merge(options, extra || {});
  }

  // Value axis and category axis of a bar or line chart, mirrored in a right-to-left page.
  function axes(horizontal, valueFormat, max) {
    var value = {beginAtZero: true, ticks: {precision: 0, callback: function (v) { return valueFormat(v); }}};
    if (max !== undefined) { value.max = max; }
    var category = {ticks: {autoSkip: true, maxRotation: 0}, grid: {display: false}};
    if (horizontal) {
      value.reverse = cfg.rtl;
      category.position = cfg.rtl ? "right" : "left";
      category.ticks.autoSkip = false;
      return {x: value, y: category};
    }
    category.reverse = cfg.rtl;
    value.position = cfg.rtl ? "right" : "left";
    return {x: category, y: value};
  }

  function breakdownChart(id, type) {
    var canvas = document.getElementById(id);
    if (!canvas) { return null; }
    var doughnut = type === "doughnut";
    var chart = new Chart(canvas, {
      type: type,
      data: {labels: [], datasets: [{label: T.tickets, data: [], backgroundColor: doughnut ? [] : PALETTE[0],
                                     borderColor: "#ffffff", borderWidth: doughnut ? 2 : 0,
                                     maxBarThickness: 28}]},
      options: common(doughnut ? {
        cutout: "55%",
        plugins: {legend: {position: "bottom"},
                  tooltip: {callbacks: {label: function (item) {
                    var row = chart.$rows[item.dataIndex];
                    return " " + row.label + ": " + fmt.integer(row.count) + " (" + fmt.percent(row.share) + ")";
                  }}}}
      } : {
        indexAxis: "y",
        scales: axes(true, fmt.integer),
        plugins: {legend: {display: false},
                  tooltip: {callbacks: {label: function (item) {
                    var row = chart.$rows[item.dataIndex];
                    return " " + fmt.integer(row.count) + " (" + fmt.percent(row.share) + ")";
                  }}}}
      })
    });
    chart.$colours = {};
    chart.$doughnut = doughnut;
    return chart;
  }

  function trendChart(id, type) {
    var line = type === "line";
    function series(label, colour, dashed, point) {
      return {label: label, data: [], borderColor: colour, backgroundColor: colour, pointStyle: point,
              borderDash: dashed ? [6, 4] : [], borderWidth: line ? 2 : 0, pointRadius: line ? 3 : 0,
              tension: 0.2, fill: false, maxBarThickness: 40};
    }
    return new Chart(document.getElementById(id), {
      type: type,
      data: {labels: [], datasets: [series(T.intake, INTAKE, false, "circle"),
                                    series(T.resolved, RESOLVED, true, "triangle")]},
      options: common({
        interaction: {mode: "index", intersect: false},
        scales: axes(false, fmt.integer),
        plugins: {tooltip: {callbacks: {label: function (item) {
          return " " + item.dataset.label + ": " + fmt.integer(item.raw);
        }}}}
      })
    });
  }

  function complianceChart(id) {
    var chart = new Chart(document.getElementById(id), {
      type: "bar",
      data: {labels: [], datasets: [{label: T.compliance, data: [], backgroundColor: PALETTE[2],
                                    maxBarThickness: 28}]},
      options: common({
        indexAxis: "y",
        scales: axes(true, fmt.percent, 1),
        plugins: {legend: {display: false},
                  tooltip: {callbacks: {label: function (item) { return " " + fmt.percent(item.raw); }}}}
      })
    });
    return chart;
  }

  function updateChart(chart, labels, datasets, extra) {
    var signature = JSON.stringify([labels, datasets]);
    if (!chart || chart.$signature === signature) { return; }
    chart.$signature = signature;
    chart.data.labels = labels;
    datasets.forEach(function (data, i) { chart.data.datasets[i].data = data; });
    if (extra) { extra(chart); }
    chart.update();
  }

  function updateBreakdownChart(chart, rows) {
    if (!chart) { return; }
    chart.$rows = rows;
    if (!chart.$doughnut) {  // a bar per category: the chart grows with their number
      chart.canvas.parentNode.style.height = Math.max(200, 26 * rows.length + 50) + "px";
    }
    updateChart(chart, rows.map(function (r) { return r.label; }), [rows.map(function (r) { return r.count; })],
      function (c) {
        if (c.$doughnut) {
          c.data.datasets[0].backgroundColor = rows.map(function (r) { return colourFor(c.$colours, r.key); });
        }
      });
  }

  // --- tables -------------------------------------------------------------------------------
  // Each row is a list of cells: the first a row header, the rest numbers already formatted.
  function updateTable(name, rows, toCells) {
    var table = document.getElementById("dash-table-" + name);
    if (!table) { return; }
    var cells = rows.map(toCells);
    var signature = JSON.stringify(cells);
    if (table.$signature === signature) { return; }
    table.$signature = signature;
    var body = document.createElement("tbody");
    if (!cells.length) {
      var tr = body.insertRow(), td = tr.insertCell();
      td.colSpan = table.tHead.rows[0].cells.length;
      td.className = "janseva-dash-empty";
      td.textContent = T.empty;
    }
    cells.forEach(function (row) {
      var tr = body.insertRow();
      row.forEach(function (cell, i) {
        var el = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) { el.scope = "row"; } else { el.className = "janseva-num"; }
        if (typeof cell === "object") {
          el.textContent = cell.text;
          if (cell.heat !== undefined) { heat(el, cell.heat); }
        } else {
          el.textContent = cell;
        }
        tr.appendChild(el);
      });
    });
    table.replaceChild(body, table.tBodies[0]);
  }

  // One hue (Okabe–Ito blue) from white to full; the number stays printed in the cell.
  function heat(el, value) {
    var v = Math.max(0, Math.min(1, Number(value) || 0));
    var mix = 0.08 + 0.92 * v;
    var channel = function (full) { return Math.round(255 + (full - 255) * mix); };
    el.style.backgroundColor = "rgb(" + channel(0x00) + "," + channel(0x72) + "," + channel(0xB2) + ")";
    el.classList.add("janseva-heat");
    if (mix > 0.55) { el.classList.add("janseva-heat-dark"); }
    el.dataset.heat = v.toFixed(2);
  }

  function breakdownCells(row) { return [row.label, fmt.integer(row.count), fmt.percent(row.share)]; }
  function trendCells(row) { return [row.label, fmt.integer(row.intake), fmt.integer(row.resolved)]; }
  function performanceCells(row) {
    return [row.label, fmt.integer(row.tickets), fmt.integer(row.resolved), fmt.percent(row.sla_compliance),
            fmt.decimal(row.median_first_response_minutes), fmt.decimal(row.median_resolution_hours),
            fmt.decimal(row.rating_average)];
  }
  function unitCells(row) {
    return [row.label, fmt.integer(row.tickets), fmt.integer(row.open), fmt.integer(row.overdue),
            fmt.percent(row.sla_compliance), fmt.decimal(row.median_resolution_hours), fmt.decimal(row.rating_average),
            fmt.integer(row.appeals), fmt.integer(row.appeals_upheld), fmt.integer(row.appeals_dismissed)];
  }
  function rankingCells(row) {
    return [row.rank === null || row.rank === undefined ? NONE : fmt.integer(row.rank), row.label,
            fmt.integer(row.tickets), fmt.percent(row.sla_compliance), fmt.decimal(row.median_resolution_hours),
            fmt.decimal(row.rating_average), fmt.integer(row.appeals), fmt.integer(row.appeals_upheld),
            fmt.integer(row.appeals_dismissed)];
  }
  function explanationCells(row) {
    return [row.label, fmt.integer(row.asked), fmt.integer(row.answered_on_time), fmt.integer(row.answered_late),
            fmt.integer(row.missed), fmt.integer(row.awaited)];
  }
  function wardCells(row) {
    return [row.label, {text: fmt.integer(row.count), heat: row.heat}, fmt.percent(row.share),
            fmt.integer(row.open), fmt.integer(row.breaches)];
  }

  // --- tiles --------------------------------------------------------------------------------
  function tile(name, value, text) {
    var box = root.querySelector("[data-kpi='" + name + "']");
    if (!box) { return; }
    box.dataset.value = value === null || value === undefined ? "" : String(value);
    box.querySelector(".janseva-kpi-value").textContent = text;
  }

  function note(name, text) {
    var el = root.querySelector("[data-kpi-note='" + name + "']");
    if (el) { el.textContent = text; }
  }

  // --- rendering ----------------------------------------------------------------------------
  function render(data) {
    if (data.number_locale && data.number_locale !== cfg.locale) {
      cfg.locale = data.number_locale;
      fmt = formatters(cfg.locale);
    }
    var t = data.totals || {};
    tile("open", t.open, fmt.integer(t.open));
    tile("today", t.today, fmt.integer(t.today));
    tile("tickets", t.tickets, fmt.integer(t.tickets));
    tile("breaches", t.breaches, fmt.integer(t.breaches));
    tile("escalations", t.escalations, fmt.integer(t.escalations));
    tile("sla_compliance", t.sla_compliance, fmt.percent(t.sla_compliance));
    tile("rating_average", t.rating_average, fmt.decimal(t.rating_average));
    note("resolved", fill(T.resolved_of, "count", fmt.integer(t.resolved)));
    note("ratings", fill(T.ratings, "count", fmt.integer(t.ratings)));

    var b = data.breakdowns || {}, trend = data.trend || {}, perf = data.performance || {};
    ["category", "channel", "kind"].forEach(function (name) {
      var rows = b[name] || [];
      updateBreakdownChart(charts[name], rows);
      updateTable(name, rows, breakdownCells);
    });
    updateTable("ward", b.ward || [], wardCells);
    ["day", "month"].forEach(function (name) {
      var rows = trend[name] || [];
      updateChart(charts[name], rows.map(function (r) { return r.label; }),
        [rows.map(function (r) { return r.intake; }), rows.map(function (r) { return r.resolved; })],
        function (chart) {  // a long range: a line without dots
          chart.data.datasets.forEach(function (d) { if (d.borderWidth) { d.pointRadius = rows.length > 62 ? 0 : 3; } });
        });
      updateTable(name, rows, trendCells);
    });
    var departments = perf.department || [];
    updateChart(charts.department, departments.map(function (r) { return r.label; }),
      [departments.map(function (r) { return r.sla_compliance; })]);
    updateTable("department", departments, performanceCells);
    updateTable("officer", perf.officer || [], performanceCells);
    updateTable("unit", data.units || [], unitCells);
    updateTable("explanation", data.explanations || [], explanationCells);
    var level = (data.levels || []).filter(function (l) { return l.key === String((data.filters || {}).level); })[0];
    document.getElementById("dash-unit-level").textContent = level ? fill(T.unit_level, "level", level.label) : "";

    // The date inputs are Gregorian: name the period as the reader's calendar writes it.
    var days = trend.day || [];
    document.getElementById("dash-period").textContent = days.length ?
      fill(fill(T.period, "start", days[0].label), "end", days[days.length - 1].label) : "";

    var updated = document.getElementById("dash-updated");
    updated.textContent = fill(T.updated, "time", data.generated_label || "");
    updated.dataset.generatedAt = data.generated_at || "";
    state.last = data;
    root.dataset.loaded = "yes";
  }

  function showNotice(error) {
    var notice = document.getElementById("dash-notice");
    var alert = document.getElementById("dash-error");
    if (!error) {
      notice.textContent = "";
      alert.hidden = true;
      alert.textContent = "";
      return;
    }
    if (error.status === 400 && error.message) {  // the filters cannot be read: say why, in the form
      alert.textContent = error.message;
      alert.hidden = false;
      return;
    }
    notice.textContent = state.last ? fill(T.stale, "time", state.last.generated_label || "") : T.failed;
  }

  // --- fetching -----------------------------------------------------------------------------
  function load() {
    clearTimeout(state.timer);
    if (state.controller) { state.controller.abort(); }
    var controller = state.controller = new AbortController();
    fetch(cfg.url + "?" + state.query, {credentials: "same-origin", headers: {Accept: "application/json"},
                                        signal: controller.signal})
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok || !body.totals) { throw {status: response.status, message: body.message}; }
          return body;
        });
      })
      .then(function (data) { render(data); showNotice(null); })
      .catch(function (error) { if (error && error.name !== "AbortError") { showNotice(error); } })
      .then(function () { if (controller === state.controller) { schedule(); } });
  }

  function schedule() {
    clearTimeout(state.timer);
    state.timer = setTimeout(function () {
      if (document.hidden) { state.waiting = true; } else { load(); }
    }, cfg.refresh * 1000);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && state.waiting) { state.waiting = false; load(); }
  });

  // --- filters: kept in the address so a view can be bookmarked -----------------------------
  function formQuery() {
    var params = new URLSearchParams();
    ["from", "to", "department", "ward", "unit", "level"].forEach(function (name) {
      var field = form.querySelector("[name='" + name + "']:not([disabled])");
      params.set(name, field ? field.value : "");
    });
    return params.toString();
  }

  function exportLinks() {
    root.querySelectorAll("a[data-export]").forEach(function (link) {
      link.href = link.href.split("?")[0] + "?" + state.query;
    });
  }

  function fillForm(search) {
    var params = new URLSearchParams(search);
    ["from", "to", "department", "ward", "unit", "level"].forEach(function (name) {
      var field = form.querySelector("[name='" + name + "']:not([disabled])");
      if (field && field.type !== "hidden" && params.has(name)) { field.value = params.get(name); }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    state.query = formQuery();
    history.pushState(null, "", location.pathname + "?" + state.query);
    exportLinks();
    load();
  });

  window.addEventListener("popstate", function () {
    fillForm(location.search);
    state.query = formQuery();
    exportLinks();
    load();
  });

  // --- the monthly ranking: its own month and level, the dashboard's other filters ---------
  var ranking = document.getElementById("dash-ranking");
  var rankingForm = document.getElementById("dash-ranking-form");
  function rankingQuery() {
    var params = new URLSearchParams(state.query);
    params.set("month", rankingForm.querySelector("[name='month']").value);
    params.set("level", rankingForm.querySelector("[name='level']").value);
    return params.toString();
  }
  function loadRanking() {
    var query = rankingQuery();
    document.getElementById("dash-ranking-export").href = ranking.dataset.csv + "?" + query;
    fetch(ranking.dataset.url + "?" + query, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {rows: []}; })
      .then(function (body) { updateTable("ranking", body.rows || [], rankingCells); })
      .catch(function () { /* the next change of filters asks again */ });
  }
  rankingForm.addEventListener("submit", function (event) { event.preventDefault(); loadRanking(); });
  form.addEventListener("submit", loadRanking);
  window.addEventListener("popstate", loadRanking);

  // --- start --------------------------------------------------------------------------------
  var style = getComputedStyle(document.body);
  Chart.defaults.font.family = style.fontFamily;
  Chart.defaults.color = "#333333";
  charts.category = breakdownChart("dash-chart-category", "bar");
  charts.channel = breakdownChart("dash-chart-channel", "doughnut");
  charts.kind = breakdownChart("dash-chart-kind", "doughnut");
  charts.day = trendChart("dash-chart-day", "line");
  charts.month = trendChart("dash-chart-month", "bar");
  charts.department = complianceChart("dash-chart-department");
  window.JANSEVA_DASHBOARD = {charts: charts, refresh: load};
  exportLinks();
  load();
  loadRanking();
})();
