/** Turns the scenarios' JSON lines into markdown tables for docs/benchmarks.md. */
package com.companychat.bench.report;
