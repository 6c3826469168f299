package dev.tabnet.tests.bench;

import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.server.node.ForwardSpec;
import dev.tabnet.tests.browser.Chromium;
import dev.tabnet.tests.browser.TerminalPage;
import dev.tabnet.tests.ssh.OpenSshServer;
import dev.tabnet.tests.ssh.ServedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openqa.selenium.Keys;

/**
 * The page's own SSH session in headless Chromium, as BrowserEndToEndTest drives it: a server stub
 * whose built-in node forwards 22 to Debian's sshd on loopback, QR login approved by POST, {@code ssh}
 * in the console. Then, timed in the tab on the session terminal's write path (term.write is wrapped
 * so each chunk the SSH client hands to xterm is counted and its parse-completion callback timed):
 * terminal output throughput, and keystroke → echoed-character latency. The page has no way to take
 * a download without printing it, so the throughput includes xterm's parsing of the text.
 */
final class SshInTabBench {
    static final String PASSWORD = "bench-ssh-operator-password";
    static final int OUTPUT_BYTES = 1_000_000;
    static final int KEYSTROKES = 1000;
    static final int DOWNLOAD_BYTES = 32_000_000;
    /** One untimed warm-up download; they repeat until the server's JIT has settled (ServerJit). */
    static final int WARMUP_DOWNLOAD_BYTES = 64_000_000;
    /**
     * At most this many warm-ups (-Dbench.scpMaxWarmups=N). On this machine the compiler took 8 or 9
     * of them (about 550 MB) to settle: one C2 thread, on a core shared with the tab, works through
     * Jetty's, the relay's and the node's hot methods one after another, each 0.1–1 s to compile.
     */
    static final int MAX_WARMUPS = Math.max(1, Integer.getInteger("bench.scpMaxWarmups", 12));
    /** Timed downloads after the warm-up; the figure is their median (-Dbench.scpRuns=N). */
    static final int SCP_RUNS = Math.max(1, Integer.getInteger("bench.scpRuns", 3));

    /** Untimed echo rounds of this many keys per path, until the server's JIT settles (at most MAX_ECHO_WARMUPS). */
    static final int ECHO_WARMUP_ROUND_KEYS = 200;
    static final int MAX_ECHO_WARMUPS = Math.max(1, Integer.getInteger("bench.echoMaxWarmups", 8));
    static final String ECHO_BASELINE = "raw WS echo, same terminal";
    static final String ECHO_TARGET = "≤ 2 ms added vs raw WS echo";

    private SshInTabBench() {}

    /**
     * Downloads a random file of n bytes with the console's scp; returns the tab's header → Blob
     * milliseconds. With profileTo, the tab's JS/Wasm CPU profile of the download (DevTools'
     * .cpuprofile format) is written there.
     */
    @SuppressWarnings("unchecked")
    private static double scpInTab(Chromium chromium, TerminalPage page, OpenSshServer sshd, int n, Path profileTo) throws Exception {
        Path dir = ServedFiles.readableTempDir("tabnet-bench-scp");
        try {
            byte[] content = new byte[n];
            new Random(n).nextBytes(content);
            Path file = ServedFiles.writeReadable(dir.resolve("bench-" + n + ".bin"), content);
            page.js("window.benchDl = {}; if (!window.benchDlHooked) { window.benchDlHooked = true;"
                    + " window.addEventListener('tabnet-download-start', function (e) { window.benchDl.start = e.detail.at; });"
                    + " window.addEventListener('tabnet-download', function (e) { window.benchDl.end = e.detail.at; window.benchDl.bytes = e.detail.bytes; }); }");
            if (profileTo != null) {
                chromium.driver().executeCdpCommand("Profiler.enable", Map.of());
                chromium.driver().executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 200));
                chromium.driver().executeCdpCommand("Profiler.start", Map.of());
            }
            page.clearConsole(); // earlier downloads' prompts scroll away: start from an empty screen
            page.typeLine("scp " + sshd.user() + "@box:" + file);
            page.waitForScreen(0, sc -> sc.contains("assword:"), Duration.ofSeconds(30));
            page.typeLine(sshd.password());
            // Wait in the page for the download's event instead of polling it: each poll is a script run
            // on the tab's main thread, the thread the download needs.
            Map<String, Object> dl;
            chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
            try {
                dl = (Map<String, Object>) chromium.driver().executeAsyncScript("var done = arguments[arguments.length - 1];"
                        + "if (window.benchDl.end) { done(window.benchDl); return; }"
                        + "window.addEventListener('tabnet-download', function h() {"
                        + "  window.removeEventListener('tabnet-download', h); done(window.benchDl); });");
            } catch (org.openqa.selenium.ScriptTimeoutException e) {
                throw new IllegalStateException("the scp download did not finish within 120 s; console:\n" + page.screen(0), e);
            }
            if (profileTo != null) {
                Object profile = chromium.driver().executeCdpCommand("Profiler.stop", Map.of()).get("profile");
                Files.writeString(profileTo, new org.openqa.selenium.json.Json().toJson(profile));
            }
            long got = ((Number) dl.get("bytes")).longValue();
            if (got != n) throw new IllegalStateException("the tab saved " + got + " bytes, expected " + n);
            return ((Number) dl.get("end")).doubleValue() - ((Number) dl.get("start")).doubleValue();
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Null when measured, else why not. */
    @SuppressWarnings("unchecked")
    static String run(BenchResults results, Chromium chromium, double aeadMBps, double[] rawEcho, String rawEchoUrl) throws Exception {
        String noSshd = OpenSshServer.unavailableReason();
        if (noSshd != null) return "no OpenSSH sshd on this machine: " + noSshd;
        try (OpenSshServer sshd = OpenSshServer.start("tnbench");
             ServerStub server = new ServerStub(ServerConfig.defaults().port(0).operatorPassword(PASSWORD).node("box")
                     .forward(new ForwardSpec(22, "127.0.0.1", sshd.port()))).start()) {
            TerminalPage page = TerminalPage.openLoggedIn(chromium.driver(), server.pageUrl(), PASSWORD);
            page.typeLine("ssh " + sshd.user() + "@box");
            page.waitForScreen(1, s -> s.contains("(yes/no)?"), Duration.ofSeconds(30));
            page.typeIn(1, "yes", Keys.ENTER);
            page.waitForScreen(1, s -> s.toLowerCase().contains("password"), Duration.ofSeconds(30));
            page.typeIn(1, sshd.password(), Keys.ENTER);
            page.waitForScreen(1, s -> s.trim().endsWith("$"), Duration.ofSeconds(30));

            // Wrap the session terminal's write: count characters, resolve waiters when parsed.
            page.js("var t = window.tabnetUi.tabs[1].term, w = t.write.bind(t), c = t._core;"
                    + "window.benchTap = {chars: 0, onChunk: null, send: function (d) { var cs = c.coreService || c._coreService; if (!cs) throw new Error('no xterm core service'); cs.triggerDataEvent(d, true); }};"
                    + "t.write = function (d, cb) { var tap = window.benchTap, s = typeof d === 'string' ? d : new TextDecoder().decode(d);"
                    + "  tap.chars += s.length; w(d, function () { if (cb) cb(); if (tap.onChunk) tap.onChunk(s, performance.now()); }); };");
            chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(60));

            // Bulk download: scp of a random file into the browser's download, timed in the tab from
            // the server's file header (the sink opens) to the Blob being offered. Untimed downloads
            // first warm the server's JIT until it settles, as a long-running server would be.
            chromium.driver().executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "deny"));
            page.activateTab(0);
            List<Double> warmUpMBps = new java.util.ArrayList<>();
            ServerJit.WarmUp scpWarmUp = ServerJit.untilSettled(MAX_WARMUPS, () -> {
                double warmUpMs = scpInTab(chromium, page, sshd, WARMUP_DOWNLOAD_BYTES, null);
                warmUpMBps.add(WARMUP_DOWNLOAD_BYTES / 1e6 / (warmUpMs / 1000));
                return warmUpMs;
            });
            System.out.println("bench: scp warm-ups (MB/s): " + warmUpMBps + ", server JIT ms during each: " + scpWarmUp.compileMs());
            double[] runMs = new double[SCP_RUNS];
            long[] runCompileMs = new long[SCP_RUNS];
            double[] runMBps = new double[SCP_RUNS];
            String dirProperty = System.getProperty("bench.tabProfileDir");
            Path profileDir = dirProperty == null ? null : Files.createDirectories(Path.of(dirProperty));
            for (int i = 0; i < SCP_RUNS; i++) {
                Path profile = profileDir == null ? null : profileDir.resolve("scp-" + (i + 1) + ".cpuprofile");
                long compiled = ServerJit.compileMillis();
                runMs[i] = scpInTab(chromium, page, sshd, DOWNLOAD_BYTES, profile);
                runCompileMs[i] = ServerJit.millisSince(compiled);
                runMBps[i] = DOWNLOAD_BYTES / 1e6 / (runMs[i] / 1000);
            }
            double dlMs = LoginFlowBench.median(runMs);
            System.out.println("bench: scp runs (MB/s): " + java.util.Arrays.toString(runMBps));
            results.add(new Figure("tab.sshDownload", "SSH bulk download in the tab (scp)", "MB/s").value(DOWNLOAD_BYTES / 1e6 / (dlMs / 1000))
                    .baseline("AEAD in the same tab", aeadMBps).target(Figure.Goal.RATIO_AT_LEAST, 1.0 / 3, "≥ 1/3 of AEAD")
                    .note(DOWNLOAD_BYTES / 1_000_000 + " MB random file, the console's scp from OpenSSH (exec, no pty) through the built-in node over DERP,"
                            + " into a Blob offered as a browser download; timed in the tab from the file header to the Blob, after untimed "
                            + WARMUP_DOWNLOAD_BYTES / 1_000_000 + " MB warm-up downloads until the server's JIT compiled for at most "
                            + Math.round(ServerJit.SETTLED_SHARE * 100) + " % of one (at most " + MAX_WARMUPS + "); the median of " + SCP_RUNS + " downloads")
                    .detail("ms", dlMs).detail("runsMBps", java.util.Arrays.stream(runMBps).boxed().toList())
                    .detail("serverJitMsDuringRuns", java.util.Arrays.stream(runCompileMs).boxed().toList())
                    .detail("warmUpMBps", warmUpMBps).detail("serverJitMsDuringWarmUps", scpWarmUp.compileMs())
                    .detail("serverJitSettled", scpWarmUp.settled()));
            page.activateTab(1);
            // Terminal throughput, once the server is warm: printable text printed by the remote shell, from Enter to the end marker parsed.
            chromium.driver().executeScript("var tap = window.benchTap, tail = '', t0 = 0, c0 = 0; window.benchTp = null; window.benchTapDone = null;"
                    + "tap.onChunk = function (s, now) { tail = (tail + s).slice(-4096);"
                    + "  if (tail.indexOf('END-42') >= 0) { tap.onChunk = null; window.benchTp = {ms: now - t0, chars: tap.chars - c0};"
                    + "    if (window.benchTapDone) window.benchTapDone(); } };"
                    + "c0 = tap.chars; t0 = performance.now(); tap.send(arguments[0] + '\\r');",
                    "yes 0123456789abcdef | head -c " + OUTPUT_BYTES + "; echo END-$((6*7))");
            Map<String, Object> tp;
            chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            try { // as for the downloads: the page says when, nothing polls it meanwhile
                tp = (Map<String, Object>) chromium.driver().executeAsyncScript("var done = arguments[arguments.length - 1];"
                        + "(function wait() { if (window.benchTp) done(window.benchTp); else window.benchTapDone = wait; })();");
            } catch (org.openqa.selenium.ScriptTimeoutException e) {
                throw new IllegalStateException("no end marker within 60 s; the tab got "
                        + page.js("return window.benchTap.chars;") + " characters; screen:\n" + page.screen(1), e);
            }
            double ms = ((Number) tp.get("ms")).doubleValue();
            long chars = ((Number) tp.get("chars")).longValue();
            if (chars < OUTPUT_BYTES) throw new IllegalStateException("the tab received " + chars + " characters, expected " + OUTPUT_BYTES);
            double mbps = OUTPUT_BYTES / 1e6 / (ms / 1000);
            results.add(new Figure("tab.sshTerminalOutput", "SSH terminal output in the tab (xterm)", "MB/s").value(mbps)
                    .baseline("AEAD in the same tab", aeadMBps)
                    .note(OUTPUT_BYTES / 1_000_000 + " MB of printable text (yes | head) printed by the remote shell on a pty, through the built-in node over DERP to the page's SSH"
                            + " client, timed in the tab until xterm parsed the end marker (xterm parsing included)")
                    .detail("ms", ms).detail("chars", chars));

            page.typeIn(1, "clear", Keys.ENTER);
            page.waitForScreen(1, s -> s.trim().endsWith("$"), Duration.ofSeconds(30));
            // Echo: one character at a time, until xterm has parsed its echo, by two paths into this
            // same visible terminal, in alternating blocks of PAUSE_EVERY keys (so both meet the same
            // minute of the machine): over the page's SSH into bash's readline (the full path), and
            // over a bare WebSocket to the Jetty echo endpoint, written into the terminal as a raw
            // WebSocket terminal would (the baseline). Both echoes render the same way, so their
            // difference is what the tailnet path adds. Each sample is also split where the tab hands
            // off: key → the page's WebSocket send, send → the echo's message event, event →
            // term.write, write → parsed. The event's timeStamp is read in the write hook: both paths
            // write synchronously from their WebSocket handler, so window.event is that message.
            chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(180)); // warm-up and samples at ~1-10 ms each
            // The echo's small packets take other paths through the server than the download's: warm
            // them the same way, with short untimed rounds until the server's JIT has settled.
            ServerJit.WarmUp echoWarmUp = ServerJit.untilSettled(MAX_ECHO_WARMUPS, () -> {
                long t0 = System.nanoTime();
                checkEcho(echoRound(chromium, ECHO_WARMUP_ROUND_KEYS, 0, rawEchoUrl));
                return (System.nanoTime() - t0) / 1e6;
            });
            long[] gcBefore = gcCountAndMillis();
            long compiledBeforeEcho = ServerJit.compileMillis();
            Map<String, Object> echo = checkEcho(echoRound(chromium, KEYSTROKES, WebSocketEchoBench.ECHO_WARMUP, rawEchoUrl));
            long[] gcAfter = gcCountAndMillis();
            long echoCompileMs = ServerJit.millisSince(compiledBeforeEcho);
            Map<String, Object> full = (Map<String, Object>) echo.get("ssh"), rawInTerminal = (Map<String, Object>) echo.get("raw");
            String blocks = ", in alternating blocks of " + WebSocketEchoBench.PAUSE_EVERY + " keys (Ctrl-U or a local erase and a "
                    + WebSocketEchoBench.PAUSE_MS + " ms pause after each), after " + WebSocketEchoBench.ECHO_WARMUP + " warm-up each,"
                    + " timed in the tab from the key to xterm having parsed the echo in the visible session terminal (screen paint not included)";
            Figure rawP50 = new Figure("browser.rawEchoInTerminal.p50", "raw WS echo into the session's terminal, p50", "ms").value(InTabCryptoBench.number(rawInTerminal, "p50"))
                    .note(KEYSTROKES + " single characters over a bare WebSocket to the Jetty echo endpoint, each echo written into the session's xterm" + blocks);
            Figure rawP99 = new Figure("browser.rawEchoInTerminal.p99", "raw WS echo into the session's terminal, p99", "ms").value(InTabCryptoBench.number(rawInTerminal, "p99"));
            Figure p50Figure = new Figure("browser.echo.p50", "keystroke echo, full path, p50", "ms").baseline(ECHO_BASELINE, InTabCryptoBench.number(rawInTerminal, "p50"))
                    .value(InTabCryptoBench.number(full, "p50")).note(KEYSTROKES + " single characters into bash over the page's SSH (→ WireGuard → DERP → built-in node → sshd)" + blocks)
                    .detail("rawEchoBarePage", rawEcho[0]);
            Figure p99Figure = new Figure("browser.echo.p99", "keystroke echo, full path, p99", "ms").baseline(ECHO_BASELINE, InTabCryptoBench.number(rawInTerminal, "p99"))
                    .value(InTabCryptoBench.number(full, "p99")).target(Figure.Goal.ADDED_AT_MOST, 2, ECHO_TARGET)
                    .detail("rawEchoBarePage", rawEcho[1]);
            String[] partNames = {"keyToSend", "sendToEvent", "eventToWrite", "writeToParsed"};
            List<List<Number>> fullParts = (List<List<Number>>) full.get("parts"), rawParts = (List<List<Number>>) rawInTerminal.get("parts");
            for (int k = 0; k < partNames.length; k++) {
                p50Figure.detail(partNames[k], fullParts.get(k).get(0));
                p99Figure.detail(partNames[k], fullParts.get(k).get(1));
                rawP50.detail(partNames[k], rawParts.get(k).get(0));
                rawP99.detail(partNames[k], rawParts.get(k).get(1));
            }
            // The server stub (relay and built-in node) runs in this JVM: its collector's pauses during
            // the echo phase are part of the tail.
            p99Figure.detail("gcPausesDuringEcho", gcAfter[0] - gcBefore[0]);
            p99Figure.detail("gcMillisDuringEcho", gcAfter[1] - gcBefore[1]);
            p99Figure.detail("serverJitMsDuringEcho", echoCompileMs);
            p99Figure.detail("serverJitMsDuringEchoWarmUps", echoWarmUp.compileMs());
            p99Figure.detail("serverJitSettled", echoWarmUp.settled());
            results.add(rawP50);
            results.add(rawP99);
            results.add(p50Figure);
            results.add(p99Figure);
            return null;
        }
    }

    /**
     * One echo run in the page: keys samples per path after warmUp unrecorded ones, alternating
     * blocks as described at the call. Returns the page's summary (or {error}).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> echoRound(Chromium chromium, int keys, int warmUp, String rawEchoUrl) {
        return (Map<String, Object>) chromium.driver().executeAsyncScript(
                "var done = arguments[arguments.length - 1], n = arguments[0], gap = arguments[1], warm = arguments[2], every = arguments[3], pause = arguments[4];"
                + "var tap = window.benchTap, term = window.tabnetUi.tabs[1].term, raw = new WebSocket(arguments[5]);"
                + "var paths = {ssh: {rtts: [], parts: [[], [], [], []]}, raw: {rtts: [], parts: [[], [], [], []]}}, path = 'ssh', inBlock = 0;"
                + "var t0 = 0, tSend = 0, tEvent = 0, tWrite = 0, ch = '', i = 0;"
                + "var send0 = WebSocket.prototype.send, write0 = term.write;"
                + "WebSocket.prototype.send = function (x) { if (!tSend) tSend = performance.now(); return send0.call(this, x); };"
                + "term.write = function (d, cb) { var text = typeof d === 'string' ? d : new TextDecoder().decode(d); if (!tWrite && text.indexOf(ch) >= 0) {"
                + "  tWrite = performance.now(); tEvent = window.event && window.event.type === 'message' ? window.event.timeStamp : NaN; } return write0.call(this, d, cb); };"
                + "raw.onmessage = function (e) { term.write(e.data); };"
                + "raw.onerror = function () { finish({error: 'raw echo websocket error'}); };"
                + "function key() { ch = 'abcdefghijklmnopqrstuvwxyz'.charAt(i % 26); i++; tSend = 0; tWrite = 0; t0 = performance.now();"
                + "  if (path === 'ssh') tap.send(ch); else raw.send(ch); }"
                + "function pct(a, q) { a = a.slice(warm).sort(function (x, y) { return x - y; }); return a[Math.floor(a.length * q)]; }"
                + "function summary(p) { return {p50: pct(p.rtts, 0.5), p99: pct(p.rtts, 0.99), n: p.rtts.length - warm,"
                + "  parts: p.parts.map(function (a) { return [pct(a, 0.5), pct(a, 0.99)]; })}; }"
                + "function finish(r) { tap.onChunk = null; WebSocket.prototype.send = send0; term.write = write0; raw.onerror = null; raw.close(); done(r); }"
                // Bash clears its line on Ctrl-U; the raw block's characters are erased locally.
                + "function clearLine() { if (path === 'ssh') tap.send('\\u0015'); else write0.call(term, '\\u001b[' + every + 'D\\u001b[K'); }"
                + "tap.onChunk = function (s, now) { if (!t0 || s.indexOf(ch) < 0) return; var p = paths[path]; p.rtts.push(now - t0);"
                + "  p.parts[0].push(tSend - t0); p.parts[1].push(tEvent - tSend); p.parts[2].push(tWrite - tEvent); p.parts[3].push(now - tWrite); t0 = 0;"
                + "  if (++inBlock < every) { if (gap > 0) setTimeout(key, gap); else key(); return; }"
                + "  inBlock = 0; clearLine(); path = path === 'ssh' ? 'raw' : 'ssh';"
                + "  if (paths.ssh.rtts.length >= n + warm && paths.raw.rtts.length >= n + warm) { finish({ssh: summary(paths.ssh), raw: summary(paths.raw)}); return; }"
                + "  setTimeout(key, pause); };"
                + "raw.onopen = function () { key(); };", keys, WebSocketEchoBench.ECHO_GAP_MS,
                warmUp, WebSocketEchoBench.PAUSE_EVERY, WebSocketEchoBench.PAUSE_MS, rawEchoUrl);
    }

    private static Map<String, Object> checkEcho(Map<String, Object> echo) {
        if (echo.containsKey("error")) throw new IllegalStateException("keystroke echo: " + echo.get("error"));
        return echo;
    }

    /** Collections and their total milliseconds so far, over all of this JVM's collectors. */
    private static long[] gcCountAndMillis() {
        long count = 0, millis = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }
}
