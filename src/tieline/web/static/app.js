// Tieline dashboard: plain JavaScript, no libraries.  Every piece of stored text (article bodies,
// titles, sentences, actor names) is untrusted: it only ever reaches the page through textContent
// or text nodes, and links are built from ids or checked http(s) URLs.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const $ = (sel) => document.querySelector(sel);

  // -- DOM helpers ---------------------------------------------------------------------------
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, kids);
    return el;
  }
  function s(tag, attrs, ...kids) {
    const el = document.createElementNS(SVG, tag);
    setAttrs(el, attrs);
    append(el, kids);
    return el;
  }
  function setAttrs(el, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") el.textContent = String(v);
      else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, String(v));
    }
  }
  function append(el, kids) {
    for (const k of kids.flat(Infinity)) {
      if (k === null || k === undefined || k === false) continue;
      el.appendChild(k instanceof Node ? k : document.createTextNode(String(k)));
    }
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null; }
  function articleHref(id) { return "#/article/" + encodeURIComponent(id); }
  function fmtScore(x) { return x === null || x === undefined ? "–" : (x > 0 ? "+" : "") + Number(x).toFixed(2); }
  function scoreClass(x) { return x > 0 ? "pos" : x < 0 ? "neg" : "zero"; }
  function actorNames(list) { return (list || []).map((a) => (typeof a === "string" ? a : a.text || a.entity || "?")).join(", "); }

  // -- API -----------------------------------------------------------------------------------
  async function api(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v === null || v === undefined || v === "") continue;
      if (Array.isArray(v)) v.forEach((x) => q.append(k, x)); else q.append(k, v);
    }
    const url = path + (q.toString() ? "?" + q.toString() : "");
    let r = await fetch(url, { headers: { Accept: "application/json" } });
    // 503 while an ingest writes the database (tieline serve --reopen): wait as told, retry a few times
    for (let tries = 0; r.status === 503 && tries < 5; tries++) {
      const wait = Math.min(10, parseFloat(r.headers.get("Retry-After")) || 2);
      await new Promise((done) => setTimeout(done, wait * 1000));
      r = await fetch(url, { headers: { Accept: "application/json" } });
    }
    let body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    if (!r.ok) {
      const msg = body && body.detail ? (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail)) : r.statusText;
      throw new Error(msg + " (" + r.status + ")");
    }
    return body;
  }
  function showError(err) {
    const box = $("[data-testid=error]");
    if (!err) { box.hidden = true; clear(box); return; }
    clear(box).appendChild(document.createTextNode(String(err.message || err)));
    box.hidden = false;
  }

  // -- routing (#/..., query after ?) -----------------------------------------------------------
  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, "");
    const qi = raw.indexOf("?");
    const path = qi >= 0 ? raw.slice(0, qi) : raw;
    const params = new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : "");
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    return { parts, params };
  }
  function go(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v) q.set(k, v);
    const target = "#/" + path + (q.toString() ? "?" + q.toString() : "");
    if (location.hash === target) route(); else location.hash = target;
  }
  function showView(name) {
    for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== "view-" + name;
    for (const a of document.querySelectorAll("nav a[data-nav]")) a.classList.toggle("on", a.dataset.nav === name);
  }

  let routing = 0;
  async function route() {
    showError(null);
    const { parts, params } = parseHash();
    const me = ++routing;
    const busy = $("[data-testid=loading]");
    const timer = setTimeout(() => { if (me === routing) busy.hidden = false; }, 150);
    try {
      if (parts[0] === "article" && parts[1]) { showView("article"); await showArticle(parts[1]); }
      else if (parts[0] === "network") { showView("network"); await showNetwork(params); }
      else if (parts[0] === "map") { showView("map"); await showMap(params); }
      else if (parts[0] === "articles") { showView("articles"); await showArticles(params.get("q") || ""); }
      else {
        showView("dyad");
        const a = params.get("a") || "", b = params.get("b") || "", by = params.get("by") || "year";
        $("#actor-a").value = a; $("#actor-b").value = b; $("#by").value = by;
        $("#home-panel").hidden = true;
        if (a && b) await showDyad(a, b, by, params.get("period"), me);
        else if (a || b) await showActor(a || b);
        else { $("#dyad-panel").hidden = true; $("#actor-panel").hidden = true; await showHome(); }
      }
    } catch (e) {
      // nothing of the previous view stays on screen under the message
      for (const id of ["#dyad-panel", "#actor-panel", "#home-panel"]) $(id).hidden = true;
      showError(e);
    }
    finally {
      clearTimeout(timer);
      if (me === routing) busy.hidden = true;
    }
  }

  // -- suggestions -----------------------------------------------------------------------------
  function suggest(input, list) {
    let timer = null, seq = 0, active = -1;
    function close() { list.hidden = true; clear(list); active = -1; }
    function pick(name) { input.value = name; close(); input.dispatchEvent(new Event("change")); }
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (!q) { close(); return; }
      timer = setTimeout(async () => {
        const my = ++seq;
        let res;
        try { res = await api("/api/actors", { q, limit: 8 }); } catch (e) { return; }
        if (my !== seq) return;
        clear(list); active = -1;
        for (const a of res.actors.slice(0, 10)) {
          const meta = [a.kind, [a.code, a.sector].filter(Boolean).join("/")].filter(Boolean).join(" · ");
          const count = a.known ? (a.events ? a.events + " events" : "no events") : a.mentions + " mentions";
          list.appendChild(h("li", { "data-testid": "suggestion", "data-name": a.name, role: "option",
                                     class: a.known && !a.events ? "dim" : null,
                                     onmousedown: (ev) => { ev.preventDefault(); pick(a.name); } },
            h("span", { class: "name", text: a.name }), h("span", { class: "meta", text: meta + " · " + count })));
        }
        list.hidden = !list.firstChild;
      }, 120);
    });
    input.addEventListener("keydown", (ev) => {
      const items = list.querySelectorAll("li");
      if (list.hidden || !items.length) return;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        active = (active + (ev.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
        items.forEach((li, i) => li.classList.toggle("active", i === active));
      } else if (ev.key === "Enter" && active >= 0) {
        ev.preventDefault(); pick(items[active].dataset.name);
      } else if (ev.key === "Escape") close();
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  }

  // -- one actor -------------------------------------------------------------------------------
  async function showActor(name) {
    $("#dyad-panel").hidden = true;
    const panel = clear($("#actor-panel"));
    panel.hidden = false;
    const found = await api("/api/actors", { q: name, limit: 5 });
    const hit = found.actors.find((a) => a.name.toLowerCase() === name.toLowerCase()) || found.actors[0];
    if (!hit) { panel.appendChild(h("p", { text: "No actor matches " + JSON.stringify(name) + "." })); return; }
    const a = await api("/api/actors/" + encodeURIComponent(hit.id));
    panel.appendChild(h("h2", { "data-testid": "actor-name", text: a.name }));
    panel.appendChild(h("p", { class: "meta" }, [a.kind, [a.code, a.sector].filter(Boolean).join("/"),
      a.events + (a.events > 1000 ? "+" : "") + " stored events", a.known ? "in the knowledge base" : "unknown actor (not in the knowledge base)"]
      .filter(Boolean).join(" · ")));
    const p = a.partners;
    if (p) {
      const col = (title, items) => h("div", { class: "partners" }, h("h3", { text: title }),
        items.length ? h("ul", {}, items.map((i) => h("li", {},
          h("a", { href: "#/?" + new URLSearchParams({ a: a.name, b: i.name || i.partner, by: "year" }).toString(), "data-testid": "partner",
                   title: i.partner, text: i.name || i.partner }),
          " ", h("span", { class: "score " + scoreClass(i.score), text: fmtScore(i.score) }),
          h("span", { class: "meta", text: " " + i.events + " events, " + i.first + " – " + i.last })))) : h("p", { class: "meta", text: "none" }));
      panel.appendChild(h("div", { class: "cols" }, col("Warmest partners", p.warmest || []), col("Coldest partners", p.coldest || [])));
    }
    panel.appendChild(h("p", {}, h("a", { href: "#/articles?q=" + encodeURIComponent(a.name), text: "Articles mentioning " + a.name })));
  }

  // -- the landing page: what is in the database -------------------------------------------------
  async function showHome() {
    const box = clear($("#home-panel"));
    const d = await api("/api/overview", { n: 8 });
    box.hidden = false;
    if (!d.dyads.length) {
      box.appendChild(h("p", { class: "meta", "data-testid": "home-empty", text: "No scored events yet: ingest some news (tieline ingest FILES) or run tieline demo." }));
      return;
    }
    box.appendChild(h("h3", { text: "Most reported relations" }));
    box.appendChild(h("ol", { class: "dyads", "data-testid": "home-dyads" }, d.dyads.map((x) => h("li", {},
      h("a", { href: "#/?a=" + encodeURIComponent(x.a) + "&b=" + encodeURIComponent(x.b) + "&by=year", "data-testid": "home-dyad", text: x.a + " – " + x.b }),
      h("span", { class: "meta", text: "  " + x.events + " events · " + x.trend + (x.period ? " (" + x.period + ")" : "") })))));
    box.appendChild(h("h3", { text: "Latest events" }));
    box.appendChild(h("ol", { class: "reasons", "data-testid": "home-latest" }, d.latest.map((e) => h("li", {},
      h("span", { class: "score " + scoreClass(e.score), text: fmtScore(e.score) }), " ",
      h("b", { text: e.type }), " ", h("span", { class: "meta", text: (e.date || "") }),
      h("div", { class: "sentence", text: e.sentence || "" }),
      h("div", { class: "meta" }, h("a", { href: articleHref(e.article_id), text: "article" }))))));
  }

  // -- a dyad: timeline, trend, period events ---------------------------------------------------
  let current = null;   // {a, b, by, report}

  async function showDyad(a, b, by, period, me) {
    $("#actor-panel").hidden = true;
    // the trend panel follows the chosen period (the report labels that period)
    const same = current && current.a === a && current.b === b && current.by === by && current.period === (period || "");
    const rep = same ? current.report : await api("/api/ties", { a, b, by, period: period || "" });
    if (me !== undefined && me !== routing) return;     // a later route has taken over: draw nothing stale
    current = { a, b, by, period: period || "", report: rep };
    $("#dyad-panel").hidden = false;
    const title = clear($("#dyad-title"));
    title.appendChild(document.createTextNode(rep.dyad[0] + " – " + rep.dyad[1]));
    title.appendChild(h("span", { class: "meta", text: "  " + rep.n + " events" + (rep.reports !== rep.n ? " (" + rep.reports + " reports)" : "") + ", per " + by }));
    drawChart($("#chart"), rep, period);
    drawTrend($("#trend"), rep);
    const box = $("#period");
    if (period) await showPeriod(period); else { box.hidden = true; clear(box); }
  }

  function allPeriods(by, periods) {
    // Fill the gaps between the first and last period so that time reads left to right evenly.
    if (!periods.length) return [];
    if (by === "week") {
      // ISO weeks: step a Thursday by 7 days (the Thursday's year is the week's year)
      const thursday = (lab) => { const [y, w] = lab.split("-W").map((x) => parseInt(x, 10));
        const jan4 = new Date(Date.UTC(y, 0, 4)); const day = (jan4.getUTCDay() + 6) % 7;
        return new Date(Date.UTC(y, 0, 4 - day + 3 + 7 * (w - 1))); };
      const label = (d) => { const y = d.getUTCFullYear(); const jan4 = new Date(Date.UTC(y, 0, 4));
        const day = (jan4.getUTCDay() + 6) % 7; const first = Date.UTC(y, 0, 4 - day + 3);
        return y + "-W" + String(Math.round((d - first) / 604800000) + 1).padStart(2, "0"); };
      const out = [];
      for (let d = thursday(periods[0].period), end = thursday(periods[periods.length - 1].period);
           d <= end && out.length < 1200; d = new Date(d.getTime() + 604800000)) out.push(label(d));
      return out;
    }
    const key = (lab) => {
      if (by === "year") return [parseInt(lab, 10), 0];
      if (by === "quarter") { const [y, q] = lab.split("-Q"); return [parseInt(y, 10), parseInt(q, 10)]; }
      const [y, m] = lab.split("-"); return [parseInt(y, 10), parseInt(m, 10)];
    };
    const per = by === "year" ? 1 : by === "quarter" ? 4 : 12;
    const [y0, s0] = key(periods[0].period), [y1, s1] = key(periods[periods.length - 1].period);
    const out = [];
    let y = y0, sub = s0;
    while ((y < y1 || (y === y1 && sub <= s1)) && out.length < 1200) {
      out.push(by === "year" ? String(y) : by === "quarter" ? y + "-Q" + sub : y + "-" + String(sub).padStart(2, "0"));
      if (by === "year") y++; else { sub++; if (sub > per) { sub = 1; y++; } }
    }
    return out;
  }

  function drawChart(box, rep, selected) {
    clear(box);
    const by = rep.by, periods = rep.periods || [];
    if (!periods.length) { box.appendChild(h("p", { class: "meta", "data-testid": "no-events", text: "No scored events between these two actors." })); return; }
    const byLabel = new Map(periods.map((p) => [p.period, p]));
    const labels = allPeriods(by, periods);
    const W = Math.max(320, Math.min(1100, box.clientWidth || 860)), H = 320;
    const m = { l: 44, r: 12, t: 16, b: 46 };
    const pw = W - m.l - m.r, ph = H - m.t - m.b;
    const maxAbs = Math.min(10, Math.max(2, Math.ceil(Math.max(...periods.map((p) => Math.abs(p.score || 0))))));
    const y = (v) => m.t + ph / 2 - (v / maxAbs) * (ph / 2);
    const step = pw / labels.length, bw = Math.max(2, Math.min(56, step * 0.7));
    const svg = s("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "data-testid": "timeline",
                           "aria-label": "Relation score per " + by + ": " + rep.dyad.join(" – ") });
    // grid and axis
    for (const v of [-maxAbs, -maxAbs / 2, maxAbs / 2, maxAbs]) {
      svg.appendChild(s("line", { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: "grid" }));
      svg.appendChild(s("text", { x: m.l - 6, y: y(v) + 4, class: "tick", "text-anchor": "end", text: (v > 0 ? "+" : "") + (Math.round(v * 10) / 10) }));
    }
    svg.appendChild(s("text", { x: m.l - 6, y: y(0) + 4, class: "tick", "text-anchor": "end", text: "0" }));
    const every = Math.ceil(labels.length / Math.floor(pw / 54));
    const trendP = rep.trend && rep.trend.period;
    labels.forEach((lab, i) => {
      const cx = m.l + step * i + step / 2;
      const p = byLabel.get(lab);
      if (i % every === 0) svg.appendChild(s("text", { x: cx, y: H - m.b + 18, class: "tick", "text-anchor": "middle", text: lab }));
      if (!p) return;
      const v = p.score || 0, top = Math.min(y(v), y(0)), hgt = Math.max(1.5, Math.abs(y(v) - y(0)));
      const g = s("g", { class: "bar " + scoreClass(v) + (lab === selected ? " selected" : "") + (lab === trendP ? " trend" : ""),
                         "data-testid": "bar", "data-period": lab, "data-score": v, "data-events": p.events, tabindex: 0,
                         role: "button", "aria-label": lab + ": score " + fmtScore(v) + ", " + p.events + " events",
                         onclick: () => go("", { a: current.a, b: current.b, by: current.by, period: lab }),
                         onkeydown: (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); go("", { a: current.a, b: current.b, by: current.by, period: lab }); } } },
        s("title", { text: lab + "  score " + fmtScore(v) + "  ·  " + p.events + " events (" + p.positive + " positive, " + p.negative + " negative)" }),
        s("rect", { x: m.l + step * i, y: m.t, width: step, height: ph, class: "hit" }),
        s("rect", { x: cx - bw / 2, y: top, width: bw, height: hgt, rx: 2, class: "fill" }));
      if (bw >= 22) g.appendChild(s("text", { x: cx, y: v >= 0 ? top - 4 : top + hgt + 12, class: "count", "text-anchor": "middle", text: String(p.events) }));
      svg.appendChild(g);
    });
    // the relation's level and its 90% band (local-level model, filtered): drawn through the periods with events
    const pts = labels.map((lab, i) => [m.l + step * i + step / 2, byLabel.get(lab)]).filter(([, p]) => p && p.band);
    if (pts.length > 1) {
      const clip = (v) => Math.max(-maxAbs, Math.min(maxAbs, v));
      const up = pts.map(([cx, p]) => cx + "," + y(clip(p.band[1]))), down = pts.slice().reverse().map(([cx, p]) => cx + "," + y(clip(p.band[0])));
      svg.appendChild(s("polygon", { points: up.concat(down).join(" "), class: "band", "data-testid": "band" },
        s("title", { text: "level (local-level model), 90% interval" })));
      svg.appendChild(s("polyline", { points: pts.map(([cx, p]) => cx + "," + y(clip(p.level))).join(" "), class: "level", "data-testid": "level" }));
    }
    svg.appendChild(s("line", { x1: m.l, x2: W - m.r, y1: y(0), y2: y(0), class: "zero", "data-testid": "zero-line" }));
    svg.appendChild(s("text", { x: m.l, y: H - 6, class: "axis-note", text: "bars: score per " + by + " (numbers: distinct events) · line and band: level, 90% interval" }));
    box.appendChild(svg);
  }

  function drawTrend(box, rep) {
    clear(box);
    const t = rep.trend || {};
    box.appendChild(h("h3", {}, "Trend ", h("span", { class: "trend-label " + (t.label || "stable"), "data-testid": "trend-label", text: t.label || "stable" })));
    const facts = [];
    if (t.verdict && t.verdict !== t.label) facts.push(t.verdict);
    if (t.period) facts.push(t.period + ": " + fmtScore(t.score));
    if (t.expected) facts.push("expected " + fmtScore(t.expected[0]) + " to " + fmtScore(t.expected[1]));
    if (t.change !== undefined) facts.push("level moved " + fmtScore(t.change));
    if (t.confidence) facts.push(t.confidence + " confidence (" + t.sure + ")");
    box.appendChild(h("p", { class: "meta", text: facts.join(" · ") }));
    if (t.why) box.appendChild(h("p", { "data-testid": "trend-why", text: t.why }));
    const reasons = t.reasons || [];
    if (reasons.length) {
      box.appendChild(h("h4", { text: "Events that moved the level in " + t.period + " (their share of the change)" }));
      box.appendChild(h("ol", { class: "reasons", "data-testid": "reasons" }, reasons.map((r) => h("li", {},
        h("span", { class: "score " + scoreClass(r.score), text: fmtScore(r.score) }), " ",
        h("span", { class: "meta", title: "share of the level's change", text: "(" + fmtScore(r.contribution) + ") " }),
        h("b", { text: r.type }), " ", h("span", { class: "meta", text: (r.date || "") + (r.reports > 1 ? " · " + r.reports + " reports" : "") }),
        h("div", { class: "sentence", text: r.sentence || "" }),
        h("div", { class: "meta" }, modalityText(r.modality, r.attributed_to), " · ", h("a", { href: articleHref(r.article_id), text: "article" }))))));
    }
  }

  function modalityText(mod, who) {
    const m = (mod || []).join(", ");
    return who ? m + " (according to " + who + ")" : m;
  }

  async function showPeriod(period) {
    const box = $("#period");
    const d = await api("/api/ties/period", { a: current.a, b: current.b, by: current.by, period });
    clear(box);
    box.hidden = false;
    box.appendChild(h("h3", { "data-testid": "period-title" }, "Events in " + d.period + " ",
      h("span", { class: "meta", text: d.start + " – " + d.end + " · " + d.events.length + " events" })));
    if (!d.events.length) { box.appendChild(h("p", { class: "meta", text: "No scored events in this period." })); return; }
    const table = h("table", { class: "events" },
      h("thead", {}, h("tr", {}, ["Date", "Type", "Score", "Who → whom", "Sentence", "Source", "Modality", ""].map((x) => h("th", { text: x })))));
    const tb = h("tbody");
    for (const e of d.events) {
      tb.appendChild(h("tr", { "data-testid": "event", "data-event-id": e.event_id },
        h("td", { class: "nowrap", text: e.date || "" }),
        h("td", { text: e.type || "" }),
        h("td", {}, h("span", { class: "score " + scoreClass(e.score), text: fmtScore(e.score) })),
        h("td", { text: actorNames(e.source) + (e.target && e.target.length ? " → " + actorNames(e.target) : " (mutual)") }),
        h("td", { class: "sentence", text: e.sentence || "" }),
        h("td", { text: e.attributed_to || "" }),
        h("td", { text: (e.modality || []).join(", ") + (e.reports > 1 ? " · " + e.reports + " reports" : "") }),
        h("td", {}, h("a", { href: articleHref(e.article_id), "data-testid": "event-article", text: "article" }))));
    }
    table.appendChild(tb);
    box.appendChild(table);
    const bar = document.querySelector('[data-testid=bar][data-period="' + CSS.escape(d.period) + '"]');
    for (const b of document.querySelectorAll("[data-testid=bar]")) b.classList.toggle("selected", b === bar);
    // the events are below the chart: bring them into view
    if (box.scrollIntoView) box.scrollIntoView({ block: "start" });
  }

  // -- one article, actors and events highlighted ----------------------------------------------
  async function showArticle(id) {
    const a = await api("/api/articles/" + encodeURIComponent(id));
    const box = clear($("#article")), side = clear($("#article-side"));
    box.appendChild(h("h2", { "data-testid": "article-title", text: a.title || "(untitled)" }));
    const url = safeUrl(a.url);
    box.appendChild(h("p", { class: "meta" },
      [a.publisher, a.published, (a.authors || []).join(", ")].filter(Boolean).join(" · "),
      url ? [" · ", h("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank", text: "original" })] : null));
    box.appendChild(h("p", { class: "legend" }, h("mark", { class: "m known", text: "known actor" }), " ",
      h("mark", { class: "m unknown", text: "unknown actor" }), " ", h("span", { class: "ev", text: "event sentence" })));
    box.appendChild(highlighted(a.body || "", a.mentions || [], a.events || []));

    const seen = new Map();
    for (const m of a.mentions || []) {
      const k = (m.entity || m.text) + "|" + (m.code || "") + "|" + (m.sector || "");
      if (!seen.has(k)) seen.set(k, { m, n: 0 });
      seen.get(k).n++;
    }
    side.appendChild(h("h3", { text: "Actors" }));
    side.appendChild(h("ul", { class: "actors", "data-testid": "article-actors" }, [...seen.values()].map(({ m, n }) =>
      h("li", { class: m.known === false ? "unknown" : "known" },
        h("a", { href: "#/?" + new URLSearchParams({ a: m.entity || m.text }).toString(), text: m.entity || m.text }),
        h("span", { class: "meta", text: " " + [m.code, m.sector].filter(Boolean).join("/") + (n > 1 ? " ×" + n : "") + (m.known === false ? " · unknown" : "") })))));
    side.appendChild(h("h3", { text: "Events" }));
    side.appendChild(h("ol", { class: "article-events", "data-testid": "article-events" }, (a.events || []).map((e) =>
      h("li", { "data-testid": "article-event", "data-event-id": e.event_id,
                onmouseenter: () => flash(e.event_id, true), onmouseleave: () => flash(e.event_id, false),
                onclick: () => { const el = document.querySelector('[data-sentence="' + CSS.escape(e.event_id) + '"]'); if (el) el.scrollIntoView({ block: "center" }); } },
        h("b", { text: e.type }), " ", h("span", { class: "score " + scoreClass(e.score), text: fmtScore(e.score) }),
        h("div", { text: actorNames(e.source) + (e.target && e.target.length ? " → " + actorNames(e.target) : " (mutual)") }),
        h("div", { class: "meta", text: [e.date, modalityText(e.modality, e.attributed_to), e.cameo ? "CAMEO " + e.cameo : null].filter(Boolean).join(" · ") })))));
  }

  function flash(eventId, on) {
    for (const el of document.querySelectorAll('[data-sentence~="' + CSS.escape(eventId) + '"]')) el.classList.toggle("flash", on);
  }

  // Split the body at every mention and event-sentence boundary; each piece is a text node inside
  // spans that carry the classes.  Offsets are UTF-16 indices, as Python's str indices are code
  // points: convert through an array of code points.
  function highlighted(body, mentions, events) {
    const cps = Array.from(body);
    const n = cps.length;
    const spans = [];
    for (const m of mentions) if (m.start >= 0 && m.end <= n && m.start < m.end) spans.push({ s: m.start, e: m.end, kind: "m", m });
    for (const e of events) {
      const st = e.sentence_start, len = Array.from(e.sentence || "").length;
      if (st >= 0 && st + len <= n && len > 0) spans.push({ s: st, e: st + len, kind: "ev", ev: e });
    }
    const cuts = new Set([0, n]);
    for (const sp of spans) { cuts.add(sp.s); cuts.add(sp.e); }
    const points = [...cuts].sort((x, y) => x - y);
    const root = h("div", { class: "body", "data-testid": "article-body" });
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i], b = points[i + 1];
      const text = cps.slice(a, b).join("");
      const evs = spans.filter((sp) => sp.kind === "ev" && sp.s <= a && sp.e >= b);
      const ms = spans.filter((sp) => sp.kind === "m" && sp.s <= a && sp.e >= b);
      let node = document.createTextNode(text);
      if (ms.length) {
        const m = ms[0].m;
        node = h("mark", { class: "m " + (m.known === false ? "unknown" : "known"), "data-testid": "mention",
                            title: [m.entity || m.text, [m.code, m.sector].filter(Boolean).join("/"), m.how].filter(Boolean).join(" · ") }, node);
      }
      if (evs.length) {
        node = h("span", { class: "ev", "data-sentence": evs.map((x) => x.ev.event_id).join(" "),
                           title: evs.map((x) => x.ev.type + " " + fmtScore(x.ev.score) + " (" + (x.ev.modality || []).join(", ") + ")").join("; ") }, node);
      }
      root.appendChild(node);
    }
    return root;
  }

  // -- network -------------------------------------------------------------------------------
  const DEFAULT_NETWORK = "Iran, Hamas, Saudi Arabia, Israel, Hezbollah";

  function scoreColour(v) {
    // red (-10) .. grey (0) .. green (+10)
    if (v === null || v === undefined) return "#bbb";
    const t = Math.max(-1, Math.min(1, v / 6));
    const grey = [150, 150, 150], pos = [46, 125, 50], neg = [198, 40, 40];
    const to = t >= 0 ? pos : neg, k = Math.abs(t);
    const c = grey.map((g, i) => Math.round(g + (to[i] - g) * k));
    return "rgb(" + c.join(",") + ")";
  }

  async function showNetwork(params) {
    const names = params.get("actors") || DEFAULT_NETWORK;
    $("#network-actors").value = names;
    $("#net-since").value = params.get("since") || "";
    $("#net-until").value = params.get("until") || "";
    const d = await api("/api/network", { actors: names, since: params.get("since"), until: params.get("until") });
    const box = clear($("#network")), side = clear($("#network-side"));
    const W = 640, H = 520, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 90;
    const k = d.actors.length;
    const pos = d.actors.map((_, i) => {
      const ang = -Math.PI / 2 + (2 * Math.PI * i) / k;
      return [cx + R * Math.cos(ang), cy + R * Math.sin(ang), ang];
    });
    const maxN = Math.max(1, ...d.pairs.map((p) => p.events));
    const svg = s("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "data-testid": "network-svg",
                           "aria-label": "Relations among " + d.actors.join(", ") });
    const idx = new Map(d.actors.map((a, i) => [a, i]));
    for (const p of d.pairs) {
      const [x1, y1] = pos[idx.get(p.a)], [x2, y2] = pos[idx.get(p.b)];
      const w = 1.5 + 7 * Math.sqrt(p.events / maxN);
      const href = "#/?" + new URLSearchParams({ a: p.a, b: p.b, by: "year" }).toString();
      const g = s("g", { class: "edge", "data-testid": "edge", "data-a": p.a, "data-b": p.b, "data-score": p.score,
                         onclick: () => { location.hash = href; } },
        s("title", { text: p.a + " – " + p.b + ": " + fmtScore(p.score) + " over " + p.events + " events (last " + p.last + ")" }),
        s("line", { x1, y1, x2, y2, stroke: scoreColour(p.score), "stroke-width": w, "stroke-linecap": "round" }),
        s("line", { x1, y1, x2, y2, class: "edge-hit" }));
      const mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
      g.appendChild(s("text", { x: mx, y: my - 4, class: "edge-label", "text-anchor": "middle", text: fmtScore(p.score) }));
      svg.appendChild(g);
    }
    d.actors.forEach((a, i) => {
      const [x, y, ang] = pos[i];
      const lx = x + Math.cos(ang) * 30, ly = y + Math.sin(ang) * 30 + 4;
      const anchor = Math.abs(Math.cos(ang)) < 0.3 ? "middle" : Math.cos(ang) > 0 ? "start" : "end";
      svg.appendChild(s("g", { class: "node", "data-testid": "node", "data-actor": a,
                               onclick: () => go("", { a }) },
        s("circle", { cx: x, cy: y, r: 16 }),
        s("text", { x: lx, y: ly, "text-anchor": anchor, class: "node-label", text: a })));
    });
    box.appendChild(svg);
    box.appendChild(h("div", { class: "legend" }, "edge colour: ",
      [-6, -3, 0, 3, 6].map((v) => h("span", { class: "swatch-wrap" }, swatch(v), " " + (v > 0 ? "+" : "") + v)),
      " · width: number of events · click an edge for its timeline"));

    side.appendChild(h("h3", { text: "Pairs" }));
    const sorted = [...d.pairs].sort((x, y) => x.score - y.score);
    side.appendChild(h("table", { class: "pairs", "data-testid": "pairs" },
      h("thead", {}, h("tr", {}, ["Pair", "Score", "Events", "Last"].map((x) => h("th", { text: x })))),
      h("tbody", {}, sorted.map((p) => h("tr", {},
        h("td", {}, h("a", { href: "#/?" + new URLSearchParams({ a: p.a, b: p.b, by: "year" }).toString(), text: p.a + " – " + p.b })),
        h("td", {}, h("span", { class: "score " + scoreClass(p.score), text: fmtScore(p.score) })),
        h("td", { text: String(p.events) }), h("td", { class: "nowrap", text: p.last || "" }))))));
    const missing = [];
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) if (!d.events[i][j]) missing.push(d.actors[i] + " – " + d.actors[j]);
    if (missing.length) side.appendChild(h("p", { class: "meta", text: "No events: " + missing.join(", ") }));
  }
  function swatch(v) {
    const el = h("span", { class: "swatch" });
    el.style.backgroundColor = scoreColour(v);
    return el;
  }

  // -- map: where events happened (country shapes bundled: Natural Earth via world-atlas, no tiles) --
  let world = null;
  async function worldShapes() {
    if (!world) {
      const r = await fetch("/static/world-110m.json");
      if (!r.ok) throw new Error("the map's country shapes are missing (" + r.status + ")");
      world = await r.json();
    }
    return world;
  }
  // TopoJSON: quantised, delta-encoded arcs shared by the countries' rings
  function countryPaths(topo, proj) {
    const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
    const arcs = topo.arcs.map((a) => { let x = 0, y = 0; return a.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; }); });
    const ring = (ids) => {
      const pts = [];
      for (const i of ids) {
        const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
        a.forEach((p, k) => { if (k > 0 || !pts.length) pts.push(p); });
      }
      return "M" + pts.map((p) => proj(p).map((v) => v.toFixed(1)).join(",")).join("L") + "Z";
    };
    return topo.objects.countries.geometries.map((g) => {
      const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      return { name: (g.properties || {}).name || "", d: polys.map((rings) => rings.map(ring).join("")).join("") };
    });
  }
  async function showMap(params) {
    const a = params.get("a") || "", b = params.get("b") || "";
    $("#map-a").value = a; $("#map-b").value = b;
    $("#map-since").value = params.get("since") || ""; $("#map-until").value = params.get("until") || "";
    const [topo, d] = await Promise.all([worldShapes(), api("/api/places", {
      actor: a && !b ? a : null, dyad: a && b ? [a, b] : null, since: params.get("since"), until: params.get("until") })]);
    const W = 960, H = 480;
    const proj = ([lon, lat]) => [(lon + 180) / 360 * W, (90 - lat) / 180 * H];
    const svg = s("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img", "data-testid": "map-svg",
                           "aria-label": "Where " + d.events + " events happened" });
    svg.appendChild(s("rect", { x: 0, y: 0, width: W, height: H, class: "sea" }));
    for (const c of countryPaths(topo, proj)) {
      svg.appendChild(s("path", { d: c.d, class: "land", "data-testid": "country" }, s("title", { text: c.name })));
    }
    const side = clear($("#map-side"));
    const maxN = Math.max(1, ...d.places.map((p) => p.count));
    const showPlace = (p) => {
      clear(side);
      side.appendChild(h("h3", { text: p.name + (p.country ? " (" + p.country + ")" : "") }));
      side.appendChild(h("p", { class: "meta", text: p.count + " events · " + (p.precision || "place") }));
      side.appendChild(h("ul", { class: "events", "data-testid": "place-events" }, p.events.map((e) => h("li", {},
        h("span", { class: "type", text: e.type }), " ", h("span", { class: "meta", text: e.date || "" }), " ",
        e.article_id ? h("a", { href: articleHref(e.article_id), text: e.sentence }) : e.sentence))));
    };
    for (const p of [...d.places].reverse()) {
      const [x, y] = proj([p.lon, p.lat]);
      svg.appendChild(s("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: (3 + 9 * Math.sqrt(p.count / maxN)).toFixed(1),
                                    class: "place " + (p.precision || ""), "data-testid": "place", "data-name": p.name,
                                    onclick: () => showPlace(p) },
        s("title", { text: p.name + ": " + p.count + " events" })));
    }
    clear($("#map")).appendChild(svg);
    $("#map").appendChild(h("p", { class: "hint", text: d.events + " placed events at " + d.places.length +
      " places · circle size: events · click a place for its sentences · country shapes: Natural Earth" }));
    if (d.places.length) showPlace(d.places[0]);
    else side.appendChild(h("p", { class: "meta", text: "No placed events for this selection." }));
  }

  // -- articles list ---------------------------------------------------------------------------
  async function showArticles(q) {
    $("#articles-q").value = q;
    const d = await api("/api/articles", { q, limit: 100 });
    const box = clear($("#articles"));
    if (!d.articles.length) { box.appendChild(h("p", { class: "meta", text: "No articles." })); return; }
    box.appendChild(h("table", { class: "events" },
      h("thead", {}, h("tr", {}, ["Published", "Title", "Publisher", "Events"].map((x) => h("th", { text: x })))),
      h("tbody", {}, d.articles.map((a) => h("tr", { "data-testid": "article-row" },
        h("td", { class: "nowrap", text: (a.published || "").slice(0, 10) }),
        h("td", {}, h("a", { href: articleHref(a.id), text: a.title || a.id })),
        h("td", { text: a.publisher || "" }), h("td", { text: String(a.events) }))))));
  }

  // -- start -----------------------------------------------------------------------------------
  async function loadStats() {
    try {
      const st = await api("/api/stats");
      const el = $("[data-testid=stats]");
      el.textContent = st.articles + " articles · " + st.events + " events" +
        (st.first_event ? " · " + String(st.first_event).slice(0, 4) + "–" + String(st.last_event).slice(0, 4) : "");
    } catch (e) { /* the page still works */ }
  }

  document.addEventListener("DOMContentLoaded", () => {
    suggest($("#actor-a"), $("[data-testid=suggest-a]"));
    suggest($("#actor-b"), $("[data-testid=suggest-b]"));
    $("[data-testid=dyad-form]").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const a = $("#actor-a").value.trim(), b = $("#actor-b").value.trim();
      if (!a && !b) return;
      go("", { a: a || b, b: a ? b : "", by: $("#by").value });
    });
    $("#by").addEventListener("change", () => {
      if (current && $("#actor-a").value.trim() && $("#actor-b").value.trim()) go("", { a: $("#actor-a").value.trim(), b: $("#actor-b").value.trim(), by: $("#by").value });
    });
    $("#network-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      go("network", { actors: $("#network-actors").value, since: $("#net-since").value.trim(), until: $("#net-until").value.trim() });
    });
    $("#map-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      go("map", { a: $("#map-a").value.trim(), b: $("#map-b").value.trim(), since: $("#map-since").value.trim(),
                  until: $("#map-until").value.trim() });
    });
    $("#articles-form").addEventListener("submit", (ev) => { ev.preventDefault(); go("articles", { q: $("#articles-q").value.trim() }); });
    window.addEventListener("hashchange", route);
    loadStats();
    route();
  });
})();
