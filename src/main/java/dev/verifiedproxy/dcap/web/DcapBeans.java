package dev.verifiedproxy.dcap.web;

import dev.verifiedproxy.collateral.CachingCollateralSource;
import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.collateral.CollateralSource;
import dev.verifiedproxy.collateral.IntelPcsClient;
import dev.verifiedproxy.collateral.Pem;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.dcap.DcapService;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.dcap.IntelRootCa;
import dev.verifiedproxy.net.HttpFetcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * CDI producers of the DCAP beans: one {@link DcapVerifier} (pinned Intel root, or the configured test
 * root when test roots are allowed), one {@link CollateralSource} (PCS client behind the cache) and one
 * {@link DcapService} for the whole application. They are immutable and thread-safe, so they are produced
 * {@code @Singleton} (no client proxy; the classes are final).
 */
@ApplicationScoped
public class DcapBeans {

    @Inject
    ProxyConfig config;

    /** Keeps the prepared form of the collateral the proxy's own cache holds (see {@link DcapVerifier}). */
    @Produces
    @Singleton
    DcapVerifier dcapVerifier(CollateralSource source) {
        return verifierFor(config, source);
    }

    /** On the application's one {@link HttpFetcher} (net.web.NetBeans), which also closes it. */
    @Produces
    @Singleton
    CollateralSource collateralSource(HttpFetcher fetcher) {
        return collateralSourceFor(config, fetcher, Clock.systemUTC());
    }

    @Produces
    @Singleton
    DcapService dcapService(DcapVerifier verifier, CollateralSource source) {
        return new DcapService(verifier, source);
    }

    /** The verifier this configuration asks for, memoizing every bundle as a visitor's. */
    public static DcapVerifier verifierFor(ProxyConfig config) {
        return verifierFor(config, null);
    }

    /**
     * The verifier this configuration asks for; when {@code source} is the proxy's collateral cache, the
     * bundles it holds (by identity) count as the proxy's own.
     */
    public static DcapVerifier verifierFor(ProxyConfig config, CollateralSource source) {
        Predicate<QuoteCollateral> own = source instanceof CachingCollateralSource cache ? cache::holds : c -> false;
        Optional<Path> testRoot = config.find(ConfigKeys.TEST_INTEL_ROOT);
        if (testRoot.isPresent() && config.get(ConfigKeys.ALLOW_TEST_ROOTS)) {
            return new DcapVerifier(readRoot(testRoot.get()), own);
        }
        return new DcapVerifier(IntelRootCa.certificate(), own);
    }

    /** The caching PCS client this configuration asks for. */
    public static CollateralSource collateralSourceFor(ProxyConfig config, HttpFetcher fetcher, Clock clock) {
        IntelPcsClient pcs = new IntelPcsClient(fetcher, config.get(ConfigKeys.PCS_URL),
                config.get(ConfigKeys.PCS_TIMEOUT), config.get(ConfigKeys.PCS_MAX_RESPONSE));
        return new CachingCollateralSource(pcs, clock, config.get(ConfigKeys.COLLATERAL_REFRESH_AHEAD),
                config.get(ConfigKeys.COLLATERAL_CACHE_ENTRIES));
    }

    private static X509Certificate readRoot(Path file) {
        try {
            List<X509Certificate> certificates = Pem.certificates(Files.readString(file, StandardCharsets.US_ASCII));
            if (certificates.size() != 1) {
                throw new IllegalStateException(file + " must hold exactly one PEM certificate");
            }
            return certificates.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CollateralFormatException e) {
            throw new IllegalStateException(file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
