/** The scenarios of issue #6; each returns the one-line JSON summary that the harness prints. */
package com.companychat.bench.scenario;
