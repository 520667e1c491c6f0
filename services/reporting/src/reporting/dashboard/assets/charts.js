// Small inline-SVG charts for the dashboard (no library, no network).
// Every text goes in with textContent, never as markup.
"use strict";

window.Charts = (() => {
  const SVG_NS = "http://www.w3.org/2000/svg";

  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs = {}, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function empty(container, message = "No data yet") {
    container.replaceChildren(el("p", { class: "empty" }, message));
  }

  function legend(series) {
    const box = el("div", { class: "legend" });
    for (const s of series) {
      const item = el("span");
      item.append(el("span", { class: `swatch ${s.cls}` }), s.name);
      box.append(item);
    }
    return box;
  }

  // rows: [{label, values: [..]}]; series: [{name, cls}]; format: value -> text
  function bars(container, rows, series, { label = "chart", format = String } = {}) {
    if (!rows.length) return empty(container);
    const labelWidth = 190, area = 320, valueWidth = 70, band = 16, gap = 10;
    const rowHeight = series.length * band + gap;
    const width = labelWidth + area + valueWidth;
    const height = rows.length * rowHeight;
    const max = Math.max(1, ...rows.flatMap((r) => r.values.map((v) => v || 0)));
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height,
                              role: "img", "aria-label": label });
    rows.forEach((row, i) => {
      const top = i * rowHeight;
      root.append(svg("text", { x: labelWidth - 8, y: top + (series.length * band) / 2 + 2,
                                "text-anchor": "end" }, row.label));
      series.forEach((s, j) => {
        const value = row.values[j];
        const y = top + j * band;
        const w = value ? Math.max(1, (value / max) * area) : 0;
        const rect = svg("rect", { x: labelWidth, y, width: w, height: band - 3,
                                   class: s.cls, rx: 2 });
        rect.append(svg("title", {}, `${row.label} — ${s.name}: ${format(value)}`));
        root.append(rect);
        root.append(svg("text", { x: labelWidth + w + 4, y: y + band - 5, class: "value" },
                        format(value)));
      });
    });
    container.replaceChildren(legend(series), root);
  }

  // points: [{date: "YYYY-MM-DD", value}], consecutive days (gaps filled by the caller)
  function columns(container, points, { label = "chart", name = "value" } = {}) {
    if (!points.length) return empty(container);
    const width = 1000, height = 220, left = 40, bottom = 28, top = 10;
    const plotWidth = width - left - 10, plotHeight = height - top - bottom;
    const max = Math.max(1, ...points.map((p) => p.value));
    const step = plotWidth / points.length;
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height,
                              role: "img", "aria-label": label });
    root.append(svg("text", { x: left - 6, y: top + 10, "text-anchor": "end", class: "axis" },
                    max));
    root.append(svg("text", { x: left - 6, y: top + plotHeight, "text-anchor": "end",
                              class: "axis" }, 0));
    const every = Math.max(1, Math.ceil(points.length / 8));
    points.forEach((p, i) => {
      const h = (p.value / max) * plotHeight;
      const rect = svg("rect", { x: left + i * step + 1, y: top + plotHeight - h,
                                 width: Math.max(1, step - 2), height: h, class: "s1" });
      rect.append(svg("title", {}, `${p.date}: ${p.value} ${name}`));
      root.append(rect);
      const last = i === points.length - 1;
      if (last || (i % every === 0 && points.length - 1 - i >= every)) {
        root.append(svg("text", { x: last ? left + plotWidth : left + i * step + step / 2,
                                  y: height - 8, "text-anchor": last ? "end" : "middle",
                                  class: "axis" }, p.date));
      }
    });
    container.replaceChildren(root);
  }

  function progress(container, filled, total) {
    const width = 560, height = 46;
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
                              "aria-label": "places filled" });
    const share = total ? Math.min(1, filled / total) : 0;
    root.append(svg("rect", { x: 0, y: 0, width, height: 22, class: "track", rx: 3 }));
    root.append(svg("rect", { x: 0, y: 0, width: share * width, height: 22, class: "s2",
                              rx: 3 }));
    const text = total === null || total === undefined
      ? `${filled} filled; places not published yet`
      : `${filled} of ${total} places filled (${Math.round(share * 100)}%)`;
    root.append(svg("text", { x: 0, y: 40 }, text));
    container.replaceChildren(root);
  }

  // columns: [{key, title, numeric}]; rows: objects; flag(row, key) -> marks a bad value
  function table(container, columnsSpec, rows, flag = () => false) {
    if (!rows.length) return empty(container, "Nothing to show");
    const t = el("table");
    const head = el("tr");
    for (const c of columnsSpec) head.append(el("th", {}, c.title));
    t.append(head);
    for (const row of rows) {
      const tr = el("tr");
      for (const c of columnsSpec) {
        const value = row[c.key];
        const cls = [c.numeric ? "n" : "", flag(row, c.key) ? "bad" : ""].join(" ").trim();
        tr.append(el("td", cls ? { class: cls } : {}, value === null ? "—" : value));
      }
      t.append(tr);
    }
    container.replaceChildren(t);
  }

  return { el, bars, columns, progress, table, empty };
})();
