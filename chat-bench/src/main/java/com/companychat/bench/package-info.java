/** The benchmark harness: a load generator that speaks CONTRACT §5 and reports one JSON line per scenario. */
package com.companychat.bench;
