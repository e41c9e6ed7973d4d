/** Event-loop sockets over the JDK WebSocket client: many sockets share one HttpClient and a few threads. */
package com.companychat.bench.socket;
