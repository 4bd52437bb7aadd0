package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.collateral.Pem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * The pinned Intel SGX Root CA (dcap.md §3.1): the public certificate Intel publishes at
 * certificates.trustedservices.intel.com/Intel_SGX_Provisioning_Certification_RootCA.cer, kept as PEM in
 * {@code intel-sgx-root-ca.pem} beside this class, and refused at load unless its DER has the SHA-256 below.
 */
public final class IntelRootCa {

    /** SHA-256 of the DER certificate (architecture.md §5). */
    public static final String SHA256 = "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

    private static final X509Certificate CERTIFICATE = load();

    private IntelRootCa() {
    }

    public static X509Certificate certificate() {
        return CERTIFICATE;
    }

    private static X509Certificate load() {
        try (InputStream in = IntelRootCa.class.getResourceAsStream("intel-sgx-root-ca.pem")) {
            if (in == null) {
                throw new IllegalStateException("intel-sgx-root-ca.pem is missing from the class path");
            }
            List<X509Certificate> certificates = Pem.certificates(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            if (certificates.size() != 1) {
                throw new IllegalStateException("intel-sgx-root-ca.pem must hold exactly one certificate");
            }
            X509Certificate root = certificates.get(0);
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded()));
            if (!digest.equals(SHA256)) {
                throw new IllegalStateException("intel-sgx-root-ca.pem is not the Intel SGX Root CA (SHA-256 " + digest + ")");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CollateralFormatException | CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("the pinned Intel SGX Root CA cannot be loaded", e);
        }
    }
}
