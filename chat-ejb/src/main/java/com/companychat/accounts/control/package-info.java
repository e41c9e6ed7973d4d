/** Logins, tokens and provisioning of companies and their people. */
package com.companychat.accounts.control;
