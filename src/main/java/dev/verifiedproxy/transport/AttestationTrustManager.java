package dev.verifiedproxy.transport;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Accepts any server certificate during the handshake, on purpose: a certificate authority
 * vouches for a name, not for what runs behind it, and NEAR's backends use ordinary Let's
 * Encrypt certificates. Backend identity is established after the handshake instead, by
 * binding the connection's SPKI to a verified TDX attestation (architecture.md §1.3); until
 * that succeeds no byte of a client's request is written. TLS itself still proves that the
 * peer holds the private key of the certificate it presented.
 *
 * <p>It also records, without failing the handshake, whether the certificate is valid for the domain
 * under the authorities an ordinary HTTPS client trusts ({@link WebPkiTrust}): not to trust the peer,
 * but so that a bearer credential is never sent before attestation to a peer such a client would
 * refuse. One instance per connection (TlsConnector makes a new context for each).
 */
final class AttestationTrustManager extends X509ExtendedTrustManager {

    private final WebPkiTrust webPki;
    private volatile WebPkiStatus webPkiStatus = WebPkiStatus.NOT_CHECKED;

    AttestationTrustManager(WebPkiTrust webPki) {
        this.webPki = webPki;
    }

    /** The WebPKI evaluation of the server's certificate in this handshake; NOT_CHECKED until it ran. */
    WebPkiStatus webPkiStatus() {
        return webPkiStatus;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        // Without the socket there is no server name to check the certificate against: never valid.
        requireLeaf(chain);
        webPkiStatus = WebPkiStatus.NOT_CHECKED;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        requireLeaf(chain);
        webPkiStatus = socket instanceof SSLSocket ssl ? webPki.evaluate(chain, authType, ssl) : WebPkiStatus.NOT_CHECKED;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        // The transport uses sockets only; an engine gets no WebPKI evaluation, so never a credential before proof.
        requireLeaf(chain);
        webPkiStatus = WebPkiStatus.NOT_CHECKED;
    }

    private static void requireLeaf(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server presented no certificate");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("verified-proxy is never a TLS server here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("verified-proxy is never a TLS server here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("verified-proxy is never a TLS server here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
