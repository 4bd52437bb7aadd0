package dev.verifiedproxy.gpu;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks of a GPU's device certificate chain (gpu.md §3.3): PKIX validation to the pinned NVIDIA
 * Device Identity CA at a given instant, and the FWID carried by the leaf's TCG DICE extension.
 * Revocation (OCSP) is not checked here; NRAS's {@code x-nvidia-gpu-attestation-report-cert-chain-validated}
 * covers it on the NRAS path.
 */
public final class DeviceCertificates {

    /** nvtrust {@code MAX_CERT_CHAIN_LENGTH}: leaf, BROM, provisioner ICA, chip identity, root. */
    public static final int CHAIN_LENGTH = 5;
    /** TCG DICE extension on Hopper leaves. */
    static final String TCG_DICE_FWID_HOPPER = "2.23.133.5.4.1";
    /** TCG DICE TcbInfo extension on Blackwell leaves. */
    static final String TCG_DICE_TCB_INFO = "2.23.133.5.4.1.1";
    private static final ASN1ObjectIdentifier SHA384 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.2");
    private static final int FWID_LENGTH = 48;

    private final X509Certificate root;

    /** @param root the trusted NVIDIA Device Identity CA (pinned, or a test root in tests) */
    public DeviceCertificates(X509Certificate root) {
        this.root = root;
    }

    /** The trusted root's common name, for check details. */
    public String rootName() {
        return EvidenceVerifier.commonName(root);
    }

    /**
     * Validates {@code chain} (leaf first, five certificates, the last being the supplied copy of
     * the root, which is ignored in favour of the pinned one, as nvtrust does) at {@code at}.
     *
     * @return the failure, or empty when the chain is trusted
     */
    public Optional<GpuCheck> validate(List<X509Certificate> chain, Instant at) {
        if (chain.size() != CHAIN_LENGTH) {
            return Optional.of(GpuCheck.fail(GpuFailure.CERT_CHAIN_LENGTH, chain.size() + " certificates, expected "
                    + CHAIN_LENGTH));
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(
                    factory.generateCertPath(chain.subList(0, CHAIN_LENGTH - 1)), parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            String where = e.getIndex() >= 0 ? " at certificate " + e.getIndex() : "";
            return Optional.of(GpuCheck.fail(GpuFailure.CERT_CHAIN_UNTRUSTED, e.getMessage() + where));
        } catch (GeneralSecurityException e) {
            return Optional.of(GpuCheck.fail(GpuFailure.CERT_CHAIN_UNTRUSTED, e.toString()));
        }
    }

    /**
     * The 48-byte FWID of a leaf certificate: the first SHA-384 FWID ({@code SEQUENCE {hashAlg, OCTET
     * STRING}}) inside its TCG DICE extension. On Hopper that is the last field of the extension, on
     * Blackwell {@code fwids[0]} of the TcbInfo (nvtrust {@code extract_fwid}).
     */
    public static Optional<byte[]> fwid(X509Certificate leaf) {
        for (String oid : List.of(TCG_DICE_FWID_HOPPER, TCG_DICE_TCB_INFO)) {
            byte[] extension = leaf.getExtensionValue(oid);
            if (extension == null) {
                continue;
            }
            try {
                byte[] content = ASN1OctetString.getInstance(extension).getOctets();
                Optional<byte[]> fwid = findFwid(ASN1Primitive.fromByteArray(content), 0);
                if (fwid.isPresent()) {
                    return fwid;
                }
            } catch (IOException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> findFwid(ASN1Primitive node, int depth) {
        if (depth > 8) {
            return Optional.empty();
        }
        if (node instanceof ASN1Sequence sequence) {
            if (sequence.size() == 2 && SHA384.equals(sequence.getObjectAt(0))
                    && sequence.getObjectAt(1) instanceof ASN1OctetString digest
                    && digest.getOctets().length == FWID_LENGTH) {
                return Optional.of(digest.getOctets());
            }
            for (ASN1Encodable child : sequence) {
                Optional<byte[]> found = findFwid(child.toASN1Primitive(), depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node instanceof ASN1TaggedObject tagged) {
            // TcbInfo's fwids is [6] IMPLICIT SEQUENCE OF FWID: read the tagged content as a sequence.
            try {
                return findFwid(ASN1Sequence.getInstance(tagged, false), depth + 1);
            } catch (IllegalArgumentException | IllegalStateException notASequence) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
