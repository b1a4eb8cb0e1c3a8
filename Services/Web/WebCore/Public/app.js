// Newswire's web app: a search page and an article page over the JSON API
// (docs/API.md), routed by the URL's hash (#/search?..., #/article/ID). Plain
// JavaScript, no build step, nothing loaded from elsewhere.
"use strict";

const view = document.getElementById("view");
const form = document.getElementById("search-form");
const FILTERS = ["q", "entity", "place", "language", "source", "from", "to", "one_per_story"];
const TYPE_NAMES = { PER: "person", ORG: "organisation", LOC: "location" };

// --- helpers ---------------------------------------------------------------

function escapeHTML(text) {
  return String(text ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

// Search snippets mark hits between [ and ]: shown as highlights.
function highlight(snippet) {
  return escapeHTML(snippet).replace(/\[([^\[\]]*)\]/g, '<mark class="hit">$1</mark>');
}

function searchParams() {
  const hash = location.hash.startsWith("#/search") ? location.hash.slice("#/search".length) : "";
  return new URLSearchParams(hash.startsWith("?") ? hash.slice(1) : "");
}

function searchLink(changes) {
  const params = searchParams();
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "") params.delete(key); else params.set(key, value);
  }
  params.delete("cursor");
  return "#/search?" + params.toString();
}

function resultMeta(result) {
  const parts = [result.siteName, result.publishedAt && result.publishedAt.slice(0, 10)].filter(Boolean);
  if (result.clusterSize > 1) parts.push(`story of ${result.clusterSize}`);
  return parts.map(escapeHTML).join(" · ");
}

// --- search page -------------------------------------------------------------

function fillForm(params) {
  for (const name of FILTERS) {
    const input = form.elements[name];
    if (!input) continue;
    if (input.type === "checkbox") input.checked = params.get(name) === "true";
    else input.value = params.get(name) || "";
  }
  const filtered = FILTERS.slice(1).some(name => params.get(name));
  document.getElementById("filters").open = filtered;
}

form.addEventListener("submit", event => {
  event.preventDefault();
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const input = form.elements[name];
    if (input.type === "checkbox") { if (input.checked) params.set(name, "true"); }
    else if (input.value.trim()) params.set(name, input.value.trim());
  }
  location.hash = "#/search?" + params.toString();
});

function facetList(title, counts, parameter) {
  if (!counts || counts.length === 0) return "";
  const items = counts.map(c => {
    const detail = c.detail ? ` <span class="count">${escapeHTML(TYPE_NAMES[c.detail] || c.detail)}</span>` : "";
    return `<li><a href="${escapeHTML(searchLink({ [parameter]: c.value }))}">${escapeHTML(c.value)}</a>` +
      `<span class="count">${c.articles}</span>${detail}</li>`;
  }).join("");
  return `<h3>${title}</h3><ul class="facet" data-facet="${parameter}">${items}</ul>`;
}

function resultItem(result) {
  return `<li class="result" data-id="${result.id}">
    <a class="title" href="#/article/${result.id}">${escapeHTML(result.title || result.url)}</a>
    <div class="meta">${resultMeta(result)}</div>
    <p class="snippet">${highlight(result.snippet)}</p></li>`;
}

async function showSearch() {
  const params = searchParams();
  fillForm(params);
  view.className = "search";
  view.innerHTML = `<aside id="facets"></aside><section><ul class="results" id="results"></ul>
    <div class="more"></div></section>`;
  const query = params.toString();
  const results = document.getElementById("results");
  try {
    const [page, facets] = await Promise.all([api("/api/search?" + query), api("/api/facets?" + query)]);
    document.getElementById("facets").innerHTML =
      facetList("People and organisations", facets.entities, "entity") + facetList("Places", facets.places, "place") +
      facetList("Sources", facets.sources, "source") + facetList("Languages", facets.languages, "language");
    if (page.results.length === 0) {
      results.innerHTML = `<li class="empty">No articles match.</li>`;
      return;
    }
    appendPage(page, query);
  } catch (error) {
    results.innerHTML = `<li class="error">${escapeHTML(error.message)}</li>`;
  }
}

function appendPage(page, query) {
  document.getElementById("results").insertAdjacentHTML("beforeend", page.results.map(resultItem).join(""));
  const more = view.querySelector(".more");
  more.innerHTML = page.next ? `<button type="button">More results</button>` : "";
  if (page.next) {
    more.querySelector("button").addEventListener("click", async () => {
      const separator = query ? "&" : "";
      appendPage(await api(`/api/search?${query}${separator}cursor=${encodeURIComponent(page.next)}`), query);
    });
  }
}

// --- article page ------------------------------------------------------------

// Entity mentions as <mark> elements over the text. Offsets count Unicode
// scalars, which is what Array.from splits a string into.
function markedText(text, entities) {
  const chars = Array.from(text || "");
  const spans = [];
  for (const entity of entities || []) {
    for (const mention of entity.mentions || []) spans.push({ ...mention, entity });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let html = "", at = 0;
  for (const span of spans) {
    if (span.start < at || span.end > chars.length || span.end <= span.start) continue;
    html += escapeHTML(chars.slice(at, span.start).join(""));
    const e = span.entity;
    html += `<mark class="entity ${escapeHTML(e.type)}" data-type="${escapeHTML(e.type)}" data-entity="${escapeHTML(e.name)}"` +
      ` title="${escapeHTML(e.name)} (${TYPE_NAMES[e.type] || e.type})">${escapeHTML(chars.slice(span.start, span.end).join(""))}</mark>`;
    at = span.end;
  }
  return html + escapeHTML(chars.slice(at).join(""));
}

async function placesMap(places) {
  const located = (places || []).filter(p => p.latitude != null && p.longitude != null);
  if (located.length === 0) return "";
  let land = "";
  try {
    const svg = await (await fetch("/world.svg")).text();
    land = (svg.match(/<path[^>]*\/>/) || [""])[0];
  } catch (_) { /* the markers alone still say where */ }
  const markers = located.map(p => {
    const x = (p.longitude + 180).toFixed(2), y = (90 - p.latitude).toFixed(2);
    return `<g class="place" data-place="${escapeHTML(p.name)}"><title>${escapeHTML(p.name)}</title>` +
      `<circle cx="${x}" cy="${y}" r="1.6"/><text x="${(+x + 2.2).toFixed(2)}" y="${(+y + 1.4).toFixed(2)}">${escapeHTML(p.name)}</text></g>`;
  }).join("");
  return `<h3>Places</h3><svg class="map" id="map" viewBox="0 0 360 180" role="img" aria-label="Map of the places">${land}${markers}</svg>`;
}

function quoteList(quotes) {
  if (!quotes || quotes.length === 0) return `<p class="empty">No quotes.</p>`;
  return `<ul class="quotes" id="quotes">` + quotes.map(q => {
    const who = [q.speaker, q.speakerRole].filter(Boolean).map(escapeHTML).join(", ");
    return `<li><q>${escapeHTML(q.text)}</q>${who ? ` <span class="speaker">— ${who}</span>` : ""}</li>`;
  }).join("") + `</ul>`;
}

function storyList(view) {
  const others = (view.story || []).filter(r => r.id !== view.id);
  if (others.length === 0) return `<p class="empty">No other copies of this story.</p>`;
  return `<ul class="results" id="story">` + others.map(r =>
    `<li class="result" data-id="${r.id}"><a class="title" href="#/article/${r.id}">${escapeHTML(r.title || r.url)}</a>
     <div class="meta">${resultMeta(r)}</div></li>`).join("") + `</ul>`;
}

function provenanceList(provenance) {
  const keys = Object.keys(provenance || {}).sort();
  if (keys.length === 0) return "";
  return `<h3>Where each field came from</h3><dl class="provenance">` +
    keys.map(k => `<dt>${escapeHTML(k)}</dt><dd>${escapeHTML(provenance[k])}</dd>`).join("") + `</dl>`;
}

async function showArticle(id) {
  view.className = "article";
  view.innerHTML = `<p class="empty">Loading…</p>`;
  try {
    const stored = await api("/api/articles/" + encodeURIComponent(id));
    const a = stored.article.article;
    const meta = [a.siteName, a.authors && a.authors.join(", "), a.publishedAt, stored.article.language]
      .filter(Boolean).map(escapeHTML).join(" · ");
    const amounts = (stored.article.amounts || []).map(m => `<li>${escapeHTML(m.text)}</li>`).join("");
    view.innerHTML = `<article data-id="${stored.id}">
        <div class="meta"><a href="${escapeHTML(a.url)}" rel="noreferrer">${escapeHTML(a.url)}</a></div>
        <h1>${escapeHTML(a.title || a.url)}</h1>
        <div class="meta">${meta}</div>
        <p class="legend meta"><mark class="entity PER">person</mark><mark class="entity ORG">organisation</mark><mark class="entity LOC">location</mark></p>
        <div class="text" id="text">${markedText(stored.text, stored.article.entities)}</div>
      </article>
      <aside>
        <h3>Quotes</h3>${quoteList(stored.article.quotes)}
        <h3>Other copies of this story</h3>${storyList(stored)}
        <div id="places"></div>
        ${amounts ? `<h3>Amounts</h3><ul>${amounts}</ul>` : ""}
        ${provenanceList(a.provenance)}
      </aside>`;
    document.getElementById("places").innerHTML = await placesMap(stored.article.places);
    document.title = (a.title || "Article") + " · Newswire";
  } catch (error) {
    view.innerHTML = `<p class="error">${escapeHTML(error.message)}</p>`;
  }
}

// --- status strip --------------------------------------------------------------

async function refreshStatus() {
  const strip = document.getElementById("status");
  try {
    const status = await api("/api/status");
    const queues = status.queues.map(q =>
      `${escapeHTML(q.name)} <b>${q.depth}</b>${q.inFlight ? ` (${q.inFlight} in flight)` : ""}`).join(" · ") || "no queues yet";
    strip.className = "status up";
    strip.innerHTML = `pipeline: ${queues} · workers <b>${status.workers.length}</b> · dead letters <b>${status.deadLetters}</b>`;
  } catch (error) {
    strip.className = "status down";
    strip.textContent = "pipeline: " + error.message;
  }
}

// --- routing -------------------------------------------------------------------

function route() {
  const article = location.hash.match(/^#\/article\/(\d+)/);
  if (article) showArticle(article[1]); else showSearch();
}

window.addEventListener("hashchange", route);
route();
refreshStatus();
setInterval(refreshStatus, 2000);
