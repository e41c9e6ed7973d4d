package com.companychat.platform;

import com.companychat.accounts.entity.Role;
import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The REST API under {@code /api}, authenticated by MicroProfile JWT bearer tokens. It is a CDI
 * bean on purpose: Payara's MP-JWT extension finds {@code @LoginConfig} only on discovered beans.
 */
@ApplicationScoped
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Role.EMPLOYEE_NAME, Role.COMPANY_ADMIN_NAME, Role.PLATFORM_ADMIN_NAME})
public class ChatApplication extends Application {}
