package dev.tabnet.tests.ssh;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway SSH server material, as wglab.sh keys() makes it: a temp dir with host keys, a test
 * user with a password and an authorized_keys file in its home dir, and a server process on
 * 127.0.0.1:&lt;free port&gt;. close() stops the server and removes the user and the files.
 */
final class SshServerLab implements AutoCloseable {
    static final String PASSWORD = "Tn-Ssh-Test-Pass-7";

    final String user;
    final Path dir;
    int port;
    private Process server;
    private Path log;
    private boolean userCreated;

    SshServerLab(String user) throws IOException {
        this.user = user;
        this.dir = Files.createTempDirectory("tnssh", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    /** Null if the machine can run this server, otherwise why not. */
    static String unavailableReason(String binary) {
        try {
            if (!new File(binary).canExecute()) return binary + " is not installed (apt-get install openssh-server dropbear-bin)";
            Result id = run("id", "-u");
            if (!id.out.trim().equals("0")) return "needs root to create a throwaway login user (uid " + id.out.trim() + ")";
            return null;
        } catch (IOException e) {
            return "cannot run system tools: " + e.getMessage();
        }
    }

    void createUser(String authorizedKeysLine) throws IOException {
        if (run("id", user).code != 0) {
            check(run("useradd", "-m", "-s", "/bin/bash", user));
            userCreated = true;
        }
        check(runInput(user + ":" + PASSWORD + "\n", "chpasswd"));
        Path ssh = Path.of("/home", user, ".ssh");
        check(run("install", "-d", "-m", "700", "-o", user, "-g", user, ssh.toString()));
        Path tmp = dir.resolve("authorized_keys");
        Files.writeString(tmp, authorizedKeysLine + "\n");
        check(run("install", "-m", "600", "-o", user, "-g", user, tmp.toString(), ssh.resolve("authorized_keys").toString()));
    }

    /** Starts argv (the server in the foreground, logging to stderr) and waits until the port accepts. */
    void startServer(List<String> argv) throws IOException, InterruptedException {
        log = dir.resolve("server.log");
        server = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) throw new IOException("server exited at once: " + log());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("server did not listen on port " + port + ": " + log());
    }

    String log() {
        try {
            return log == null ? "" : Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A file of n random bytes readable by the test user. */
    Path randomFile(String name, int n) throws IOException {
        Path f = dir.resolve(name);
        check(run("sh", "-c", "head -c " + n + " /dev/urandom > " + f + " && chmod 644 " + f));
        return f;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.destroy();
            try {
                if (!server.waitFor(5, TimeUnit.SECONDS)) server.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (userCreated) run("userdel", "-r", "-f", user);
        run("rm", "-rf", dir.toString());
    }

    // ---- process helpers ---------------------------------------------------------------------

    static final class Result {
        final int code;
        final String out;

        Result(int code, String out) {
            this.code = code;
            this.out = out;
        }
    }

    static Result run(String... argv) throws IOException {
        return runInput(null, argv);
    }

    static Result runInput(String input, String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        if (input != null) p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(p.waitFor(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static void check(Result r) throws IOException {
        if (r.code != 0) throw new IOException("command failed (" + r.code + "): " + r.out);
    }

    static List<String> list(String... s) {
        return new ArrayList<>(Arrays.asList(s));
    }
}
