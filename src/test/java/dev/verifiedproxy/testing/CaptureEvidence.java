package dev.verifiedproxy.testing;

import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.attestation.NrasEvidence;
import dev.verifiedproxy.collateral.CollateralException;
import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.CollateralKey;
import dev.verifiedproxy.collateral.IntelPcsClient;
import dev.verifiedproxy.collateral.PckCa;
import dev.verifiedproxy.net.FetchException;
import dev.verifiedproxy.net.FetchRequest;
import dev.verifiedproxy.net.FetchedResponse;
import dev.verifiedproxy.net.HttpFetcher;
import dev.verifiedproxy.quote.TeeType;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Evidence bundles made from the real teep captures in {@code ../shared/samples}: the report, the client
 * nonce, the capture time, the live SPKI (06-29 captures), the Intel collateral the capture fetched (read
 * through the real {@link IntelPcsClient} from a fetcher that replays the captured PCS answers) and the
 * captured NRAS answer with NRAS's key set.
 */
public final class CaptureEvidence {

    private CaptureEvidence() {
    }

    /** The capture's directory (the one holding {@code responses/}), relative to the samples folder. */
    public static String directory(RealComponents.Capture capture) {
        int at = capture.report().indexOf("/responses/");
        return at < 0 ? capture.report().substring(0, capture.report().lastIndexOf('/')) : capture.report().substring(0, at);
    }

    /**
     * The bundle of a capture, with the collateral of every quote its PCS answers cover (by TEE type, FMSPC and
     * PCK CA: each captured TCB info names its FMSPC) and its NRAS answer and key set when captured.
     */
    public static EvidenceBundle bundle(RealComponents.Capture capture) {
        Replay replay = new Replay(directory(capture));
        List<JsonObject> collateral = new ArrayList<>();
        IntelPcsClient pcs = new IntelPcsClient(replay, IntelPcsClient.INTEL_PCS, Duration.ofSeconds(1), 4L << 20);
        for (String fmspc : replay.fmspcs()) {
            try {
                collateral.add(CollateralJson.toJson(pcs.fetch(new CollateralKey(TeeType.TDX, fmspc, PckCa.PLATFORM))));
            } catch (CollateralException e) {
                throw new IllegalStateException("captured collateral for " + fmspc + " is unusable", e);
            }
        }
        Optional<NrasEvidence> nras = replay.body("POST", "https://nras.attestation.nvidia.com/v3/attest/gpu")
                .map(response -> new NrasEvidence(List.of(json(response)), json(replay.body("GET",
                        "https://nras.attestation.nvidia.com/.well-known/jwks.json").orElseThrow()).asJsonObject()));
        return new EvidenceBundle(Captures.json(capture.report()), capture.nonce(), capture.at(), capture.liveSpkiSha256(),
                collateral, nras, Optional.of(capture.host()));
    }

    private static JsonValue json(byte[] body) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readValue();
        }
    }

    /** Answers requests from a capture's {@code responses/NNNN_*.json} metadata and {@code .body} files. */
    static final class Replay implements HttpFetcher {
        private final Map<String, Path> bodies = new LinkedHashMap<>();
        private final Map<String, Map<String, List<String>>> headers = new LinkedHashMap<>();
        private final List<String> fmspcs = new ArrayList<>();

        Replay(String directory) {
            Path responses = Samples.path(directory).resolve("responses");
            if (!Files.isDirectory(responses)) {
                return;
            }
            try (Stream<Path> files = Files.list(responses)) {
                for (Path metadata : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    JsonObject m;
                    try (JsonReader reader = Json.createReader(Files.newBufferedReader(metadata))) {
                        m = reader.readObject();
                    }
                    if (m.getInt("status") != 200) {
                        continue;
                    }
                    String key = key(m.getString("method"), m.getString("url"));
                    if (bodies.containsKey(key)) {
                        continue;
                    }
                    String name = metadata.getFileName().toString();
                    bodies.put(key, metadata.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".body"));
                    Map<String, List<String>> h = new LinkedHashMap<>();
                    m.getJsonObject("headers").forEach((header, values) -> h.put(header,
                            ((JsonArray) values).getValuesAs(jakarta.json.JsonString::getString)));
                    headers.put(key, h);
                    int fmspc = key.indexOf("/tcb?fmspc=");
                    if (fmspc >= 0) {
                        fmspcs.add(key.substring(fmspc + "/tcb?fmspc=".length()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Method and URL, lower case, without the query PCS does not need ({@code update=standard}). */
        private static String key(String method, String url) {
            return method + " " + url.toLowerCase(Locale.ROOT).replace("?update=standard", "");
        }

        List<String> fmspcs() {
            return List.copyOf(fmspcs);
        }

        Optional<byte[]> body(String method, String url) {
            Path body = bodies.get(key(method, url));
            try {
                return body == null ? Optional.empty() : Optional.of(Files.readAllBytes(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public FetchedResponse send(FetchRequest request) throws FetchException {
            String key = key(request.method(), request.uri().toString());
            Optional<byte[]> body = body(request.method(), request.uri().toString());
            if (body.isEmpty()) {
                throw new FetchException(FetchException.Reason.UNREACHABLE, request.uri(), "not captured", null);
            }
            return new FetchedResponse(200, headers.get(key), body.get());
        }
    }
}
