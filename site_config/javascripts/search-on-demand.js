/* Material's search index (search/search_index.json, the text of the whole site) is downloaded when a
 * visitor first turns to search, not on every page load: on a phone on mobile data most visits never
 * search, and the index is the largest file of a page after the calculator's runtime (bench/: 0.6 MB of
 * the calculator page's 1.7 MB; it grows with the data). Loaded before Material's bundle, which asks
 * for the index with XMLHttpRequest at start-up: that one request is held back until the search box
 * gets the focus (click, tap, or the / and s shortcuts), the search toggle is used, a key is typed
 * into it, or the address asks for a search (?q=). Every other request goes out as before. */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json$/;
  var held = [];
  var wanted = /[?&]q=/.test(location.search);

  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (send) {
      send();
    });
  }

  function inSearch(target) {
    return Boolean(target && target.closest && target.closest(".md-search, [for='__search'], #__search"));
  }

  document.addEventListener("focusin", function (event) {
    if (inSearch(event.target)) want();
  }, true);
  document.addEventListener("pointerdown", function (event) {
    if (inSearch(event.target)) want();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") want();
  }, true);
  document.addEventListener("keydown", function (event) {
    // Material's shortcuts to the search box, which act only when no field is being typed into.
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (event.key === "/" || event.key === "s" || event.key === "S" || event.key === "f" || event.key === "F") want();
  }, true);

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    try {
      this.gxSearchIndex = INDEX.test(new URL(String(url), location.href).pathname);
    } catch (error) {
      this.gxSearchIndex = false;
    }
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.gxSearchIndex && !wanted) {
      var request = this;
      var body = arguments;
      held.push(function () {
        send.apply(request, body);
      });
      return undefined;
    }
    return send.apply(this, arguments);
  };
})();
