/* The video library's small enhancements; every page works without them.
 * 1. Upload forms marked data-upload-progress send the file with XMLHttpRequest and
 *    show a progress bar (read out by screen readers through aria-live).
 * 2. A processing status with data-status-url is polled until it is finished. */
(function () {
  "use strict";

  function formatPercent(loaded, total) {
    return Math.floor((loaded / total) * 100);
  }

  function enhanceUpload(form) {
    var box = form.querySelector(".upload-progress");
    if (!box || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    var bar = box.querySelector("progress");
    var text = box.querySelector(".upload-progress__text");
    var button = form.querySelector("button[type=submit]");
    var announced = -1;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = form.querySelector("input[type=file][data-max-size]");
      var file = input && input.files && input.files[0];
      if (file && file.size > Number(input.getAttribute("data-max-size"))) {
        box.hidden = false;
        bar.hidden = true;
        text.textContent = input.getAttribute("data-too-large");
        input.focus();
        return;
      }
      bar.hidden = false;
      var request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("action") || window.location.href);
      request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      request.upload.addEventListener("progress", function (progress) {
        if (!progress.lengthComputable) {
          return;
        }
        var percent = formatPercent(progress.loaded, progress.total);
        bar.value = percent;
        // Announce every tenth percent, not every event.
        if (Math.floor(percent / 10) !== announced) {
          announced = Math.floor(percent / 10);
          text.textContent = percent + " %";
        }
      });
      request.addEventListener("load", function () {
        if (request.responseURL && request.responseURL !== window.location.href) {
          window.location.assign(request.responseURL);
          return;
        }
        // The form came back with errors: show that page as it is.
        var doc = new DOMParser().parseFromString(request.responseText, "text/html");
        var main = doc.querySelector("main");
        if (main) {
          document.querySelector("main").replaceWith(main);
          var again = main.querySelector("form[data-upload-progress]");
          if (again) {
            enhanceUpload(again);
          }
          var errors = main.querySelector(".form-errors");
          if (errors) {
            errors.setAttribute("tabindex", "-1");
            errors.focus();
          }
        }
      });
      request.addEventListener("error", function () {
        text.textContent = box.getAttribute("data-error") || "Upload failed.";
        button.disabled = false;
      });
      box.hidden = false;
      button.disabled = true;
      request.send(new FormData(form));
    });
  }

  function pollStatus(element) {
    var url = element.getAttribute("data-status-url");
    if (!url) {
      return;
    }
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (!html) {
            return;
          }
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var fresh = holder.firstElementChild;
          if (!fresh) {
            return;
          }
          element.replaceWith(fresh);
          if (fresh.getAttribute("data-status-url")) {
            pollStatus(fresh);
          } else if (fresh.classList.contains("video-status--ready")) {
            // Ready: reload once so that the player appears.
            var notice = document.createElement("p");
            var link = document.createElement("a");
            link.href = window.location.href;
            link.textContent = fresh.getAttribute("data-reload-label") || "Show the video";
            notice.appendChild(link);
            fresh.appendChild(notice);
          }
        })
        .catch(function () {
          pollStatus(element);
        });
    }, 3000);
  }

  document.querySelectorAll("form[data-upload-progress]").forEach(enhanceUpload);
  document.querySelectorAll("[data-status-url]").forEach(pollStatus);
})();
