package dev.verifiedproxy.eventlog;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A dstack runtime event (event type 0x08000001, RTMR3) in log order.
 *
 * @param index            position in the whole event log
 * @param name             event name, e.g. {@code compose-hash}
 * @param payload          raw payload, lowercase hex
 * @param afterSystemReady emitted after {@code system-ready}, i.e. by an application, not by dstack's boot
 */
public record RuntimeEvent(int index, String name, String payload, boolean afterSystemReady) {

    public RuntimeEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
    }

    public int payloadLength() {
        return payload.length() / 2;
    }

    public byte[] payloadBytes() {
        return Hex.decode(payload).orElseThrow();
    }

    /** The payload as text, for the events whose payload is UTF-8 (key-provider, storage-fs). */
    public String payloadText() {
        return new String(payloadBytes(), StandardCharsets.UTF_8);
    }
}
