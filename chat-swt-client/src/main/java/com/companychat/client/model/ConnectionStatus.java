package com.companychat.client.model;

/** What the status bar says about the connection, with its quality (good, slow, offline). */
public record ConnectionStatus(State state, long retryInSeconds, long rttMillis, boolean slow) {

  public enum State { CONNECTING, CONNECTED, RECONNECTING, REST_FALLBACK, OFFLINE }

  public static final ConnectionStatus CONNECTED = new ConnectionStatus(State.CONNECTED, 0);
  public static final ConnectionStatus CONNECTING = new ConnectionStatus(State.CONNECTING, 0);

  public ConnectionStatus(State state, long retryInSeconds) {
    this(state, retryInSeconds, -1, false);
  }

  /** Connected, with the last measured round trip ({@code -1}: none yet) and whether it is slow. */
  public static ConnectionStatus connected(long rttMillis, boolean slow) {
    return new ConnectionStatus(State.CONNECTED, 0, rttMillis, slow);
  }

  /** The connection quality shown beside the state: good, slow or offline. */
  public String quality() {
    if (state != State.CONNECTED) {
      return "offline";
    }
    return slow ? "slow" : "good";
  }

  public String text() {
    return switch (state) {
      case CONNECTING -> "Offline · connecting…";
      case CONNECTED -> "Connected · " + quality() + (rttMillis >= 0 ? " (" + rttMillis + " ms)" : "");
      case RECONNECTING -> "Offline · reconnecting in " + retryInSeconds + " s; messages wait to be sent";
      case REST_FALLBACK -> "Offline — using REST";
      case OFFLINE -> "Offline — messages wait to be sent";
    };
  }
}
