// Page bootstrap: create the xterm.js terminal, then load the Wasm client, which takes it from there.
(function () {
  "use strict";
  var status = document.getElementById("tabnet-status");
  function fail(message) {
    status.textContent = "error: " + message;
    status.setAttribute("data-state", "error");
  }
  var term = new Terminal({ convertEol: false, cursorBlink: true, rendererType: "dom", scrollback: 5000,
                            fontFamily: "ui-monospace, Menlo, Consolas, monospace" });
  var fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(document.getElementById("terminal"));
  fit.fit();
  window.addEventListener("resize", function () { fit.fit(); });
  window.tabnetTerminal = term;
  if (typeof WebAssembly !== "object") { fail("this browser has no WebAssembly"); return; }
  status.textContent = "loading client…";
  TeaVM.wasmGC.load("wasm/client.wasm").then(function (teavm) {
    teavm.exports.main([]);
  }).catch(function (e) {
    fail("could not load the client (" + e + "); this browser may lack WebAssembly GC");
  });
})();
