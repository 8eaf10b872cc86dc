// The header's notification badge: fetched after the page, so no page pays a query.
(function () {
  "use strict";
  var badge = document.querySelector("[data-network-badge]");
  if (!badge) return;
  fetch(badge.dataset.networkBadge, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : { unread: 0 }; })
    .then(function (data) {
      if (data.unread > 0) {
        // The number for the eye; for a screen reader the sentence it stands for
        // ("3 nya aviseringar"), in the page's language.
        var number = document.createElement("span");
        number.setAttribute("aria-hidden", "true");
        number.textContent = data.unread > 99 ? "99+" : String(data.unread);
        var words = document.createElement("span");
        words.className = "visually-hidden";
        words.textContent = data.label || String(data.unread);
        badge.replaceChildren(number, words);
        badge.hidden = false;
      }
    })
    .catch(function () {});
})();
