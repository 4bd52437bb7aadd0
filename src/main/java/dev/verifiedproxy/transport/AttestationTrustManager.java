package dev.verifiedproxy.transport;

import javax.net.ssl.SSLEngine;
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
 */
final class AttestationTrustManager extends X509ExtendedTrustManager {

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        requireLeaf(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        requireLeaf(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        requireLeaf(chain);
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
