// lockstep charts: draw every Vega-Lite spec found in a page (or a swapped fragment)
// with the Vega bundle served by the package. Vega's expression interpreter
// (ast: true) keeps the page within `script-src 'self'` (no eval).
"use strict";

(function () {
  const options = {
    ast: true,
    renderer: "svg",
    actions: false,
    defaultStyle: false, // no injected <style>: CSP style-src 'self'
    tooltip: { disableDefaultStyle: true, theme: "custom" },
  };

  function draw(root) {
    if (typeof window.vegaEmbed !== "function") return;
    for (const target of (root || document).querySelectorAll("div.vega[data-spec]")) {
      if (target.dataset.drawn) continue;
      const block = document.getElementById(target.dataset.spec);
      if (!block) continue;
      target.dataset.drawn = "1";
      const spec = JSON.parse(block.textContent);
      window.vegaEmbed(target, spec, options).catch(function (error) {
        target.dataset.drawn = "";
        target.textContent = "Chart unavailable (" + error.message + "); see the data table.";
      });
    }
  }

  window.lockstepCharts = draw;
  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
  });
})();
