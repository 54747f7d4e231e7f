// Kiepe console: the live lists (polling, fed from the database), the optional sound, printing.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var live = document.querySelector("[data-live]");
  if (!live) { return; }
  var url = live.getAttribute("data-live");
  var key = live.getAttribute("data-live-key");
  var say = live.getAttribute("data-live-say") || "";
  var soundBox = live.getAttribute("data-live-sound") ? document.getElementById(live.getAttribute("data-live-sound")) : null;
  var status = document.getElementById("live-status");
  var every = parseInt(document.documentElement.getAttribute("data-poll-ms") || "3000", 10);
  var audio = null;

  if (soundBox) {
    soundBox.checked = window.localStorage.getItem("kiepe-console-sound") === "1";
    soundBox.addEventListener("change", function () {
      window.localStorage.setItem("kiepe-console-sound", soundBox.checked ? "1" : "0");
      if (soundBox.checked) { beep(); }  // a user gesture: the browser allows sound from now on
    });
  }

  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.15;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + 0.25);
    } catch (e) { /* no sound available: the list and the announcement still change */ }
  }

  function busyWithForm() {
    var active = document.activeElement;
    return active && live.contains(active) && active.tagName === "INPUT";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.redirected || !response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (data) {
        if (data.key !== key && !busyWithForm()) {
          var newer = parseInt(data.key, 10) > parseInt(key, 10);
          key = data.key;
          live.innerHTML = data.html;  // server-rendered, escaped by the template engine
          live.setAttribute("data-live-key", key);
          if (newer) {
            if (status) { status.textContent = ""; status.textContent = say; }
            if (soundBox && soundBox.checked) { beep(); }
          }
        }
      })
      .catch(function () { /* offline for a moment: try again at the next round */ })
      .then(function () { window.setTimeout(poll, every); });
  }
  window.setTimeout(poll, every);
})();
