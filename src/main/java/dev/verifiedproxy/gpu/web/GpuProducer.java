package dev.verifiedproxy.gpu.web;

import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.gpu.GpuVerifier;
import dev.verifiedproxy.net.JdkHttpFetcher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Makes the GPU verifier injectable: {@code @Inject GpuVerifier gpu}. It owns the HTTP client it uses for NRAS. */
@ApplicationScoped
public class GpuProducer {

    @Inject
    ProxyConfig config;

    private JdkHttpFetcher fetcher;

    // @Singleton rather than @ApplicationScoped: GpuVerifier is final, thread-safe and needs no proxy.
    @Produces
    @Singleton
    GpuVerifier gpuVerifier() {
        synchronized (this) {
            if (fetcher == null) {
                fetcher = new JdkHttpFetcher(config.get(ConfigKeys.GPU_NRAS_TIMEOUT));
            }
        }
        return GpuConfiguration.verifier(config, fetcher, Clock.systemUTC());
    }

    @PreDestroy
    void close() {
        synchronized (this) {
            if (fetcher != null) {
                fetcher.close();
            }
        }
    }
}
