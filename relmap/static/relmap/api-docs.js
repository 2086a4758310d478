// Starts Swagger UI on the API docs page (relmap/api_docs.html). A static file, not an inline
// script, because the Content-Security-Policy allows no inline script.
"use strict";

(function () {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    // Its default badge loads an image from validator.swagger.io: nothing comes from other hosts.
    validatorUrl: null,
    // "Try it out" with the browser's session: Django wants the CSRF token on writes.
    requestInterceptor: (request) => {
      if (request.method && request.method !== "GET") {
        request.headers["X-CSRFToken"] = root.dataset.csrfToken;
      }
      return request;
    },
  });
})();
