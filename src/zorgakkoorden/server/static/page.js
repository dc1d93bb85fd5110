// The query page: YASGUI on this server's /sparql, with the catalogue queries as examples.
// Nothing here reaches another server: the endpoint is this server's, the autocompleters
// that call web services are off, and the page's Content-Security-Policy allows 'self' only.
(function () {
  "use strict";
  var endpoint = new URL("/sparql", window.location.href).href;
  document.getElementById("endpoint").textContent = endpoint;
  var select = document.getElementById("examples");
  var description = document.getElementById("example-description");
  var examples = [];

  function getJson(path) {
    return fetch(path, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) { throw new Error(path + ": HTTP " + response.status); }
      return response.json();
    });
  }

  // YASR's table writes a result IRI into href='...' as it is, and an IRI may hold ' and &
  // (a datatype IRI too): hand it the IRI escaped for HTML, so that it stays one attribute
  // and shows as text.
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  function escapeResultIris() {
    var table = Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
    if (!table || typeof table.prototype.getUriLinkFromBinding !== "function") {
      throw new Error("YASR's table has no getUriLinkFromBinding: check the escaping of result IRIs");
    }
    var original = table.prototype.getUriLinkFromBinding;
    table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
      return original.call(this, Object.assign({}, binding, { value: escapeHtml(binding.value) }), prefixes);
    };
  }

  function start(prefixes) {
    escapeResultIris();
    Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
    var yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: {
        getData: function () { return [{ endpoint: endpoint }]; },
        keys: []
      },
      populateFromUrl: false,
      persistenceId: null,
      yasqe: { prefixCcApi: null },
      yasr: { prefixes: prefixes }
    });
    window.zorgakkoordenYasgui = yasgui;
    return yasgui;
  }

  select.addEventListener("change", function () {
    var example = examples[Number(select.value)];
    if (example && window.zorgakkoordenYasgui) {
      window.zorgakkoordenYasgui.getTab().setQuery(example.query);
      description.textContent = example.description || "";
    }
  });

  getJson("/prefixes.json")
    .catch(function () { return {}; })
    .then(start)
    .then(function () { return getJson("/examples.json"); })
    .then(function (list) {
      examples = list;
      list.forEach(function (example, index) {
        var option = document.createElement("option");
        option.value = String(index);
        option.textContent = example.title + " (" + example.name + ")";
        select.appendChild(option);
      });
      document.body.setAttribute("data-examples", String(list.length));
    })
    .catch(function (error) {
      description.textContent = String(error);
      document.body.setAttribute("data-examples", "error");
    });
})();
