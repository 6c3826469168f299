// <tailnet-console> — the embeddable tabnet console.
//
//   <script src="https://tabnet.example/tabnet-widget.js"></script>
//   <tailnet-console control-url="https://tabnet.example" host="prod-db"></tailnet-console>
//
// Attributes: control-url  base URL of the tabnet server (default: where this script came from)
//             host         optional peer the console should offer to SSH to once ready
// One console per page: the Wasm client is a single instance. Nothing is stored in the browser.
(function () {
  "use strict";
  var scriptBase = (function () {
    var src = document.currentScript && document.currentScript.src;
    return src ? src.substring(0, src.lastIndexOf("/") + 1) : "/";
  })();
  var XTERM = "webjars/xterm/4.9.0/", FIT = "webjars/xterm-addon-fit/0.3.0/";

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + url)); };
      document.head.appendChild(s);
    });
  }
  function loadCss(url) {
    if (document.querySelector('link[href="' + url + '"]')) return;
    var l = document.createElement("link");
    l.rel = "stylesheet";
    l.href = url;
    document.head.appendChild(l);
  }

  class TailnetConsole extends HTMLElement {
    connectedCallback() {
      if (this._started) return;
      this._started = true;
      if (window.tabnetRoot) {
        this.textContent = "Only one tailnet console can run per page.";
        return;
      }
      var base = this.getAttribute("control-url") || scriptBase;
      if (base.charAt(base.length - 1) !== "/") base += "/";
      this.classList.add("tabnet");
      this.innerHTML =
        '<div class="tabnet-bar"><span class="tabnet-brand">tabnet</span>' +
        '<span class="tabnet-status" data-tabnet-status data-state="loading" role="status" aria-live="polite">loading…</span></div>' +
        '<div class="tabnet-login" data-tabnet-login hidden></div>' +
        '<div class="tabnet-terminal" data-tabnet-terminal aria-label="terminal"></div>';
      window.tabnetRoot = this;
      window.tabnetConfig = { server: base.replace(/^http/, "ws").replace(/\/$/, ""), httpBase: base,
                              host: this.getAttribute("host") || "" };
      var self = this;
      loadCss(scriptBase + XTERM + "css/xterm.css");
      loadCss(scriptBase + "tabnet.css");
      loadScript(scriptBase + XTERM + "lib/xterm.js")
        .then(function () { return loadScript(scriptBase + FIT + "lib/xterm-addon-fit.js"); })
        .then(function () { return loadScript(scriptBase + "wasm/client.wasm-runtime.js"); })
        .then(function () { return self._start(); })
        .catch(function (e) { self._fail(String(e.message || e)); });
    }

    _fail(message) {
      var status = this.querySelector("[data-tabnet-status]");
      status.textContent = "error: " + message;
      status.setAttribute("data-state", "error");
    }

    _start() {
      if (typeof WebAssembly !== "object") throw new Error("this browser has no WebAssembly");
      var term = new Terminal({ cursorBlink: true, rendererType: "dom", scrollback: 5000,
                                fontFamily: "ui-monospace, Menlo, Consolas, monospace" });
      var fit = new FitAddon.FitAddon();
      term.loadAddon(fit);
      term.open(this.querySelector("[data-tabnet-terminal]"));
      fit.fit();
      window.addEventListener("resize", function () { fit.fit(); });
      if (typeof ResizeObserver === "function") new ResizeObserver(function () { fit.fit(); }).observe(this);
      window.tabnetTerminal = term;
      this.querySelector("[data-tabnet-status]").textContent = "loading client…";
      var self = this;
      return TeaVM.wasmGC.load(scriptBase + "wasm/client.wasm").then(function (teavm) {
        teavm.exports.main([]);
      }, function (e) {
        self._fail("could not load the client (" + e + "); this browser may lack WebAssembly GC");
      });
    }
  }
  if (!customElements.get("tailnet-console")) customElements.define("tailnet-console", TailnetConsole);
})();
