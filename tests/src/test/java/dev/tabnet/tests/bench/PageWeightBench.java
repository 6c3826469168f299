package dev.tabnet.tests.bench;

import dev.tabnet.server.ServerStub;
import dev.tabnet.tests.browser.Chromium;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Sizes of what a visitor downloads. Which files index.html loads is taken from Chromium itself
 * (the Resource Timing entries after the page has fetched client.wasm), then each is fetched again
 * over HTTP to count its bytes raw and gzip-compressed (level 6, what a web server would send;
 * the stub itself serves them uncompressed).
 */
final class PageWeightBench {
    static final double KB = 1000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PageWeightBench() {}

    static void run(BenchResults results, ServerStub server, Chromium chromium) throws Exception {
        String base = server.pageUrl();
        long[] client = required(base + "wasm/client.wasm");
        long[] selftest = required(base + "wasm/selftest.wasm");
        results.add(new Figure("wasm.client.raw", "client.wasm raw", "KB").value(client[0] / KB)
                .target(Figure.Goal.VALUE_AT_MOST, 1500, "≤ 1500 KB").detail("bytes", client[0])
                .detail("source", String.valueOf(PageWeightBench.class.getClassLoader().getResource("tabnet-web/wasm/client.wasm"))));
        results.add(new Figure("wasm.client.gzip", "client.wasm gzip", "KB").value(client[1] / KB)
                .baseline("raw", client[0] / KB).target(Figure.Goal.VALUE_AT_MOST, 500, "≤ 500 KB").detail("bytes", client[1]));
        results.add(new Figure("wasm.selftest.raw", "selftest.wasm raw", "KB").value(selftest[0] / KB).detail("bytes", selftest[0]));
        results.add(new Figure("wasm.selftest.gzip", "selftest.wasm gzip", "KB").value(selftest[1] / KB)
                .baseline("raw", selftest[0] / KB).detail("bytes", selftest[1]));

        List<String> loaded = loadedByIndexHtml(chromium, base);
        long raw = 0, gz = 0;
        Map<String, Object> parts = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String url : loaded) {
            String rel = url.equals(base) ? "index.html" : url.startsWith(base) ? url.substring(base.length()) : url;
            long[] s = sizes(url);
            if (s == null) { // e.g. Chromium's own favicon.ico request: nothing is sent, nothing counted
                missing.add(rel);
                continue;
            }
            raw += s[0];
            gz += s[1];
            parts.put(rel, Map.of("raw", s[0], "gzip", s[1]));
        }
        results.add(new Figure("page.weight.raw", "page weight raw (index.html + all it loads)", "KB").value(raw / KB)
                .detail("bytes", raw).detail("parts", parts).detail("notFoundNotCounted", missing).note(parts.size() + " files: " + String.join(", ", parts.keySet())));
        results.add(new Figure("page.weight.gzip", "page weight gzip", "KB").value(gz / KB).baseline("raw", raw / KB).detail("bytes", gz));
    }

    /** URLs Chromium fetched for index.html, the document first; waits until client.wasm is among them. */
    @SuppressWarnings("unchecked")
    static List<String> loadedByIndexHtml(Chromium chromium, String base) throws InterruptedException {
        chromium.driver().get(base);
        List<String> urls = new ArrayList<>();
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            urls = (List<String>) chromium.driver().executeScript(
                    "return [location.href].concat(performance.getEntriesByType('resource')"
                    + ".filter(function (e) { return /^https?:/.test(e.name); }).map(function (e) { return e.name; }));");
            if (urls.stream().anyMatch(u -> u.endsWith("/client.wasm"))) {
                Thread.sleep(500); // anything the client fetches right after starting
                return (List<String>) chromium.driver().executeScript(
                        "return [location.href].concat(performance.getEntriesByType('resource')"
                        + ".filter(function (e) { return /^https?:/.test(e.name); }).map(function (e) { return e.name; }));");
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("index.html never fetched client.wasm; it loaded " + urls);
    }

    static long[] required(String url) throws IOException, InterruptedException {
        long[] s = sizes(url);
        if (s == null) throw new IOException(url + ": HTTP 404 (is module web built?)");
        return s;
    }

    /** {raw bytes, gzip bytes} of one URL as the server sends it; null if it answers 404. */
    static long[] sizes(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) return null;
        if (r.statusCode() != 200) throw new IOException(url + ": HTTP " + r.statusCode());
        byte[] body = r.body();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return new long[] {body.length, out.size()};
    }
}
