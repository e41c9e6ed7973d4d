/** Live delivery over sockets: the registry of open sockets, their queues and the fan-out. */
package com.companychat.realtime.control;
