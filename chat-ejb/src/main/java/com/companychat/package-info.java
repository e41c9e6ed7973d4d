/** Company Chat: one-to-one chat between the employees of a company, sealed off per company. */
package com.companychat;
