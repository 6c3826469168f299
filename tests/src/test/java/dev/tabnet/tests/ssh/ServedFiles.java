package dev.tabnet.tests.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files for an SSH server's test user to read: the lab's sshd and dropbear run their sessions as
 * another local user, so the directory and files must be readable by others.
 */
public final class ServedFiles {
    private ServedFiles() {}

    /** A new temporary directory others may list and enter (rwxr-xr-x). */
    public static Path readableTempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    /** Writes content to file, readable by others (rw-r--r--); returns file. */
    public static Path writeReadable(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }
}
