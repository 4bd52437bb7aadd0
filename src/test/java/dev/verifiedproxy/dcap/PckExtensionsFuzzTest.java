package dev.verifiedproxy.dcap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verifiedproxy.testing.dcap.FuzzCorpus;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the reader of the PCK certificate's SGX extension ({@link PckExtensions#of(byte[], String)}): its
 * bytes come from a certificate the quote carries. Whatever they are, the only failure allowed is a
 * {@link DcapException} with {@link DcapFailure#PCK_EXTENSION_INVALID}. Replays
 * {@code src/test/resources/dev/verifiedproxy/dcap/PckExtensionsFuzzTestInputs/} in the normal run; when
 * fuzzing, the extensions of the real PCK certificates in {@code ../shared/samples/dcap} are added
 * ({@code -Djazzer.instrumentation_includes=dev.verifiedproxy.dcap.**}, see the quote parser's fuzz test).
 */
class PckExtensionsFuzzTest {

    @BeforeAll
    static void realExtensionsWhenFuzzing() {
        if (FuzzCorpus.fuzzing()) {
            FuzzCorpus.seedFromSamples(PckExtensionsFuzzTest.class, "sgxExtension", FuzzCorpus.realSgxExtensions());
        }
    }

    @FuzzTest(maxDuration = "1h")
    void sgxExtension(byte[] data) {
        try {
            PckExtensions facts = PckExtensions.of(data, "CN=Intel SGX PCK Platform CA,O=Intel Corporation");
            if (facts.cpuSvn().length() != 16 || facts.fmspc().length() != 6 || facts.ppid().length() != 16) {
                throw new IllegalStateException("accepted an extension with wrong field lengths: " + facts);
            }
        } catch (DcapException expected) {
            if (expected.failure() != DcapFailure.PCK_EXTENSION_INVALID) {
                throw new IllegalStateException("unexpected failure " + expected.failure(), expected);
            }
        }
    }
}
