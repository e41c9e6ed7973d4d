package com.companychat.accounts.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companychat.platform.ChatFixture;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signing key pair: configured PEM files, or one generated once and kept private. */
class JwtKeyFilesTest {
  @TempDir
  Path dir;

  @Test
  void generatesAPairOnceWithAnOwnerOnlyPrivateKey() throws Exception {
    Path dataDir = dir.resolve("data");
    KeyPair first = JwtKeyFiles.loadOrCreate(Optional.empty(), Optional.empty(), dataDir);

    Path privateFile = dataDir.resolve(JwtKeyFiles.PRIVATE_FILE);
    assertTrue(Files.isRegularFile(privateFile));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)));
    assertEquals("RSA", first.getPrivate().getAlgorithm());
    assertTrue(signsAndVerifies(first), "the public key is the private key's");
    String stored = Files.readString(privateFile);

    KeyPair second = JwtKeyFiles.loadOrCreate(Optional.empty(), Optional.empty(), dataDir);

    assertSamePair(first, second);
    assertEquals(stored, Files.readString(privateFile), "the file is kept, not rewritten");
  }

  @Test
  void theGeneratedPublicKeyIsWrittenBesideIt() throws Exception {
    KeyPair pair = JwtKeyFiles.loadOrCreate(Optional.empty(), Optional.empty(), dir);
    assertEquals(JwtKeyFiles.toPem(pair.getPublic()),
        Files.readString(dir.resolve(JwtKeyFiles.PUBLIC_FILE)));
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    JwtKeyFiles.loadOrCreate(Optional.empty(), Optional.empty(), dir);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".tmp")).toList());
    }
  }

  @Test
  void concurrentFirstLoadsInOneJvmAgreeOnOnePair() throws Exception {
    int threads = 2;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<KeyPair>> loads = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        loads.add(pool.submit(() -> {
          start.await();
          return JwtKeyFiles.loadOrCreate(Optional.empty(), Optional.empty(), dir);
        }));
      }
      start.countDown();
      KeyPair first = loads.get(0).get(60, TimeUnit.SECONDS);
      for (Future<KeyPair> load : loads) {
        assertSamePair(first, load.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void readsConfiguredPemFilesAndGeneratesNothing() throws Exception {
    KeyPair pair = ChatFixture.newKeyPair();
    Path privateFile = writePrivatePem(pair);
    Path publicFile = Files.writeString(dir.resolve("public.pem"), JwtKeyFiles.toPem(pair.getPublic()));
    Path dataDir = dir.resolve("data");

    KeyPair loaded = JwtKeyFiles.loadOrCreate(Optional.of(privateFile), Optional.of(publicFile), dataDir);

    assertSamePair(pair, loaded);
    assertTrue(Files.notExists(dataDir.resolve(JwtKeyFiles.PRIVATE_FILE)));
  }

  @Test
  void aConfiguredPrivateKeyAloneYieldsItsPublicKey() throws Exception {
    KeyPair pair = ChatFixture.newKeyPair();
    KeyPair loaded = JwtKeyFiles.loadOrCreate(Optional.of(writePrivatePem(pair)), Optional.empty(), dir);
    assertSamePair(pair, loaded);
  }

  @Test
  void aPemFileWithTextAroundTheBlockIsRead() throws Exception {
    KeyPair pair = ChatFixture.newKeyPair();
    Path publicFile = Files.writeString(dir.resolve("public.pem"),
        "Subject: company chat\r\n" + JwtKeyFiles.toPem(pair.getPublic()).replace("\n", "\r\n"));
    KeyPair loaded = JwtKeyFiles.loadOrCreate(Optional.of(writePrivatePem(pair)), Optional.of(publicFile), dir);
    assertSamePair(pair, loaded);
  }

  @Test
  void aPublicKeyConfiguredWithoutAPrivateKeyFailsClearly() throws Exception {
    Path publicFile = Files.writeString(dir.resolve("public.pem"),
        JwtKeyFiles.toPem(ChatFixture.newKeyPair().getPublic()));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> JwtKeyFiles.loadOrCreate(Optional.empty(), Optional.of(publicFile), dir));

    assertTrue(e.getMessage().contains("chat.jwt.private-key"), e.getMessage());
  }

  @Test
  void aFileWithoutAPemBlockFailsClearly() throws Exception {
    Path notAKey = Files.writeString(dir.resolve("private.pem"), "hello");

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> JwtKeyFiles.loadOrCreate(Optional.of(notAKey), Optional.empty(), dir));

    assertTrue(e.getMessage().contains("PEM"), e.getMessage());
    assertTrue(e.getCause().getMessage().contains(notAKey.toString()), "names the file");
  }

  @Test
  void aPublicKeyGivenAsThePrivateKeyFailsClearly() throws Exception {
    Path swapped = Files.writeString(dir.resolve("private.pem"),
        JwtKeyFiles.toPem(ChatFixture.newKeyPair().getPublic()));
    assertThrows(IllegalStateException.class,
        () -> JwtKeyFiles.loadOrCreate(Optional.of(swapped), Optional.empty(), dir));
  }

  @Test
  void aMissingConfiguredFileFailsClearly() {
    Path missing = dir.resolve("nowhere.pem");
    assertThrows(UncheckedIOException.class,
        () -> JwtKeyFiles.loadOrCreate(Optional.of(missing), Optional.empty(), dir));
  }

  private Path writePrivatePem(KeyPair pair) throws Exception {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(pair.getPrivate().getEncoded());
    return Files.writeString(dir.resolve("private.pem"),
        "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
  }

  private static void assertSamePair(KeyPair expected, KeyPair actual) {
    assertArrayEquals(expected.getPublic().getEncoded(), actual.getPublic().getEncoded(), "public key");
    assertArrayEquals(expected.getPrivate().getEncoded(), actual.getPrivate().getEncoded(), "private key");
  }

  private static boolean signsAndVerifies(KeyPair pair) throws Exception {
    byte[] data = "company chat".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(pair.getPrivate());
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(pair.getPublic());
    verifier.update(data);
    return verifier.verify(signature);
  }
}
