package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Captures;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DstackInfoTest {

    /**
     * {@code vm_config} as {@link DstackInfo} reads it (a JSON string inside the object, host-supplied) equals the
     * VM shape expected-results.json lists, for every entry that has one: the NEAR attestations, the dstack
     * simulator's sys-config.json and both dstack-verifier fixtures.
     */
    @Test
    void vmConfigIsReadAsTheExpectedResultsList() {
        List<NearSamples.Cvm> near = NearSamples.all().stream().filter(c -> c.expected().isPresent()).toList();
        assertEquals(5, near.size());
        for (NearSamples.Cvm cvm : near) {
            assertEquals(cvm.expected().orElseThrow().getJsonObject("vm_config"), vmConfig(cvm.info()), cvm.label());
        }
        Map<String, JsonObject> others = Map.of(DstackSamples.SIMULATOR, Captures.json("dstack/dstack-simulator/sys-config.json"),
                DstackSamples.QUOTE_REPORT, Captures.json("dstack/" + DstackSamples.QUOTE_REPORT),
                DstackSamples.TDX_LITE, Captures.json("dstack/" + DstackSamples.TDX_LITE));
        for (Map.Entry<String, JsonObject> sample : others.entrySet()) {
            assertEquals(Captures.expected(sample.getKey()).getJsonObject("vm_config"),
                    vmConfig(DstackInfo.fromJson(sample.getValue(), "$")), sample.getKey());
        }
    }

    /** The June and April NEAR shapes: 4 vCPU / 8 GiB / no GPU for the gateway, 8 GPUs for the model. */
    @Test
    void theNearVmShapes() {
        JsonObject gateway = vmConfig(NearSamples.cvm(Captures.CLOUD_0629, NearSamples.GATEWAY).info());
        assertEquals(List.of(4, 0), List.of(gateway.getInt("cpu_count"), gateway.getInt("num_gpus")));
        JsonObject model = vmConfig(NearSamples.cvm(Captures.DIRECT_0629, NearSamples.DIRECT).info());
        assertEquals(List.of(64, 8, 4), List.of(model.getInt("cpu_count"), model.getInt("num_gpus"), model.getInt("num_nvswitches")));
        assertEquals("dstack-nvidia-0.5.5", model.getString("image"));
    }

    private static JsonObject vmConfig(DstackInfo info) {
        return Json.createReader(new StringReader(info.vmConfig().orElseThrow())).readObject();
    }
}
