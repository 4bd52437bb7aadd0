package dev.verifiedproxy.testing.sigstore;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * A Rekor-like transparency log: it "integrates" entry bodies into a small RFC 6962 tree among filler leaves
 * and answers as {@code GET /api/v1/log/entries/{uuid}} would, with a signed entry timestamp, an inclusion
 * proof and a checkpoint signed the way Rekor v1 signs them (ECDSA P-256, key hint = first four bytes of
 * SHA-256 of the DER public key). Entry bodies for the supported kinds are built here too.
 */
public final class FakeRekor {

    public static final String NAME = "rekor.test";
    public static final long TREE_ID = 4242;
    public static final String ORIGIN = NAME + " - " + TREE_ID;
    private static final int TREE_SIZE = 13;
    private static final HexFormat HEX = HexFormat.of();
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private final KeyPair logKey = FakeFulcio.keyPair("secp256r1");
    private final KeyPair witnessKey = FakeFulcio.keyPair("secp256r1");
    private long entries;

    /** Lowercase hex of SHA-256 of the log key's DER SubjectPublicKeyInfo: the entries' {@code logID}. */
    public String logId() {
        return HEX.formatHex(sha256(logKey.getPublic().getEncoded()));
    }

    /** A trusted root naming this log (trusted from 2020 on) and the given CAs (likewise). */
    public byte[] trustedRoot(List<FakeFulcio> authorities) {
        JsonArrayBuilder cas = JSON.createArrayBuilder();
        for (FakeFulcio ca : authorities) {
            JsonArrayBuilder certificates = JSON.createArrayBuilder();
            ca.chain().forEach(c -> certificates.add(JSON.createObjectBuilder().add("rawBytes", B64.encodeToString(der(c)))));
            cas.add(JSON.createObjectBuilder()
                    .add("subject", JSON.createObjectBuilder().add("organization", "sigstore.test").add("commonName", ca.name()))
                    .add("uri", "https://" + ca.name() + ".test")
                    .add("certChain", JSON.createObjectBuilder().add("certificates", certificates))
                    .add("validFor", JSON.createObjectBuilder().add("start", FakeFulcio.CA_NOT_BEFORE.toString())));
        }
        JsonObject root = JSON.createObjectBuilder()
                .add("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1")
                .add("tlogs", JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                        .add("baseUrl", "https://" + NAME)
                        .add("hashAlgorithm", "SHA2_256")
                        .add("publicKey", JSON.createObjectBuilder()
                                .add("rawBytes", B64.encodeToString(logKey.getPublic().getEncoded()))
                                .add("keyDetails", "PKIX_ECDSA_P256_SHA_256")
                                .add("validFor", JSON.createObjectBuilder().add("start", FakeFulcio.CA_NOT_BEFORE.toString())))
                        .add("logId", JSON.createObjectBuilder().add("keyId", B64.encodeToString(sha256(
                                logKey.getPublic().getEncoded()))))))
                .add("certificateAuthorities", cas)
                .add("ctlogs", JSON.createArrayBuilder())
                .add("timestampAuthorities", JSON.createArrayBuilder())
                .build();
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- entry bodies

    public static byte[] hashedRekord(byte[] artifactSha256, byte[] signature, String verifierPem) {
        return body("hashedrekord", JSON.createObjectBuilder()
                .add("data", JSON.createObjectBuilder().add("hash", hash(artifactSha256)))
                .add("signature", JSON.createObjectBuilder().add("content", B64.encodeToString(signature))
                        .add("publicKey", JSON.createObjectBuilder().add("content", pemBase64(verifierPem)))));
    }

    /** @param signatures pairs of signature and verifier PEM */
    public static byte[] dsse(byte[] payloadSha256, byte[] envelopeSha256, List<Object[]> signatures) {
        JsonArrayBuilder sigs = JSON.createArrayBuilder();
        for (Object[] s : signatures) {
            sigs.add(JSON.createObjectBuilder().add("signature", B64.encodeToString((byte[]) s[0]))
                    .add("verifier", pemBase64((String) s[1])));
        }
        return body("dsse", JSON.createObjectBuilder().add("envelopeHash", hash(envelopeSha256))
                .add("payloadHash", hash(payloadSha256)).add("signatures", sigs));
    }

    public static byte[] intoto(byte[] payloadSha256, byte[] envelopeSha256, String verifierPem) {
        return body("intoto", JSON.createObjectBuilder()
                .add("content", JSON.createObjectBuilder().add("hash", hash(envelopeSha256)).add("payloadHash", hash(payloadSha256)))
                .add("publicKey", pemBase64(verifierPem)));
    }

    /** A body of any kind and version, for refusal tests. */
    public static byte[] body(String kind, String apiVersion, JsonObjectBuilder spec) {
        return JSON.createObjectBuilder().add("apiVersion", apiVersion).add("kind", kind).add("spec", spec).build()
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] body(String kind, JsonObjectBuilder spec) {
        return body(kind, "0.0.1", spec);
    }

    private static JsonObjectBuilder hash(byte[] sha256) {
        return JSON.createObjectBuilder().add("algorithm", "sha256").add("value", HEX.formatHex(sha256));
    }

    private static String pemBase64(String pem) {
        return B64.encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    public static String pem(X509Certificate certificate) {
        return pem("CERTIFICATE", der(certificate));
    }

    public static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    // ---- the DSSE envelope a bundle would carry

    public static byte[] envelope(String payloadType, byte[] payload, List<byte[]> signatures) {
        JsonArrayBuilder sigs = JSON.createArrayBuilder();
        signatures.forEach(s -> sigs.add(JSON.createObjectBuilder().add("sig", B64.encodeToString(s)).add("keyid", "")));
        return JSON.createObjectBuilder().add("payloadType", payloadType).add("payload", B64.encodeToString(payload))
                .add("signatures", sigs).build().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** DSSE v1 pre-authentication encoding, written from the DSSE specification. */
    public static byte[] pae(String payloadType, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(String.format("DSSEv1 %d ", type.length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes(String.format(" %d ", payload.length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** An in-toto v1 statement about {@code subjects} (hex SHA-256 digests). */
    public static byte[] statement(List<String> subjects) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        subjects.forEach(s -> array.add(JSON.createObjectBuilder().add("name", "registry.test/image")
                .add("digest", JSON.createObjectBuilder().add("sha256", s))));
        return JSON.createObjectBuilder().add("_type", "https://in-toto.io/Statement/v1").add("subject", array)
                .add("predicateType", "https://slsa.dev/provenance/v1").add("predicate", JSON.createObjectBuilder())
                .build().toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- logging

    /** Integrates {@code body} and answers with the entry, as Rekor's GET by UUID does. */
    public byte[] log(byte[] body, Instant integratedTime) {
        return log(body, integratedTime, false);
    }

    /**
     * @param witnessed whether the checkpoint also carries a cosignature line of another key (a witness),
     *                  placed before the log's own line
     */
    public byte[] log(byte[] body, Instant integratedTime, boolean witnessed) {
        long globalIndex = 7_000_000 + entries;
        int index = (int) (entries++ % TREE_SIZE);
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < TREE_SIZE; i++) {
            leaves.add(leafHash(i == index ? body : ("filler " + i).getBytes(StandardCharsets.UTF_8)));
        }
        byte[] root = treeHash(leaves);
        JsonArrayBuilder path = JSON.createArrayBuilder();
        auditPath(index, leaves).forEach(h -> path.add(HEX.formatHex(h)));
        String bodyBase64 = B64.encodeToString(body);
        long time = integratedTime.getEpochSecond();
        String set = B64.encodeToString(ecdsa("SHA256withECDSA", logKey.getPrivate(), String.format(
                "{\"body\":\"%s\",\"integratedTime\":%d,\"logID\":\"%s\",\"logIndex\":%d}", bodyBase64, time, logId(),
                globalIndex).getBytes(StandardCharsets.UTF_8)));
        String uuid = String.format("%016x", TREE_ID) + HEX.formatHex(leaves.get(index));
        JsonObject entry = JSON.createObjectBuilder()
                .add("body", bodyBase64)
                .add("integratedTime", time)
                .add("logID", logId())
                .add("logIndex", globalIndex)
                .add("verification", JSON.createObjectBuilder()
                        .add("inclusionProof", JSON.createObjectBuilder()
                                .add("checkpoint", checkpoint(root, witnessed))
                                .add("hashes", path)
                                .add("logIndex", index)
                                .add("rootHash", HEX.formatHex(root))
                                .add("treeSize", TREE_SIZE))
                        .add("signedEntryTimestamp", set))
                .build();
        return JSON.createObjectBuilder().add(uuid, entry).build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private String checkpoint(byte[] root, boolean witnessed) {
        String text = ORIGIN + "\n" + TREE_SIZE + "\n" + B64.encodeToString(root) + "\n";
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder note = new StringBuilder(text).append('\n');
        if (witnessed) {
            note.append(signatureLine("witness.test", witnessKey, message));
        }
        note.append(signatureLine(NAME, logKey, message));
        return note.toString();
    }

    private static String signatureLine(String name, KeyPair key, byte[] message) {
        byte[] hint = Arrays.copyOf(sha256(key.getPublic().getEncoded()), 4);
        byte[] signature = ecdsa("SHA256withECDSA", key.getPrivate(), message);
        byte[] payload = new byte[4 + signature.length];
        System.arraycopy(hint, 0, payload, 0, 4);
        System.arraycopy(signature, 0, payload, 4, signature.length);
        return "\u2014 " + name + " " + B64.encodeToString(payload) + "\n";
    }

    // ---- RFC 6962 §2.1, recursively

    private static byte[] leafHash(byte[] data) {
        return sha256(concat(new byte[] {0}, data));
    }

    private static byte[] nodeHash(byte[] left, byte[] right) {
        return sha256(concat(new byte[] {1}, concat(left, right)));
    }

    /** MTH(D[n]) over already-hashed leaves. */
    public static byte[] treeHash(List<byte[]> leafHashes) {
        if (leafHashes.size() == 1) {
            return leafHashes.get(0);
        }
        int k = splitPoint(leafHashes.size());
        return nodeHash(treeHash(leafHashes.subList(0, k)), treeHash(leafHashes.subList(k, leafHashes.size())));
    }

    /** PATH(m, D[n]) over already-hashed leaves, leaf-most first. */
    public static List<byte[]> auditPath(int m, List<byte[]> leafHashes) {
        int n = leafHashes.size();
        if (n == 1) {
            return new ArrayList<>();
        }
        int k = splitPoint(n);
        List<byte[]> path;
        if (m < k) {
            path = auditPath(m, leafHashes.subList(0, k));
            path.add(treeHash(leafHashes.subList(k, n)));
        } else {
            path = auditPath(m - k, leafHashes.subList(k, n));
            path.add(treeHash(leafHashes.subList(0, k)));
        }
        return path;
    }

    /** The largest power of two smaller than n. */
    private static int splitPoint(int n) {
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return k;
    }

    // ---- crypto helpers

    static byte[] ecdsa(String algorithm, PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
