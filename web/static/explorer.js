/* usm-kb explorer: enhancements only. Every page works without this file. */
(function () {
  "use strict";

  /* --- search suggestions while typing (ARIA combobox with a listbox) --- */
  function suggestions(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var url = input.getAttribute("data-suggest");
    var timer = null;
    var active = -1;
    var latest = 0;
    var root = url.replace(/\/search\.json$/, "");

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function show(items) {
      list.innerHTML = "";
      items.forEach(function (item, n) {
        var li = document.createElement("li");
        li.id = "suggestion-" + n;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var a = document.createElement("a");
        a.href = item.href;
        a.tabIndex = -1;
        a.textContent = item.label + " · " + item.kind;
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    }

    function select(n) {
      var options = list.querySelectorAll("li");
      if (!options.length) { return; }
      active = (n + options.length) % options.length;
      options.forEach(function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var ticket = ++latest;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [], hits: [] }; })
        .then(function (page) {
          if (ticket !== latest) { return; }
          var seen = {};
          var items = [];
          page.suggestions.concat(page.hits).forEach(function (h) {
            if (seen[h.ref.iri] || items.length >= 8) { return; }
            seen[h.ref.iri] = true;
            items.push({ label: h.ref.label, kind: h.kind, href: local(root, h.ref.iri) });
          });
          show(items);
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); select(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        window.location.href = list.querySelectorAll("li a")[active].href;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
  }

  var BASE = "https://w3id.org/usm-kb/";
  function local(root, iri) {
    return iri.indexOf(BASE) === 0 ? root + "/" + iri.slice(BASE.length) : iri;
  }

  /* --- sortable and filterable tables --- */
  function sortable(table) {
    var heads = table.querySelectorAll("thead th[data-sort]");
    heads.forEach(function (th, n) {
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-sort") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a.cells[index], numeric);
          var y = cellValue(b.cells[index], numeric);
          var order = numeric ? x - y : String(x).localeCompare(String(y));
          return ascending ? order : -order;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
      void n;
    });
  }

  function cellValue(cell, numeric) {
    if (!cell) { return numeric ? 0 : ""; }
    var raw = cell.getAttribute("data-value");
    var text = raw !== null ? raw : cell.textContent.trim();
    return numeric ? parseFloat(text) || 0 : text.toLowerCase();
  }

  function filterable(input) {
    var table = document.getElementById(input.getAttribute("data-filter-table"));
    if (!table) { return; }
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  }

  /* --- the SPARQL console: YASGUI over the plain form --- */
  function console_(element) {
    if (typeof window.Yasgui !== "function") { return; }
    var form = document.querySelector(".console-form");
    var textarea = document.getElementById("query");
    var endpoint = new URL(element.getAttribute("data-endpoint"), window.location.href).href;
    element.hidden = false;
    var yasgui = new window.Yasgui(element, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: false,
      persistenceId: null,
      populateFromUrl: false,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      yasqe: { autocompleters: ["prefixes", "variables"] }
    });
    window.usmKbYasgui = yasgui;
    var tab = yasgui.getTab();
    tab.setQuery(textarea.value);
    if (form) { form.hidden = true; }
    document.querySelectorAll("button.load-query").forEach(function (button) {
      button.hidden = false;
      button.setAttribute("aria-label", "Load " + button.getAttribute("data-name") + " into the editor");
      button.addEventListener("click", function () {
        yasgui.getTab().setQuery(button.getAttribute("data-sparql"));
        yasgui.getTab().getYasqe().focus();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest]").forEach(suggestions);
    document.querySelectorAll("table.sortable").forEach(sortable);
    document.querySelectorAll("input[data-filter-table]").forEach(filterable);
    var yasgui = document.getElementById("yasgui");
    if (yasgui) { console_(yasgui); }
  });
})();
