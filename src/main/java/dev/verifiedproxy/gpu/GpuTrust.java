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
import java.util.HexFormat;
import java.util.Objects;

/**
 * The trust anchors and fixed parameters of GPU verification.
 *
 * @param deviceRoot    the root GPU device certificate chains must validate to
 * @param nrasIssuer    the {@code iss} every NRAS token must carry
 * @param tokenLeeway   clock tolerance for NRAS token times (0..5 minutes)
 * @param claimsVersion the NRAS claims version expected ({@code x-nvidia-ver})
 */
public record GpuTrust(X509Certificate deviceRoot, String nrasIssuer, Duration tokenLeeway, String claimsVersion) {

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
    }

    /** NVIDIA's production anchors: the pinned device root and NRAS's issuer, claims version 2.0. */
    public static GpuTrust production() {
        return new GpuTrust(pinnedDeviceRoot(), NrasEndpoints.PRODUCTION.issuer(), DEFAULT_LEEWAY,
                NrasTokenVerifier.CLAIMS_VERSION_V3_DEFAULT);
    }

    public GpuTrust withDeviceRoot(X509Certificate root) {
        return new GpuTrust(root, nrasIssuer, tokenLeeway, claimsVersion);
    }

    public GpuTrust withNrasIssuer(String issuer) {
        return new GpuTrust(deviceRoot, issuer, tokenLeeway, claimsVersion);
    }

    public GpuTrust withTokenLeeway(Duration leeway) {
        return new GpuTrust(deviceRoot, nrasIssuer, leeway, claimsVersion);
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
