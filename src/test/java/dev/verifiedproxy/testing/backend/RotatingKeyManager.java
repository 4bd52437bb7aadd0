package dev.verifiedproxy.testing.backend;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * Serves each new TLS handshake with the key of the next CVM (round robin, like NEAR's L4 router
 * spreading connections over the CVMs of one domain), reading the current key at handshake time
 * so that a rotated key takes effect for the next connection.
 */
final class RotatingKeyManager extends X509ExtendedKeyManager {

    private final IntSupplier chooser;
    private final IntFunction<TlsIdentity> identities;
    /** One choice per connection, however often the TLS stack asks during its handshake. */
    private final Map<Socket, String> chosen = Collections.synchronizedMap(new WeakHashMap<>());

    RotatingKeyManager(IntSupplier chooser, IntFunction<TlsIdentity> identities) {
        this.chooser = chooser;
        this.identities = identities;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        if (!keyType.startsWith("EC")) {
            return null;
        }
        return socket == null ? "cvm-" + chooser.getAsInt()
                : chosen.computeIfAbsent(socket, s -> "cvm-" + chooser.getAsInt());
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return identities.apply(index(alias)).chain();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return identities.apply(index(alias)).keyPair().getPrivate();
    }

    private static int index(String alias) {
        return Integer.parseInt(alias.substring("cvm-".length()));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
