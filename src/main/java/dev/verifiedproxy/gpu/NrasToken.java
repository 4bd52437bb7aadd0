package dev.verifiedproxy.gpu;

import com.auth0.jwt.JWT;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.interfaces.DecodedJWT;

import java.util.Objects;

/**
 * One NRAS token, decoded by java-jwt but not yet verified.
 *
 * @param label "overall" or the GPU's name ({@code GPU-3})
 * @param raw   the compact JWS exactly as received (submods binds this string)
 * @param jwt   the decoded header and claims
 */
record NrasToken(String label, String raw, DecodedJWT jwt) {

    static final String OVERALL = "overall";

    NrasToken {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(jwt, "jwt");
    }

    /** @throws GpuFormatException with {@link GpuFailure#TOKEN_MALFORMED} */
    static NrasToken decode(String label, String raw) throws GpuFormatException {
        try {
            return new NrasToken(label, raw, JWT.decode(raw));
        } catch (JWTDecodeException e) {
            throw new GpuFormatException(GpuFailure.TOKEN_MALFORMED, label + " token: " + e.getMessage());
        }
    }
}
