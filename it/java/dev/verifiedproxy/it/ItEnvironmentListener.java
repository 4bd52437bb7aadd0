package dev.verifiedproxy.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the {@link ItEnvironment} when the integration-test JVM's JUnit session opens, which is
 * before Arquillian boots the server under test; does nothing in the unit-test JVM.
 */
public class ItEnvironmentListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty("it.server") != null) {
            ItEnvironment.start();
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        ItEnvironment.stop();
    }
}
