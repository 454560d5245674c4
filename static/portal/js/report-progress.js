// The periodic report's page while its files are being produced (no inline script: CSP). The page works without
// it, through its "Refresh this page" link. Every 2 seconds the progress address is asked (JSON: status, step,
// total, label); the bar and its label follow, and when the report is no longer being produced the page is
// reloaded once to show the files or the reason of a failure.
(function () {
  "use strict";
  var box = document.querySelector("[data-report-producing]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-progress-url");
  var bar = box.querySelector("[data-progress-bar]");
  var label = box.querySelector("[data-progress-label]");
  var meter = box.querySelector("[role=progressbar]");
  var giveUpAt = Date.now() + 30 * 60 * 1000; // a tab left open does not poll for ever
  var show = function (step, total, text) {
    var share = total ? Math.round(100 * step / total) : 0;
    bar.style.width = share + "%";
    meter.setAttribute("aria-valuenow", String(step));
    if (text) { label.textContent = text; }
  };
  show(parseInt(bar.getAttribute("data-step"), 10) || 0, parseInt(bar.getAttribute("data-total"), 10) || 0, "");
  var check = function () {
    if (Date.now() > giveUpAt) { return; }
    window.fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        if (data.status !== "producing") { window.location.reload(); return; }
        show(data.step, data.total, data.label);
        window.setTimeout(check, 2000);
      })
      .catch(function () { window.setTimeout(check, 2000); });
  };
  window.setTimeout(check, 2000);
})();
