package dev.verifiedproxy.testing.backend;

import org.bouncycastle.util.encoders.Hex;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A self-consistent dstack measurement set for a simulated CVM: boot digests for RTMR0–2,
 * the runtime events of RTMR3 (measurements.md §1.4–1.5), the app-compose text whose SHA-256 is
 * the compose hash, and the register values all of that replays to. The simulated backend puts
 * the registers into its forged quote, so a verifier replaying the log gets a match — unless a
 * test tampers with something.
 *
 * @param events     the event log, in extension order
 * @param appCompose the exact app-compose JSON text
 * @param appId      20-byte app id
 * @param instanceId 20-byte instance id
 * @param osImageHash 32-byte OS image hash
 * @param keyProvider key-provider event payload text
 * @param rtmrs      the four replayed registers (48 bytes each)
 */
public record DstackMeasurements(List<Event> events, String appCompose, byte[] appId, byte[] instanceId,
                                 byte[] osImageHash, String keyProvider, byte[][] rtmrs) {

    /** One event-log entry as dstack serializes it. */
    public record Event(int imr, long eventType, byte[] digest, String event, byte[] payload) {
    }

    public static final long RUNTIME_EVENT = 0x08000001L;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static DstackMeasurements generate(String modelName) {
        List<Event> events = new ArrayList<>();
        for (int imr = 0; imr < 3; imr++) {
            for (int i = 0; i < 2; i++) {
                events.add(new Event(imr, 0x80000001L, random(48), "", random(16)));
            }
        }
        String appCompose = "{\n    \"manifest_version\": 2,\n    \"name\": \"simulated-" + modelName + "\",\n"
                + "    \"runner\": \"docker-compose\",\n    \"docker_compose_file\": \"services:\\n  proxy:\\n"
                + "    image: example/proxy@sha256:" + Hex.toHexString(random(32)) + "\\n\",\n"
                + "    \"kms_enabled\": true\n}";
        byte[] composeHash = sha256(appCompose.getBytes(StandardCharsets.UTF_8));
        byte[] appId = random(20);
        byte[] instanceId = random(20);
        byte[] osImageHash = random(32);
        String keyProvider = "{\"name\":\"kms\",\"id\":\"" + Hex.toHexString(random(91)) + "\"}";
        events.add(runtime("system-preparing", new byte[0]));
        events.add(runtime("app-id", appId));
        events.add(runtime("compose-hash", composeHash));
        events.add(runtime("instance-id", instanceId));
        events.add(runtime("boot-mr-done", new byte[0]));
        events.add(runtime("mr-kms", random(32)));
        events.add(runtime("os-image-hash", osImageHash));
        events.add(runtime("key-provider", keyProvider.getBytes(StandardCharsets.UTF_8)));
        events.add(runtime("storage-fs", "zfs".getBytes(StandardCharsets.US_ASCII)));
        events.add(runtime("system-ready", new byte[0]));
        return new DstackMeasurements(List.copyOf(events), appCompose, appId, instanceId, osImageHash, keyProvider,
                replay(events));
    }

    public byte[] composeHash() {
        return sha256(appCompose.getBytes(StandardCharsets.UTF_8));
    }

    /** MR_CONFIG_ID in dstack's v1 form: 0x01 ‖ compose hash ‖ 15 zero bytes. */
    public byte[] mrConfigId() {
        byte[] id = new byte[48];
        id[0] = 1;
        System.arraycopy(composeHash(), 0, id, 1, 32);
        return id;
    }

    static Event runtime(String name, byte[] payload) {
        ByteArrayOutputStream preimage = new ByteArrayOutputStream();
        preimage.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) RUNTIME_EVENT).array());
        preimage.write(':');
        preimage.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        preimage.write(':');
        preimage.writeBytes(payload);
        return new Event(3, RUNTIME_EVENT, sha384(preimage.toByteArray()), name, payload);
    }

    static byte[][] replay(List<Event> events) {
        byte[][] registers = new byte[4][48];
        for (Event event : events) {
            byte[] input = Arrays.copyOf(registers[event.imr()], 96);
            System.arraycopy(event.digest(), 0, input, 48, 48);
            registers[event.imr()] = sha384(input);
        }
        return registers;
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    static byte[] sha384(byte[] data) {
        return digest("SHA-384", data);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
