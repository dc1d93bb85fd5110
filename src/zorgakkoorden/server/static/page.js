// The query page: YASGUI on this server's /sparql, with the catalogue queries as examples.
// Nothing here reaches another server: the endpoint is this server's, the autocompleters
// that call web services are off, and the page's Content-Security-Policy allows 'self' only.
(function () {
  "use strict";
  var endpoint = new URL("/sparql", window.location.href).href;
  document.getElementById("endpoint").textContent = endpoint;

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
    yasr: { prefixes: {} }
  });
  window.zorgakkoordenYasgui = yasgui;

  var select = document.getElementById("examples");
  var description = document.getElementById("example-description");
  var examples = [];

  function showExample(example) {
    var tab = yasgui.getTab();
    tab.setQuery(example.query);
    description.textContent = example.description || "";
  }

  select.addEventListener("change", function () {
    var example = examples[Number(select.value)];
    if (example) { showExample(example); }
  });

  fetch("/examples.json", { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("examples: HTTP " + response.status); }
      return response.json();
    })
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
