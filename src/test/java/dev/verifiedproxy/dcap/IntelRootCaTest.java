package dev.verifiedproxy.dcap;

import dev.verifiedproxy.testing.dcap.DcapSamples;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class IntelRootCaTest {

    @Test
    void pinnedRootIsTheIntelSgxRootCa() throws Exception {
        byte[] der = IntelRootCa.certificate().getEncoded();
        assertEquals(IntelRootCa.SHA256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
        assertArrayEquals(DcapSamples.bytes("dcap-qvl/TrustedRootCA.der"), der);
        assertEquals("C=US, ST=CA, L=Santa Clara, O=Intel Corporation, CN=Intel SGX Root CA",
                IntelRootCa.certificate().getSubjectX500Principal().getName().replace(",", ", "));
    }
}
