// A link to a moment of a film ("#t=12", or "?t=12" where a fragment cannot be
// kept), as search's caption hits make: the player starts there and takes the
// focus, so the keyboard's play key starts the film at that moment.
(function () {
  "use strict";
  if (window.delaPlayer) return; // one per page, however many players include it
  window.delaPlayer = true;

  function wanted() {
    var match = /[#&?]t=(\d+(?:\.\d+)?)/.exec(window.location.hash) ||
      /[?&]t=(\d+(?:\.\d+)?)/.exec(window.location.search);
    return match ? Number(match[1]) : null;
  }

  function jump() {
    var seconds = wanted();
    var media = document.querySelector(".video-player video, .video-player audio");
    if (seconds === null || !media) return;
    function go() {
      media.currentTime = Math.min(seconds, media.duration || seconds);
      media.focus();
    }
    if (media.readyState >= 1) go();
    else media.addEventListener("loadedmetadata", go, { once: true });
  }

  document.addEventListener("DOMContentLoaded", jump);
  window.addEventListener("hashchange", jump);
})();
