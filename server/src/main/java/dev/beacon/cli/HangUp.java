package dev.beacon.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP, the signal `systemctl reload` and `kill -HUP` send, as a config reload. Java has no public
 * API for signals; {@code sun.misc.Signal} (module jdk.unsupported) is reached by reflection, so the
 * build needs no internal API and a runtime without it only loses the signal (and says so).
 */
final class HangUp {

    private HangUp() {
    }

    /** Runs {@code action} on a signal thread at each SIGHUP. */
    static void onSignal(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler call = (Object proxy, Method method, Object[] args) -> {
                if (method.getName().equals("handle")) {
                    action.run();
                }
                return null;
            };
            Object proxy = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, call);
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            signal.getMethod("handle", signal, handler).invoke(null, hup, proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(HangUp.class).warn("SIGHUP cannot reload the config on this runtime ({}); use"
                    + " beacon reload", e.toString());
        }
    }
}
