/* pelican-fukatsoft: optional enhancements, loaded with `defer` and only when
   the site opts in. Live view counts (GoatCounter), live comment counts and the
   comment form (Isso). Every failure leaves the page exactly as it was built. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var issoUrl = (script.dataset.isso || "").replace(/\/+$/, "");
  var goatcounterUrl = (script.dataset.goatcounter || "").replace(/\/+$/, "");
  var lang = document.documentElement.lang || "en";
  var compact = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  var exact = new Intl.NumberFormat(lang);
  var plural = new Intl.PluralRules(lang);

  function setCount(element, total) {
    if (!Number.isFinite(total) || total < 0) return;
    var label = (plural.select(total) === "one" ? element.dataset.labelOne : element.dataset.labelOther)
      .replace("{n}", exact.format(total));
    element.querySelector(".count-value").textContent = compact.format(total);
    element.querySelector(".visually-hidden").textContent = label;
    element.title = label;
  }

  function byPath(selector) {
    var groups = {};
    document.querySelectorAll(selector).forEach(function (element) {
      (groups[element.dataset.path] = groups[element.dataset.path] || []).push(element);
    });
    return groups;
  }

  function refreshViews() {
    var groups = byPath(".count-views[data-path]");
    Object.keys(groups).forEach(function (path) {
      fetch(goatcounterUrl + "/counter/" + encodeURIComponent(path) + ".json")
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (body) {
          // GoatCounter formats the number with the owner's separator: "1 234".
          var live = parseInt(String(body.count).replace(/\D/g, ""), 10);
          if (!Number.isFinite(live)) return;
          groups[path].forEach(function (element) {
            setCount(element, Number(element.dataset.baseline) + live);
          });
        })
        .catch(function () { /* keep the build-time number */ });
    });
  }

  function refreshComments() {
    var groups = byPath(".count-comments[data-path]");
    var paths = Object.keys(groups);
    if (!paths.length) return;
    fetch(issoUrl + "/count", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(paths),
    })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (counts) {
        paths.forEach(function (path, index) {
          var live = Number(counts[index]);
          groups[path].forEach(function (element) {
            setCount(element, Number(element.dataset.baseline) + live);
          });
        });
      })
      .catch(function () { /* keep the build-time numbers */ });
  }

  function commentElement(comment) {
    var item = document.createElement("li");
    item.className = "comment";
    item.id = "comment-" + comment.id;
    item.dataset.commentId = comment.id;
    var article = item.appendChild(document.createElement("article"));
    var meta = article.appendChild(document.createElement("header"));
    meta.className = "comment-meta";
    var author = meta.appendChild(document.createElement("span"));
    author.className = "comment-author";
    author.textContent = comment.author || "Anonymous";
    var time = meta.appendChild(document.createElement("time"));
    var created = new Date(comment.created * 1000);
    time.dateTime = created.toISOString();
    time.textContent = created.toLocaleString(lang);
    var text = article.appendChild(document.createElement("div"));
    // The commenter's words as plain text: Markdown is rendered at the next build.
    text.className = "comment-text comment-text-plain";
    text.textContent = comment.textTyped;
    return item;
  }

  function setUpForm(section) {
    var form = section.querySelector("[data-comment-form]");
    var list = section.querySelector("[data-comment-list]");
    var status = form.querySelector("[data-form-status]");
    var replyNote = form.querySelector("[data-reply-note]");
    var parentId = null;
    var home = form.parentNode;
    var homeNext = form.nextSibling;

    function say(message, isError) {
      status.textContent = message;
      status.classList.toggle("form-error", Boolean(isError));
    }

    function replyTo(comment) {
      parentId = Number(comment.dataset.commentId);
      var name = comment.querySelector(".comment-author").textContent.trim();
      replyNote.querySelector("[data-reply-text]").textContent = "Replying to " + name + ".";
      replyNote.hidden = false;
      comment.querySelector("article").after(form);
      form.querySelector("textarea").focus();
    }

    function cancelReply() {
      parentId = null;
      replyNote.hidden = true;
      home.insertBefore(form, homeNext);
    }

    function addReplyButton(comment) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = "Reply";
      button.addEventListener("click", function () { replyTo(comment); });
      comment.querySelector(".comment-meta").appendChild(button);
    }

    list.querySelectorAll(":scope > .comment").forEach(addReplyButton);
    replyNote.querySelector("[data-reply-cancel]").addEventListener("click", cancelReply);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = form.elements;
      var typed = fields.text.value;
      var payload = {
        text: typed,
        author: fields.author.value.trim() || null,
        email: fields.email.value.trim() || null,
        website: fields.website.value.trim() || null,
        parent: parentId,
        title: section.dataset.title,
      };
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      say("Sending your comment…");
      fetch(issoUrl + "/new?uri=" + encodeURIComponent(section.dataset.uri), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload),
      })
        .then(function (response) {
          return response.text().then(function (body) { return { response: response, body: body }; });
        })
        .then(function (result) {
          var response = result.response;
          if (response.status === 201 || response.status === 202) {
            var comment = JSON.parse(result.body);
            comment.textTyped = typed;
            var element = commentElement(comment);
            var target = list;
            if (parentId !== null) {
              var parent = document.getElementById("comment-" + parentId);
              target = parent.querySelector(":scope > .comment-list");
              if (!target) {
                target = parent.appendChild(document.createElement("ol"));
                target.className = "comment-list";
              }
            } else {
              addReplyButton(element);
            }
            if (response.status === 201) {
              target.appendChild(element);
              document.querySelectorAll(".post-header .count-comments").forEach(function (count) {
                setCount(count, Number(count.dataset.fukatsoftComments) + 1);
                count.dataset.fukatsoftComments = Number(count.dataset.fukatsoftComments) + 1;
              });
              say("Thank you, your comment is published.");
            } else {
              say("Thank you, your comment will appear once a moderator approves it.");
            }
            form.reset();
            cancelReply();
          } else if (response.status === 400) {
            say("The comment server did not accept this comment: " + result.body.slice(0, 200), true);
          } else if (response.status === 403 || response.status === 429) {
            say("The comment server refused the comment: you may be posting too fast, or comments are closed here. Please try again later.", true);
          } else {
            say("The comment server had a problem (error " + response.status + "). Your comment was not saved; please try again later.", true);
          }
        })
        .catch(function () {
          say("The comment server could not be reached. Your comment was not sent; please try again later.", true);
        })
        .then(function () { button.disabled = false; });
    });
    form.hidden = false;
  }

  if (goatcounterUrl) refreshViews();
  if (issoUrl) {
    refreshComments();
    document.querySelectorAll("section.comments[data-isso]").forEach(setUpForm);
  }
})();
