package dev.verifiedproxy.testing.nras;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A fleet of forged Hopper GPUs under a test "NVIDIA Device Identity CA": each GPU has the
 * five-certificate chain NVIDIA's GPUs present (FMC leaf with the TCG DICE FWID extension, BROM,
 * provisioner ICA, chip identity CA, root) and signs SPDM 1.1 measurement evidence for any nonce
 * with its leaf key. {@link #payload} builds an {@code nvidia_payload} exactly like NEAR's; the
 * {@link Tamper}s break one property of the last GPU's evidence. Give {@link #deviceRoot()} to the
 * verifier as the trusted root (in the proxy: {@code verifiedproxy.gpu.test-device-root}).
 */
public final class FakeGpuEvidence {

    /** Driver version every forged GPU reports. */
    public static final String DRIVER_VERSION = "570.172.08";
    /** VBIOS version every forged GPU reports (as NRAS prints it). */
    public static final String VBIOS_VERSION = "96.00.CF.00.02";
    private static final byte[] VBIOS_BYTES = {0x00, (byte) 0xCF, 0x00, (byte) 0x96, 0x02, 0x00, 0x00, 0x00};
    private static final String HOPPER_FWID_OID = "2.23.133.5.4.1";
    private static final ASN1ObjectIdentifier SHA384 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.2");
    private static final String ROOT_NAME = "CN=Test Device Identity CA,O=verified-proxy tests";

    /** One property of the last GPU's evidence, broken. */
    public enum Tamper {
        /** The GPU signed another nonce; the payload and item nonces still say ours (nonce splicing). */
        SPLICED_NONCE,
        /** The item's own {@code nonce} field differs from the payload's. */
        ITEM_NONCE,
        /** One bit of the SPDM signature flipped. */
        SIGNATURE,
        /** The signed opaque FWID differs from the leaf certificate's. */
        FWID,
        /** The GPU's chain hangs off another root than {@link #deviceRoot()} (its last certificate still claims to be it). */
        FOREIGN_CHAIN,
        /** Every item in the pre-2025 shape: evidence as base64 of hex text, no per-item arch and nonce. */
        LEGACY_ENCODING
    }

    /** One forged GPU. */
    private record Gpu(KeyPair leafKeys, byte[] fwid, List<X509Certificate> chain) {
    }

    private final X509Certificate root;
    private final List<Gpu> gpus;
    private final Gpu rogue;

    private FakeGpuEvidence(int count) {
        KeyPair rootKeys = TestKeys.p384();
        this.root = TestKeys.certificate(ROOT_NAME, rootKeys, ROOT_NAME, rootKeys.getPrivate(), TestKeys.serial(), true,
                TestKeys.NOT_BEFORE, TestKeys.NOT_AFTER, null, null);
        List<Gpu> list = new ArrayList<>();
        Hierarchy hierarchy = new Hierarchy(rootKeys);
        for (int i = 0; i < count; i++) {
            list.add(hierarchy.gpu(root));
        }
        this.gpus = List.copyOf(list);
        this.rogue = new Hierarchy(TestKeys.p384()).gpu(root);
    }

    /** {@code count} forged GH100 GPUs under a fresh test root. */
    public static FakeGpuEvidence hopper(int count) {
        if (count < 1 || count > 64) {
            throw new IllegalArgumentException("1..64 GPUs");
        }
        return new FakeGpuEvidence(count);
    }

    /** The test root every untampered chain validates to. */
    public X509Certificate deviceRoot() {
        return root;
    }

    public String deviceRootPem() {
        return TestKeys.pem(root);
    }

    public int count() {
        return gpus.size();
    }

    /** The serial number of GPU {@code index}'s leaf certificate: the {@code ueid} NRAS reports. */
    public BigInteger serial(int index) {
        return gpus.get(index).chain().get(0).getSerialNumber();
    }

    /** A NEAR-shaped {@code nvidia_payload} (keys sorted, no whitespace) with every GPU's evidence for {@code nonceHex}. */
    public String payload(String nonceHex, Tamper... tampers) {
        Set<Tamper> set = tampers.length == 0 ? EnumSet.noneOf(Tamper.class) : EnumSet.of(tampers[0], tampers);
        byte[] nonce = HexFormat.of().parseHex(nonceHex);
        boolean legacy = set.contains(Tamper.LEGACY_ENCODING);
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (int i = 0; i < gpus.size(); i++) {
            boolean last = i == gpus.size() - 1;
            Gpu gpu = last && set.contains(Tamper.FOREIGN_CHAIN) ? rogue : gpus.get(i);
            byte[] signedNonce = last && set.contains(Tamper.SPLICED_NONCE) ? TestKeys.random(32) : nonce;
            byte[] fwid = last && set.contains(Tamper.FWID) ? TestKeys.random(48) : gpu.fwid();
            byte[] evidence = evidence(gpu, signedNonce, fwid);
            if (last && set.contains(Tamper.SIGNATURE)) {
                evidence[evidence.length - 1] ^= 0x01;
            }
            StringBuilder chain = new StringBuilder();
            gpu.chain().forEach(c -> chain.append(TestKeys.pem(c)));
            JsonObjectBuilder item = Json.createObjectBuilder();
            if (!legacy) {
                item.add("arch", "HOPPER");
            }
            item.add("certificate", Base64.getEncoder().encodeToString(chain.toString().getBytes(StandardCharsets.US_ASCII)));
            item.add("evidence", Base64.getEncoder().encodeToString(legacy
                    ? HexFormat.of().formatHex(evidence).getBytes(StandardCharsets.US_ASCII) : evidence));
            if (!legacy) {
                item.add("nonce", last && set.contains(Tamper.ITEM_NONCE) ? HexFormat.of().formatHex(TestKeys.random(32))
                        : nonceHex);
            }
            items.add(item);
        }
        return Json.createObjectBuilder().add("arch", "HOPPER").add("evidence_list", items).add("nonce", nonceHex)
                .build().toString();
    }

    /** SPDM 1.1 GET_MEASUREMENTS request ‖ MEASUREMENTS response, signed by the leaf (gpu.md §3.1-3.2). */
    private static byte[] evidence(Gpu gpu, byte[] nonce, byte[] fwid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x11, (byte) 0xE0, 0x01, (byte) 0xFF});
        out.writeBytes(nonce);
        out.write(0x00);
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        int blocks = 8;
        for (int index = 1; index <= blocks; index++) {
            records.write(index);
            records.write(0x01);
            le(records, 3 + 48, 2);
            records.write(0x01);
            le(records, 48, 2);
            records.writeBytes(TestKeys.random(48));
        }
        out.writeBytes(new byte[] {0x11, 0x60, 0x00, 0x00});
        out.write(blocks);
        le(out, records.size(), 3);
        out.writeBytes(records.toByteArray());
        out.writeBytes(TestKeys.random(32));
        ByteArrayOutputStream opaque = new ByteArrayOutputStream();
        opaqueEntry(opaque, 6, VBIOS_BYTES);
        opaqueEntry(opaque, 3, (DRIVER_VERSION + "\0").getBytes(StandardCharsets.US_ASCII));
        opaqueEntry(opaque, 11, new byte[] {0x55});
        opaqueEntry(opaque, 20, fwid);
        le(out, opaque.size(), 2);
        out.writeBytes(opaque.toByteArray());
        byte[] signed = out.toByteArray();
        try {
            Signature signer = Signature.getInstance("SHA384withECDSAinP1363Format");
            signer.initSign(gpu.leafKeys().getPrivate());
            signer.update(signed);
            out.writeBytes(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void opaqueEntry(ByteArrayOutputStream out, int type, byte[] value) {
        le(out, type, 2);
        le(out, value.length, 2);
        out.writeBytes(value);
    }

    private static void le(ByteArrayOutputStream out, int value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((value >> (8 * i)) & 0xFF);
        }
    }

    /** The CA levels above the GPUs of one root. */
    private static final class Hierarchy {
        private static final String IDENTITY_NAME = "CN=TEST GH100 Identity,O=verified-proxy tests";
        private static final String PROVISIONER_NAME = "CN=TEST GH100 Provisioner ICA 1,O=verified-proxy tests";
        private final KeyPair provisionerKeys = TestKeys.p384();
        private final X509Certificate provisioner;
        private final X509Certificate identity;

        Hierarchy(KeyPair rootKeys) {
            KeyPair identityKeys = TestKeys.p384();
            identity = TestKeys.certificate(IDENTITY_NAME, identityKeys, ROOT_NAME, rootKeys.getPrivate(),
                    TestKeys.serial(), true, TestKeys.NOT_BEFORE, TestKeys.NOT_AFTER, null, null);
            provisioner = TestKeys.certificate(PROVISIONER_NAME, provisionerKeys, IDENTITY_NAME, identityKeys.getPrivate(),
                    TestKeys.serial(), true, TestKeys.NOT_BEFORE, TestKeys.NOT_AFTER, null, null);
        }

        /** A GPU under this hierarchy; its chain ends with {@code presentedRoot}. */
        Gpu gpu(X509Certificate presentedRoot) {
            KeyPair bromKeys = TestKeys.p384();
            KeyPair leafKeys = TestKeys.p384();
            String bromName = "CN=GH100 A01 GSP BROM,O=verified-proxy tests";
            X509Certificate brom = TestKeys.certificate(bromName, bromKeys, PROVISIONER_NAME,
                    provisionerKeys.getPrivate(), TestKeys.serial(), true,
                    TestKeys.NOT_BEFORE, TestKeys.NOT_AFTER, null, null);
            byte[] fwid = TestKeys.random(48);
            ASN1Encodable diceFwid = new DERSequence(new ASN1Encodable[] {
                    new ASN1Integer(1),
                    SubjectPublicKeyInfo.getInstance(leafKeys.getPublic().getEncoded()),
                    new DERSequence(new ASN1Encodable[] {SHA384, new DEROctetString(fwid)})});
            X509Certificate leaf = TestKeys.certificate("CN=GH100 A01 GSP FMC LF,O=verified-proxy tests", leafKeys,
                    bromName, bromKeys.getPrivate(), TestKeys.serial(), false, TestKeys.NOT_BEFORE, TestKeys.NOT_AFTER,
                    HOPPER_FWID_OID, diceFwid);
            return new Gpu(leafKeys, fwid, List.of(leaf, brom, provisioner, identity, presentedRoot));
        }
    }
}
