/* unknot: the guided session player's timers. Every step works without them: the page
   says how long, and "Done, next" moves on.
   - A countdown per step with Start, Pause and Resume; a step held several times counts
     each hold ("Hold 2 of 3") and says when to ease off and go again.
   - Relaxation steps get a breathing pacer: a circle that grows while you breathe in and
     shrinks while you breathe out. Its rhythm is set with CSS classes (pace-4 = 4 seconds),
     because the strict Content-Security-Policy allows no inline styles.
   - Time is read from Date.now() on each tick, so a timer stays right even when the
     browser slows the ticks of a tab in the background.
   - Screen readers hear the changes that matter (start, each hold, pause, time is up)
     through a status region, not every second. */
(function () {
  "use strict";

  var TICK_MS = 200;
  var PACES = [];
  for (var n = 1; n <= 12; n += 1) {
    PACES.push("pace-" + n);
  }

  function clockText(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function Player(root) {
    this.root = root;
    this.timer = root.querySelector("[data-timer]");
    this.totalMs = (Number(root.dataset.seconds) || 0) * 1000;
    this.reps = Math.max(1, Number(root.dataset.reps) || 1);
    this.word = root.dataset.word || "";
    this.inhale = Number(root.dataset.inhale) || 0;
    this.exhale = Number(root.dataset.exhale) || 0;
    this.repMs = this.totalMs / this.reps;
    this.elapsed = 0;
    this.last = 0;
    this.ticking = null;
    this.rep = 0;
    this.phase = "";
    this.find = function (name) {
      return this.timer.querySelector("[data-" + name + "]");
    };
  }

  Player.prototype.setUp = function () {
    var self = this;
    this.label = this.find("timer-label");
    this.clock = this.find("timer-clock");
    this.start = this.find("timer-start");
    this.pause = this.find("timer-pause");
    this.say = this.find("timer-say");
    this.pacer = this.find("pacer");
    this.pacerWord = this.find("pacer-word");
    this.next = this.root.querySelector("[data-next]");
    this.start.addEventListener("click", function () {
      self.run();
    });
    this.pause.addEventListener("click", function () {
      self.hold();
    });
    this.timer.hidden = false;
    this.render();
  };

  Player.prototype.announce = function (text) {
    this.say.textContent = text;
  };

  Player.prototype.repLabel = function (rep) {
    return this.word + " " + (rep + 1) + " of " + this.reps;
  };

  Player.prototype.render = function () {
    var rep = Math.min(Math.floor(this.elapsed / this.repMs), this.reps - 1);
    var left = Math.max(0, Math.ceil(((rep + 1) * this.repMs - this.elapsed) / 1000));
    this.clock.textContent = clockText(left);
    this.label.textContent = this.reps > 1 ? this.repLabel(rep) : "Time left";
    if (rep !== this.rep) {
      this.rep = rep;
      this.announce(this.repLabel(rep) + ": ease off for a breath, then go again.");
    }
    if (this.pacer && this.ticking) {
      this.pace();
    }
  };

  Player.prototype.pace = function () {
    var cycle = (this.inhale + this.exhale) * 1000;
    var phase = this.elapsed % cycle < this.inhale * 1000 ? "in" : "out";
    if (phase === this.phase) {
      return;
    }
    this.phase = phase;
    this.pacer.classList.remove("is-in", "is-out");
    this.pacer.classList.remove.apply(this.pacer.classList, PACES);
    this.pacer.classList.add("is-" + phase, "pace-" + (phase === "in" ? this.inhale : this.exhale));
    this.pacerWord.textContent = phase === "in" ? "Breathe in" : "Breathe out";
  };

  Player.prototype.tick = function () {
    var now = Date.now();
    this.elapsed += Math.max(0, now - this.last);
    this.last = now;
    if (this.elapsed >= this.totalMs) {
      this.elapsed = this.totalMs;
      this.finish();
      return;
    }
    this.render();
  };

  Player.prototype.run = function () {
    var self = this;
    var again = this.elapsed > 0;
    this.last = Date.now();
    this.ticking = window.setInterval(function () {
      self.tick();
    }, TICK_MS);
    this.root.classList.add("is-running");
    if (this.pacer) {
      this.pacer.classList.remove("is-paused");
      this.phase = "";
    }
    this.start.hidden = true;
    this.pause.hidden = false;
    this.pause.focus();
    this.announce(again ? "Going again." : this.reps > 1 ? this.repLabel(this.rep) : "Timer started.");
    this.render();
  };

  Player.prototype.halt = function () {
    window.clearInterval(this.ticking);
    this.ticking = null;
    this.root.classList.remove("is-running");
  };

  Player.prototype.hold = function () {
    this.tick();
    if (!this.ticking) {
      return; // the time ran out on this very tick
    }
    this.halt();
    if (this.pacer) {
      this.pacer.classList.add("is-paused");
      this.pacerWord.textContent = "Paused";
    }
    this.pause.hidden = true;
    this.start.hidden = false;
    this.start.textContent = "Resume";
    this.start.focus();
    this.announce("Paused.");
  };

  Player.prototype.finish = function () {
    this.halt();
    this.render();
    this.label.textContent = "Done";
    this.root.classList.add("is-done");
    if (this.pacer) {
      this.pacer.classList.remove("is-in", "is-out");
      this.pacerWord.textContent = "Well done";
    }
    this.pause.hidden = true;
    this.start.hidden = true;
    this.announce("Time is up. Move on when you are ready.");
    if (this.next) {
      this.next.focus();
    }
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-player]").forEach(function (root) {
      var player = new Player(root);
      if (player.timer && player.totalMs > 0) {
        player.setUp();
      }
    });
  });
})();
