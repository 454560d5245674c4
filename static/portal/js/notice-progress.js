// The conclusion notice page while the notice is being produced: it updates by itself (the page works without it,
// through its "Refresh this page" link). Every 2 seconds the page is fetched again in the background; when the
// notice is no longer pending (issued, or failed with its reason) the page is reloaded once, so nobody has to press
// anything and a screen reader is not interrupted by a reload every 2 seconds.
(function () {
  "use strict";
  var SELECTOR = "[data-notice-pending]";
  var pending = document.querySelector(SELECTOR);
  if (!pending || !window.fetch || !window.DOMParser) { return; }
  var every = 1000 * (parseInt(pending.getAttribute("data-refresh-seconds"), 10) || 2);
  var giveUpAt = Date.now() + 30 * 60 * 1000; // a tab left open does not poll for ever
  var check = function () {
    if (Date.now() > giveUpAt) { return; }
    window.fetch(window.location.href, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new window.DOMParser().parseFromString(html, "text/html");
        if (fresh.querySelector(SELECTOR)) {
          window.setTimeout(check, every);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        // A lost connection or a server restart: keep trying at the same pace.
        window.setTimeout(check, every);
      });
  };
  window.setTimeout(check, every);
})();
