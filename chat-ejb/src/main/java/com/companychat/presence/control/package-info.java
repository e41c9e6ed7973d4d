/** Who is online, across every instance of the cluster. */
package com.companychat.presence.control;
