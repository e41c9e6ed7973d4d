package com.companychat.bench.provision;

/** A provisioned employee, logged in: what a socket or a REST call of the load needs. */
public record BenchUser(long id, String username, long companyId, String accessToken) {}
