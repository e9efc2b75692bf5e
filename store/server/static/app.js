// claims: speaker names as you type. Every page works without this file;
// it only fills the <datalist> behind inputs marked data-suggest from
// GET /api/speakers?q=.
(function () {
  "use strict";
  var list = document.getElementById("speaker-names");
  if (!list || !window.fetch) { return; }
  var timer = null, last = "";
  function suggest(value) {
    value = value.trim();
    if (value === last) { return; }
    last = value;
    if (value.length < 2) { list.replaceChildren(); return; }
    fetch("/api/speakers?top=8&q=" + encodeURIComponent(value), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { speakers: [] }; })
      .then(function (body) {
        var opts = (body.speakers || []).map(function (s) {
          var o = document.createElement("option");
          o.value = s.name;
          o.textContent = s.claims + (s.claims === 1 ? " claim" : " claims");
          return o;
        });
        list.replaceChildren.apply(list, opts);
      })
      .catch(function () {});
  }
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { suggest(input.value); }, 120);
    });
  });
})();
