/** What every feature stands on: configuration, the database, errors and rate limits. */
package com.companychat.platform;
