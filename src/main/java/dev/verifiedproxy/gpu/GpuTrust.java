package dev.verifiedproxy.gpu;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The trust anchors and fixed parameters of GPU verification.
 *
 * @param deviceRoot    the root GPU device certificate chains must validate to
 * @param nrasIssuer    the {@code iss} every NRAS token must carry
 * @param tokenLeeway   clock tolerance for NRAS token times (0..5 minutes)
 * @param claimsVersion the NRAS claims version expected ({@code x-nvidia-ver})
 * @param nrasKeys      which intermediates NRAS signing keys must be issued by
 */
public record GpuTrust(X509Certificate deviceRoot, String nrasIssuer, Duration tokenLeeway, String claimsVersion,
                       NrasKeyTrust nrasKeys) {

    /** SHA-256 of the DER of the NVIDIA Device Identity CA (gpu.md §3.3). */
    public static final String DEVICE_ROOT_SHA256 = "102bf659d5419614c9d8e6aecebc80454eb26b1df6a769ac720b9a690b167b48";
    /** go-nvtrust's tolerance after clock-drift failures (gpu.md §2.6 item 5). */
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(10);
    private static final String DEVICE_ROOT_RESOURCE = "nvidia-device-identity-ca.pem";
    private static final int MAX_PEM_BYTES = 64 * 1024;

    public GpuTrust {
        Objects.requireNonNull(deviceRoot, "deviceRoot");
        Objects.requireNonNull(nrasIssuer, "nrasIssuer");
        Objects.requireNonNull(tokenLeeway, "tokenLeeway");
        Objects.requireNonNull(claimsVersion, "claimsVersion");
        Objects.requireNonNull(nrasKeys, "nrasKeys");
    }

    /**
     * NVIDIA's production anchors: the pinned device root, NRAS's issuer, claims version 2.0 and NRAS keys
     * issued by the pinned NRAS intermediate.
     */
    public static GpuTrust production() {
        return new GpuTrust(pinnedDeviceRoot(), NrasEndpoints.PRODUCTION.issuer(), DEFAULT_LEEWAY,
                NrasTokenVerifier.CLAIMS_VERSION_V3_DEFAULT, NrasKeyTrust.production());
    }

    public GpuTrust withDeviceRoot(X509Certificate root) {
        return new GpuTrust(root, nrasIssuer, tokenLeeway, claimsVersion, nrasKeys);
    }

    public GpuTrust withNrasIssuer(String issuer) {
        return new GpuTrust(deviceRoot, issuer, tokenLeeway, claimsVersion, nrasKeys);
    }

    public GpuTrust withTokenLeeway(Duration leeway) {
        return new GpuTrust(deviceRoot, nrasIssuer, leeway, claimsVersion, nrasKeys);
    }

    /** Also trusts NRAS keys issued by these intermediates (pinned by their public keys). */
    public GpuTrust withNrasIntermediates(Collection<X509Certificate> intermediates) {
        return new GpuTrust(deviceRoot, nrasIssuer, tokenLeeway, claimsVersion, nrasKeys.adding(intermediates));
    }

    /** The NVIDIA Device Identity CA shipped with verified-proxy, checked against {@link #DEVICE_ROOT_SHA256}. */
    public static X509Certificate pinnedDeviceRoot() {
        try (InputStream in = GpuTrust.class.getResourceAsStream(DEVICE_ROOT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEVICE_ROOT_RESOURCE + " is missing");
            }
            X509Certificate root = certificate(in.readNBytes(MAX_PEM_BYTES));
            String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded()));
            if (!fingerprint.equals(DEVICE_ROOT_SHA256)) {
                throw new IllegalStateException("the pinned NVIDIA device root has SHA-256 " + fingerprint
                        + ", expected " + DEVICE_ROOT_SHA256);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the pinned NVIDIA device root cannot be read", e);
        }
    }

    /**
     * Every certificate of a PEM text, e.g. NRAS intermediates.
     *
     * @throws IllegalArgumentException unless the text holds at least one X.509 certificate
     */
    public static List<X509Certificate> certificates(byte[] pem) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) certificate);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no X.509 certificate found");
            }
            return out;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not PEM certificates: " + e.getMessage(), e);
        }
    }

    /**
     * The single certificate of a PEM (or DER) text, e.g. a test device root.
     *
     * @throws IllegalArgumentException unless the text holds exactly one X.509 certificate
     */
    public static X509Certificate certificate(byte[] pem) {
        try {
            var certificates = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (certificates.size() != 1 || !(certificates.iterator().next() instanceof X509Certificate certificate)) {
                throw new IllegalArgumentException("expected exactly one X.509 certificate, found " + certificates.size());
            }
            return certificate;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM or DER certificate: " + e.getMessage(), e);
        }
    }
}
