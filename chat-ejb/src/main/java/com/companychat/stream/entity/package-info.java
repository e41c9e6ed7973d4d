/** The stored events of the per-user stream. */
package com.companychat.stream.entity;
