package dev.verifiedproxy.proxy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeaderPolicyTest {

    private static List<String> upstreamNames(List<Map.Entry<String, String>> incoming) {
        return HeaderPolicy.upstreamHeaders(incoming).stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void hopByHopAndPrivateHeadersStayBehind() {
        List<Map.Entry<String, String>> incoming = List.of(
                Map.entry("Connection", "keep-alive, X-Secret-Hop"), Map.entry("X-Secret-Hop", "1"),
                Map.entry("Keep-Alive", "timeout=5"), Map.entry("Transfer-Encoding", "chunked"),
                Map.entry("Host", "proxy.internal"), Map.entry("Content-Length", "12"),
                Map.entry("Authorization", "Bearer proxy-token"), Map.entry("Cookie", "session=1"),
                Map.entry("X-Backend-Domain", "a.completions.near.ai"), Map.entry("X-Forwarded-For", "10.0.0.9"),
                Map.entry("Accept-Encoding", "gzip"), Map.entry("Proxy-Authorization", "Basic x"),
                Map.entry("Content-Type", "application/json"), Map.entry("X-Signing-Algo", "ecdsa"),
                Map.entry("OpenAI-Beta", "assistants=v2"));
        assertEquals(List.of("Content-Type", "X-Signing-Algo", "OpenAI-Beta"), upstreamNames(incoming));

        List<Map.Entry<String, String>> fromBackend = List.of(Map.entry("Content-Type", "text/event-stream"),
                Map.entry("Content-Length", "99"), Map.entry("Transfer-Encoding", "chunked"), Map.entry("Set-Cookie", "x=1"),
                Map.entry("X-Verified-Proxy-Tcb-Status", "UpToDate"), Map.entry("Inference-Id", "abc"));
        assertEquals(List.of("Content-Type", "Inference-Id"),
                HeaderPolicy.downstreamHeaders(fromBackend).stream().map(Map.Entry::getKey).toList());
    }

    /** Every X-Forwarded-* variant, in any case, plus X-Forwarded, Forwarded and X-Real-IP; look-alikes pass. */
    @Test
    void everyForwardingHeaderIsRemoved() {
        List<Map.Entry<String, String>> incoming = List.of(
                Map.entry("X-Forwarded-For", "10.0.0.9"), Map.entry("X-Forwarded-Host", "proxy.corp.example"),
                Map.entry("X-Forwarded-Proto", "https"), Map.entry("X-Forwarded-Port", "8443"),
                Map.entry("X-Forwarded-Prefix", "/ai"), Map.entry("X-Forwarded-Server", "lb-3.corp.example"),
                Map.entry("x-forwarded-ssl", "on"), Map.entry("X-FORWARDED-CLIENT-CERT", "Hash=abc"),
                Map.entry("Forwarded", "for=10.0.0.9;proto=https;by=10.0.0.1"), Map.entry("FORWARDED", "for=x"),
                Map.entry("X-Real-IP", "10.0.0.9"), Map.entry("x-real-ip", "10.0.0.8"),
                Map.entry("X-Forwarded", "for=10.0.0.7"), Map.entry("X-Forwardedness", "kept"),
                Map.entry("Forwarded-Note", "kept"), Map.entry("Content-Type", "application/json"));
        assertEquals(List.of("X-Forwardedness", "Forwarded-Note", "Content-Type"), upstreamNames(incoming));
    }
}
