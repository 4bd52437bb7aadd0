package dev.verifiedproxy.gpu;

import dev.verifiedproxy.testing.Samples;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NrasResponseTest {

    @Test
    void nearAndPrivateMlSdkAnswersAreDetachedEats() throws GpuFormatException {
        NrasResponse june = NrasResponse.parse(Samples.text(GpuSamples.JUNE + "nras_response.json"));
        assertEquals(List.of("GPU-0", "GPU-1", "GPU-2", "GPU-3", "GPU-4", "GPU-5", "GPU-6", "GPU-7"),
                List.copyOf(june.gpuTokens().keySet()));
        assertTrue(june.overallToken().startsWith("eyJ"));
        assertEquals(1, NrasResponse.parse(Samples.text(GpuSamples.PML + "nras_response_1gpu_2025-10-06.json")).gpuTokens().size());
        assertEquals(8, NrasResponse.parse(Samples.text(GpuSamples.PML + "nras_response_8gpu_ppcie_2025-10-06.json")).gpuTokens().size());
        assertEquals(1, NrasResponse.parse(Samples.text(GpuSamples.NVAT + "hopperClaimsv3_detached_eat.json")).gpuTokens().size());
    }

    @Test
    void otherShapesAreRefused() {
        for (String json : new String[] {"", "{}", "[]", "[1,2]", "[[\"JWT\",\"t\"]]", "[[\"JWT\",\"t\"],{},3]",
                "[[\"JWS\",\"t\"],{}]", "[[\"JWT\"],{}]", "[[\"JWT\",1],{}]", "[[\"JWT\",\"t\"],[]]",
                "[[\"JWT\",\"t\"],{\"GPU-0\":1}]", "[[\"JWT\",\"t\",\"u\"],{}]"}) {
            GpuFormatException e = assertThrows(GpuFormatException.class, () -> NrasResponse.parse(json), json);
            assertEquals(GpuFailure.NRAS_RESPONSE_MALFORMED, e.reason());
        }
    }

    @Test
    void tooManyGpuTokensAreRefused() {
        StringBuilder tokens = new StringBuilder();
        for (int i = 0; i <= NvidiaPayload.MAX_GPUS; i++) {
            tokens.append(i == 0 ? "" : ",").append("\"GPU-").append(i).append("\":\"t\"");
        }
        GpuFormatException e = assertThrows(GpuFormatException.class,
                () -> NrasResponse.parse("[[\"JWT\",\"t\"],{" + tokens + "}]"));
        assertTrue(e.getMessage().contains("more than 64"));
    }
}
