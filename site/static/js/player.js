// A link to a moment of a film ("#t=12", or "?t=12" where a fragment cannot be
// kept), as search's caption hits make: the player starts there and takes the
// focus, so the keyboard's play key starts the film at that moment. The
// transcript follows the film: the cue being said is marked and kept in view.
(function () {
  "use strict";
  if (window.delaPlayer) return; // one per page, however many players include it
  window.delaPlayer = true;

  function wanted() {
    var match = /[#&?]t=(\d+(?:\.\d+)?)/.exec(window.location.hash) ||
      /[?&]t=(\d+(?:\.\d+)?)/.exec(window.location.search);
    return match ? Number(match[1]) : null;
  }

  function player() {
    return document.querySelector(".video-player video, .video-player audio");
  }

  // The transcript's cue being said at `seconds` is marked (aria-current) and
  // scrolled into view inside the transcript's own box, never the page.
  var current = null;
  function follow(seconds) {
    var cues = document.querySelectorAll(".video-transcript__cue[data-start]");
    // The cue said at that moment; in a pause, the one starting within a second
    // (links to a moment count whole seconds).
    var found = null;
    for (var i = 0; i < cues.length; i++) {
      var start = Number(cues[i].getAttribute("data-start"));
      var end = Number(cues[i].getAttribute("data-end"));
      if (start <= seconds + 0.05 && end > seconds) { found = cues[i]; break; }
      if (start > seconds) {
        if (start <= seconds + 1) found = cues[i];
        break;
      }
    }
    if (found === current) return;
    if (current) {
      current.classList.remove("is-current");
      current.removeAttribute("aria-current");
    }
    current = found;
    if (!found) return;
    found.classList.add("is-current");
    found.setAttribute("aria-current", "true");
    var box = found.closest(".video-transcript__text");
    if (box) {
      var top = found.offsetTop - box.offsetTop;
      if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - found.offsetHeight) {
        box.scrollTop = Math.max(0, top - box.clientHeight / 3);
      }
    }
  }

  function jump() {
    var seconds = wanted();
    var media = player();
    if (seconds === null || !media) return;
    function go() {
      media.currentTime = Math.min(seconds, media.duration || seconds);
      media.focus();
      follow(media.currentTime);
    }
    if (media.readyState >= 1) go();
    else media.addEventListener("loadedmetadata", go, { once: true });
  }

  function start() {
    var media = player();
    if (media) {
      media.addEventListener("timeupdate", function () { follow(media.currentTime); });
    }
    jump();
  }

  document.addEventListener("DOMContentLoaded", start);
  window.addEventListener("hashchange", jump);
})();
