/* pelican-fukatsoft: opt-in enhancements (deferred). Live view counts from
   GoatCounter, live comment counts for Isso (its comment form is
   js/comments.js, loaded when needed), the browser's share sheet. Any
   failure leaves the page as it was built. Texts come translated from the
   page. */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script) return;
  const labels = script.dataset;
  const trim = (url) => (url || "").replace(/\/+$/, "");
  const isso = trim(labels.isso);
  const goatcounter = trim(labels.goatcounter);
  const lang = document.documentElement.lang || "en";
  // The digits the build wrote the page's numbers in (its locale's numbering
  // system in CLDR, languages.numbering_system): the browser's own default
  // differs for some languages (Pashto, Sorani, Sindhi, Burmese).
  const numbering = labels.numbering ? { numberingSystem: labels.numbering } : {};
  // A lang the browser's Intl refuses (a hand-edited page, an older build's
  // "en_us") gives the browser's own locale, not a page without scripts.
  const inLanguage = (Format, options) => {
    try {
      return new Format(lang, { ...numbering, ...options });
    } catch {
      return new Format(undefined, options);
    }
  };
  const compact = inLanguage(Intl.NumberFormat, { notation: "compact", maximumFractionDigits: 1 });
  const exact = inLanguage(Intl.NumberFormat);
  const plural = inLanguage(Intl.PluralRules);
  const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];
  const json = (response) => (response.ok ? response.json() : Promise.reject(response.status));
  // Gives up after data-timeout milliseconds (FUKATSOFT_ISSO_TIMEOUT).
  const timeout = Number(labels.timeout) || 15000;
  const post = (url, body) =>
    fetch(url, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
    });
  // A text into a message: a function, so "$&" or "$'" in a name stay as typed.
  const fill = (message, key, value) => message.replace(`{${key}}`, () => String(value));

  // "3 comments", in the page's language and plural category.
  function countLabel(kind, total) {
    const category = plural.select(total);
    return fill(labels[kind + category[0].toUpperCase() + category.slice(1)] || labels[kind + "Other"], "n", exact.format(total));
  }

  function setCount(element, total) {
    if (!Number.isFinite(total) || total < 0) return;
    const kind = element.classList.contains("count-views") ? "views" : "comments";
    const label = countLabel(kind, total);
    const value = element.querySelector(".count-value");
    // "No comments yet" stays until there is one.
    if (total !== 0 || !value.hasAttribute("data-none")) {
      value.textContent = compact.format(total);
      value.removeAttribute("data-none");
    }
    element.querySelector(".visually-hidden").textContent = label;
    element.title = label;
  }

  // Every count of one kind ("views", "comments") by page path, so one
  // answer updates them all. The path is on the counts' wrapper; the figure
  // the live count adds to is data-baseline, which the build leaves out
  // where it equals the count itself (no analytics snapshot, no comment
  // server): read now, before the comment form adds to the count.
  function byPath(kind) {
    const groups = new Map();
    for (const element of $$(`.counts[data-path] > .count-${kind}`)) {
      const path = element.parentElement.dataset.path;
      const baseline = Number(element.dataset.baseline ?? element.getAttribute(`data-fukatsoft-${kind}`));
      groups.set(path, [...(groups.get(path) || []), { element, baseline }]);
    }
    return groups;
  }

  function refresh(groups, path, live) {
    for (const { element, baseline } of groups.get(path)) setCount(element, baseline + live);
  }

  function refreshViews() {
    const groups = byPath("views");
    for (const path of groups.keys()) {
      fetch(`${goatcounter}/counter/${encodeURIComponent(path)}.json`)
        .then(json)
        // GoatCounter formats the number with the owner's separator: "1 234".
        .then((body) => refresh(groups, path, parseInt(String(body.count).replace(/\D/g, ""), 10)))
        .catch(() => {});
    }
  }

  function refreshComments() {
    const groups = byPath("comments");
    const paths = [...groups.keys()];
    if (!paths.length) return;
    post(`${isso}/count`, paths)
      .then(json)
      .then((counts) => paths.forEach((path, i) => refresh(groups, path, Number(counts[i]))))
      .catch(() => {});
  }

  // The comment form's code (js/comments.js) loads as the comments come
  // within a screen of view, or when the reader moves into them: a reader
  // who never gets there downloads none of it.
  function loadComments(sections) {
    const shared = { isso, timeout, post, json, $$, fill, setCount, countLabel };
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      observer.disconnect();
      import(new URL("comments.js", script.src).href)
        .then((module) => sections.forEach((section) => module.setUp(section, shared)))
        .catch(() => {});
    };
    const observer = new IntersectionObserver(
      (entries) => entries.some((entry) => entry.isIntersecting) && start(),
      { rootMargin: "0px 0px 100% 0px" },
    );
    for (const section of sections) {
      observer.observe(section);
      section.addEventListener("focusin", start, { once: true });
    }
  }

  // The browser's own share sheet, where it has one, beside the plain links.
  function setUpShare(item) {
    const button = item.querySelector("button");
    button.addEventListener("click", () => {
      navigator.share({ title: button.dataset.title, url: button.dataset.url }).catch(() => {});
    });
    item.hidden = false;
  }

  if (navigator.share) $$("[data-share-native]").forEach(setUpShare);
  if (goatcounter) refreshViews();
  if (isso) {
    refreshComments();
    const sections = $$("section.comments[data-isso]");
    if (sections.length) loadComments(sections);
  }
})();
