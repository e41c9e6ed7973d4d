package com.companychat.bench.provision;

import com.companychat.bench.Concurrently;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Creates the load's companies and users through the admin API and logs every user in. Users
 * are spread over companies of {@code companySize}, because presence (user_status) goes to every
 * socket of a company: the size of a company decides the cost of each connect.
 */
public final class Provisioner {
  private final AdminApi api;
  private final String adminUser;
  private final String adminPassword;
  private final int parallel;

  public Provisioner(AdminApi api, String adminUser, String adminPassword, int parallel) {
    this.api = api;
    this.adminUser = adminUser;
    this.adminPassword = adminPassword;
    this.parallel = parallel;
  }

  /**
   * @param tag unique per run: usernames and company names are unique on the server
   * @param companySize even, so that user 2i and 2i+1 (a pair) share a company
   * @return the users in creation order, logged in
   */
  public List<BenchUser> provision(String tag, int users, int companySize) throws InterruptedException {
    if (companySize % 2 != 0) {
      throw new IllegalArgumentException("company size must be even, to keep pairs together");
    }
    String adminToken = adminToken();
    List<Long> companies = new ArrayList<>();
    for (int c = 0; c * companySize < users; c++) {
      companies.add(api.createCompany(adminToken, tag + "-company-" + c).join());
    }
    Concurrently.joinAll(Concurrently.run(users, parallel,
        i -> api.createUser(adminToken, companies.get(i / companySize), username(tag, i))));
    return Concurrently.joinAll(Concurrently.run(users, parallel, i -> api.loginUser(username(tag, i))));
  }

  public String adminToken() {
    return api.login(adminUser, adminPassword).join().getString("access_token");
  }

  /** Creates (or finds) a company and its two users; used by the start-up probe. */
  public List<BenchUser> ensurePair(String companyName) {
    String adminToken = adminToken();
    long company = api.companyNamed(adminToken, companyName).join();
    if (company < 0) {
      company = api.createCompany(adminToken, companyName).join();
    }
    List<CompletableFuture<BenchUser>> users = new ArrayList<>();
    for (String name : List.of(companyName + "-a", companyName + "-b")) {
      api.createUser(adminToken, company, name).join();
      users.add(api.loginUser(name));
    }
    return Concurrently.joinAll(users);
  }

  private static String username(String tag, int i) {
    return tag + "-u" + i;
  }
}
