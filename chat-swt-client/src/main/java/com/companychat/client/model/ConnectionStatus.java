package com.companychat.client.model;

/** What the status bar says about the connection. */
public record ConnectionStatus(State state, long retryInSeconds) {

  public enum State { CONNECTING, CONNECTED, RECONNECTING, REST_FALLBACK, OFFLINE }

  public static final ConnectionStatus CONNECTED = new ConnectionStatus(State.CONNECTED, 0);
  public static final ConnectionStatus CONNECTING = new ConnectionStatus(State.CONNECTING, 0);

  public String text() {
    return switch (state) {
      case CONNECTING -> "Connecting…";
      case CONNECTED -> "Connected";
      case RECONNECTING -> "Reconnecting in " + retryInSeconds + " s";
      case REST_FALLBACK -> "Offline — using REST";
      case OFFLINE -> "Offline — messages wait to be sent";
    };
  }
}
