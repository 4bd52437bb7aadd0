package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.json.JsonProviders;
import dev.verifiedproxy.eventlog.DstackInfo;
import dev.verifiedproxy.gpu.GpuExpectations;
import dev.verifiedproxy.gpu.NvidiaPayload;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.util.Optional;


/**
 * What GPU verification holds a model CVM's evidence to besides NVIDIA's rules: the number of GPUs its
 * {@code vm_config} says the VM was given ({@code num_gpus}), as a consistency check only, since the host
 * writes {@code vm_config}. Which GPU counts and architectures are acceptable is the policy's decision
 * ({@code gpu.count}, {@code gpu.architectures}), made on the facts the verifier reports.
 */
public final class GpuExpectationsOf {

    private GpuExpectationsOf() {
    }

    public static GpuExpectations report(DstackInfo info) {
        GpuExpectations none = GpuExpectations.none();
        return vmGpus(info).map(none::withVmGpuCount).orElse(none);
    }

    /** {@code vm_config.num_gpus} when it is a usable count. */
    static Optional<Integer> vmGpus(DstackInfo info) {
        return info.vmConfig().flatMap(text -> {
            try (JsonReader reader = JsonProviders.reader(new StringReader(text))) {
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
