package dev.verifiedproxy.collateral;

import java.util.Arrays;
import java.util.Objects;

/**
 * Everything needed to verify a quote besides the quote itself: dcap-qvl's {@code QuoteCollateralV3}
 * (dcap.md §2). The JSON texts are kept exactly as Intel signed them; nothing here is verified yet.
 *
 * @param pckCrlIssuerChain     PEM chain of the PCK CRL issuer (informational; dcap-qvl does not use it either)
 * @param rootCaCrl             DER CRL of the Intel SGX Root CA
 * @param pckCrl                DER CRL of the PCK CA (platform or processor) that issued the PCK leaf
 * @param tcbInfoIssuerChain    PEM: TCB signing cert, then the root
 * @param tcbInfo               exact text of the {@code tcbInfo} object (the signed bytes)
 * @param tcbInfoSignature      64-byte r||s over {@code tcbInfo}
 * @param qeIdentityIssuerChain PEM: TCB signing cert, then the root
 * @param qeIdentity            exact text of the {@code enclaveIdentity} object
 * @param qeIdentitySignature   64-byte r||s over {@code qeIdentity}
 * @param pckCertificateChain   optional PEM PCK chain (leaf first) replacing the quote's own; null when absent
 */
public record QuoteCollateral(String pckCrlIssuerChain, byte[] rootCaCrl, byte[] pckCrl, String tcbInfoIssuerChain,
                              String tcbInfo, byte[] tcbInfoSignature, String qeIdentityIssuerChain, String qeIdentity,
                              byte[] qeIdentitySignature, String pckCertificateChain) {

    public QuoteCollateral {
        Objects.requireNonNull(pckCrlIssuerChain, "pckCrlIssuerChain");
        rootCaCrl = Objects.requireNonNull(rootCaCrl, "rootCaCrl").clone();
        pckCrl = Objects.requireNonNull(pckCrl, "pckCrl").clone();
        Objects.requireNonNull(tcbInfoIssuerChain, "tcbInfoIssuerChain");
        Objects.requireNonNull(tcbInfo, "tcbInfo");
        tcbInfoSignature = Objects.requireNonNull(tcbInfoSignature, "tcbInfoSignature").clone();
        Objects.requireNonNull(qeIdentityIssuerChain, "qeIdentityIssuerChain");
        Objects.requireNonNull(qeIdentity, "qeIdentity");
        qeIdentitySignature = Objects.requireNonNull(qeIdentitySignature, "qeIdentitySignature").clone();
    }

    @Override
    public byte[] rootCaCrl() {
        return rootCaCrl.clone();
    }

    @Override
    public byte[] pckCrl() {
        return pckCrl.clone();
    }

    @Override
    public byte[] tcbInfoSignature() {
        return tcbInfoSignature.clone();
    }

    @Override
    public byte[] qeIdentitySignature() {
        return qeIdentitySignature.clone();
    }

    /**
     * How many bytes this collateral carries (characters for the text fields): what keeping it costs,
     * to within a small factor. Caches of collateral that may come from outside are bounded by this,
     * not only by a number of entries, because one bundle can be anything up to a request body's size.
     */
    public long contentLength() {
        return (long) pckCrlIssuerChain.length() + rootCaCrl.length + pckCrl.length + tcbInfoIssuerChain.length()
                + tcbInfo.length() + tcbInfoSignature.length + qeIdentityIssuerChain.length() + qeIdentity.length()
                + qeIdentitySignature.length + (pckCertificateChain == null ? 0 : pckCertificateChain.length());
    }

    /** A copy with a different (or, with null, no) PCK certificate chain. */
    public QuoteCollateral withPckCertificateChain(String chain) {
        return toBuilder().pckCertificateChain(chain).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof QuoteCollateral o && pckCrlIssuerChain.equals(o.pckCrlIssuerChain)
                && Arrays.equals(rootCaCrl, o.rootCaCrl) && Arrays.equals(pckCrl, o.pckCrl)
                && tcbInfoIssuerChain.equals(o.tcbInfoIssuerChain) && tcbInfo.equals(o.tcbInfo)
                && Arrays.equals(tcbInfoSignature, o.tcbInfoSignature)
                && qeIdentityIssuerChain.equals(o.qeIdentityIssuerChain) && qeIdentity.equals(o.qeIdentity)
                && Arrays.equals(qeIdentitySignature, o.qeIdentitySignature)
                && Objects.equals(pckCertificateChain, o.pckCertificateChain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tcbInfo, qeIdentity, Arrays.hashCode(pckCrl), Arrays.hashCode(rootCaCrl),
                pckCertificateChain);
    }

    @Override
    public String toString() {
        return "QuoteCollateral[tcbInfo=" + tcbInfo.length() + " chars, qeIdentity=" + qeIdentity.length()
                + " chars, pckCrl=" + pckCrl.length + " bytes, rootCaCrl=" + rootCaCrl.length + " bytes"
                + (pckCertificateChain == null ? "" : ", with PCK chain") + "]";
    }

    /** Builds a collateral field by field (the PCS client, tests). */
    public static final class Builder {
        private String pckCrlIssuerChain = "";
        private byte[] rootCaCrl;
        private byte[] pckCrl;
        private String tcbInfoIssuerChain;
        private String tcbInfo;
        private byte[] tcbInfoSignature;
        private String qeIdentityIssuerChain;
        private String qeIdentity;
        private byte[] qeIdentitySignature;
        private String pckCertificateChain;

        public Builder() {
        }

        private Builder(QuoteCollateral c) {
            pckCrlIssuerChain = c.pckCrlIssuerChain;
            rootCaCrl = c.rootCaCrl;
            pckCrl = c.pckCrl;
            tcbInfoIssuerChain = c.tcbInfoIssuerChain;
            tcbInfo = c.tcbInfo;
            tcbInfoSignature = c.tcbInfoSignature;
            qeIdentityIssuerChain = c.qeIdentityIssuerChain;
            qeIdentity = c.qeIdentity;
            qeIdentitySignature = c.qeIdentitySignature;
            pckCertificateChain = c.pckCertificateChain;
        }

        public Builder pckCrlIssuerChain(String value) {
            pckCrlIssuerChain = value;
            return this;
        }

        public Builder rootCaCrl(byte[] value) {
            rootCaCrl = value;
            return this;
        }

        public Builder pckCrl(byte[] value) {
            pckCrl = value;
            return this;
        }

        public Builder tcbInfoIssuerChain(String value) {
            tcbInfoIssuerChain = value;
            return this;
        }

        public Builder tcbInfo(String value) {
            tcbInfo = value;
            return this;
        }

        public Builder tcbInfoSignature(byte[] value) {
            tcbInfoSignature = value;
            return this;
        }

        public Builder qeIdentityIssuerChain(String value) {
            qeIdentityIssuerChain = value;
            return this;
        }

        public Builder qeIdentity(String value) {
            qeIdentity = value;
            return this;
        }

        public Builder qeIdentitySignature(byte[] value) {
            qeIdentitySignature = value;
            return this;
        }

        public Builder pckCertificateChain(String value) {
            pckCertificateChain = value;
            return this;
        }

        public QuoteCollateral build() {
            return new QuoteCollateral(pckCrlIssuerChain, rootCaCrl, pckCrl, tcbInfoIssuerChain, tcbInfo,
                    tcbInfoSignature, qeIdentityIssuerChain, qeIdentity, qeIdentitySignature, pckCertificateChain);
        }
    }
}
