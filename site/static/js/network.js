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

  // @mention suggestions under the textarea (a list of buttons; keyboard reachable).
  if (reply) {
    var box = document.createElement("ul");
    box.className = "mention-suggestions";
    box.setAttribute("aria-live", "polite");
    reply.insertAdjacentElement("afterend", box);
    reply.addEventListener("input", function () {
      var before = reply.value.slice(0, reply.selectionStart);
      var match = before.match(/@([\w-]{2,40})$/);
      box.innerHTML = "";
      if (!match) return;
      fetch("/network/mentions/?q=" + encodeURIComponent(match[1]), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          box.innerHTML = "";
          (data.results || []).forEach(function (person) {
            var item = document.createElement("li");
            var choose = document.createElement("button");
            choose.type = "button";
            choose.className = "link-button";
            choose.textContent = "@" + person.handle + " (" + person.name + (person.municipality ? ", " + person.municipality : "") + ")";
            choose.addEventListener("click", function () {
              var start = reply.selectionStart - match[0].length;
              reply.value = reply.value.slice(0, start) + "@" + person.handle + " " + reply.value.slice(reply.selectionStart);
              box.innerHTML = "";
              reply.focus();
            });
            item.appendChild(choose);
            box.appendChild(item);
          });
        });
    });
  }
})();
