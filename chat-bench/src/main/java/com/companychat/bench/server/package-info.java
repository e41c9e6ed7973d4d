/** What the harness observes of the server process from outside: CPU, RSS and heap, without JMX. */
package com.companychat.bench.server;
