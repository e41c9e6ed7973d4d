package com.companychat.accounts.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * The RSA key pair that signs access tokens: the PEM files named by {@code chat.jwt.private-key}
 * (PKCS#8) and {@code chat.jwt.public-key} (X.509), or else a pair generated once into the data
 * directory with owner-only permissions.
 */
public final class JwtKeyFiles {
  static final String PRIVATE_FILE = "jwt-private.pem";
  static final String PUBLIC_FILE = "jwt-public.pem";

  private JwtKeyFiles() {}

  /**
   * The key pair. Synchronized because a file lock is held per process, not per thread: two
   * threads of one JVM generating at once would fail with OverlappingFileLockException.
   */
  public static synchronized KeyPair loadOrCreate(Optional<Path> privateKey, Optional<Path> publicKey, Path dataDir) {
    try {
      if (privateKey.isPresent() || publicKey.isPresent()) {
        PrivateKey priv = readPrivate(privateKey.orElseThrow(
            () -> new IllegalStateException("chat.jwt.public-key is set but chat.jwt.private-key is not")));
        PublicKey pub = publicKey.isPresent() ? readPublic(publicKey.get()) : publicOf(priv);
        return new KeyPair(pub, priv);
      }
      return generatedIn(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the JWT key files", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JWT key files are not RSA PEM keys", e);
    }
  }

  public static String toPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  private static KeyPair generatedIn(Path dataDir) throws IOException, GeneralSecurityException {
    Files.createDirectories(dataDir);
    Path privateFile = dataDir.resolve(PRIVATE_FILE);
    try (FileChannel lockFile = FileChannel.open(dataDir.resolve("jwt.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock lock = lockFile.lock()) {
      if (!Files.exists(privateFile)) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        writeOwnerOnly(dataDir.resolve(PUBLIC_FILE), toPem(pair.getPublic()));
        writeOwnerOnly(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      }
    }
    PrivateKey priv = readPrivate(privateFile);
    return new KeyPair(publicOf(priv), priv);
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the user profile directory is private already.
    }
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(file, "PRIVATE KEY")));
  }

  private static PublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(file, "PUBLIC KEY")));
  }

  private static PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw new GeneralSecurityException("the private key does not carry its public exponent");
    }
    return KeyFactory.getInstance("RSA")
        .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
  }

  private static byte[] der(Path file, String type) throws IOException, GeneralSecurityException {
    String text = Files.readString(file);
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new GeneralSecurityException(file + " holds no '" + type + "' PEM block");
    }
    return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
