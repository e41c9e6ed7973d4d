package com.companychat.platform;

import com.companychat.accounts.control.JwtKeyFiles;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Tells MicroProfile JWT how to verify our tokens, from our own settings: the public key of the
 * pair that {@code chat.jwt.*} names (or the one generated into {@code chat.data.dir}) and the
 * issuer {@code chat.jwt.issuer}. Admins therefore configure {@code chat.*} only. Values are
 * computed on first use, when the rest of the configuration is readable.
 *
 * <p>It lives in the EJB module, not the WAR: in the EAR, Payara discovers config sources with the
 * application's class loader, which sees the EJB module and lib/ but not the WAR's classes.
 */
public class JwtVerificationConfigSource implements ConfigSource {
  static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
  static final String ISSUER = "mp.jwt.verify.issuer";
  static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";

  private volatile Map<String, String> values;

  @Override
  public Set<String> getPropertyNames() {
    return Set.of(PUBLIC_KEY, ISSUER, ALGORITHM);
  }

  @Override
  public Map<String, String> getProperties() {
    return values();
  }

  @Override
  public String getValue(String name) {
    return getPropertyNames().contains(name) ? values().get(name) : null;
  }

  @Override
  public String getName() {
    return "company-chat-jwt";
  }

  /** Below the server's own sources, so that an explicit mp.jwt.* setting still wins. */
  @Override
  public int getOrdinal() {
    return 50;
  }

  private Map<String, String> values() {
    Map<String, String> computed = values;
    if (computed == null) {
      synchronized (this) {
        if (values == null) {
          ChatSettings settings = ChatSettingsProducer.read(ConfigProvider.getConfig());
          String pem = JwtKeyFiles.toPem(JwtKeyFiles.loadOrCreate(settings.jwtPrivateKey(),
              settings.jwtPublicKey(), settings.dataDir()).getPublic());
          values = Map.of(PUBLIC_KEY, pem, ISSUER, settings.jwtIssuer(), ALGORITHM, "RS256");
        }
        computed = values;
      }
    }
    return computed;
  }
}
