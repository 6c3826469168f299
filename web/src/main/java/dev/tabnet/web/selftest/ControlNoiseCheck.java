package dev.tabnet.web.selftest;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.control.ControlClient;
import dev.tabnet.core.control.ControlConnection;
import dev.tabnet.core.control.EarlyPayload;
import dev.tabnet.core.control.MachineKey;
import dev.tabnet.core.control.noise.CipherState;
import dev.tabnet.core.control.noise.NoiseConn;
import dev.tabnet.core.control.noise.NoiseIK;
import dev.tabnet.core.util.Hex;

/**
 * The ts2021 control channel core in the tab: the cacophony Noise_IK_25519_ChaChaPoly_BLAKE2s
 * vector (handshake messages and hash, as the JVM test checks them), then a client and a server
 * {@link NoiseConn} back to back moving {@link #TRANSFER_BYTES} through 4096-byte records, with an
 * early payload in front, as the server's HTTP upgrade path sends it.
 */
final class ControlNoiseCheck {
    static final int TRANSFER_BYTES = 1024 * 1024;
    private static final int CHUNK = 16 * 1024;

    // cacophony tests/vectors/cacophony.txt (mcginty/snow 8ac60f51), Noise_IK_25519_ChaChaPoly_BLAKE2s.
    private static final String PROLOGUE = "4a6f686e2047616c74";
    private static final String INIT_STATIC = "e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1";
    private static final String INIT_EPHEMERAL = "893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a";
    private static final String RESP_STATIC_PUBLIC = "31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f62";
    private static final String RESP_STATIC = "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893";
    private static final String RESP_EPHEMERAL = "bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b";
    private static final String MSG0_PAYLOAD = "4c756477696720766f6e204d69736573";
    private static final String MSG0 = "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79440b03ddc7aac5123d06a1b23b71670e32"
            + "e76c28239a7ca4ac8f784de7e44c1adbfc6e83fef7352a58d9d56157400c0a737b1d171ce368229c7b752ac25b8faf4eca690f6d896f543be02c996ab2b86b76";
    private static final String MSG1_PAYLOAD = "4d757272617920526f746862617264";
    private static final String MSG1 = "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f144808843d9b5a8927f0ac9655ef76833bc7e5561f42e691ac8404efd6fbd6308b6a27c";
    private static final String HANDSHAKE_HASH = "48f3cb8bc9319da4ba1e9933991b1c4ed4034f1f126a76d3a1fbcfd7f94248d4";

    private ControlNoiseCheck() {}

    static void run(SelfTestReport report, Entropy entropy) throws Exception {
        report.put("noiseIkVectorMatches", vectorMatches());

        MachineKey machine = MachineKey.generate(entropy);
        MachineKey control = MachineKey.generate(entropy);
        long now = 1;
        NoiseConn client = NoiseConn.client(machine.privateKey(), control.publicKey(), 145, entropy, now);
        NoiseConn server = NoiseConn.server(control.privateKey(), entropy, now);
        server.acceptInitiation(client.initiationMessage());
        server.send(EarlyPayload.encode("{\"nodeKeyChallenge\":\"chalpub:00\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        client.receive(server.takeOutbound(), now);
        boolean established = client.state() == NoiseConn.State.ESTABLISHED && server.state() == NoiseConn.State.ESTABLISHED;
        report.put("ts2021Established", established);
        if (!established) {
            report.fail("ts2021: " + client.errorMessage() + " / " + server.errorMessage());
            return;
        }

        EarlyPayload.Filter early = new EarlyPayload.Filter();
        byte[] chunk = new byte[CHUNK];
        long received = 0;
        long firstMismatch = -1;
        double start = CoreSelfTest.wallMillis();
        for (int sent = 0; sent < TRANSFER_BYTES; sent += CHUNK) {
            for (int i = 0; i < CHUNK; i++) chunk[i] = pattern(sent + i);
            server.send(chunk);
            client.receive(server.takeOutbound(), now);
            byte[] plain = client.takePlaintext();
            byte[] pass = early.feed(plain, 0, plain.length);
            for (int i = 0; i < pass.length && firstMismatch < 0; i++) {
                if (pass[i] != pattern(received + i)) firstMismatch = received + i;
            }
            received += pass.length;
        }
        double ms = Math.max(CoreSelfTest.wallMillis() - start, 0.001);
        report.put("ts2021BytesReceived", received);
        report.put("ts2021FirstMismatch", firstMismatch);
        report.put("ts2021EarlyPayload", early.payload() != null);
        report.put("ts2021ClientState", client.state().name());
        report.putRate("ts2021MBps", TRANSFER_BYTES / 1e6 / (ms / 1000));
        report.put("ts2021Http2Preface", http2Preface(entropy, machine, control));
    }

    /**
     * The composed client channel with the register conversation started on it: after the handshake
     * the server sees the HTTP/2 client preface first and the register request's JSON inside.
     */
    private static boolean http2Preface(Entropy entropy, MachineKey machine, MachineKey control) {
        ControlConnection c = ControlConnection.open(machine, control.publicKey(), 145, new dev.tabnet.core.http2.Http2Config(), null, entropy, 1);
        new ControlClient(c, 145, new byte[32], new byte[32], "selftest", null, 0, new ControlClient.Listener() {
            @Override
            public void onMapResponse(dev.tabnet.core.json.JsonObject m) {}

            @Override
            public void onFailed(String reason) {}
        }).start();
        NoiseConn server = NoiseConn.server(control.privateKey(), entropy, 1);
        server.acceptInitiation(c.initiationMessage());
        byte[] resp = server.takeOutbound();
        c.onNetworkBytes(resp, 0, resp.length, 2);
        while (c.hasNetworkOutput()) {
            byte[] m = c.takeNetworkOutput(NoiseConn.MAX_WEBSOCKET_MESSAGE);
            server.receive(m, 3);
        }
        byte[] plain = server.takePlaintext();
        byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (c.state() != ControlConnection.State.OPEN || plain.length < preface.length) return false;
        for (int i = 0; i < preface.length; i++) if (plain[i] != preface[i]) return false;
        // DATA frames carry the register JSON unencoded (only headers are HPACK-compressed).
        return new String(plain, java.nio.charset.StandardCharsets.ISO_8859_1).contains("\"Ephemeral\":true");
    }

    private static byte pattern(long i) {
        return (byte) (i * 31 + (i >>> 9));
    }

    private static boolean vectorMatches() throws Exception {
        NoiseIK initiator = NoiseIK.initiator(Hex.decode(PROLOGUE), Hex.decode(INIT_STATIC), Hex.decode(INIT_EPHEMERAL), Hex.decode(RESP_STATIC_PUBLIC));
        NoiseIK responder = NoiseIK.responder(Hex.decode(PROLOGUE), Hex.decode(RESP_STATIC), Hex.decode(RESP_EPHEMERAL));
        byte[] m0 = initiator.writeMessage1(Hex.decode(MSG0_PAYLOAD));
        responder.readMessage1(m0);
        byte[] m1 = responder.writeMessage2(Hex.decode(MSG1_PAYLOAD));
        initiator.readMessage2(m1);
        String hash = Hex.encode(initiator.split(CipherState.NonceEncoding.BIG_ENDIAN).handshakeHash());
        return MSG0.equals(Hex.encode(m0)) && MSG1.equals(Hex.encode(m1)) && HANDSHAKE_HASH.equals(hash);
    }
}
