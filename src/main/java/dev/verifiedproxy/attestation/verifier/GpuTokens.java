package dev.verifiedproxy.attestation.verifier;

import com.auth0.jwt.JWT;
import com.auth0.jwt.exceptions.JWTDecodeException;
import dev.verifiedproxy.gpu.GpuFormatException;
import dev.verifiedproxy.gpu.GpuResult;
import dev.verifiedproxy.gpu.NrasResponse;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** When a verified GPU result stops holding: the earliest {@code exp} of NRAS's tokens. */
final class GpuTokens {

    private GpuTokens() {
    }

    /** Only for a verified result, whose tokens' signatures and times were checked; empty otherwise. */
    static Optional<Instant> expiry(GpuResult result) {
        if (!result.verified() || result.nras().isEmpty()) {
            return Optional.empty();
        }
        try {
            NrasResponse response = NrasResponse.parse(result.nras().get().response());
            return Stream.concat(Stream.of(response.overallToken()), response.gpuTokens().values().stream())
                    .map(token -> JWT.decode(token).getExpiresAtAsInstant()).filter(Objects::nonNull)
                    .min(Instant::compareTo);
        } catch (GpuFormatException | JWTDecodeException e) {
            return Optional.empty();
        }
    }
}
