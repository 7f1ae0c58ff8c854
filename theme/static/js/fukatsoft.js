/* pelican-fukatsoft: opt-in enhancements (deferred). Live view counts from
   GoatCounter, live comment counts and the comment form for Isso. Any failure
   leaves the page as it was built. */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script) return;
  const trim = (url) => (url || "").replace(/\/+$/, "");
  const isso = trim(script.dataset.isso);
  const goatcounter = trim(script.dataset.goatcounter);
  const lang = document.documentElement.lang || "en";
  const compact = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  const exact = new Intl.NumberFormat(lang);
  const plural = new Intl.PluralRules(lang);
  const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];
  const json = (response) => (response.ok ? response.json() : Promise.reject(response.status));
  const post = (url, body) =>
    fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

  const labels = script.dataset;

  function setCount(element, total) {
    if (!Number.isFinite(total) || total < 0) return;
    const kind = element.classList.contains("count-views") ? "views" : "comments";
    const form = plural.select(total) === "one" ? "One" : "Other";
    const label = labels[kind + form].replace("{n}", exact.format(total));
    element.querySelector(".count-value").textContent = compact.format(total);
    element.querySelector(".visually-hidden").textContent = label;
    element.title = label;
  }

  function byPath(selector) {
    const groups = new Map();
    for (const element of $$(selector)) {
      groups.set(element.dataset.path, [...(groups.get(element.dataset.path) || []), element]);
    }
    return groups;
  }

  function refresh(groups, path, live) {
    for (const element of groups.get(path)) setCount(element, Number(element.dataset.baseline) + live);
  }

  function refreshViews() {
    const groups = byPath(".count-views[data-path]");
    for (const path of groups.keys()) {
      fetch(`${goatcounter}/counter/${encodeURIComponent(path)}.json`)
        .then(json)
        // GoatCounter formats the number with the owner's separator: "1 234".
        .then((body) => refresh(groups, path, parseInt(String(body.count).replace(/\D/g, ""), 10)))
        .catch(() => {});
    }
  }

  function refreshComments() {
    const groups = byPath(".count-comments[data-path]");
    const paths = [...groups.keys()];
    if (!paths.length) return;
    post(`${isso}/count`, paths)
      .then(json)
      .then((counts) => paths.forEach((path, i) => refresh(groups, path, Number(counts[i]))))
      .catch(() => {});
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function commentElement(comment, typed) {
    const item = element("li", "comment");
    item.id = `comment-${comment.id}`;
    item.dataset.commentId = comment.id;
    const article = item.appendChild(element("article"));
    const meta = article.appendChild(element("header", "comment-meta"));
    meta.appendChild(element("span", "comment-author", comment.author || "Anonymous"));
    const created = new Date(comment.created * 1000);
    const time = meta.appendChild(element("time", "", created.toLocaleString(lang)));
    time.dateTime = created.toISOString();
    // Plain text until the next build renders the commenter's Markdown.
    article.appendChild(element("div", "comment-text comment-text-plain", typed));
    return item;
  }

  const MESSAGES = {
    sending: "Sending your comment…",
    published: "Thank you, your comment is published.",
    pending: "Thank you, your comment will appear once a moderator approves it.",
    invalid: "The comment server did not accept this comment: ",
    refused: "The comment server refused the comment: you may be posting too fast, or comments are closed here. Please try again later.",
    failed: "The comment server had a problem (error {status}). Your comment was not saved; please try again later.",
    offline: "The comment server could not be reached. Your comment was not sent; please try again later.",
  };

  function setUpForm(section) {
    const form = section.querySelector("[data-comment-form]");
    const list = section.querySelector("[data-comment-list]");
    const status = form.querySelector("[data-form-status]");
    const note = form.querySelector("[data-reply-note]");
    const home = [form.parentNode, form.nextSibling];
    let parentId = null;

    const say = (message, isError = false) => {
      status.textContent = message;
      status.classList.toggle("form-error", isError);
    };
    const cancelReply = () => {
      parentId = null;
      note.hidden = true;
      home[0].insertBefore(form, home[1]);
    };
    const addReplyButton = (comment) => {
      const button = comment.querySelector(".comment-meta").appendChild(element("button", "link-button", "Reply"));
      button.type = "button";
      button.addEventListener("click", () => {
        parentId = Number(comment.dataset.commentId);
        const name = comment.querySelector(".comment-author").textContent.trim();
        note.querySelector("[data-reply-text]").textContent = `Replying to ${name}.`;
        note.hidden = false;
        comment.querySelector("article").after(form);
        form.elements.text.focus();
      });
    };

    $$(":scope > .comment", list).forEach(addReplyButton);
    note.querySelector("[data-reply-cancel]").addEventListener("click", cancelReply);

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const fields = form.elements;
      const typed = fields.text.value;
      const optional = (name) => fields[name].value.trim() || null;
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      say(MESSAGES.sending);
      try {
        const response = await post(`${isso}/new?uri=${encodeURIComponent(section.dataset.uri)}`, {
          text: typed, author: optional("author"), email: optional("email"),
          website: optional("website"), parent: parentId, title: section.dataset.title,
        });
        const body = await response.text();
        if (response.status === 201 || response.status === 202) {
          const comment = commentElement(JSON.parse(body), typed);
          if (response.status === 201) {
            let target = list;
            if (parentId === null) {
              addReplyButton(comment);
            } else {
              const parent = document.getElementById(`comment-${parentId}`);
              target = parent.querySelector(":scope > .comment-list") || parent.appendChild(element("ol", "comment-list"));
            }
            target.appendChild(comment);
            for (const count of $$(".post-header .count-comments")) {
              count.dataset.fukatsoftComments = Number(count.dataset.fukatsoftComments) + 1;
              setCount(count, Number(count.dataset.fukatsoftComments));
            }
          }
          say(response.status === 201 ? MESSAGES.published : MESSAGES.pending);
          form.reset();
          cancelReply();
        } else if (response.status === 400) {
          say(MESSAGES.invalid + body.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200), true);
        } else if (response.status === 403 || response.status === 429) {
          say(MESSAGES.refused, true);
        } else {
          say(MESSAGES.failed.replace("{status}", response.status), true);
        }
      } catch {
        say(MESSAGES.offline, true);
      } finally {
        button.disabled = false;
      }
    });
    form.hidden = false;
  }

  if (goatcounter) refreshViews();
  if (isso) {
    refreshComments();
    $$("section.comments[data-isso]").forEach(setUpForm);
  }
})();
