package io.orderhub.support;

import io.orderhub.channels.sim.PlatformSimulator;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The platform simulator every hub test shares (one per test JVM), started before Spring builds
 * the context so the pull channels can point at it, with the test apps registered.
 */
public final class SimulatedPlatforms implements BeforeAllCallback {

    public static final String SECRET = "test-app-secret";
    public static final String TAOBAO_KEY = "test-taobao-key";
    public static final String TMALL_KEY = "test-tmall-key";
    public static final String JD_KEY = "test-jd-key";
    public static final String PDD_KEY = "test-pdd-client";
    public static final String SHOPIFY_SECRET = "test-shopify-secret";
    public static final String WOO_SECRET = "test-woo-secret";
    public static final PlatformSimulator SIM = start();

    private static PlatformSimulator start() {
        PlatformSimulator sim = PlatformSimulator.start(0, 42);
        sim.register(new PlatformSimulator.App("taobao", TAOBAO_KEY, SECRET, "test-session"));
        sim.register(new PlatformSimulator.App("taobao", TMALL_KEY, SECRET, "test-session-tmall"));
        sim.register(new PlatformSimulator.App("jd", JD_KEY, SECRET, "test-token"));
        sim.register(new PlatformSimulator.App("pinduoduo", PDD_KEY, SECRET, "test-token"));
        System.setProperty("orderhub.test.platforms-url", sim.baseUrl());
        return sim;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // the static initialiser did the work before Spring builds the context
    }
}
