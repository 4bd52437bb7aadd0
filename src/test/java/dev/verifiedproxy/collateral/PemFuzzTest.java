package dev.verifiedproxy.collateral;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verifiedproxy.testing.dcap.FuzzCorpus;
import org.junit.jupiter.api.BeforeAll;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Fuzzes {@link Pem}, which reads the certificate chains of quotes and collateral and the DER CRLs: whatever
 * the bytes, only {@link CollateralFormatException} may escape. Replays
 * {@code src/test/resources/dev/verifiedproxy/collateral/PemFuzzTestInputs/} in the normal run; when fuzzing,
 * the real chains and CRLs of {@code ../shared/samples/dcap} are added. Fuzz one method at a time, e.g.
 * {@code JAZZER_FUZZ=1 mvn -o test -Dtest='PemFuzzTest#crl' -DargLine="-Djazzer.hooks=true
 * -Djazzer.instrumentation_includes=dev.verifiedproxy.collateral.**"}.
 */
class PemFuzzTest {

    @BeforeAll
    static void realInputsWhenFuzzing() {
        if (FuzzCorpus.fuzzing()) {
            FuzzCorpus.seedFromSamples(PemFuzzTest.class, "certificates", FuzzCorpus.realChains());
            FuzzCorpus.seedFromSamples(PemFuzzTest.class, "crl", FuzzCorpus.realCollateral().stream()
                    .flatMap(c -> java.util.stream.Stream.of(c.pckCrl(), c.rootCaCrl())).toList());
        }
    }

    @FuzzTest(maxDuration = "1h")
    void certificates(byte[] data) {
        try {
            List<X509Certificate> chain = Pem.certificates(new String(data, StandardCharsets.ISO_8859_1));
            for (X509Certificate certificate : chain) {
                certificate.getSubjectX500Principal();
                certificate.getPublicKey();
            }
        } catch (CollateralFormatException expected) {
            // the only failure allowed
        }
    }

    @FuzzTest(maxDuration = "1h")
    void crl(byte[] data) {
        try {
            Pem.crl(data).getNextUpdate();
        } catch (CollateralFormatException expected) {
            // the only failure allowed
        }
    }
}
