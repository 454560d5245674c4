// Search pickers (culture_portal/pickers.py): matches come as one types, from the picker's JSON address. Without
// this script the Find button posts the form back and the server lists the matches; with it, Find is not needed.
(function () {
  "use strict";
  var DELAY_MS = 250;

  function choice(picker, value, label, checked, index) {
    var id = picker.getAttribute("data-id") + "_" + index;
    var wrapper = document.createElement("div");
    wrapper.className = "form-check";
    var input = document.createElement("input");
    input.className = "form-check-input";
    input.type = picker.getAttribute("data-multiple") === "1" ? "checkbox" : "radio";
    input.name = picker.getAttribute("data-name");
    input.id = id;
    input.value = value;
    input.checked = checked;
    var text = document.createElement("label");
    text.className = "form-check-label";
    text.htmlFor = id;
    text.textContent = label;
    wrapper.appendChild(input);
    wrapper.appendChild(text);
    return wrapper;
  }

  function show(picker, answer) {
    var list = picker.querySelector(".search-picker-choices");
    var status = picker.querySelector(".search-picker-status");
    var kept = Array.prototype.filter.call(list.querySelectorAll("input"), function (input) { return input.checked; });
    var keptValues = kept.map(function (input) { return input.value; });
    var keptRows = kept.map(function (input) { return input.closest(".form-check"); });
    list.textContent = "";
    keptRows.forEach(function (row) { list.appendChild(row); });
    var index = Date.now();
    answer.results.forEach(function (row) {
      if (keptValues.indexOf(String(row.value)) === -1) {
        list.appendChild(choice(picker, row.value, row.label, false, index++));
      }
    });
    var found = answer.results.length;
    status.textContent = found === 0 ? picker.getAttribute("data-none") :
      (answer.more ? picker.getAttribute("data-more") : picker.getAttribute("data-found") + " " + found);
  }

  document.querySelectorAll("[data-picker]").forEach(function (picker) {
    var box = picker.querySelector("input[type=search]");
    var find = picker.querySelector("[data-picker-find]");
    var timer = null;
    var asked = 0;
    // Without the Find button, Enter in any field of the form presses the form's own button, as people expect.
    var findPlace = find ? find.parentNode : null;
    if (find) { find.remove(); }
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // Enter searches; it does not send the whole form
    });
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var query = box.value.trim();
        if (query.length < 2) { return; }
        var mine = ++asked;
        var url = picker.getAttribute("data-search-url");
        url += (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
        fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (answer) { if (answer && mine === asked) { show(picker, answer); } })
          .catch(function () { if (find && !find.isConnected) { findPlace.appendChild(find); } });  // Find works offline
      }, DELAY_MS);
    });
  });
})();
