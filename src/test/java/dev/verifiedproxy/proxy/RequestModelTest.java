package dev.verifiedproxy.proxy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestModelTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void findsTheTopLevelModelOfAJsonBodyOnly() {
        assertEquals(Optional.of("openai/gpt-oss-120b"), RequestModel.find("application/json",
                bytes("{\"messages\":[{\"role\":\"user\",\"content\":\"{\\\"model\\\":\\\"x\\\"}\",\"model\":\"inner\"}],"
                        + "\"tools\":{\"model\":\"nested\"},\"model\":\"openai/gpt-oss-120b\"}")));
        assertEquals(Optional.of("m"), RequestModel.find("application/json; charset=utf-8", bytes("{\"model\":\"m\"}")));
        assertEquals(Optional.empty(), RequestModel.find("application/json", bytes("{\"model\":42}")));
        assertEquals(Optional.empty(), RequestModel.find("application/json", bytes("{\"model\":")));
        assertEquals(Optional.empty(), RequestModel.find("application/json", bytes("[{\"model\":\"m\"}]")));
        assertEquals(Optional.empty(), RequestModel.find("text/plain", bytes("{\"model\":\"m\"}")));
        assertEquals(Optional.empty(), RequestModel.find(null, bytes("{\"model\":\"m\"}")));
        assertEquals(Optional.empty(), RequestModel.find("application/json", bytes("{\"model\":\"" + "x".repeat(300) + "\"}")));
    }

    @Test
    void findsTheModelFieldOfAMultipartForm() {
        String form = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"model.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\nRIFF....model....\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nopenai/whisper-large-v3\r\n"
                + "--XyZ--\r\n";
        assertEquals(Optional.of("openai/whisper-large-v3"),
                RequestModel.find("multipart/form-data; boundary=XyZ", bytes(form)));
        assertEquals(Optional.of("openai/whisper-large-v3"),
                RequestModel.find("multipart/form-data; boundary=\"XyZ\"", bytes(form)));
        assertEquals(Optional.empty(), RequestModel.find("multipart/form-data; boundary=Other", bytes(form)));
        assertEquals(Optional.empty(), RequestModel.find("multipart/form-data", bytes(form)));
        assertEquals(Optional.empty(), RequestModel.find("multipart/form-data; boundary=XyZ",
                bytes("--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nunterminated")));
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
        List<String> kept = HeaderPolicy.upstreamHeaders(incoming).stream().map(Map.Entry::getKey).toList();
        assertEquals(List.of("Content-Type", "X-Signing-Algo", "OpenAI-Beta"), kept);

        List<Map.Entry<String, String>> fromBackend = List.of(Map.entry("Content-Type", "text/event-stream"),
                Map.entry("Content-Length", "99"), Map.entry("Transfer-Encoding", "chunked"), Map.entry("Set-Cookie", "x=1"),
                Map.entry("X-Verified-Proxy-Tcb-Status", "UpToDate"), Map.entry("Inference-Id", "abc"));
        assertEquals(List.of("Content-Type", "Inference-Id"),
                HeaderPolicy.downstreamHeaders(fromBackend).stream().map(Map.Entry::getKey).toList());
    }
}
