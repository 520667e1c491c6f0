// The operations dashboard: fetches the JSON reports with the operations token and
// draws them; refreshes by itself. The token lives in sessionStorage (this tab only).
"use strict";

(() => {
  const TOKEN_KEY = "returners.operationsToken";
  const { el, bars, columns, progress, table } = window.Charts;
  const $ = (id) => document.getElementById(id);
  const refreshSeconds = Number(document.body.dataset.refreshSeconds) || 10;
  const STAGES = [
    ["submitted", "Submitted"], ["eligible", "Eligible"], ["ineligible", "Ineligible"],
    ["invited", "Invited to assess"], ["assessed", "Assessed"], ["interviewed", "Interviewed"],
    ["selected", "Selected"], ["waitlisted", "Waitlisted"], ["rejected", "Not selected"],
    ["offered", "Offered"], ["accepted", "Accepted"], ["declined", "Offers declined"],
    ["expired", "Offers expired"], ["hired", "Hired"], ["withdrawn", "Withdrawn"],
    ["places_filled", "Places filled"], ["places", "Places"],
  ];
  const BANDS = { under_2: "Under 2 years", "2_to_5": "2–5 years", "5_to_10": "5–10 years",
                  "10_plus": "10+ years", undecided: "Not decided yet" };
  // The outcome report keys its bands as the programme's evaluation writes them.
  const OUTCOME_BANDS = { "0-2": "Under 2 years", "2-5": "2–5 years", "5-10": "5–10 years",
                          "10+": "10+ years", undecided: "Not decided yet" };
  const OUTCOMES = [
    ["opened", "Placements"], ["offers_withdrawn", "Offers withdrawn (conditions)"],
    ["started", "Started"], ["completed", "Completed"], ["withdrawn", "Left the placement"],
    ["reregistered", "Re-registered"], ["hired", "Hired"],
    ["completion_rate", "Completion rate"], ["reregistration_rate", "Re-registration rate"],
    ["median_days_to_complete", "Median days to complete"],
  ];
  const OUTCOME_TABLES = ["summary", "by-band", "by-region", "by-council", "withdrawals",
                          "offers-withdrawn-by-condition", "offers-withdrawn-by-reason",
                          "hours"];
  const reasonLabel = (code) => code.replaceAll("_", " ");
  const dateTime = (iso) => (iso ? new Date(iso).toLocaleString("en-GB") : null);
  let timer = null;

  function takeTokenFromFragment() {
    const params = new URLSearchParams(location.hash.slice(1));
    const token = params.get("token");
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    params.delete("token");
    const rest = params.toString();
    history.replaceState(null, "", location.pathname + location.search + (rest ? `#${rest}` : ""));
  }

  class Unauthorised extends Error {}

  async function api(path) {
    const response = await fetch(path, {
      headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` },
      cache: "no-store",
    });
    if (response.status === 401) throw new Unauthorised("the operations token was refused");
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  }

  function showSignIn(reason) {
    clearInterval(timer);
    $("dashboard").hidden = true;
    $("sign-out").hidden = true;
    $("sign-in").hidden = false;
    $("sign-in-reason").textContent = reason || "";
  }

  function status(text, isError = false) {
    $("status").textContent = text;
    $("status").className = isError ? "error" : "";
  }

  let programmes = [];

  async function loadProgrammes() {
    programmes = await api("/reports/programmes");
    const wanted = new URLSearchParams(location.search).get("programme");
    const select = $("programme");
    const current = select.value || wanted;
    select.replaceChildren(...programmes.map((p) =>
      el("option", { value: p.programme_id }, p.title ? `${p.title} (${p.programme_id})`
                                                      : p.programme_id)));
    if (current && programmes.some((p) => p.programme_id === current)) select.value = current;
    return select.value;
  }

  function renderFunnel(f) {
    $("funnel-figures").replaceChildren(...STAGES.map(([key, label]) => {
      const box = el("div", { class: "figure", "data-figure": key });
      box.append(el("span", { class: "value" }, f[key] === null ? "—" : f[key]),
                 el("span", { class: "label" }, label));
      return box;
    }));
    bars($("funnel-chart"), STAGES.filter(([k]) => k !== "places").map(([key, label]) => (
      { label, values: [f[key]] })), [{ name: "applications (offers for declined/expired)",
                                         cls: "s1" }], { label: "funnel" });
    progress($("places-chart"), f.places_filled, f.places);
    bars($("reasons-chart"), Object.entries(f.ineligible_by_reason).map(([code, n]) => (
      { label: reasonLabel(code), values: [n] })), [{ name: "ineligible applications",
                                                     cls: "s4" }], { label: "reasons" });
  }

  // Each programme's funnel in a column of its own; a programme reporting has not read yet
  // (its funnel a 404) shows dashes.
  async function renderProgrammes() {
    const funnels = await Promise.all(programmes.map((p) =>
      api(`/reports/programmes/${encodeURIComponent(p.programme_id)}/funnel`)
        .catch((error) => { if (error instanceof Unauthorised) throw error; return null; })));
    const reasons = [...new Set(funnels.flatMap((f) => Object.entries(f?.ineligible_by_reason
      ?? {}).filter(([, n]) => n > 0).map(([code]) => code)))].sort();
    const cell = (f, value) => (f === null || value === undefined ? null : value);
    const rows = [
      ...STAGES.map(([key, label]) => ({ key, label, values: funnels.map((f) => cell(f, f?.[key])) })),
      ...reasons.map((code) => ({ key: `ineligible:${code}`, label: `Ineligible: ${reasonLabel(code)}`,
        values: funnels.map((f) => cell(f, f?.ineligible_by_reason[code] ?? 0)) })),
    ];
    table($("programmes-table"),
          [{ key: "label", title: "Stage" }, ...programmes.map((p, i) => (
            { key: `p${i}`, title: p.programme_id, numeric: true }))],
          rows.map((r) => Object.fromEntries([["label", r.label], ["stage", r.key],
                                              ...r.values.map((v, i) => [`p${i}`, v])])));
  }

  function renderBreakdown(id, breakdown, labelOf = (g) => g ?? "unknown") {
    bars($(id), breakdown.rows.map((r) => ({ label: labelOf(r.group),
                                             values: [r.submitted, r.offered, r.places_filled] })),
         [{ name: "submitted", cls: "s1" }, { name: "offered", cls: "s3" },
          { name: "places filled", cls: "s2" }], { label: breakdown.dimension });
  }

  function renderCouncils(breakdown) {
    bars($("council-chart"), breakdown.rows.map((r) => ({
      label: r.name || r.council_id.slice(0, 8), values: [r.slots, r.offered, r.places_filled,
                                                          r.hired] })),
         [{ name: "open slots", cls: "s5" }, { name: "offered", cls: "s3" },
          { name: "places filled", cls: "s2" }, { name: "hired", cls: "s1" }],
         { label: "by council" });
  }

  function renderSubmissions(perDay) {
    const counts = new Map(perDay.days.map((d) => [d.date, d.submitted]));
    const points = [];
    if (perDay.days.length) {
      const day = new Date(`${perDay.days[0].date}T00:00:00Z`);
      const last = new Date(`${perDay.days[perDay.days.length - 1].date}T00:00:00Z`);
      for (; day <= last; day.setUTCDate(day.getUTCDate() + 1)) {
        const key = day.toISOString().slice(0, 10);
        points.push({ date: key, value: counts.get(key) || 0 });
      }
    }
    columns($("submissions-chart"), points, { label: "submissions per day",
                                              name: "submissions" });
  }

  function renderTimings(t) {
    const days = (v) => (v === null || v === undefined ? "—" : `${v.toFixed(1)} d`);
    bars($("timings-chart"), [
      { label: `Submission → offer (${t.time_to_offer.count})`,
        values: [t.time_to_offer.median_days, t.time_to_offer.p90_days] },
      { label: `Submission → hire (${t.time_to_hire.count})`,
        values: [t.time_to_hire.median_days, t.time_to_hire.p90_days] },
    ], [{ name: "median", cls: "s1" }, { name: "90th percentile", cls: "s3" }],
    { label: "time to offer and hire", format: days });
  }

  const percent = (rate) => (rate === null ? null : `${(rate * 100).toFixed(1)}%`);
  const outcomeColumns = (first) => [
    first, { key: "started", title: "Started", numeric: true },
    { key: "completed", title: "Completed", numeric: true },
    { key: "reregistered", title: "Re-registered", numeric: true },
    { key: "hired", title: "Hired", numeric: true },
    { key: "withdrawn", title: "Left", numeric: true },
    { key: "completion", title: "Completion", numeric: true },
    { key: "reregistration", title: "Re-registration", numeric: true },
    { key: "median_days_to_complete", title: "Median days", numeric: true },
  ];
  const outcomeRow = (r, group) => ({ ...r, group, completion: percent(r.completion_rate),
                                      reregistration: percent(r.reregistration_rate) });
  const counts = (tally, keyTitle, valueTitle) => (container) => table(
    container, [{ key: "key", title: keyTitle }, { key: "n", title: valueTitle, numeric: true }],
    Object.entries(tally).map(([key, n]) => ({ key: reasonLabel(key), n })));

  function renderOutcomes(o, base) {
    $("outcome-figures").replaceChildren(...OUTCOMES.map(([key, label]) => {
      const box = el("div", { class: "figure", "data-outcome": key });
      const value = key.endsWith("_rate") ? percent(o[key]) : o[key];
      box.append(el("span", { class: "value" }, value === null ? "—" : value),
                 el("span", { class: "label" }, label));
      return box;
    }));
    const byBand = Object.entries(o.by_band);
    bars($("outcome-band-chart"), byBand.map(([band, g]) => ({
      label: OUTCOME_BANDS[band] || band, values: [g.started, g.completed, g.reregistered,
                                                   g.hired] })),
         [{ name: "started", cls: "s1" }, { name: "completed", cls: "s2" },
          { name: "re-registered", cls: "s5" }, { name: "hired", cls: "s3" }],
         { label: "outcomes by time out of practice" });
    table($("outcome-band-table"), outcomeColumns({ key: "group", title: "Band" }),
          byBand.map(([band, g]) => outcomeRow(g, OUTCOME_BANDS[band] || band)));
    table($("outcome-region-table"), outcomeColumns({ key: "group", title: "Region" }),
          Object.entries(o.by_region).map(([region, g]) => outcomeRow(g, region)));
    table($("outcome-council-table"), outcomeColumns({ key: "group", title: "Council" }),
          Object.entries(o.by_council).map(([id, c]) => outcomeRow(c, c.name || id.slice(0, 8))));
    counts(o.withdrawals_by_reason, "Reason", "Placements")($("withdrawals-table"));
    counts(o.offers_withdrawn_by_condition, "Condition", "Offers")($("offers-withdrawn-table"));
    counts(o.hours_by_kind, "Kind", "Hours")($("hours-table"));
    $("outcome-downloads").replaceChildren(...OUTCOME_TABLES.map((name) => {
      const button = el("button", { type: "button", "data-table": name }, name);
      button.addEventListener("click", () => download(`${base}/outcomes/${name}.csv`,
                                                      `outcomes-${name}.csv`));
      return button;
    }));
  }

  // The CSV needs the bearer header, so it is fetched and handed to the browser as a file.
  async function download(path, filename) {
    const response = await fetch(path, {
      headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` },
      cache: "no-store",
    });
    if (!response.ok) return status(`${path}: HTTP ${response.status}`, true);
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function renderHealth(h) {
    if (h.refreshed_at === null) {
      for (const id of ["lag-table", "dlq-table", "outbox-table", "retries-table",
                        "failures-table"]) {
        window.Charts.empty($(id), "Not gathered yet");
      }
      return;
    }
    table($("lag-table"), [{ key: "service", title: "Service" }, { key: "topic", title: "Topic" },
                           { key: "lag", title: "Lag", numeric: true }],
          h.consumer_lag, (r, k) => k === "lag" && r.lag > 1000);
    table($("dlq-table"), [{ key: "topic", title: "Dead-letter topic" },
                           { key: "records", title: "Records", numeric: true },
                           { key: "origins", title: "From" }],
          h.dead_letters.map((d) => ({ ...d, origins: Object.entries(d.by_original_topic)
            .map(([t, n]) => `${t}: ${n}`).join(", ") || "—" })),
          (r, k) => k === "records" && r.records > 0);
    table($("outbox-table"), [{ key: "service", title: "Service" },
                              { key: "backlog", title: "Backlog", numeric: true },
                              { key: "error", title: "Scrape" }],
          h.outbox_backlog.map((o) => ({ ...o, error: o.error || "ok" })),
          (r, k) => (k === "error" && r.error !== "ok") || (k === "backlog" && r.backlog > 100));
    // In retry: failed at least once and still pending (dead letters come after every retry).
    table($("retries-table"), [{ key: "channel", title: "Channel" },
                               { key: "in_retry", title: "In retry", numeric: true },
                               { key: "last_error", title: "Last error" },
                               { key: "last_error_at", title: "At" }],
          h.delivery_retries.map((d) => ({
            channel: d.channel,
            in_retry: d.in_retry,
            last_error: d.scrape_error ? `unknown: ${d.scrape_error}` : d.last_error,
            last_error_at: dateTime(d.last_error_at),
          })),
          (r, k) => (k === "in_retry" || k === "last_error")
                    && (r.in_retry === null || r.in_retry > 0));
    table($("failures-table"), [{ key: "channel", title: "Channel" },
                                { key: "source_event_type", title: "Event" },
                                { key: "failures", title: "Failures", numeric: true }],
          h.delivery_failures);
  }

  async function refresh() {
    const programme = await loadProgrammes();
    const health = await api("/reports/platform-health");
    renderHealth(health);
    await renderProgrammes();
    if (programme) {
      const base = `/reports/programmes/${encodeURIComponent(programme)}`;
      const [funnel, councils, regions, specialisms, bands, timings, perDay, outcomes] =
        await Promise.all(["funnel", "by-council", "by-region", "by-specialism", "by-band",
                           "timings", "submissions-per-day", "outcomes"]
          .map((part) => api(`${base}/${part}`)));
      renderFunnel(funnel);
      renderCouncils(councils);
      renderBreakdown("region-chart", regions);
      renderBreakdown("specialism-chart", specialisms);
      const bandOrder = Object.keys(BANDS);
      bands.rows.sort((a, b) => bandOrder.indexOf(a.group) - bandOrder.indexOf(b.group));
      renderBreakdown("band-chart", bands, (g) => BANDS[g] || g);
      renderSubmissions(perDay);
      renderTimings(timings);
      renderOutcomes(outcomes, base);
    }
    $("updated").textContent = new Date().toLocaleTimeString("en-GB");
    if (health.errors.length) status(`Platform health incomplete: ${health.errors.join("; ")}`,
                                     true);
    else status(programme ? "" : "No programme has been published yet.");
  }

  async function tick() {
    try {
      await refresh();
    } catch (error) {
      if (error instanceof Unauthorised) {
        sessionStorage.removeItem(TOKEN_KEY);
        showSignIn("That token was refused; enter the operations token.");
      } else {
        status(`Could not refresh: ${error.message}`, true);
      }
    }
  }

  function start() {
    $("sign-in").hidden = true;
    $("dashboard").hidden = false;
    $("sign-out").hidden = false;
    clearInterval(timer);
    timer = setInterval(tick, refreshSeconds * 1000);
    return tick();
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("refresh-every").textContent = refreshSeconds;
    takeTokenFromFragment();
    $("token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $("token-input").value.trim());
      $("token-input").value = "";
      start();
    });
    $("sign-out").addEventListener("click", () => {
      sessionStorage.removeItem(TOKEN_KEY);
      showSignIn("");
    });
    $("programme").addEventListener("change", () => {
      const url = new URL(location.href);
      url.searchParams.set("programme", $("programme").value);
      history.replaceState(null, "", url);
      tick();
    });
    if (sessionStorage.getItem(TOKEN_KEY)) start();
    else showSignIn("");
  });
})();
