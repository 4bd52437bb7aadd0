package dev.verifiedproxy.transport;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The certificate authorities an ordinary HTTPS client trusts: the JVM's default trust store and,
 * for tests and demos only, extra anchors from {@code verifiedproxy.trust.test-gateway-ca}.
 *
 * <p>This is not how a backend is trusted: identity comes only from attestation, and a CA vouches
 * for a name, not for what runs behind it. It guards a secret instead. NEAR's gateway wants the API
 * key with its attestation report, which is asked for before the connection is proved; with DNS
 * and the network hostile, that key must never go to a peer an ordinary HTTPS client would refuse.
 * The handshake therefore records this evaluation without failing on it (a connection may still be
 * attested without a credential), and the pool refuses to send a credential where it is not valid.
 */
public final class WebPkiTrust {

    /** The JVM's default trust managers, loaded once: the default trust store does not change while running. */
    private static final class SystemDefault {
        static final List<X509ExtendedTrustManager> MANAGERS = managers(null);
    }

    private final List<X509ExtendedTrustManager> managers;

    private WebPkiTrust(List<X509ExtendedTrustManager> managers) {
        this.managers = List.copyOf(managers);
    }

    /** The JVM's default trust store only: what production uses. */
    public static WebPkiTrust system() {
        return new WebPkiTrust(SystemDefault.MANAGERS);
    }

    /** The default trust store plus {@code extraAnchors} (tests and demos; the configuration demands the opt-in). */
    public static WebPkiTrust systemAnd(Collection<X509Certificate> extraAnchors) {
        if (extraAnchors.isEmpty()) {
            return system();
        }
        List<X509ExtendedTrustManager> all = new ArrayList<>(SystemDefault.MANAGERS);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate anchor : extraAnchors) {
                store.setCertificateEntry("extra-anchor-" + i++, anchor);
            }
            all.addAll(managers(store));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("the extra certificate authorities cannot be used: " + e.getMessage(), e);
        }
        return new WebPkiTrust(all);
    }

    /**
     * Evaluates a server's chain as an HTTPS client would, for the domain the socket asked for (its SNI
     * name): first the chain alone, then together with the name, so that the two reasons stay apart.
     * Runs inside the handshake, with the socket's handshake session. Never throws.
     */
    WebPkiStatus evaluate(X509Certificate[] chain, String authType, SSLSocket socket) {
        if (chain == null || chain.length == 0) {
            return WebPkiStatus.UNTRUSTED_CHAIN;
        }
        boolean chainTrusted = false;
        for (X509ExtendedTrustManager manager : managers) {
            try {
                manager.checkServerTrusted(chain.clone(), authType);
            } catch (CertificateException | RuntimeException e) {
                continue;
            }
            chainTrusted = true;
            try {
                // With the socket (whose endpoint identification is HTTPS, see TlsConnector) the JDK also checks
                // the certificate against the handshake's server name, by RFC 2818/6125 rules.
                manager.checkServerTrusted(chain.clone(), authType, socket);
                return WebPkiStatus.VALID;
            } catch (CertificateException | RuntimeException e) {
                // Another anchor set may still accept it with the name; otherwise it is the name.
            }
        }
        return chainTrusted ? WebPkiStatus.WRONG_NAME : WebPkiStatus.UNTRUSTED_CHAIN;
    }

    /** The endpoint identification {@link #evaluate} relies on; set on every backend socket before its handshake. */
    static void requireHostnameIdentification(SSLParameters parameters) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }

    private static List<X509ExtendedTrustManager> managers(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            List<X509ExtendedTrustManager> found = new ArrayList<>();
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    found.add(x509);
                }
            }
            return found;
        } catch (GeneralSecurityException e) {
            if (store == null) {
                // No usable default trust store: nothing is valid, so no credential is ever sent before proof.
                return List.of();
            }
            throw new IllegalArgumentException("the extra certificate authorities cannot be used: " + e.getMessage(), e);
        }
    }
}
