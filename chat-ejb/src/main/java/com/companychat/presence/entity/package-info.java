/** Who is online, and when they were last seen. */
package com.companychat.presence.entity;
