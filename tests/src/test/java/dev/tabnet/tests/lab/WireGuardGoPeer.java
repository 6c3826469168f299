package dev.tabnet.tests.wireguard;

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
 * network namespace that holds the tunnel address, so the kernel's TCP/IP stack answers inside the
 * namespace. Names and port are unique per instance; {@link #close()} removes everything.
 */
final class WireGuardGoPeer implements AutoCloseable {
    final String namespace;
    final String iface;
    final int port;
    final Path dir;
    private Process wireguardGo;

    private WireGuardGoPeer(String suffix, int port) throws IOException {
        this.namespace = "tnwgns" + suffix;
        this.iface = "tnwg" + suffix;
        this.port = port;
        this.dir = Files.createTempDirectory("wgo-interop", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Null (and a printed reason) if this machine cannot host the peer. */
    static String unavailableReason() {
        try {
            Result id = run("id", "-u");
            if (!id.out.trim().equals("0")) return "needs root to create network namespaces (uid " + id.out.trim() + ")";
            for (String tool : new String[] {"wireguard-go", "wg", "ip"}) {
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
    static WireGuardGoPeer start(byte[] privateKey, byte[] ourPublicKey, int ourPort, String theirAddress, String ourAddress)
            throws IOException, InterruptedException {
        String suffix = Long.toHexString(ProcessHandle.current().pid() & 0xfff) + Integer.toHexString((int) (System.nanoTime() & 0xff));
        WireGuardGoPeer p = new WireGuardGoPeer(suffix, freeUdpPort());
        try {
            p.up(privateKey, ourPublicKey, ourPort, theirAddress, ourAddress);
            return p;
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void up(byte[] privateKey, byte[] ourPublicKey, int ourPort, String theirAddress, String ourAddress)
            throws IOException, InterruptedException {
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
        setPeer(ourPublicKey, ourPort, ourAddress);
        check(run("ip", "link", "set", iface, "netns", namespace)); // the UDP socket stays in the root namespace
        check(run("ip", "-n", namespace, "addr", "add", theirAddress + "/32", "dev", iface));
        check(run("ip", "-n", namespace, "link", "set", iface, "mtu", "1420", "up"));
        check(run("ip", "-n", namespace, "route", "add", ourAddress + "/32", "dev", iface));
    }

    void setPeer(byte[] ourPublicKey, int ourPort, String ourAddress) throws IOException {
        check(run("wg", "set", iface, "peer", Base64.getEncoder().encodeToString(ourPublicKey),
                "allowed-ips", ourAddress + "/32", "endpoint", "127.0.0.1:" + ourPort));
    }

    void removePeer(byte[] ourPublicKey) throws IOException {
        check(run("wg", "set", iface, "peer", Base64.getEncoder().encodeToString(ourPublicKey), "remove"));
    }

    /** Bytes wireguard-go received from / sent to our peer (`wg show transfer`). */
    long[] transfer() throws IOException {
        Result r = check(run("wg", "show", iface, "transfer"));
        String[] f = r.out.trim().split("\\s+");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
    }

    long latestHandshakeUnixSeconds() throws IOException {
        Result r = check(run("wg", "show", iface, "latest-handshakes"));
        String[] f = r.out.trim().split("\\s+");
        return Long.parseLong(f[1]);
    }

    /** Runs a command inside the namespace. */
    Result exec(String... command) throws IOException {
        List<String> c = new ArrayList<>(Arrays.asList("ip", "netns", "exec", namespace));
        c.addAll(Arrays.asList(command));
        return run(c.toArray(new String[0]));
    }

    String log() {
        try {
            return Files.readString(dir.resolve("wireguard-go.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
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
            run("ip", "netns", "del", namespace);
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("teardown: " + e.getMessage());
        }
    }

    static final class Result {
        final int code;
        final String out;

        Result(int code, String out) {
            this.code = code;
            this.out = out;
        }
    }

    static Result run(String... command) throws IOException {
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

    private static Result check(Result r) throws IOException {
        if (r.code != 0) throw new IOException("command failed (" + r.code + "): " + r.out);
        return r;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
