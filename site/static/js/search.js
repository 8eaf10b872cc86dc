// Dela search: accessible comboboxes proposing titles, tags, municipalities and
// ambassadors as the visitor types (WAI-ARIA combobox with a listbox popup): the
// header's box on every page, and the search page's. Without JavaScript each box
// is a plain search field. A followed suggestion is counted for the editors'
// query report (/search/click/).
(function () {
  "use strict";
  document.querySelectorAll(".search-combobox").forEach(setUp);

  function setUp(box) {
  var input = box.querySelector("input[role=combobox]");
  var list = box.querySelector("[role=listbox]");
  var status = document.getElementById(box.getAttribute("data-status"));
  var url = box.getAttribute("data-autocomplete-url");
  // Following a suggestion goes through the search's click counter: a result
  // followed for what was typed (nothing about the reader is kept).
  var clickUrl = box.getAttribute("data-click-url");
  var items = [];
  var active = -1;
  var timer = null;
  var controller = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    var item = items[index];
    if (!item) return;
    if (item.url) {
      var typed = input.value.trim();
      var internal = item.url.charAt(0) === "/" && item.url.charAt(1) !== "/";
      // The fragment stays on the link: the browser keeps it across the redirect.
      var hash = item.url.indexOf("#");
      var path = hash < 0 ? item.url : item.url.slice(0, hash);
      window.location.href =
        clickUrl && internal && typed
          ? clickUrl + "?q=" + encodeURIComponent(typed) +
            "&to=" + encodeURIComponent(path) + (hash < 0 ? "" : item.url.slice(hash))
          : item.url;
      return;
    }
    input.value = item.text;
    close();
    input.form.submit();
  }

  function render(results) {
    items = results;
    list.textContent = "";
    results.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = input.id + "-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "search-option";
      var text = document.createElement("span");
      text.textContent = item.text;
      var kind = document.createElement("span");
      kind.className = "search-option__kind";
      kind.textContent = item.kind_label;
      li.appendChild(text);
      li.appendChild(kind);
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(i);
      });
      list.appendChild(li);
    });
    if (results.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    } else {
      close();
    }
    if (status) {
      status.textContent = results.length ? results.length + " ↓" : "";
    }
  }

  function fetchSuggestions() {
    var value = input.value.trim();
    if (value.length < 2) {
      render([]);
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(url + "?q=" + encodeURIComponent(value), {
      headers: { Accept: "application/json" },
      signal: controller.signal,
    })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        render(data.results || []);
      })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(Math.min(active + 1, items.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(Math.max(active - 1, -1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () {
    setTimeout(close, 150);
  });
  }
})();
