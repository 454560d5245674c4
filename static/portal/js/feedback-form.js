// Progressive enhancement of the public feedback form (the form works without it).
(function () {
  "use strict";
  // Filter the long list of units as the citizen types (diacritics ignored: "bac ha" finds "Bắc Hà").
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  };
  document.querySelectorAll("[data-filters]").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-filters"));
    if (!select) { return; }
    input.addEventListener("input", function () {
      var query = fold(input.value.trim());
      var firstMatch = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !option.value || !query || fold(option.text).indexOf(query) !== -1;
        option.hidden = !match;
        if (match && option.value && !firstMatch) { firstMatch = option; }
      });
      if (query && firstMatch && select.selectedOptions.length && select.selectedOptions[0].hidden) {
        firstMatch.selected = true;
      }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();

// The consent line (Decree 13/2023) matters only when contact details are given: show it then.
(function () {
  "use strict";
  var block = document.getElementById("consent-block");
  if (!block) { return; }
  var fields = ["id_full_name", "id_phone", "id_email"].map(function (id) { return document.getElementById(id); });
  var update = function () {
    var given = fields.some(function (field) { return field && field.value.trim() !== ""; });
    var invalid = block.querySelector(".is-invalid");
    block.hidden = !given && !invalid;
  };
  fields.forEach(function (field) { if (field) { field.addEventListener("input", update); } });
  update();
})();
