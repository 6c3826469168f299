/**
 * A sans-I/O SSH-2 client: {@link dev.tabnet.core.ssh.SshClient} is fed the server's TCP bytes
 * and the time, and hands back bytes to send; it never blocks, so it runs over a JVM socket and
 * over the tab's own TCP stream alike. Crypto comes from {@code dev.tabnet.core.crypto}.
 *
 * <p>Files by concern:
 * <ul>
 *   <li>wire encoding: {@code SshWriter}, {@code SshReader}, {@code SshMessages}, {@code Base64};</li>
 *   <li>binary packet protocol: {@code PacketReader}, {@code PacketWriter}, {@code PacketCipher} and
 *       its modes {@code ChaChaPolyCipher}, {@code AesGcmCipher}, {@code AesCtrHmacCipher}, built by
 *       {@code CipherSuite};</li>
 *   <li>transport: {@code Transport} (version exchange, KEXINIT, strict kex, NEWKEYS, re-key,
 *       ext-info), {@code KexInit}, {@code Negotiated}, {@code SshAlgorithms}, {@code Curve25519Kex};</li>
 *   <li>host keys: {@code HostKey} (blob, signature check, fingerprint), {@code HostKeyVerifier},
 *       {@code KnownHosts};</li>
 *   <li>user authentication: {@code UserAuth}, {@code Ed25519Identity}, {@code SshPrompter};</li>
 *   <li>connection: {@code Connection}, {@code SshChannel}, and {@code SshTerminalSession} for the
 *       console;</li>
 *   <li>file download: {@code ScpDownload}, the classic scp sink ({@code scp -f}) on one channel.</li>
 * </ul>
 *
 * <p>Callbacks (host key questions, password prompts, channel events) may be answered later;
 * after answering, the driver drains {@code pollOutput()} as after any other call.
 */
package dev.tabnet.core.ssh;
