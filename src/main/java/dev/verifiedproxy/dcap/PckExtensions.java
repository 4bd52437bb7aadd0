package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.PckCa;
import dev.verifiedproxy.quote.Bytes;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;

/**
 * The facts of a PCK leaf certificate's SGX extension, OID 1.2.840.113741.1.13.1 (dcap.md §3.5).
 *
 * @param ppid    16-byte platform provisioning ID
 * @param cpuSvn  16-byte CPUSVN (entry .2.18), the SGX component vector of TCB matching
 * @param pceSvn  PCESVN (.2.17)
 * @param pceId   2-byte PCE-ID
 * @param fmspc   6-byte FMSPC
 * @param sgxType 0 standard, 1 scalable, 2 scalable with integrity
 * @param ca      the PCK CA that issued the certificate (by issuer name, as dcap-qvl classifies it)
 */
public record PckExtensions(Bytes ppid, Bytes cpuSvn, int pceSvn, Bytes pceId, Bytes fmspc, int sgxType, PckCa ca) {

    static final String SGX_EXTENSION = "1.2.840.113741.1.13.1";

    /**
     * Reads the extension. Entries other than the ones below are ignored; each one used must appear once.
     * CPUSVN must equal the 16 component INTEGERs .2.1-.2.16: dcap-qvl matches TCB levels on the former,
     * Intel's QVL on the latter, they agree on every genuine certificate, and a certificate on which they
     * disagree is not one we would know how to judge.
     *
     * @throws DcapException {@link DcapFailure#PCK_EXTENSION_INVALID}
     */
    static PckExtensions of(X509Certificate leaf) throws DcapException {
        byte[] extension = leaf.getExtensionValue(SGX_EXTENSION);
        if (extension == null) {
            throw invalid("the PCK certificate has no SGX extension");
        }
        return of(extension, leaf.getIssuerX500Principal().getName());
    }

    /**
     * Reads the extension from its encoded value as {@link X509Certificate#getExtensionValue} returns it
     * (a DER OCTET STRING around the SEQUENCE). Separate so that the parsing of these untrusted bytes can be
     * fuzzed without signing a certificate per input.
     *
     * @param issuerName the PCK certificate's issuer name (it names the CA)
     */
    static PckExtensions of(byte[] extension, String issuerName) throws DcapException {
        try {
            // BouncyCastle reads empty content as null, not as an error (found by PckExtensionsFuzzTest).
            ASN1Primitive content = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extension).getOctets());
            if (content == null) {
                throw invalid("the SGX extension is empty");
            }
            Map<String, ASN1Encodable> entries = entries(ASN1Sequence.getInstance(content));
            Map<String, ASN1Encodable> tcb = entries(ASN1Sequence.getInstance(required(entries, ".2", "TCB")));
            byte[] cpuSvn = octets(required(tcb, ".2.18", "CPUSVN"), 16, "CPUSVN");
            for (int i = 1; i <= 16; i++) {
                int component = integer(required(tcb, ".2." + i, "TCB component " + i), 255);
                if (component != (cpuSvn[i - 1] & 0xFF)) {
                    throw invalid("SGX TCB component " + i + " (" + component + ") disagrees with CPUSVN");
                }
            }
            int pceSvn = integer(required(tcb, ".2.17", "PCESVN"), 0xFFFF);
            ASN1Encodable type = required(entries, ".5", "SGX type");
            int sgxType = ASN1Enumerated.getInstance(type).intValueExact();
            return new PckExtensions(Bytes.of(octets(required(entries, ".1", "PPID"), 16, "PPID")), Bytes.of(cpuSvn),
                    pceSvn, Bytes.of(octets(required(entries, ".3", "PCE-ID"), 2, "PCE-ID")),
                    Bytes.of(octets(required(entries, ".4", "FMSPC"), 6, "FMSPC")), sgxType,
                    PckCa.ofIssuerName(issuerName));
        } catch (IOException | IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            // BouncyCastle reports malformed encodings in all three ways (ASN1ParsingException is an
            // IllegalStateException; PckExtensionsFuzzTest found one in a BER bit string).
            throw invalid("the SGX extension is malformed: " + e.getMessage());
        }
    }

    private static Map<String, ASN1Encodable> entries(ASN1Sequence sequence) throws DcapException {
        Map<String, ASN1Encodable> out = new HashMap<>();
        for (ASN1Encodable element : sequence) {
            ASN1Sequence entry = ASN1Sequence.getInstance(element);
            if (entry.size() != 2) {
                throw invalid("an SGX extension entry is not an (OID, value) pair");
            }
            String oid = ASN1ObjectIdentifier.getInstance(entry.getObjectAt(0)).getId();
            if (!oid.startsWith(SGX_EXTENSION + ".")) {
                continue;
            }
            if (out.put(oid.substring(SGX_EXTENSION.length()), entry.getObjectAt(1)) != null) {
                throw invalid("SGX extension entry " + oid + " appears twice");
            }
        }
        return out;
    }

    private static ASN1Encodable required(Map<String, ASN1Encodable> entries, String suffix, String name)
            throws DcapException {
        ASN1Encodable value = entries.get(suffix);
        if (value == null) {
            throw invalid("the SGX extension has no " + name);
        }
        return value;
    }

    private static byte[] octets(ASN1Encodable value, int length, String name) throws DcapException {
        byte[] bytes = ASN1OctetString.getInstance(value).getOctets();
        if (bytes.length != length) {
            throw invalid(name + " is " + bytes.length + " bytes, not " + length);
        }
        return bytes;
    }

    private static int integer(ASN1Encodable value, int max) throws DcapException {
        BigInteger v = ASN1Integer.getInstance(value).getValue();
        if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw invalid("SGX extension integer " + v + " outside 0.." + max);
        }
        return v.intValue();
    }

    private static DcapException invalid(String message) {
        return new DcapException(DcapFailure.PCK_EXTENSION_INVALID, message);
    }
}
