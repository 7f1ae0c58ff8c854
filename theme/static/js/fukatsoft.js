/* pelican-fukatsoft: opt-in enhancements (deferred). Live view counts from
   GoatCounter, live comment counts and the comment form for Isso. Any failure
   leaves the page as it was built. Texts come translated from the page. */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script) return;
  const labels = script.dataset;
  const trim = (url) => (url || "").replace(/\/+$/, "");
  const isso = trim(labels.isso);
  const goatcounter = trim(labels.goatcounter);
  const lang = document.documentElement.lang || "en";
  const compact = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  const exact = new Intl.NumberFormat(lang);
  const plural = new Intl.PluralRules(lang);
  const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];
  const json = (response) => (response.ok ? response.json() : Promise.reject(response.status));
  const post = (url, body) =>
    fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

  function setCount(element, total) {
    if (!Number.isFinite(total) || total < 0) return;
    const kind = element.classList.contains("count-views") ? "views" : "comments";
    const label = labels[kind + (plural.select(total) === "one" ? "One" : "Other")].replace("{n}", exact.format(total));
    element.querySelector(".count-value").textContent = compact.format(total);
    element.querySelector(".visually-hidden").textContent = label;
    element.title = label;
  }

  // Every count element of each page path, so one answer updates them all.
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

  function setUpForm(section) {
    const form = section.querySelector("[data-comment-form]");
    const list = section.querySelector("[data-comment-list]");
    const status = form.querySelector("[data-form-status]");
    const note = form.querySelector("[data-reply-note]");
    const home = [form.parentNode, form.nextSibling];
    const text = {};
    for (const span of $$("[data-key]", section.querySelector("[data-messages]").content)) {
      text[span.dataset.key] = span.textContent;
    }
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
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = text.reply;
      button.addEventListener("click", () => {
        parentId = Number(comment.dataset.commentId);
        const name = comment.querySelector(".comment-author").textContent.trim();
        note.querySelector("[data-reply-text]").textContent = text.replying.replace("{name}", name);
        note.hidden = false;
        comment.querySelector("article").after(form);
        form.elements.text.focus();
      });
      comment.querySelector(".comment-meta").append(button);
    };
    // The reader's comment, as plain text until the next build renders its Markdown.
    const commentElement = (comment, typed) => {
      const item = section.querySelector("[data-comment-template]").content.firstElementChild.cloneNode(true);
      const created = new Date(comment.created * 1000);
      item.id = `comment-${comment.id}`;
      item.dataset.commentId = comment.id;
      item.querySelector(".comment-author").textContent = comment.author || text.anonymous;
      item.querySelector("time").dateTime = created.toISOString();
      item.querySelector("time").textContent = created.toLocaleString(lang);
      item.querySelector(".comment-text").textContent = typed;
      return item;
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
      say(text.sending);
      try {
        const response = await post(`${isso}/new?uri=${encodeURIComponent(section.dataset.uri)}`, {
          text: typed, author: optional("author"), email: optional("email"),
          website: optional("website"), parent: parentId, title: section.dataset.title,
        });
        const body = await response.text();
        if (response.status === 201 || response.status === 202) {
          if (response.status === 201) {
            const comment = commentElement(JSON.parse(body), typed);
            let target = list;
            if (parentId === null) {
              addReplyButton(comment);
            } else {
              const parent = document.getElementById(`comment-${parentId}`);
              target = parent.querySelector(":scope > .comment-list");
              if (!target) {
                target = parent.appendChild(document.createElement("ol"));
                target.className = "comment-list";
              }
            }
            target.append(comment);
            for (const count of $$(".post-header .count-comments")) {
              count.dataset.fukatsoftComments = Number(count.dataset.fukatsoftComments) + 1;
              setCount(count, Number(count.dataset.fukatsoftComments));
            }
          }
          say(response.status === 201 ? text.published : text.pending);
          form.reset();
          cancelReply();
        } else if (response.status === 400) {
          const reason = body.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
          say(text.invalid.replace("{reason}", reason), true);
        } else if (response.status === 403 || response.status === 429) {
          say(text.refused, true);
        } else {
          say(text.failed.replace("{status}", response.status), true);
        }
      } catch {
        say(text.offline, true);
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
