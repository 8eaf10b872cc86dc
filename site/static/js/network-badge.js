// The header's notification badge: fetched after the page, so no page pays a query.
(function () {
  "use strict";
  var badge = document.querySelector("[data-network-badge]");
  if (!badge) return;
  fetch(badge.dataset.networkBadge, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : { unread: 0 }; })
    .then(function (data) {
      if (data.unread > 0) {
        badge.textContent = data.unread > 99 ? "99+" : String(data.unread);
        badge.hidden = false;
      }
    })
    .catch(function () {});
})();
