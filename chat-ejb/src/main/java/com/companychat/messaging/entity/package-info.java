/** The stored message. */
package com.companychat.messaging.entity;
