/** The per-user event stream of CONTRACT §6.1: appended in the change's transaction, read by seq. */
package com.companychat.stream.control;
