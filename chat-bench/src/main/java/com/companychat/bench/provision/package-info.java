/** Provisions the load's company and users through the public admin API (CONTRACT §2–3). */
package com.companychat.bench.provision;
