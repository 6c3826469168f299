package dev.tabnet.tests.lab;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real wireguard-go peer set up as wglab.sh recipe A does it: wireguard-go runs in the root
 * namespace (its UDP socket listens on 127.0.0.1:port there), its TUN is moved into a private
 * network namespace that holds the tunnel addresses, so the kernel's TCP/IP stack answers inside the
 * namespace. Names and port are unique per instance; {@link #close()} removes everything.
 */
public final class WireGuardGoPeer implements AutoCloseable {
    public final String namespace;
    public final String iface;
    public final int port;
    public final Path dir;
    private Process wireguardGo;

    private WireGuardGoPeer(String suffix, int port) throws IOException {
        this.namespace = "tnwgns" + suffix;
        this.iface = "tnwg" + suffix;
        this.port = port;
        this.dir = Files.createTempDirectory("wgo-interop", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Null (and a printed reason) if this machine cannot host the peer. */
    public static String unavailableReason(String... extraTools) {
        try {
            Result id = run("id", "-u");
            if (!id.out.trim().equals("0")) return "needs root to create network namespaces (uid " + id.out.trim() + ")";
            List<String> tools = new ArrayList<>(Arrays.asList("wireguard-go", "wg", "ip"));
            tools.addAll(Arrays.asList(extraTools));
            for (String tool : tools) {
                if (run("sh", "-c", "command -v " + tool).code != 0) return tool + " is not installed";
            }
            String probe = "tnwgprobe" + ProcessHandle.current().pid();
            Result add = run("ip", "netns", "add", probe);
            if (add.code != 0) return "cannot create a network namespace: " + add.out.trim();
            run("ip", "netns", "del", probe);
            if (!new File("/dev/net/tun").exists()) return "/dev/net/tun is missing";
            return null;
        } catch (IOException e) {
            return "cannot run system tools: " + e.getMessage();
        }
    }

    /**
     * Starts wireguard-go with privateKey, one peer (our public key, allowed ourAddress/32, endpoint
     * 127.0.0.1:ourPort) and the tunnel address theirAddress/32 inside the namespace.
     */
    public static WireGuardGoPeer start(byte[] privateKey, byte[] ourPublicKey, int ourPort, String theirAddress, String ourAddress)
            throws IOException, InterruptedException {
        WireGuardGoPeer p = start(privateKey, theirAddress + "/32");
        try {
            p.setPeer(ourPublicKey, ourPort, ourAddress);
            p.route(ourAddress + "/32");
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /**
     * Starts wireguard-go without peers; the namespace holds {@code addresses} (CIDR, IPv4 or IPv6)
     * on the TUN, MTU 1420, link up. Add peers with {@link #setPeer} and routes with {@link #route}.
     */
    public static WireGuardGoPeer start(byte[] privateKey, String... addresses) throws IOException, InterruptedException {
        String suffix = Long.toHexString(ProcessHandle.current().pid() & 0xfff) + Integer.toHexString((int) (System.nanoTime() & 0xfff));
        WireGuardGoPeer p = new WireGuardGoPeer(suffix, freeUdpPort());
        try {
            p.up(privateKey, addresses);
            return p;
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void up(byte[] privateKey, String[] addresses) throws IOException, InterruptedException {
        Path key = dir.resolve("their.key");
        Files.writeString(key, Base64.getEncoder().encodeToString(privateKey) + "\n");
        check(run("ip", "netns", "add", namespace));
        check(run("ip", "-n", namespace, "link", "set", "lo", "up"));
        ProcessBuilder pb = new ProcessBuilder("wireguard-go", "-f", iface);
        pb.environment().put("LOG_LEVEL", "verbose");
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("wireguard-go.log").toFile());
        wireguardGo = pb.start();
        Path sock = Path.of("/var/run/wireguard", iface + ".sock");
        for (int i = 0; i < 200 && !Files.exists(sock); i++) Thread.sleep(25);
        if (!Files.exists(sock)) throw new IOException("wireguard-go did not create " + sock + ": " + log());
        check(run("wg", "set", iface, "private-key", key.toString(), "listen-port", Integer.toString(port)));
        check(run("ip", "link", "set", iface, "netns", namespace)); // the UDP socket stays in the root namespace
        for (String a : addresses) {
            if (a.contains(":")) check(run("ip", "-n", namespace, "-6", "addr", "add", a, "dev", iface, "nodad"));
            else check(run("ip", "-n", namespace, "addr", "add", a, "dev", iface));
        }
        check(run("ip", "-n", namespace, "link", "set", iface, "mtu", "1420", "up"));
    }

    /** Routes {@code cidr} (IPv4 or IPv6) into the tunnel inside the namespace. */
    public void route(String cidr) throws IOException {
        check(run("ip", "-n", namespace, cidr.contains(":") ? "-6" : "-4", "route", "add", cidr, "dev", iface));
    }

    public void setPeer(byte[] ourPublicKey, int ourPort, String ourAddress) throws IOException {
        addPeer(ourPublicKey, ourPort, ourAddress + "/32");
    }

    /**
     * Adds or updates a peer; endpointPort is a UDP port on 127.0.0.1, or 0 to let wireguard-go
     * learn the endpoint from the peer's first handshake. allowedIps are CIDRs.
     */
    public void addPeer(byte[] publicKey, int endpointPort, String... allowedIps) throws IOException {
        List<String> c = new ArrayList<>(Arrays.asList("wg", "set", iface, "peer", Base64.getEncoder().encodeToString(publicKey),
                "allowed-ips", String.join(",", allowedIps)));
        if (endpointPort != 0) c.addAll(Arrays.asList("endpoint", "127.0.0.1:" + endpointPort));
        check(run(c.toArray(new String[0])));
    }

    public void removePeer(byte[] ourPublicKey) throws IOException {
        check(run("wg", "set", iface, "peer", Base64.getEncoder().encodeToString(ourPublicKey), "remove"));
    }

    /** Bytes wireguard-go received from / sent to its (first) peer (`wg show transfer`). */
    public long[] transfer() throws IOException {
        Result r = check(run("wg", "show", iface, "transfer"));
        String[] f = r.out.trim().split("\\s+");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
    }

    public long latestHandshakeUnixSeconds() throws IOException {
        Result r = check(run("wg", "show", iface, "latest-handshakes"));
        String[] f = r.out.trim().split("\\s+");
        return Long.parseLong(f[1]);
    }

    /** Runs a command inside the namespace and waits for it. */
    public Result exec(String... command) throws IOException {
        return run(inNamespace(command));
    }

    /** Starts a command inside the namespace (stderr merged into stdout), without waiting. */
    public Process spawn(String... command) throws IOException {
        return new ProcessBuilder(inNamespace(command)).redirectErrorStream(true).start();
    }

    private String[] inNamespace(String... command) {
        List<String> c = new ArrayList<>(Arrays.asList("ip", "netns", "exec", namespace));
        c.addAll(Arrays.asList(command));
        return c.toArray(new String[0]);
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("wireguard-go.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** True while the namespace exists (teardown checks use it). */
    public static boolean namespaceExists(String ns) {
        try {
            return run("ip", "netns", "list").out.contains(ns);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (wireguardGo != null) {
            wireguardGo.destroy();
            try {
                if (!wireguardGo.waitFor(5, TimeUnit.SECONDS)) wireguardGo.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            // Processes started with spawn() live in the namespace; kill them so it can go away.
            Result pids = run("ip", "netns", "pids", namespace);
            for (String pid : pids.out.trim().split("\\s+")) {
                if (pid.matches("\\d+")) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
            run("ip", "netns", "del", namespace);
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("teardown: " + e.getMessage());
        }
    }

    public static final class Result {
        public final int code;
        public final String out;

        Result(int code, String out) {
            this.code = code;
            this.out = out;
        }
    }

    public static Result run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    public static Result check(Result r) throws IOException {
        if (r.code != 0) throw new IOException("command failed (" + r.code + "): " + r.out);
        return r;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
