/* pelican-fukatsoft: the search page. Loads Pagefind's script and index
   (only here), searches as the reader types and on ?q=, and lists results
   with their byline and counts. Texts come translated from the page. */
const section = document.querySelector("[data-search]");
const form = section.querySelector("form");
const input = form.elements.q;
const status = section.querySelector("[data-search-status]");
const list = section.querySelector("[data-search-results]");
const lang = document.documentElement.lang || "en";
// The digits of the build's numbers (fukatsoft.js says why).
const numbering = section.dataset.numbering ? { numberingSystem: section.dataset.numbering } : {};
// A lang the browser's Intl refuses gives the browser's own locale, not a
// search page that finds nothing.
const inLanguage = (Format, options) => {
  try {
    return new Format(lang, { ...numbering, ...options });
  } catch {
    return new Format(undefined, options);
  }
};
const plural = inLanguage(Intl.PluralRules);
const exact = inLanguage(Intl.NumberFormat);
const compact = inLanguage(Intl.NumberFormat, { notation: "compact", maximumFractionDigits: 1 });
const text = {};
for (const span of section.querySelector("template[data-messages]").content.querySelectorAll("[data-key]")) {
  text[span.dataset.key] = span.textContent;
}
const fill = (message, values) =>
  message.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
const counted = (key, n) => fill(text[`${key}-${plural.select(n)}`] || text[`${key}-other`], { num: exact.format(n) });

// Pagefind's excerpt is text with <mark> around the matched words: keep
// exactly that, as text and <mark> elements, whatever else it holds.
function excerpt(html) {
  const paragraph = document.createElement("p");
  paragraph.className = "search-excerpt";
  const parsed = new DOMParser().parseFromString(html, "text/html").body;
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(node.textContent);
    }
  }
  return paragraph;
}

// The count as cards show it, from the page's template of it (count.html).
function count(kind, n) {
  const span = section.querySelector(`template[data-count="${kind}"]`).content.firstElementChild.cloneNode(true);
  const said = counted(kind, n);
  span.querySelector(".count-value").textContent = compact.format(n);
  span.querySelector(".visually-hidden").textContent = said;
  span.title = said;
  return span;
}

function result(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  // The site's own words, in their own direction (as the build's dir="auto").
  link.dir = "auto";
  heading.append(link);
  const byline = document.createElement("p");
  byline.className = "byline byline-compact";
  for (const key of ["authors", "date"]) {
    if (data.meta[key]) {
      const part = document.createElement("span");
      part.textContent = data.meta[key];
      if (key === "authors") part.dir = "auto";
      byline.append(part);
    }
  }
  for (const kind of ["views", "comments"]) {
    const n = Number(data.meta[kind]);
    if (data.meta[kind] !== undefined && Number.isFinite(n)) byline.append(count(kind, n));
  }
  item.append(heading, byline, excerpt(data.excerpt));
  return item;
}

let pagefind;
let latest = 0;
async function search(query) {
  const turn = ++latest;
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = text.searching;
  try {
    if (!pagefind) {
      const bundle = new URL(section.dataset.bundle, location.href);
      pagefind = await import(bundle.href);
      // Result URLs from the site's root, wherever SITEURL puts it.
      await pagefind.options({ baseUrl: new URL("../", bundle).pathname });
    }
    const found = await pagefind.search(query);
    const results = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    if (turn !== latest) return;
    list.replaceChildren(...results.map(result));
    status.textContent = results.length
      ? fill(counted("results", found.results.length), { query })
      : fill(text.none, { query });
  } catch {
    if (turn === latest) status.textContent = text.unavailable;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, "", `?q=${encodeURIComponent(query)}`);
  search(query);
});
let typing;
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(() => search(input.value), 250);
});
const asked = new URLSearchParams(location.search).get("q");
if (asked) {
  input.value = asked;
  search(asked);
}
