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
