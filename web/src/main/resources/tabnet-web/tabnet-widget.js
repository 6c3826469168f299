// <tailnet-console> — the embeddable tabnet console.
//
//   <script src="https://tabnet.example/tabnet-widget.js"></script>
//   <tailnet-console control-url="https://tabnet.example" host="prod-db"></tailnet-console>
//
// Attributes: control-url  base URL of the tabnet server (default: where this script came from)
//             host         optional peer the console should offer to SSH to once ready
//             hostname     this tab's node name on the tailnet (default: browser-<random>)
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

  // Ctrl/Cmd+C with a selection copies (the browser's copy event, which xterm answers with the
  // selection), Ctrl/Cmd+V and Ctrl+Shift+V paste (the browser's paste event, which xterm turns into
  // input); without a selection Ctrl+C still reaches the shell as ^C.
  function clipboardKeys(term) {
    term.attachCustomKeyEventHandler(function (e) {
      if (e.type !== "keydown" || !(e.ctrlKey || e.metaKey) || e.altKey) return true;
      var k = (e.key || "").toLowerCase();
      if (k === "c" && (e.shiftKey || e.metaKey || term.hasSelection())) return false;
      if (k === "v" && (e.shiftKey || e.metaKey || e.ctrlKey)) return false;
      if (k === "insert" && e.shiftKey) return false;
      return true;
    });
  }

  // The cursor blinks by a class toggled here, not by xterm's cursorBlink: xterm 4.9's DOM renderer
  // blinks with a CSS animation of colours, which Chromium cannot composite, so it restyles and
  // repaints the page at every frame (about 1 ms each in software compositing) for as long as
  // the terminal has focus, on the main thread that also runs the node.
  var CURSOR_BLINK_MS = 600;

  // Terminals in tabs: tab 0 is the console and cannot be closed; each SSH session gets its own.
  // Java decides what runs in a tab; this object only builds and shows them.
  function TabUi(root) {
    this.root = root;
    this.strip = root.querySelector("[data-tabnet-tabs]");
    this.area = root.querySelector("[data-tabnet-terminal]");
    this.tabs = {};
    this.active = -1;
    this.onClosing = function () {};
    this.onKey = function () {};
    var blinking = this;
    setInterval(function () { blinking.blinkCursor(); }, CURSOR_BLINK_MS);
    var self = this;
    window.addEventListener("resize", function () { self.fitActive(); });
    if (typeof ResizeObserver === "function") new ResizeObserver(function () { self.fitActive(); }).observe(this.area);
    root.querySelectorAll("[data-tabnet-key]").forEach(function (b) {
      // pointerdown + preventDefault keeps the focus (and the phone's keyboard) on the terminal.
      b.addEventListener("pointerdown", function (e) { e.preventDefault(); });
      b.addEventListener("click", function (e) {
        e.preventDefault();
        self.onKey(b.getAttribute("data-tabnet-key"), self.active);
        var t = self.tabs[self.active];
        if (t) t.term.focus();
      });
    });
  }
  TabUi.prototype.open = function (id, title, closable) {
    var pane = document.createElement("div");
    pane.className = "tabnet-pane";
    pane.setAttribute("data-tabnet-pane", String(id));
    this.area.appendChild(pane);
    var button = document.createElement("div");
    button.className = "tabnet-tab";
    button.setAttribute("role", "tab");
    button.setAttribute("data-tabnet-tab", String(id));
    var label = document.createElement("span");
    label.className = "tabnet-tab-title";
    label.textContent = title;
    button.appendChild(label);
    var self = this;
    if (closable) {
      var x = document.createElement("button");
      x.className = "tabnet-tab-close";
      x.setAttribute("aria-label", "close " + title);
      x.setAttribute("data-tabnet-tab-close", String(id));
      x.textContent = "\u00d7";
      x.addEventListener("click", function (e) { e.stopPropagation(); self.onClosing(id); });
      button.appendChild(x);
    }
    button.addEventListener("click", function () { self.activate(id); });
    this.strip.appendChild(button);
    var term = new Terminal({ cursorBlink: false, rendererType: "dom", scrollback: 5000,
                              fontFamily: "ui-monospace, Menlo, Consolas, monospace" });
    var fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    clipboardKeys(term);
    var tab = { term: term, fit: fit, pane: pane, button: button, label: label, typedAt: 0 };
    this.tabs[id] = tab;
    term.onData(function () { tab.typedAt = performance.now(); pane.classList.remove("tabnet-cursor-off"); });
    this.activate(id);
    term.open(pane);
    fit.fit();
    this.strip.hidden = Object.keys(this.tabs).length < 2;
    return term;
  };
  TabUi.prototype.activate = function (id) {
    var t = this.tabs[id];
    if (!t) return;
    this.active = id;
    for (var k in this.tabs) {
      var o = this.tabs[k];
      var on = o === t;
      o.pane.hidden = !on;
      o.button.setAttribute("aria-selected", on ? "true" : "false");
    }
    t.pane.classList.remove("tabnet-cursor-off");
    this.fitActive();
    t.term.focus();
  };
  // Solid while typing (as xterm's own blink is) and when the terminal has no focus.
  TabUi.prototype.blinkCursor = function () {
    var t = this.tabs[this.active];
    if (!t) return;
    var off = t.pane.classList.contains("tabnet-cursor-off");
    var blink = !document.hidden && t.pane.contains(document.activeElement)
        && performance.now() - t.typedAt >= CURSOR_BLINK_MS;
    if (off || blink) t.pane.classList.toggle("tabnet-cursor-off", blink && !off);
  };
  TabUi.prototype.fitActive = function () {
    var t = this.tabs[this.active];
    if (t && !t.pane.hidden) { try { t.fit.fit(); } catch (e) { /* not laid out yet */ } }
  };
  TabUi.prototype.setTitle = function (id, title) {
    var t = this.tabs[id];
    if (t) t.label.textContent = title;
  };
  TabUi.prototype.close = function (id) {
    var t = this.tabs[id];
    if (!t || id === 0) return;
    delete this.tabs[id];
    t.term.dispose();
    t.pane.remove();
    t.button.remove();
    this.strip.hidden = Object.keys(this.tabs).length < 2;
    if (this.active === id) this.activate(0);
  };
  // Arrow keys follow the terminal's cursor-key mode (DECCKM), as a keyboard's would.
  TabUi.prototype.appCursor = function (id) {
    var t = this.tabs[id];
    try { return !!t.term._core.coreService.decPrivateModes.applicationCursorKeys; } catch (e) { return false; }
  };

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
        '<span class="tabnet-status" data-tabnet-status data-state="loading" role="status" aria-live="polite">loading…</span>' +
        '<button type="button" class="tabnet-retry" data-tabnet-retry hidden>Retry</button></div>' +
        '<div class="tabnet-login" data-tabnet-login hidden></div>' +
        '<div class="tabnet-tabs" data-tabnet-tabs role="tablist" hidden></div>' +
        '<div class="tabnet-terminal" data-tabnet-terminal aria-label="terminal"></div>' +
        '<div class="tabnet-keys" data-tabnet-keys aria-label="extra keys">' +
        '<button type="button" data-tabnet-key="esc">Esc</button>' +
        '<button type="button" data-tabnet-key="ctrl" aria-pressed="false">Ctrl</button>' +
        '<button type="button" data-tabnet-key="tab">Tab</button>' +
        '<button type="button" data-tabnet-key="left" aria-label="left">\u2190</button>' +
        '<button type="button" data-tabnet-key="up" aria-label="up">\u2191</button>' +
        '<button type="button" data-tabnet-key="down" aria-label="down">\u2193</button>' +
        '<button type="button" data-tabnet-key="right" aria-label="right">\u2192</button></div>';
      window.tabnetRoot = this;
      window.tabnetConfig = { server: base.replace(/^http/, "ws").replace(/\/$/, ""), httpBase: base,
                              host: this.getAttribute("host") || "",
                              hostname: this.getAttribute("hostname") || "" };
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
      // The client turns its own exceptions into an error with Retry, but a Wasm trap (a bug
      // such as an out-of-bounds access) unwinds past Java code. Say so instead of leaving a
      // session that silently stopped moving.
      var root = this;
      window.addEventListener("error", function (e) {
        if (!(e.error instanceof WebAssembly.RuntimeError)) return;
        root._fail("internal error in the client (" + e.error.message + "); press Retry to start a new node");
        var retry = root.querySelector("[data-tabnet-retry]");
        if (retry) retry.hidden = false;
      });
      var ui = new TabUi(this);
      window.tabnetUi = ui;
      window.tabnetTerminal = ui.open(0, "console", false);
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
