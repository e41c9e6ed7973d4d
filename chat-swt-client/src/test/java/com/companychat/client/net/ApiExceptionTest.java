package com.companychat.client.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiExceptionTest {
  @Test
  void aNotFoundOfTheAppIsFinalButOneOfAServerStillDeployingItIsRetried() {
    assertFalse(new ApiException(404, "not_found", "no such user").isRetriable());
    assertTrue(new ApiException(404, ApiException.NOT_THE_APP, "The server answered 404").isRetriable(),
        "Payara answers 404 (HTML) while the app deploys: a message sent then is kept");
    assertFalse(new ApiException(400, ApiException.NOT_THE_APP, "The server answered 400").isRetriable());
  }
}
