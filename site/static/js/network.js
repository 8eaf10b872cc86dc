// The network's small enhancements (the pages work without them): Markdown preview,
// quoting a post into the reply, @mention suggestions and the notification badge.
(function () {
  "use strict";

  function csrf(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Preview: POST the text, show the sanitised HTML the server renders.
  document.querySelectorAll("[data-preview-for]").forEach(function (button) {
    var textarea = document.getElementById(button.dataset.previewFor);
    var form = button.closest("form");
    var target = form && form.querySelector("[data-preview-url]");
    if (!textarea || !target) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var body = new FormData();
      body.append("body", textarea.value);
      fetch(target.dataset.previewUrl, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrf(form), "HX-Request": "true" },
        credentials: "same-origin",
      })
        .then(function (response) { return response.text(); })
        .then(function (html) { target.innerHTML = html; });
    });
  });

  // Quote: add the post's text as a Markdown quote linking to it.
  var reply = document.getElementById("id_body");
  document.querySelectorAll("[data-quote-post]").forEach(function (button) {
    if (!reply) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var article = document.getElementById("post-" + button.dataset.quotePost);
      var text = article.querySelector(".post__body").innerText.trim();
      var lines = text.split("\n").map(function (line) { return "> " + line; });
      var head = "> **" + button.dataset.quoteAuthor + "** [#](" + button.dataset.quoteUrl + "):";
      reply.value = (reply.value ? reply.value + "\n\n" : "") + head + "\n" + lines.join("\n") + "\n\n";
      reply.focus();
    });
  });

  // @mention suggestions: the textarea autocompletes from a listbox of people
  // (arrow keys choose, Enter or Tab inserts, Escape closes; mouse works too), and a
  // live region says how many there are.
  if (reply) {
    var status = document.getElementById("mention-status");
    var list = document.createElement("ul");
    list.id = "mention-suggestions";
    list.className = "mention-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "@");
    list.hidden = true;
    reply.insertAdjacentElement("afterend", list);
    reply.setAttribute("aria-autocomplete", "list");
    reply.setAttribute("aria-controls", list.id);
    var people = [];
    var active = -1;
    var pending = null;
    var timer = null;

    var close = function () {
      people = [];
      active = -1;
      list.hidden = true;
      list.textContent = "";
      reply.removeAttribute("aria-activedescendant");
      if (status) status.textContent = "";
    };
    var typed = function () {
      var before = reply.value.slice(0, reply.selectionStart);
      return before.match(/@([\w-]{2,40})$/);
    };
    var highlight = function (index) {
      active = index;
      list.querySelectorAll("[role=option]").forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        reply.setAttribute("aria-activedescendant", "mention-option-" + index);
      } else {
        reply.removeAttribute("aria-activedescendant");
      }
    };
    var insert = function (index) {
      var match = typed();
      var person = people[index];
      if (!match || !person) return close();
      var start = reply.selectionStart - match[0].length;
      var rest = reply.value.slice(reply.selectionStart);
      reply.value = reply.value.slice(0, start) + "@" + person.handle + " " + rest;
      var caret = start + person.handle.length + 2;
      reply.setSelectionRange(caret, caret);
      close();
      reply.focus();
    };
    var show = function (results) {
      close();
      people = results;
      results.forEach(function (person, i) {
        var option = document.createElement("li");
        option.id = "mention-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = "@" + person.handle + " (" + person.name +
          (person.municipality ? ", " + person.municipality : "") + ")";
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          insert(i);
        });
        list.appendChild(option);
      });
      if (!results.length) return;
      list.hidden = false;
      if (status && status.dataset.some) {
        status.textContent = status.dataset.some.replace("#", results.length);
      }
    };

    reply.addEventListener("input", function () {
      clearTimeout(timer);
      var match = typed();
      if (!match) return close();
      timer = setTimeout(function () {
        if (pending) pending.abort();
        pending = new AbortController();
        fetch("/network/mentions/?q=" + encodeURIComponent(match[1]), {
          credentials: "same-origin",
          signal: pending.signal,
        })
          .then(function (response) { return response.ok ? response.json() : {}; })
          .then(function (data) { show(data.results || []); })
          .catch(function () {});
      }, 150);
    });
    reply.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight(Math.min(active + 1, people.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        insert(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    reply.addEventListener("blur", function () { setTimeout(close, 150); });
  }
})();
