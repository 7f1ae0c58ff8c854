/* pelican-fukatsoft: the comment form and the comments posted since the
   build (Isso), as a module fukatsoft.js loads when the comments come into
   view. Texts come translated from the page. */
export function setUp(section, { isso, timeout, post, json, $$, fill, setCount }) {
  // Isso's 403 reasons, as its guard words them.
  const refusal = (reason) =>
    /ratelimit/.test(reason) ? "refusedRate"
      : /edit time frame/.test(reason) ? "refusedEditWindow"
      : /direct responses/.test(reason) ? "refusedThreadLimit"
      : /required/.test(reason) ? "invalid"
      : "refused";

  // Dates as the build writes them: the site's strftime format, in the
  // site's time zone, with the page language's month and day names.
  function dateFormatter(section) {
    const zone = section.dataset.timezone || "UTC";
    const pattern = section.dataset.dateFormat || "%Y-%m-%d %H:%M";
    // Names and digits of the page's language as the build wrote them with
    // Babel (languages.py); without the plugin, the English of strftime.
    const names = JSON.parse(section.dataset.dateNames || "{}");
    const fields = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, calendar: "gregory", numberingSystem: "latn", hourCycle: "h23",
      year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
    });
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
  function avatar(svg, name) {
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(name)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    const words = name.trim().split(/[\s-]+/).filter((word) => /^\p{L}/u.test(word));
    svg.querySelector("rect").setAttribute("fill", `hsl(${hash % 360} 55% 32%)`);
    svg.querySelector("text").textContent = words.slice(0, 2).map((w) => capital([...w][0])).join("") || "?";
  }

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
    const template = section.querySelector("[data-comment-template]").content.firstElementChild;

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
    // The reader's comment, as plain text until the next build renders its Markdown.
    // The name is the one typed: Isso answers with it HTML-escaped.
    const commentElement = (comment, typed, name) => {
      const item = template.cloneNode(true);
      const created = Number.isFinite(comment.created) ? new Date(comment.created * 1000) : new Date();
      if (comment.id !== undefined) {
        item.id = `comment-${comment.id}`;
        item.dataset.commentId = comment.id;
      }
      item.querySelector(".comment-author").textContent = name || text.anonymous;
      avatar(item.querySelector(".avatar"), name || "");
      item.querySelector("time").dateTime = created.toISOString();
      item.querySelector("time").textContent = formatDate(created);
      item.querySelector(".comment-text").textContent = typed;
      return item;
    };

    // Where a comment goes: under its parent's replies, or into the thread.
    const place = (comment, parent, atEnd = false) => {
      if (parent === null) {
        if (section.dataset.order === "newest" && !atEnd) list.prepend(comment);
        else list.append(comment);
        if (comment.dataset.commentId) addReplyButton(comment);
        return;
      }
      const parentElement = document.getElementById(`comment-${parent}`);
      let replies = parentElement.querySelector(":scope > .comment-list");
      if (!replies) {
        replies = parentElement.appendChild(document.createElement("ol"));
        replies.className = "comment-list";
      }
      replies.append(comment);
    };

    // Comments from Isso that the page does not have. At load, those posted
    // since the build, for every reader; with the "more" button, all of them
    // (the build renders FUKATSOFT_COMMENTS_LIMIT of a long thread).
    const until = Number(section.dataset.until) || 0;
    const addMissing = (all) =>
      fetch(`${isso}/?uri=${encodeURIComponent(section.dataset.uri)}&plain=1`, {
        signal: AbortSignal.timeout(timeout),
      })
        .then(json)
        .then((thread) => {
          const tops = thread.replies || [];
          // Older ones go after what is shown when the newest come first.
          const older = all && section.dataset.order === "newest";
          for (const top of older ? [...tops].reverse() : tops) {
            for (const comment of [top, ...(top.replies || [])]) {
              if (document.getElementById(`comment-${comment.id}`)) continue;
              if (!all && !(comment.created > until)) continue;
              const parent = comment === top ? null : top.id;
              if (parent !== null && !document.getElementById(`comment-${parent}`)) continue;
              const element = commentElement(comment, comment.text || "", unescape(comment.author));
              place(element, parent, older && comment.created <= until);
            }
          }
          return true;
        })
        .catch(() => false);
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
            place(commentElement(saved, typed, author), sentParent);
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
        say(error && error.name === "TimeoutError" ? text.timeout : text.offline, true);
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
