// Starts Swagger UI on the API's page (templates/swagger_ui.html) from the data attributes
// of its container: no inline script, so the page keeps the Content-Security-Policy.
window.addEventListener("load", function () {
  var container = document.getElementById("swagger-ui-container");
  var config = { url: container.dataset.specUrl, dom_id: "#swagger-ui-container" };
  var extra = JSON.parse(container.dataset.config || "{}");
  for (var name in extra) { config[name] = extra[name]; }
  window.ui = SwaggerUIBundle(config);
});
