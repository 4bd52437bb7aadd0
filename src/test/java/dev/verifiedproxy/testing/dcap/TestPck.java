package dev.verifiedproxy.testing.dcap;

/**
 * A PCK leaf of the test PKI: the key that signs QE reports, and the PEM chain a quote carries.
 *
 * @param leaf     the PCK certificate and key
 * @param issuer   the PCK platform or processor CA that issued it
 * @param spec     what it was made from
 * @param chainPem leaf, issuing CA and root, PEM, as in a real quote's certification data
 */
public record TestPck(TestCertificate leaf, TestCertificate issuer, PckSpec spec, String chainPem) {
}
