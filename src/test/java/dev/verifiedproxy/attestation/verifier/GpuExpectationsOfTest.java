package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.eventlog.DstackInfo;
import dev.verifiedproxy.gpu.GpuExpectations;
import dev.verifiedproxy.testing.Samples;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** vm_config's num_gpus feeds only the verifier's consistency check; count and architecture are the policy's. */
class GpuExpectationsOfTest {

    private static DstackInfo info(String vmConfig) {
        return DstackInfo.fromJson(vmConfig == null ? JsonObject.EMPTY_JSON_OBJECT
                : Json.createObjectBuilder().add("vm_config", vmConfig).build(), "$.info");
    }

    @Test
    void theRealModelVmStatesEightGpus() {
        JsonObject report;
        try (JsonReader reader = Json.createReader(new StringReader(
                Samples.text("nvidia/near-cloud-2026-06-29/attestation_report.json")))) {
            report = reader.readObject();
        }
        DstackInfo info = DstackInfo.fromJson(report.getJsonArray("model_attestations").getJsonObject(0)
                .getJsonObject("info"), "$.info");
        assertEquals(GpuExpectations.none().withVmGpuCount(8), GpuExpectationsOf.report(info));
    }

    @Test
    void withoutAUsableNumGpusThereIsNothingToCompare() {
        for (String vmConfig : new String[] {null, "{}", "not json", "{\"num_gpus\":0}", "{\"num_gpus\":65}",
                "{\"num_gpus\":\"8\"}", "{\"num_gpus\":2.5}"}) {
            assertEquals(Optional.empty(), GpuExpectationsOf.report(info(vmConfig)).vmGpuCount(), String.valueOf(vmConfig));
        }
        assertEquals(Optional.of(2), GpuExpectationsOf.report(info("{\"num_gpus\":2}")).vmGpuCount());
    }
}
