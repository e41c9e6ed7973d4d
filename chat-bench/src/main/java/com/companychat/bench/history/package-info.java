/** The history scenario's big table, seeded in PostgreSQL, and its paced page reads over HTTP. */
package com.companychat.bench.history;
