package dev.verifiedproxy.proxy;

import dev.verifiedproxy.error.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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

    /** A body cut short inside an array or object ends the scan; JSON-P's skipArray would spin on it forever. */
    @Test
    void aTruncatedBodyEndsTheScan() {
        for (String body : List.of("{\"messages\":[", "{\"messages\":[{\"role\":\"user\"", "{\"a\":{\"b\":[1,2",
                "{\"model\":\"m\",\"messages\":[{")) {
            Optional<String> found = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> RequestModel.find("application/json", bytes(body)), body);
            assertEquals(body.contains("\"model\"") ? Optional.of("m") : Optional.empty(), found, body);
        }
    }

    /** Parsers disagree on which of two "model" keys counts, so the proxy refuses to guess. */
    @Test
    void aBodyNamingTheModelTwiceIsRefused() {
        for (String body : List.of("{\"model\":\"a\",\"messages\":[],\"model\":\"b\"}",
                "{\"model\":\"a\",\"model\":\"a\"}", "{\"model\":{\"x\":1},\"model\":\"b\"}")) {
            ApiException e = assertThrows(ApiException.class, () -> RequestModel.find("application/json", bytes(body)), body);
            assertEquals(400, e.error().status());
            assertEquals("duplicate_model", e.error().code());
        }
        assertEquals(Optional.empty(), RequestModel.find("application/json", bytes("{\"model\":{\"x\":\"y\"},\"n\":1}")));
        assertEquals(Optional.of("m"), RequestModel.find("application/json", bytes("{\"model\":\"m\",\"messages\":[")),
                "a body cut short still routes by the model it names; the backend answers the malformed JSON");
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertEquals(Optional.of("m"), RequestModel.find("application/json", bytes("{\"model\":\"m\",\"x\":" + deep + "}")),
                "nesting beyond the parser's limit is malformed JSON too, not an error of the proxy");
        assertEquals(Optional.empty(), RequestModel.find("application/json", bytes("{\"x\":" + deep + ",\"model\":\"m\"}")));
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
        assertEquals(Optional.of("m"), RequestModel.find("multipart/form-data; boundary=XyZ",
                bytes("--XyZ\r\nContent-Type: text/plain\r\n content-DISPOSITION : form-data; name=model\r\n\r\nm\r\n--XyZ--")));
        assertEquals(Optional.empty(), RequestModel.find("multipart/form-data; boundary=XyZ",
                bytes("--XyZ\r\nContent-Dispositions: form-data; name=model\r\n\r\nm\r\n--XyZ--")));
        assertEquals(Optional.empty(), RequestModel.find("multipart/form-data; boundary=Other", bytes(form)));
        assertEquals(Optional.empty(), RequestModel.find("multipart/form-data", bytes(form)));
        assertEquals(Optional.empty(), RequestModel.find("multipart/form-data; boundary=XyZ",
                bytes("--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nunterminated")));
    }

    /** A part whose blank line runs into the next delimiter has no value; a body that says so is not an error. */
    @Test
    void malformedFormsFindNoModel() {
        assertEquals(Optional.empty(), RequestModel.find("multipart/form-data; boundary=XyZ",
                bytes("--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n--XyZ--\r\n")));
        assertEquals(Optional.empty(), RequestModel.find("multipart/form-data; boundary=XyZ",
                bytes("--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\nno blank line\r\n"
                        + "--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nm\r\n--XyZ--\r\n")));
        assertEquals(Optional.empty(), RequestModel.find("multipart/form-data; boundary=XyZ",
                bytes("--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n\r\n--XyZ--\r\n")));
        assertEquals(Optional.empty(), RequestModel.find("multipart/form-data; boundary=XyZ", bytes("--XyZ")));
    }

    /**
     * The longest boundary RFC 2046 allows, and a file part made of nothing but near-misses of the
     * delimiter (CRLF, "--", all but the last boundary character): the model after it is still found.
     * A search that restarts one byte after each near-miss costs the body times the boundary here.
     */
    @Test
    void findsTheModelBehindAnAdversarialFilePart() {
        String boundary = "a".repeat(70);
        String nearMiss = "\r\n--" + "a".repeat(69) + "b";
        String preamble = ("--" + "a".repeat(69) + "b").repeat(1000);
        StringBuilder form = new StringBuilder(preamble).append("\r\n--").append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n");
        int target = 8 * 1024 * 1024;
        while (form.length() < target) {
            form.append(nearMiss);
        }
        form.append("\r\n--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n")
                .append("openai/whisper-large-v3\r\n--").append(boundary).append("--\r\n");
        assertEquals(Optional.of("openai/whisper-large-v3"),
                RequestModel.find("multipart/form-data; boundary=" + boundary, bytes(form.toString())));
    }

    /** Hundreds of thousands of tiny parts before the model: each is visited once. */
    @Test
    void findsTheModelAfterManyParts() {
        String part = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n\r\n\r\n";
        String form = part.repeat(200_000) + "--b\r\nContent-Disposition: form-data; name=model\r\n\r\n m \r\n--b--\r\n";
        assertEquals(Optional.of("m"), RequestModel.find("multipart/form-data; boundary=b", bytes(form)));
    }
}
