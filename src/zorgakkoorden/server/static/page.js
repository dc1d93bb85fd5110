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

  function start(prefixes) {
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
