package dev.verifiedproxy.attestation;

import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.eventlog.Sha;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.verdict.Check;
import org.bouncycastle.crypto.digests.KeccakDigest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * NEAR's report-data binding (protocol.md §3): REPORT_DATA[32..64] is the client nonce, and
 * REPORT_DATA[0..32] is the signing address zero-padded (plain mode) or SHA-256(address ‖ TLS
 * fingerprint) (TLS mode, when {@code tls_cert_fingerprint} is present); the signing key belongs
 * to the address; the live TLS SPKI is the fingerprint. REPORT_DATA is always read from the quote.
 */
public final class ReportDataBinding {

    public static final String SIGNING_KEY = "signing_key";
    public static final String REQUEST_NONCE = "request_nonce";
    public static final String REPORT_DATA = "report_data";
    public static final String LIVE_TLS_SPKI = "live_tls_spki";
    public static final String TLS_CERTIFICATE = "tls_certificate";

    /** How REPORT_DATA[0..32] binds the key. */
    public enum Mode {
        /** Signing address right-padded with zeros. */
        PLAIN,
        /** SHA-256(address bytes ‖ 32 fingerprint bytes). */
        TLS
    }

    private ReportDataBinding() {
    }

    /**
     * The binding checks of one CVM attestation: its signing key, its nonce, its REPORT_DATA. The CVM that
     * served the connection the report came over also gets {@link #liveTls}.
     *
     * @param attestation   the report of that CVM
     * @param quote         its verified quote's values
     * @param clientNonce   the nonce the verifier sent
     */
    public static List<Check> check(CvmAttestation attestation, TdMeasurements quote, Nonce clientNonce) {
        List<Check> checks = new ArrayList<>(3);
        checks.add(signingKey(attestation.signingKey()));
        checks.add(requestNonce(attestation, clientNonce));
        checks.add(reportData(attestation, quote, clientNonce));
        return checks;
    }

    /**
     * The live TLS binding of the CVM that served the connection (gateway shape: the gateway; direct shape: the
     * model). Without the SPKI of that connection nothing shows that this CVM served it: a report stripped of it
     * (an evidence bundle without {@code tlsSpkiSha256}, an old capture) fails with its own reason rather than
     * silently skipping the check. Whether that is acceptable is the policy's {@code requireTlsBinding}.
     *
     * @param liveSpkiSha256 SHA-256 of the SPKI of that connection, when it was recorded
     */
    public static Check liveTls(CvmAttestation attestation, Optional<String> liveSpkiSha256) {
        return liveSpkiSha256.map(spki -> liveTlsSpki(attestation, spki)).orElseGet(() -> Check.fail(LIVE_TLS_SPKI,
                BindingFailure.TLS_SPKI_NOT_RECORDED, "no live SPKI for the connection this "
                        + "report came over; tls_cert_fingerprint " + attestation.tlsCertFingerprint().orElse("(none)")));
    }

    public static Mode mode(CvmAttestation attestation) {
        return attestation.tlsCertFingerprint().isPresent() ? Mode.TLS : Mode.PLAIN;
    }

    /** ecdsa: Keccak-256(X ‖ Y)[12..32] is the address; ed25519: the key is the address. */
    public static Check signingKey(SigningKey key) {
        if (key.publicKey().isEmpty()) {
            return Check.pass(SIGNING_KEY, key.algo().json() + " address " + key.address()
                    + " (no signing_public_key reported; the address itself is bound)");
        }
        byte[] publicKey = Hex.decode(key.publicKey().get()).orElseThrow();
        byte[] address = Hex.decode(key.addressBytes()).orElseThrow();
        byte[] derived;
        if (key.algo() == SigningAlgo.ECDSA) {
            if (publicKey.length == 65 && publicKey[0] == 0x04) {
                publicKey = Arrays.copyOfRange(publicKey, 1, 65);
            }
            if (publicKey.length != 64) {
                return Check.fail(SIGNING_KEY, BindingFailure.PUBLIC_KEY_MALFORMED, publicKey.length
                        + " bytes; an uncompressed secp256k1 key is 64 (X ‖ Y)");
            }
            derived = Arrays.copyOfRange(keccak256(publicKey), 12, 32);
        } else {
            if (publicKey.length != 32) {
                return Check.fail(SIGNING_KEY, BindingFailure.PUBLIC_KEY_MALFORMED, publicKey.length
                        + " bytes; an Ed25519 key is 32");
            }
            derived = publicKey;
        }
        return MessageDigest.isEqual(derived, address)
                ? Check.pass(SIGNING_KEY, key.algo().json() + " public key belongs to address " + key.address())
                : Check.fail(SIGNING_KEY, BindingFailure.KEY_ADDRESS_MISMATCH, "key gives " + Hex.encode(derived)
                + ", signing_address " + key.address());
    }

    public static Check requestNonce(CvmAttestation attestation, Nonce clientNonce) {
        return Hex.sameBytes(attestation.requestNonce(), clientNonce.hex())
                ? Check.pass(REQUEST_NONCE, "request_nonce = client nonce " + clientNonce.hex())
                : Check.fail(REQUEST_NONCE, BindingFailure.REQUEST_NONCE_MISMATCH, "request_nonce " + attestation.requestNonce()
                + ", client nonce " + clientNonce.hex());
    }

    public static Check reportData(CvmAttestation attestation, TdMeasurements quote, Nonce clientNonce) {
        String observed = quote.reportData();
        if (!Hex.sameBytes(observed.substring(64), clientNonce.hex())) {
            return Check.fail(REPORT_DATA, BindingFailure.REPORT_DATA_NONCE_MISMATCH, "REPORT_DATA[32..64] = "
                    + observed.substring(64) + ", client nonce " + clientNonce.hex());
        }
        Mode mode = mode(attestation);
        String expected = expectedKeyBinding(attestation.signingKey(), attestation.tlsCertFingerprint());
        String how = mode == Mode.TLS ? "SHA-256(address ‖ tls_cert_fingerprint " + attestation.tlsCertFingerprint().get() + ")"
                : "address zero-padded";
        return Hex.sameBytes(observed.substring(0, 64), expected)
                ? Check.pass(REPORT_DATA, mode.name().toLowerCase(java.util.Locale.ROOT) + " mode: REPORT_DATA = " + how
                + " ‖ client nonce")
                : Check.fail(REPORT_DATA, BindingFailure.REPORT_DATA_KEY_MISMATCH, mode.name().toLowerCase(java.util.Locale.ROOT)
                + " mode: expected " + expected + " = " + how + ", quote has " + observed.substring(0, 64));
    }

    /** REPORT_DATA[0..32] for a key, in TLS mode when a fingerprint is given. */
    public static String expectedKeyBinding(SigningKey key, Optional<String> tlsCertFingerprint) {
        byte[] address = Hex.decode(key.addressBytes()).orElseThrow();
        if (tlsCertFingerprint.isPresent()) {
            return Hex.encode(Sha.sha256(address, Hex.decode(tlsCertFingerprint.get()).orElseThrow()));
        }
        return Hex.encode(Arrays.copyOf(address, 32));
    }

    /** The live connection's key is the one the quote binds (only for the CVM that served the connection). */
    public static Check liveTlsSpki(CvmAttestation attestation, String liveSpkiSha256) {
        if (attestation.tlsCertFingerprint().isEmpty()) {
            return Check.fail(LIVE_TLS_SPKI, BindingFailure.TLS_FINGERPRINT_MISSING, "live SPKI SHA-256 " + liveSpkiSha256);
        }
        return Hex.sameBytes(attestation.tlsCertFingerprint().get(), liveSpkiSha256)
                ? Check.pass(LIVE_TLS_SPKI, "live SPKI SHA-256 = tls_cert_fingerprint = "
                        + attestation.tlsCertFingerprint().get())
                : Check.fail(LIVE_TLS_SPKI, BindingFailure.TLS_FINGERPRINT_MISMATCH, "live SPKI SHA-256 " + liveSpkiSha256
                + ", tls_cert_fingerprint " + attestation.tlsCertFingerprint().get());
    }

    /** The gateway's {@code tls_certificate}: its first certificate's SPKI hashes to the fingerprint. */
    public static Check tlsCertificate(String pem, Optional<String> tlsCertFingerprint) {
        if (tlsCertFingerprint.isEmpty()) {
            return Check.fail(TLS_CERTIFICATE, BindingFailure.TLS_FINGERPRINT_MISSING,
                    "tls_certificate without tls_cert_fingerprint");
        }
        String spki;
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (chain.isEmpty()) {
                return Check.fail(TLS_CERTIFICATE, BindingFailure.TLS_CERTIFICATE_UNREADABLE,
                        "no certificate in tls_certificate");
            }
            spki = Hex.encode(Sha.sha256(chain.iterator().next().getPublicKey().getEncoded()));
        } catch (CertificateException e) {
            return Check.fail(TLS_CERTIFICATE, BindingFailure.TLS_CERTIFICATE_UNREADABLE, String.valueOf(e.getMessage()));
        }
        return Hex.sameBytes(spki, tlsCertFingerprint.get())
                ? Check.pass(TLS_CERTIFICATE, "leaf SPKI SHA-256 = tls_cert_fingerprint = " + spki)
                : Check.fail(TLS_CERTIFICATE, BindingFailure.TLS_CERTIFICATE_MISMATCH, "leaf SPKI SHA-256 " + spki
                + ", tls_cert_fingerprint " + tlsCertFingerprint.get());
    }

    /** Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256). */
    static byte[] keccak256(byte[] data) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
