/** Sending, reading and paging one-to-one messages, confined to the caller's company. */
package com.companychat.messaging.control;
