/* unknot: a little progressive enhancement. Every page works without it.
   - Body map: click, Space or Enter on a region ticks the matching box in the place list
     (the list stays the real form field), and the map shows what is picked. The name of
     the place under the pointer or the keyboard focus is shown beside the map.
   - Each figure of the map is one Tab stop (a roving focus): the arrow keys move to the
     nearest place in that direction, Home and End to the first and last, so a keyboard
     user is not walked through some 170 places to reach the text box.
   - After htmx swaps in a card, focus moves to its message so screen readers hear it. */
(function () {
  "use strict";

  function boxesFor(form, region, side) {
    var value = region + ":" + side;
    return Array.prototype.filter.call(form.querySelectorAll('input[name="loc"]'), function (box) {
      return box.value === value;
    });
  }

  function sync(form) {
    var checked = {};
    var names = [];
    form.querySelectorAll('input[name="loc"]').forEach(function (box) {
      if (box.checked) {
        checked[box.value] = true;
        names.push(box.getAttribute("aria-label") || box.value);
      }
    });
    form.querySelectorAll(".bm-region").forEach(function (shape) {
      var on = !!checked[shape.dataset.region + ":" + shape.dataset.side];
      shape.classList.toggle("is-selected", on);
      shape.setAttribute("aria-checked", on ? "true" : "false");
    });
    var picked = form.querySelector("[data-picked]");
    if (picked) {
      picked.textContent = names.length ? "Picked: " + names.join(", ") : "";
    }
  }

  function toggle(form, shape) {
    var boxes = boxesFor(form, shape.dataset.region, shape.dataset.side);
    if (!boxes.length) {
      return;
    }
    var on = !boxes[0].checked;
    boxes.forEach(function (box) {
      box.checked = on;
      var group = box.closest("details");
      if (on && group) {
        group.open = true;
      }
    });
    sync(form);
  }

  var STEP = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };

  function centre(shape) {
    var box = shape.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  }

  // The nearest place in the arrow's direction: distance along it, plus twice the distance
  // across it, so that "right" prefers the place beside over one far up or down.
  function nextPlace(shapes, from, key) {
    var dir = STEP[key];
    var here = centre(from);
    var best = null;
    var bestScore = Infinity;
    shapes.forEach(function (shape) {
      if (shape === from) {
        return;
      }
      var c = centre(shape);
      var along = (c.x - here.x) * dir[0] + (c.y - here.y) * dir[1];
      var across = Math.abs((c.x - here.x) * dir[1]) + Math.abs((c.y - here.y) * dir[0]);
      if (along <= 1) {
        return;
      }
      var score = along + 2 * across;
      if (score < bestScore) {
        bestScore = score;
        best = shape;
      }
    });
    return best;
  }

  function rove(figure) {
    var shapes = Array.prototype.slice.call(figure.querySelectorAll(".bm-region"));
    if (!shapes.length) {
      return;
    }
    figure.setAttribute("tabindex", "-1"); // the figure's places take the focus, not the drawing
    var current = figure.querySelector('.bm-region[aria-checked="true"]') || shapes[0];
    shapes.forEach(function (shape) {
      shape.setAttribute("tabindex", shape === current ? "0" : "-1");
    });
    figure.addEventListener("focusin", function (event) {
      var shape = event.target.closest(".bm-region");
      if (shape && shape !== current) {
        current.setAttribute("tabindex", "-1");
        shape.setAttribute("tabindex", "0");
        current = shape;
      }
    });
    figure.addEventListener("keydown", function (event) {
      var shape = event.target.closest(".bm-region");
      if (!shape) {
        return;
      }
      var target = null;
      if (STEP[event.key]) {
        target = nextPlace(shapes, shape, event.key);
      } else if (event.key === "Home") {
        target = shapes[0];
      } else if (event.key === "End") {
        target = shapes[shapes.length - 1];
      } else {
        return;
      }
      event.preventDefault();
      if (target) {
        target.focus();
      }
    });
  }

  function setUpMap(form) {
    var maps = form.querySelector("[data-bodymap]");
    if (!maps) {
      return;
    }
    maps.querySelectorAll("svg.bm").forEach(rove);
    maps.addEventListener("click", function (event) {
      var shape = event.target.closest(".bm-region");
      if (shape) {
        toggle(form, shape);
      }
    });
    maps.addEventListener("keydown", function (event) {
      var shape = event.target.closest(".bm-region");
      if (shape && (event.key === " " || event.key === "Enter")) {
        event.preventDefault();
        toggle(form, shape);
      }
    });
    var label = form.querySelector("[data-focus-name]");
    function name(event) {
      var shape = event.target.closest(".bm-region");
      if (label && shape) {
        label.textContent = shape.getAttribute("aria-label") || "";
      }
    }
    maps.addEventListener("focusin", name);
    maps.addEventListener("mouseover", name);
    form.addEventListener("change", function (event) {
      if (event.target.name === "loc") {
        sync(form);
      }
    });
    sync(form);
  }

  function focusMessage() {
    var target = document.querySelector("[data-autofocus]");
    if (target) {
      target.removeAttribute("data-autofocus");
      target.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(setUpMap);
  });
  document.addEventListener("htmx:afterSettle", focusMessage);
})();
