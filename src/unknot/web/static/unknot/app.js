/* unknot: a little progressive enhancement. Every page works without it.
   - Body map: click, Space or Enter on a region ticks the matching box in the place list
     (the list stays the real form field), and the map shows what is picked. The name of
     the place under the pointer or the keyboard focus is shown beside the map.
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

  function setUpMap(form) {
    var maps = form.querySelector("[data-bodymap]");
    if (!maps) {
      return;
    }
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
