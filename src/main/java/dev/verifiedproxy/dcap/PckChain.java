package dev.verifiedproxy.dcap;

import java.security.cert.X509CRL;
import java.util.List;

/**
 * A PCK certificate chain checked once (structure, signatures, revocation lookups) with its leaf's SGX
 * extension read; times are evaluated per verification.
 *
 * @param chain             the chain check
 * @param extensions        the leaf's SGX extension facts, or null
 * @param extensionProblem  why they could not be read, or null
 */
record PckChain(ChainCheck chain, PckExtensions extensions, DcapException extensionProblem) {

    static PckChain of(String pem, TrustAnchor anchor, List<X509CRL> crls) {
        ChainCheck chain = ChainCheck.of(pem, anchor, crls);
        if (!chain.structurallySound()) {
            return new PckChain(chain, null, null);
        }
        try {
            return new PckChain(chain, PckExtensions.of(chain.leaf()), null);
        } catch (DcapException e) {
            return new PckChain(chain, null, e);
        }
    }
}
