/** Open-loop message load and its ledger: latency from the intended send time, loss and duplicates by client_msg_id. */
package com.companychat.bench.load;
