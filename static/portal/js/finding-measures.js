// The finding form in the field: once an official is chosen, the proposed measure offers only the measures that
// apply to that official's category (a disciplinary form of a công chức is not offered for a viên chức); without an
// official, only the administrative measures (nhắc nhở, phê bình, kiểm điểm). The server refuses the others anyway;
// without JavaScript every measure in force is listed with its category in its name.
(function () {
  "use strict";
  var official = document.querySelector("select[data-measure-filter=official]");
  var measure = document.querySelector("select[data-measure-filter=measure]");
  if (!official || !measure) { return; }
  var update = function () {
    var chosen = official.options[official.selectedIndex];
    var category = chosen ? (chosen.getAttribute("data-category") || "") : "";
    Array.prototype.forEach.call(measure.options, function (option) {
      var appliesTo = option.getAttribute("data-applies-to");
      var offered = !appliesTo || appliesTo === category;
      option.hidden = !offered;
      option.disabled = !offered;
      if (!offered && option.selected) { measure.value = ""; }
    });
  };
  official.addEventListener("change", update);
  update();
}());
