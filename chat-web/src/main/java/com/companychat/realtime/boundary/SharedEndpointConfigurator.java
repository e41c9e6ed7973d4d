package com.companychat.realtime.boundary;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.InjectionTarget;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives the container one injected endpoint instance per endpoint class instead of a new one per
 * connection. The container's own CDI provider builds and validates an injection target for every
 * socket while holding the bean manager's lock: in a reconnect storm the handshakes queued on that
 * lock (176 of 200 request threads waiting) and the server stopped answering anything for seconds.
 * {@link ChatSocket} keeps what belongs to one socket in its session, so one instance serves all.
 */
public class SharedEndpointConfigurator extends ServerEndpointConfig.Configurator {
  private static final Map<Class<?>, Object> INSTANCES = new ConcurrentHashMap<>();

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return endpointClass.cast(INSTANCES.computeIfAbsent(endpointClass, SharedEndpointConfigurator::create));
  }

  private static <T> T create(Class<T> endpointClass) {
    BeanManager beans = CDI.current().getBeanManager();
    InjectionTarget<T> target = beans.getInjectionTargetFactory(beans.createAnnotatedType(endpointClass))
        .createInjectionTarget(null);
    CreationalContext<T> context = beans.createCreationalContext(null);
    T instance = target.produce(context);
    target.inject(instance, context);
    target.postConstruct(instance);
    return instance;
  }
}
