/** Companies, user accounts and refresh tokens. */
package com.companychat.accounts.entity;
