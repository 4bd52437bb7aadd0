package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.eventlog.DstackInfo;
import dev.verifiedproxy.gpu.GpuArchitecture;
import dev.verifiedproxy.gpu.GpuExpectations;
import dev.verifiedproxy.gpu.GpuFormatException;
import dev.verifiedproxy.gpu.NvidiaPayload;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.util.Optional;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * What the GPUs of a model CVM are expected to be. The policy file has no GPU section beyond {@code required}
 * yet, so the count comes from the CVM's own {@code vm_config} ({@code num_gpus}: the GPUs passed to the VM),
 * falling back to the number of evidence items, and the architecture from the payload's {@code arch}; the GPU
 * checks then hold the evidence to them (every GPU of the VM must have signed our nonce).
 */
public final class GpuExpectationsOf {

    private GpuExpectationsOf() {
    }

    public static GpuExpectations report(DstackInfo info, String payload) {
        int count = 1;
        GpuArchitecture architecture = GpuArchitecture.HOPPER;
        try {
            NvidiaPayload parsed = NvidiaPayload.parse(payload);
            count = Math.max(1, parsed.evidenceList().size());
            architecture = GpuArchitecture.ofPayloadName(parsed.arch()).orElse(GpuArchitecture.HOPPER);
        } catch (GpuFormatException e) {
            // The GPU verifier reports the payload's format failure itself.
        }
        return GpuExpectations.of(vmGpus(info).orElse(count), architecture);
    }

    /** {@code vm_config.num_gpus} when it is a usable count. */
    static Optional<Integer> vmGpus(DstackInfo info) {
        return info.vmConfig().flatMap(text -> {
            try (JsonReader reader = JSON.createReader(new StringReader(text))) {
                JsonObject config = reader.readObject();
                return config.get("num_gpus") instanceof JsonNumber n && n.isIntegral()
                        && n.longValue() >= 1 && n.longValue() <= NvidiaPayload.MAX_GPUS
                        ? Optional.of(n.intValue()) : Optional.empty();
            } catch (JsonException | IllegalStateException e) {
                return Optional.empty();
            }
        });
    }
}
