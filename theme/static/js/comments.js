/* pelican-fukatsoft: the comment form and the comments posted since the
   build (Isso), as a module fukatsoft.js loads when the comments come into
   view. Texts come translated from the page. */

// Dates as the build writes them: the site's strftime format, in the
// site's time zone, with the page language's month and day names.
export function dateFormatter(section) {
  const pattern = section.dataset.dateFormat || "%Y-%m-%d %H:%M";
  // Names and digits of the page's language as the build wrote them with
  // Babel (languages.py); without the plugin, the English of strftime.
  const names = JSON.parse(section.dataset.dateNames || "{}");
  const inZone = (timeZone) => new Intl.DateTimeFormat("en-US", {
    timeZone, calendar: "gregory", numberingSystem: "latn", hourCycle: "h23",
    year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
  });
  // A zone Python knows and the browser does not: UTC, not a form that never shows.
  let fields;
  try {
    fields = inZone(section.dataset.timezone || "UTC");
  } catch {
    fields = inZone("UTC");
  }
  const english = (day, options) => new Intl.DateTimeFormat("en-US", { timeZone: "UTC", ...options }).format(day);
  const pad = (n) => String(n).padStart(2, "0");
  return (date) => {
    const part = Object.fromEntries(fields.formatToParts(date).map((p) => [p.type, Number(p.value)]));
    const { year, month, day, hour } = part;
    const calendarDay = new Date(Date.UTC(year, month - 1, day));
    const named = (key, index, options) => (names[key] ? names[key][index] : english(calendarDay, options));
    const twelve = hour % 12 || 12;
    const codes = {
      Y: String(year), y: pad(year % 100), m: pad(month), "-m": String(month), d: pad(day), "-d": String(day),
      H: pad(hour), "-H": String(hour), I: pad(twelve), "-I": String(twelve), M: pad(part.minute), S: pad(part.second),
      p: names.p ? names.p[hour < 12 ? 0 : 1] : hour < 12 ? "AM" : "PM",
      b: named("b", month - 1, { month: "short" }), B: named("B", month - 1, { month: "long" }),
      a: named("a", calendarDay.getUTCDay(), { weekday: "short" }), A: named("A", calendarDay.getUTCDay(), { weekday: "long" }),
      "%": "%",
    };
    const text = pattern.replace(/%(-?[a-zA-Z%])/g, (code, name) => codes[name] ?? code);
    return names.digits ? text.replace(/[0-9]/g, (digit) => names.digits[digit]) : text;
  };
}

// The initials avatar the build draws for a name (bylines.initials_avatar):
// the same initials, and the same hue from a 32-bit FNV-1a hash.
const capital = (letter) => (/^\p{L}+$/u.test(letter.toUpperCase()) ? letter.toUpperCase() : letter);
// Words are split where Python's \s (str.isspace) or "-" is: JavaScript's
// \s differs (U+001C to U+001F are not in it, U+FEFF is).
const wordBreak = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000-]+/;
export function initialsAvatar(name) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(name)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  const words = name.split(wordBreak).filter((word) => /^\p{L}/u.test(word));
  return {
    fill: `hsl(${hash % 360} 55% 32%)`,
    initials: words.slice(0, 2).map((w) => capital([...w][0])).join("") || "?",
  };
}

export function setUp(section, { isso, timeout, post, json, $$, fill, setCount, countLabel }) {
  // Isso's 403 reasons, as its guard words them.
  const refusal = (reason) =>
    /ratelimit/.test(reason) ? "refusedRate"
      : /edit time frame/.test(reason) ? "refusedEditWindow"
      : /direct responses/.test(reason) ? "refusedThreadLimit"
      : /required/.test(reason) ? "invalid"
      : "refused";

  // A fetch that failed does not say why. A server that refuses this
  // site's origin (it is not in Isso's `host`) still answers a request the
  // page cannot read (mode "no-cors"); a server that is down answers none.
  const refusesThisSite = () =>
    fetch(`${isso}/config`, { mode: "no-cors", signal: AbortSignal.timeout(timeout) })
      .then(() => true, () => false);

  // Isso answers with names HTML-escaped; the page shows them as text.
  const unescape = (html) => new DOMParser().parseFromString(html || "", "text/html").documentElement.textContent;

  function setUpForm(section) {
    const form = section.querySelector("[data-comment-form]");
    const list = section.querySelector("[data-comment-list]");
    const status = form.querySelector("[data-form-status]");
    const note = form.querySelector("[data-reply-note]");
    const home = [form.parentNode, form.nextSibling];
    const text = {};
    for (const span of $$("[data-key]", section.querySelector("[data-messages]").content)) {
      text[span.dataset.key.replace(/-(\w)/g, (_, letter) => letter.toUpperCase())] = span.textContent;
    }
    let parentId = null;
    const formatDate = dateFormatter(section);
    // Found once: after the thread, it would be searched for past every comment.
    const templateElement = section.querySelector("[data-comment-template]");
    const template = templateElement.content.firstElementChild;
    // The heading counts the thread as built plus each comment shown since,
    // so it says what the byline says ("No comments yet" only while none).
    const heading = section.querySelector("#comments-heading");
    const countShown = () => {
      const total = Number(heading.dataset.comments) + 1;
      heading.dataset.comments = total;
      heading.textContent = countLabel("comments", total);
    };

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
        note.querySelector("[data-reply-text]").textContent = fill(text.replying, "name", name);
        say("");
        note.hidden = false;
        comment.querySelector("article").after(form);
        form.elements.text.focus();
      });
      comment.querySelector(".comment-meta").append(button);
    };
    // A comment's text as Isso renders it (its Markdown, cleaned by Isso's
    // sanitiser), put in through the browser's own HTML sanitiser, its links
    // checked and marked as the build checks and marks them: the comment
    // reads as it will after the next build. A browser without the
    // Sanitizer API, or a page built without the plugin, shows the typed text.
    const links = templateElement.dataset;
    const rich = typeof Element.prototype.setHTML === "function" && Boolean(links.linkSchemes);
    const showText = (element, rendered, typed) => {
      if (!rich || typeof rendered !== "string") {
        element.textContent = typed;
        return;
      }
      element.classList.remove("comment-text-plain");
      element.setHTML(rendered);
      const schemes = links.linkSchemes.split(" ");
      for (const link of element.querySelectorAll("a[href]")) {
        if (schemes.includes(new URL(link.href, document.baseURI).protocol)) link.rel = links.linkRel;
        else link.removeAttribute("href");
      }
    };

    // The name is the one typed: Isso answers with it HTML-escaped.
    // *rendered*: Isso's HTML for the comment, or null.
    const commentElement = (comment, rendered, typed, name) => {
      const item = template.cloneNode(true);
      const seconds = Number.isFinite(comment.created) ? comment.created : Date.now() / 1000;
      const created = new Date(seconds * 1000);
      item.dataset.created = seconds;
      if (comment.id !== undefined) {
        item.id = `comment-${comment.id}`;
        item.dataset.commentId = comment.id;
      }
      item.querySelector(".comment-author").textContent = name || text.anonymous;
      const avatar = initialsAvatar(name || "");
      item.querySelector(".avatar rect").setAttribute("fill", avatar.fill);
      item.querySelector(".avatar text").textContent = avatar.initials;
      item.querySelector("time").dateTime = created.toISOString();
      item.querySelector("time").textContent = formatDate(created);
      showText(item.querySelector(".comment-text"), rendered, typed);
      return item;
    };

    // The thread's order, the build's: by Isso's `created` in full (many
    // comments can share a second), then id; newest first if so set.
    const newestFirst = section.dataset.order === "newest";
    const byTime = (a, b) => a.created - b.created || a.id - b.id;
    const key = (element) => ({ created: Number(element.dataset.created), id: Number(element.dataset.commentId) });
    const goesBefore = (element, other) => {
      const order = byTime(key(element), key(other));
      return newestFirst ? order > 0 : order < 0;
    };
    // Top-level comments, in thread order, each before the first one it
    // goes before: one walk along the thread, whatever its length.
    const addTops = (comments) => {
      let next = list.firstElementChild;
      for (const comment of comments) {
        while (next && !goesBefore(comment, next)) next = next.nextElementSibling;
        list.insertBefore(comment, next);
        if (comment.dataset.commentId) addReplyButton(comment);
      }
    };
    const addReply = (comment, parentElement) => {
      let replies = parentElement.querySelector(":scope > .comment-list");
      if (!replies) {
        replies = parentElement.appendChild(document.createElement("ol"));
        replies.className = "comment-list";
      }
      replies.append(comment);
    };
    // Where a comment goes: under its parent's replies, or into the thread.
    const place = (comment, parent) =>
      parent === null ? addTops([comment]) : addReply(comment, document.getElementById(`comment-${parent}`));

    // Comments from Isso that the page does not have. At load, those posted
    // since the build (`created` above data-until, the newest the build
    // had), for every reader; with the "more" button, all of them (the
    // build renders FUKATSOFT_COMMENTS_LIMIT of a long thread).
    const until = Number(section.dataset.until) || 0;
    // Isso renders every comment it sends (10,000 took it 20 s here): a
    // longer thread than this comes as the typed text.
    const RENDERED_AT_MOST = 250;
    const addMissing = (all) => {
      const withHtml = rich && Number(heading.dataset.comments) <= RENDERED_AT_MOST;
      return fetch(`${isso}/?uri=${encodeURIComponent(section.dataset.uri)}${withHtml ? "" : "&plain=1"}`, {
        signal: AbortSignal.timeout(timeout),
      })
        .then(json)
        .then((thread) => {
          const missing = (comment) =>
            (all || comment.created > until) && !document.getElementById(`comment-${comment.id}`);
          const element = (comment) =>
            withHtml
              ? commentElement(comment, comment.text || "", "", unescape(comment.author))
              : commentElement(comment, null, comment.text || "", unescape(comment.author));
          const tops = [];
          for (const top of [...(thread.replies || [])].sort(byTime)) {
            let topElement = document.getElementById(`comment-${top.id}`);
            if (!topElement && missing(top)) {
              tops.push((topElement = element(top)));
              if (top.created > until) countShown();
            }
            if (!topElement) continue; // its replies come with it
            for (const reply of [...(top.replies || [])].sort(byTime)) {
              if (!missing(reply)) continue;
              addReply(element(reply), topElement);
              if (reply.created > until) countShown();
            }
          }
          addTops(newestFirst ? tops.reverse() : tops);
          return true;
        })
        .catch(() => false);
    };
    const addNewer = () => addMissing(false);
    const more = section.querySelector("[data-more-comments]");
    if (more) {
      more.hidden = false;
      more.addEventListener("click", async () => {
        more.disabled = true;
        if (await addMissing(true)) more.closest(".more-comments").remove();
        else more.disabled = false;
      });
    }

    $$(":scope > .comment", list).forEach(addReplyButton);
    note.querySelector("[data-reply-cancel]").addEventListener("click", cancelReply);

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const fields = form.elements;
      // What is sent is read now: the reader may start another reply while
      // this one is on its way.
      const typed = fields.text.value;
      const optional = (name) => fields[name].value.trim() || null;
      const author = optional("author");
      const sentParent = parentId;
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      say(text.sending);
      try {
        const response = await post(`${isso}/new?uri=${encodeURIComponent(section.dataset.uri)}`, {
          text: typed, author, email: optional("email"),
          website: optional("website"), parent: sentParent, title: section.dataset.title,
        });
        const body = await response.text();
        if (response.status === 201 || response.status === 202) {
          if (response.status === 201) {
            // Saved, whatever the body says: show it even if it is no JSON.
            let saved = {};
            try { saved = JSON.parse(body); } catch { /* keep the typed text */ }
            place(commentElement(saved, saved.text ?? null, typed, author), sentParent);
            countShown();
            for (const count of $$(".post-header .count-comments")) {
              count.dataset.fukatsoftComments = Number(count.dataset.fukatsoftComments) + 1;
              setCount(count, Number(count.dataset.fukatsoftComments));
            }
          }
          // Keep what the reader typed since, and where they now reply.
          if (fields.text.value === typed) fields.text.value = "";
          if (parentId === sentParent) cancelReply();
          say(response.status === 201 ? text.published : text.pending);
        } else {
          const reason = body.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
          if (response.status === 400) say(fill(text.invalid, "reason", reason), true);
          else if (response.status === 403) say(fill(text[refusal(reason)], "reason", reason), true);
          else if (response.status === 429) say(text.refusedRate, true);
          else say(fill(text.failed, "status", response.status), true);
        }
      } catch (error) {
        if (error && error.name === "TimeoutError") say(text.timeout, true);
        else say((await refusesThisSite()) ? text.refusedOrigin : text.offline, true);
      } finally {
        button.disabled = false;
      }
    });
    form.hidden = false;
    if (document.readyState === "complete") addNewer();
    else window.addEventListener("load", addNewer, { once: true });
  }

  setUpForm(section);
}
