// The search page: Pagefind's UI over the index built with the site.
// Everything else on the site works without this script.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var unavailable = document.getElementById("search-unavailable");
  // Browsers refuse to fetch the index from file://; the page then keeps its message.
  if (!box || typeof PagefindUI === "undefined" || location.protocol === "file:") {
    return;
  }
  // Pagefind stores result URLs from the site root ("/articles/x.html"); the root's
  // own path makes them right when the site lives under a sub-path such as /archive/.
  var root = new URL(box.getAttribute("data-root"), location.href).pathname;
  // The index is built in parts (search_index.py); parts.json lists them, and the
  // search box searches the first and merges the others into its results.
  fetch(root + "pagefind/parts.json")
    .then(function (response) {
      if (!response.ok) {
        throw new Error("pagefind/parts.json: HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (listed) {
      var bundles = listed.parts.map(function (part) {
        return { bundlePath: root + "pagefind/" + part, baseUrl: root };
      });
      var ui = new PagefindUI({
        element: "#search",
        bundlePath: bundles[0].bundlePath,
        baseUrl: root,
        mergeIndex: bundles.slice(1),
        showImages: false,
        showSubResults: true,
        resetStyles: false,
        translations: { placeholder: "Search articles, claims, quotes and outlets" },
      });
      unavailable.hidden = true;
      var query = new URLSearchParams(location.search).get("q");
      if (query) {
        ui.triggerSearch(query);
      }
    });
})();
