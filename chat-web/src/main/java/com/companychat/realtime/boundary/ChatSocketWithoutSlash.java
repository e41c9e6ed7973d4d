package com.companychat.realtime.boundary;

import jakarta.websocket.server.ServerEndpoint;

/** The same socket at {@code /ws/chat}: every path works with and without its trailing slash. */
@ServerEndpoint(value = "/ws/chat", configurator = SharedEndpointConfigurator.class)
public class ChatSocketWithoutSlash extends ChatSocket {}
