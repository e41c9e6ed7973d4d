/** Events that cross instances: the bus and its implementations. */
package com.companychat.events;
