package dev.verifiedproxy.collateral;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.cert.CRLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Certificates from PEM text and CRLs from DER, strictly. A chain is a sequence of
 * {@code CERTIFICATE} blocks; between and around them only whitespace and NUL bytes are allowed (real
 * quotes NUL-terminate their chain). dcap-qvl skips any other text; go-tdx-guest rejects it, and so do we:
 * a genuine chain never carries it, and bytes nobody reads are a place to hide things.
 */
public final class Pem {

    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";
    private static final ThreadLocal<CertificateFactory> FACTORY = ThreadLocal.withInitial(() -> {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 support", e);
        }
    });
    /** CRL extensions we understand (CRL number, authority key identifier). Anything critical beyond is refused. */
    private static final Set<String> KNOWN_CRL_EXTENSIONS = Set.of("2.5.29.20", "2.5.29.35");

    private Pem() {
    }

    /** The certificates of a PEM chain, in order; empty when the text holds no block. */
    public static List<X509Certificate> certificates(String text) throws CollateralFormatException {
        List<X509Certificate> out = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, at);
            checkFiller(text, at, begin < 0 ? text.length() : begin);
            if (begin < 0) {
                return out;
            }
            // From after BEGIN: the two lines share dashes, and "-----BEGIN CERTIFICATE--------END ..." must not
            // find an END inside the BEGIN line (found by PemFuzzTest).
            int end = text.indexOf(END, begin + BEGIN.length());
            if (end < 0) {
                throw new CollateralFormatException("PEM block without END line");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(strictBase64(text.substring(begin + BEGIN.length(), end)));
            } catch (IllegalArgumentException e) {
                throw new CollateralFormatException("PEM block is not base64");
            }
            out.add(certificate(der));
            at = end + END.length();
        }
    }

    /** One DER certificate. */
    public static X509Certificate certificate(byte[] der) throws CollateralFormatException {
        try {
            return (X509Certificate) FACTORY.get().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new CollateralFormatException("certificate does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * One DER CRL, held to webpki's rules (dcap.md §3.3 item 7): version 2, nextUpdate present, no delta
     * CRL and no critical extension besides those we understand.
     */
    public static X509CRL crl(byte[] der) throws CollateralFormatException {
        X509CRL crl;
        try {
            crl = (X509CRL) FACTORY.get().generateCRL(new ByteArrayInputStream(der));
        } catch (CRLException | RuntimeException e) {
            throw new CollateralFormatException("CRL does not parse: " + e.getMessage(), e);
        }
        if (crl.getVersion() != 2) {
            throw new CollateralFormatException("CRL is version " + crl.getVersion() + ", not 2");
        }
        if (crl.getNextUpdate() == null) {
            throw new CollateralFormatException("CRL has no nextUpdate");
        }
        Set<String> critical = crl.getCriticalExtensionOIDs();
        if (critical != null && !KNOWN_CRL_EXTENSIONS.containsAll(critical)) {
            throw new CollateralFormatException("CRL has unsupported critical extensions " + critical);
        }
        if (crl.getExtensionValue("2.5.29.27") != null) {
            throw new CollateralFormatException("delta CRLs are not supported");
        }
        return crl;
    }

    private static void checkFiller(String text, int from, int to) throws CollateralFormatException {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c == '\n' || c == '\r' || c == ' ' || c == '\t' || c == '\0')) {
                throw new CollateralFormatException("unexpected character 0x" + Integer.toHexString(c)
                        + " outside PEM blocks at offset " + i);
            }
        }
    }

    private static String strictBase64(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=' || c == '\n' || c == '\r' || c == ' ' || c == '\t';
            if (!ok) {
                throw new IllegalArgumentException("not base64");
            }
        }
        return body;
    }
}
