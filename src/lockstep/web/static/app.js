// lockstep dashboard: progressive enhancement only. Pages work without scripts
// (forms submit with GET); with scripts, forms marked data-live update their
// result region in place by fetching a server-rendered fragment.
"use strict";

(function () {
  function queryOf(form) {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form).entries()) {
      if (typeof value === "string" && value !== "") params.append(key, value);
    }
    return params.toString();
  }

  function showOutputs(form) {
    for (const output of form.querySelectorAll("output[for]")) {
      const input = form.elements.namedItem(output.htmlFor.value || output.getAttribute("for"));
      if (input && "value" in input) output.textContent = input.value;
    }
  }

  let sequence = 0;
  async function refresh(form) {
    const target = document.getElementById(form.dataset.target);
    if (!target) return;
    const query = queryOf(form);
    const mine = ++sequence;
    target.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(form.dataset.fragment + "?" + query, {
        headers: { Accept: "text/html" },
      });
      const html = await response.text();
      if (mine !== sequence) return; // a newer request superseded this one
      target.innerHTML = html;
      if (window.lockstepCharts) window.lockstepCharts(target);
      loadLazy(target);
      target.dataset.updated = String(Date.now());
      history.replaceState(null, "", location.pathname + "?" + query);
    } catch (error) {
      target.textContent = "Could not update: " + error;
    } finally {
      if (mine === sequence) target.removeAttribute("aria-busy");
    }
  }

  function debounce(fn, ms) {
    let timer = null;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), ms);
    };
  }

  async function post(form) {
    const status = document.getElementById(form.dataset.status || "");
    const body = {};
    for (const [key, value] of new FormData(form).entries()) {
      if (key === "token") continue;
      // Hidden JSON fields (plan parameters and results) travel as objects.
      body[key] = form.elements.namedItem(key).dataset.json !== undefined ? JSON.parse(value) : value;
    }
    const token = form.elements.namedItem("token");
    const response = await fetch(form.action, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: "Bearer " + (token ? token.value : ""),
      },
      body: JSON.stringify(body),
    });
    const payload = await response.json().catch(() => ({}));
    if (status) {
      status.textContent = response.ok
        ? "Saved (" + (payload.id || "ok") + ")."
        : "Not saved: " + (payload.detail || response.status);
    }
  }

  // Regions marked data-lazy load their server-rendered fragment after the page (e.g.
  // the planner's comparison, which runs every strategy).
  async function loadLazy(root) {
    for (const region of root.querySelectorAll("[data-lazy]")) {
      const url = region.dataset.lazy;
      region.removeAttribute("data-lazy");
      region.setAttribute("aria-busy", "true");
      try {
        const response = await fetch(url, { headers: { Accept: "text/html" } });
        region.innerHTML = await response.text();
        if (window.lockstepCharts) window.lockstepCharts(region);
      } catch (error) {
        region.textContent = "Could not load: " + error;
      } finally {
        region.removeAttribute("aria-busy");
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    loadLazy(document);
    for (const form of document.querySelectorAll("form[data-live]")) {
      const update = debounce(() => refresh(form), 120);
      form.addEventListener("input", () => {
        showOutputs(form);
        update();
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        refresh(form);
      });
      showOutputs(form);
    }
    for (const form of document.querySelectorAll("form[data-post]")) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        post(form);
      });
    }
  });
})();
