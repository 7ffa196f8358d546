/* unknot movement breaks in the browser: while any unknot page is open, a calm <dialog>
   shows a break when it is due. The server decides everything (working hours, settings,
   the schedule): this script asks it when to look again, sleeps until then (one timer,
   no busy polling), fetches the dialog it builds, and posts the answer with the page's
   CSRF token. Without JavaScript, /breaks/now/ shows the same break as a plain page.
   A browser notification is shown only if the person chose it and allowed it after a
   click on "Allow break notifications". */
(function () {
  "use strict";

  var script = document.currentScript;
  // Never on the break's own page, nor over a guided session or a breathing timer: a
  // page with its own timer is already a break of its kind.
  var busy = document.body.classList.contains("no-break-overlay") ||
    document.querySelector("[data-timer], [data-pacer]");
  if (!script || !window.fetch || busy) {
    return;
  }
  var overlayUrl = script.dataset.overlay;
  var LONGEST_WAIT_S = 15 * 60; // ask again at least this often (sleep, clock changes)
  var timer = null;
  var ticker = null;
  var channel = window.BroadcastChannel ? new BroadcastChannel("unknot-breaks") : null;

  function later(seconds) {
    window.clearTimeout(timer);
    var wait = Math.max(1, Math.min(seconds, LONGEST_WAIT_S));
    timer = window.setTimeout(check, wait * 1000);
  }

  function openDialog() {
    return document.querySelector("dialog[data-break-dialog]");
  }

  function check() {
    if (openDialog()) {
      return;
    }
    var url = overlayUrl + "?next=" + encodeURIComponent(location.pathname + location.search);
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (response.status === 200) {
          return response.text().then(show);
        }
        var inSeconds = parseInt(response.headers.get("X-Next-Break-In") || "", 10);
        later(isNaN(inSeconds) ? LONGEST_WAIT_S : inSeconds);
      })
      .catch(function () {
        later(LONGEST_WAIT_S);
      });
  }

  function clockText(seconds) {
    var s = Math.max(seconds, 0);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function countdown(dialog) {
    var left = parseInt(dialog.dataset.seconds, 10) || 30;
    var clock = dialog.querySelector("[data-break-clock]");
    var status = dialog.querySelector("[data-break-status]");
    clock.textContent = clockText(left);
    window.clearInterval(ticker);
    ticker = window.setInterval(function () {
      left -= 1;
      clock.textContent = clockText(left);
      if (left <= 0) {
        window.clearInterval(ticker);
        clock.textContent = "Time is up";
        status.textContent = "Time is up. Well done: press Done when you are ready.";
        var done = dialog.querySelector("[data-break-done]");
        if (done) {
          done.focus();
        }
      }
    }, 1000);
  }

  function notify(dialog) {
    if (!dialog.dataset.notify || !window.Notification || Notification.permission !== "granted") {
      return;
    }
    var note = new Notification(dialog.dataset.title, {
      body: dialog.dataset.body,
      tag: "unknot-break",
    });
    note.onclick = function () {
      window.focus();
      note.close();
    };
  }

  function close(dialog) {
    window.clearInterval(ticker);
    if (dialog.open) {
      dialog.close();
    }
    dialog.remove();
  }

  function answer(dialog, form, outcome) {
    var data = new FormData(form);
    data.set("outcome", outcome);
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (result) {
        close(dialog);
        if (channel) {
          channel.postMessage("answered");
        }
        later(result.ok && result.next_in_s !== null ? result.next_in_s : LONGEST_WAIT_S);
      })
      .catch(function () {
        form.submit(); // the plain POST still records it
      });
  }

  function show(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var dialog = holder.querySelector("dialog[data-break-dialog]");
    if (!dialog || openDialog()) {
      return;
    }
    document.body.appendChild(dialog);
    var form = dialog.querySelector("form[data-break-form]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = event.submitter;
      answer(dialog, form, button && button.value ? button.value : "done");
    });
    // Escape means "not now": put off when that is still allowed, otherwise skipped.
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault();
      var canLater = form.querySelector('button[value="postponed"]');
      answer(dialog, form, canLater ? "postponed" : "skipped");
    });
    dialog.showModal();
    countdown(dialog);
    notify(dialog);
  }

  if (channel) {
    channel.onmessage = function () {
      var dialog = openDialog();
      if (dialog) {
        close(dialog);
      }
      later(2);
    };
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      later(1);
    }
  });

  var permission = document.querySelector("[data-break-permission]");
  if (permission && window.Notification && Notification.permission === "default") {
    permission.hidden = false;
    permission.querySelector("button").addEventListener("click", function () {
      Notification.requestPermission().then(function () {
        permission.hidden = true;
      });
    });
  }

  check();
})();
