# Regenerates ts2021_session.txt: run from a folder holding shared/tools/noise_check.py and ik_vectors.json
# (python3 with pyca/cryptography). Not used by the build.
# Known-answer values for a ts2021 session, computed with the independent Noise implementation in
# shared/tools/noise_check.py (pyca/cryptography X25519 + ChaCha20-Poly1305, hashlib BLAKE2s).
import io, contextlib, json
with contextlib.redirect_stdout(io.StringIO()):
    import noise_check as nc
v = [x for x in json.load(open("ik_vectors.json")) if x["protocol_name"] == "Noise_IK_25519_ChaChaPoly_BLAKE2s"][0]
si, ei, rs = [bytes.fromhex(v[k]) for k in ("init_static", "init_ephemeral", "init_remote_static")]
sr, er = bytes.fromhex(v["resp_static"]), bytes.fromhex(v["resp_ephemeral"])
ver = 145
s = nc.SS(b"Noise_IK_25519_ChaChaPoly_BLAKE2s")
s.mh(b"Tailscale Control Protocol v%d" % ver)
s.mh(rs)
e = nc.pub(ei); s.mh(e); s.mk(nc.dh(ei, rs)); encs = s.enc(nc.pub(si)); s.mk(nc.dh(si, rs)); tag1 = s.enc(b"")
init = ver.to_bytes(2, "big") + b"\x01" + (96).to_bytes(2, "big") + e + encs + tag1
e2 = nc.pub(er); s.mh(e2); s.mk(nc.dh(ei, e2)); s.mk(nc.dh(si, e2)); tag2 = s.enc(b"")
resp = b"\x02" + (48).to_bytes(2, "big") + e2 + tag2
c1, c2 = s.split()
def rec(k, n, pt):
    ct = nc.ChaCha20Poly1305(k).encrypt(nc.nonce(n, True), pt, b"")
    return b"\x04" + len(ct).to_bytes(2, "big") + ct
print("initiation =", init.hex())
print("response =", resp.hex())
print("handshake_hash =", s.h.hex())
msgs = [b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", b"client record 1", b"client record 2"]
for i, m in enumerate(msgs):
    print("c2s.%d.plaintext = %s" % (i, m.hex())); print("c2s.%d.record = %s" % (i, rec(c1, i, m).hex()))
for i, m in enumerate([b"server record 0", b"server record 1"]):
    print("s2c.%d.plaintext = %s" % (i, m.hex())); print("s2c.%d.record = %s" % (i, rec(c2, i, m).hex()))
