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
  // The index is built in parts (search_index.py); parts.json lists them. The first is
  // the search box's bundle, and the others are merged into it before the box exists.
  fetch(root + "pagefind/parts.json")
    .then(function (response) {
      if (!response.ok) {
        throw new Error("pagefind/parts.json: HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (listed) {
      var bundles = listed.parts.map(function (part) {
        return root + "pagefind/" + part;
      });
      // The UI imports the same module from the same address, so it finds the parts
      // already merged. A search counts its filters only over the filter files already
      // loaded, and the UI would load them alongside its first search: with the counts
      // of the parts that happened to answer first. Loading them all before the UI
      // exists makes every count whole.
      return import(bundles[0] + "pagefind.js").then(function (pagefind) {
        return pagefind
          .options({ baseUrl: root })
          .then(function () {
            return Promise.all(
              bundles.slice(1).map(function (bundle) {
                return pagefind.mergeIndex(bundle, { baseUrl: root });
              })
            );
          })
          .then(function () {
            return pagefind.filters();
          })
          .then(function () {
            return bundles[0];
          });
      });
    })
    .then(function (bundlePath) {
      var ui = new PagefindUI({
        element: "#search",
        bundlePath: bundlePath,
        baseUrl: root,
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
