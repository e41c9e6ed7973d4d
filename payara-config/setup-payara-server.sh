#!/usr/bin/env bash
# Prepares a Payara Server 6 domain for Company Chat and deploys chat.ear: password aliases from
# the environment, then payara-server.asadmin (PostgreSQL pool and jdbc/chat, JVM options, chat.*
# MicroProfile Config values, deployment), then a restart so that the JVM options apply.
# Running it again on the same domain updates it (pool and JVM options replaced, aliases updated).
#
# Usage: setup-payara-server.sh PAYARA_HOME DOMAIN PORTBASE
#   PAYARA_HOME  the unpacked Payara Server, the directory holding bin/asadmin
#   DOMAIN       an existing domain, e.g. made with: asadmin create-domain --portbase PORTBASE DOMAIN
#   PORTBASE     that domain's port base (admin port PORTBASE+48, HTTP PORTBASE+80)
# Settings come from the environment; see README.md. Secrets are only ever read from there.
set -euo pipefail

die() { echo "setup-payara-server: $*" >&2; exit 1; }

[ $# -eq 3 ] || die "usage: $0 PAYARA_HOME DOMAIN PORTBASE"
PAYARA_HOME=$1 DOMAIN=$2 PORTBASE=$3
HERE=$(cd "$(dirname "$0")" && pwd)
ASADMIN_BIN=$PAYARA_HOME/bin/asadmin
DOMAINS_DIR=${CHAT_DOMAINS_DIR:-$PAYARA_HOME/glassfish/domains}
DOMAIN_DIR=$DOMAINS_DIR/$DOMAIN
[ -x "$ASADMIN_BIN" ] || die "no Payara Server at $PAYARA_HOME (bin/asadmin missing)"
[ -d "$DOMAIN_DIR" ] || die "no domain $DOMAIN in $DOMAINS_DIR"

: "${CHAT_DB_PASSWORD:?the database password (it becomes the password alias chat-db-password)}"
: "${CHAT_ADMIN_PASSWORD:?the platform administrator password (password alias chat-admin-password)}"
: "${POSTGRESQL_JDBC_JAR:?the PostgreSQL JDBC driver jar (org.postgresql:postgresql) for the server pool}"
CHAT_EAR=${CHAT_EAR:-$HERE/../chat-ear/target/chat.ear}
[ -f "$CHAT_EAR" ] || die "no EAR at $CHAT_EAR (build it, or set CHAT_EAR)"
[ -f "$POSTGRESQL_JDBC_JAR" ] || die "no driver at $POSTGRESQL_JDBC_JAR"
CHAT_DB_HOST=${CHAT_DB_HOST:-127.0.0.1} CHAT_DB_PORT=${CHAT_DB_PORT:-5432}
CHAT_DB_NAME=${CHAT_DB_NAME:-chat} CHAT_DB_USER=${CHAT_DB_USER:-chat}
CHAT_ADMIN_USERNAME=${CHAT_ADMIN_USERNAME:-admin} CHAT_JWT_ISSUER=${CHAT_JWT_ISSUER:-company-chat}
CHAT_REDIS_URL=${CHAT_REDIS_URL:-} CHAT_HEAP=${CHAT_HEAP:-1g}
CHAT_DATA_DIR=${CHAT_DATA_DIR:-$DOMAIN_DIR/company-chat}
CHAT_JWT_PRIVATE_KEY=${CHAT_JWT_PRIVATE_KEY:-$DOMAIN_DIR/config/company-chat/jwt-private.pem}
CHAT_JWT_PUBLIC_KEY=${CHAT_JWT_PUBLIC_KEY:-$DOMAIN_DIR/config/company-chat/jwt-public.pem}

# Password files live in a private directory that is removed however the script ends.
umask 077
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ADMIN_FILE=$WORK/admin
: > "$ADMIN_FILE"
if [ -n "${PAYARA_ADMIN_PASSWORD:-}" ]; then
  printf 'AS_ADMIN_PASSWORD=%s\n' "$PAYARA_ADMIN_PASSWORD" > "$ADMIN_FILE"
fi
export TERM=${TERM:-dumb}  # asadmin's console wants a terminal type

asadmin() {
  "$ASADMIN_BIN" --port $((PORTBASE + 48)) --user "${PAYARA_ADMIN_USER:-admin}" --passwordfile "$1" "${@:2}"
}

# The alias's password file holds the admin password too: one --passwordfile per command.
password_alias() {
  local name=$1 value=$2 file=$WORK/alias
  { cat "$ADMIN_FILE"; printf 'AS_ADMIN_ALIASPASSWORD=%s\n' "$value"; } > "$file"
  if asadmin "$ADMIN_FILE" list-password-aliases | grep -qx "$name"; then
    asadmin "$file" update-password-alias "$name"
  else
    asadmin "$file" create-password-alias "$name"
  fi
  rm -f "$file"
}

# The JWT pair every instance must share: generated once when the admin gave none.
ensure_jwt_keys() {
  [ -f "$CHAT_JWT_PRIVATE_KEY" ] && return
  [ -f "$CHAT_JWT_PUBLIC_KEY" ] && die "$CHAT_JWT_PUBLIC_KEY exists without $CHAT_JWT_PRIVATE_KEY"
  mkdir -p "$(dirname "$CHAT_JWT_PRIVATE_KEY")" "$(dirname "$CHAT_JWT_PUBLIC_KEY")"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$CHAT_JWT_PRIVATE_KEY" 2>/dev/null
  openssl pkey -in "$CHAT_JWT_PRIVATE_KEY" -pubout -out "$CHAT_JWT_PUBLIC_KEY"
}

# payara-server.asadmin with its @NAME@ placeholders filled in; lines with an empty one dropped.
render_commands() {
  local line name value
  while IFS= read -r line || [ -n "$line" ]; do
    while [[ $line =~ @([A-Z_]+)@ ]]; do
      name=${BASH_REMATCH[1]}
      value=${!name:-}
      [ -n "$value" ] || continue 2
      line=${line//@"$name"@/$value}
    done
    printf '%s\n' "$line"
  done < "$HERE/payara-server.asadmin"
}

# A second run replaces what the first one made: the pool, and the JVM options the file sets.
forget_previous_setup() {
  local option
  asadmin "$ADMIN_FILE" list-jvm-options | grep -E '^-Xm[sx]|^-Dfile\.encoding=' | while read -r option; do
    asadmin "$ADMIN_FILE" delete-jvm-options "$option"
  done
  if asadmin "$ADMIN_FILE" list-jdbc-resources | grep -qx 'jdbc/chat'; then
    asadmin "$ADMIN_FILE" delete-jdbc-resource jdbc/chat
  fi
  if asadmin "$ADMIN_FILE" list-jdbc-connection-pools | grep -qx 'chat-pool'; then
    asadmin "$ADMIN_FILE" delete-jdbc-connection-pool chat-pool
  fi
}

# multimode goes on after a failed command and still exits 0, so its output is checked instead.
run_commands() {
  render_commands > "$WORK/commands.asadmin"
  asadmin "$ADMIN_FILE" multimode --file "$WORK/commands.asadmin" 2>&1 | tee "$WORK/multimode.log"
  if grep -E '^Command .* failed|remote failure' "$WORK/multimode.log" >/dev/null; then
    die "a command of payara-server.asadmin failed (see above)"
  fi
}

# restart-domain returns when the admin listener answers; the application loads after that.
await_application() {
  local url=http://127.0.0.1:$((PORTBASE + 80))/api/auth/me deadline=$((SECONDS + ${CHAT_START_TIMEOUT:-300}))
  command -v curl >/dev/null || { echo "curl not found: not waiting for $url"; return; }
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 401 ]; do
    [ $SECONDS -lt $deadline ] || die "the application did not answer at $url; see $DOMAIN_DIR/logs/server.log"
    sleep 2
  done
}

if ! asadmin "$ADMIN_FILE" uptime >/dev/null 2>&1; then
  "$ASADMIN_BIN" start-domain --domaindir "$DOMAINS_DIR" "$DOMAIN"
fi
ensure_jwt_keys
password_alias chat-db-password "$CHAT_DB_PASSWORD"
password_alias chat-admin-password "$CHAT_ADMIN_PASSWORD"
forget_previous_setup
run_commands
# restart-domain inside multimode would act on the default domain (domain1), so it runs here.
"$ASADMIN_BIN" --passwordfile "$ADMIN_FILE" restart-domain --domaindir "$DOMAINS_DIR" "$DOMAIN"
await_application
echo "Company Chat is deployed: http://localhost:$((PORTBASE + 80))/ (socket ws://localhost:$((PORTBASE + 80))/ws/chat/)"
