/** The chat socket of CONTRACT §5 and its authenticated handshake. */
package com.companychat.realtime.boundary;
