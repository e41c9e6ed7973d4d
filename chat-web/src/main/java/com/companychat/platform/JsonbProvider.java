package com.companychat.platform;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** The wire's JSON: snake_case names, nulls written out, times as RFC 3339 UTC. */
@Provider
public class JsonbProvider implements ContextResolver<Jsonb> {
  static final Jsonb JSONB = create();

  @Override
  public Jsonb getContext(Class<?> type) {
    return JSONB;
  }

  /** For the few answers written outside JAX-RS (servlet error pages, refused handshakes). */
  public static String toJson(Object value) {
    return JSONB.toJson(value);
  }

  public static Jsonb create() {
    return JsonbBuilder.create(new JsonbConfig()
        .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
        .withNullValues(true));
  }
}
