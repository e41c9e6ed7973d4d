#!/usr/bin/env bash
# Prepares a Payara Server 6 domain for Company Chat and deploys chat.ear. Re-runnable: it works
# out the wanted state from the environment, reads the domain's actual state, changes only what
# differs, restarts the domain once if a change needs it, and says what it changed ("nothing
# changed" on a re-run with the same settings: no restart, no redeploy).
#
# Usage: setup-payara-server.sh PAYARA_HOME DOMAIN PORTBASE
#   PAYARA_HOME  the unpacked Payara Server, the directory holding bin/asadmin
#   DOMAIN       an existing domain, e.g. made with: asadmin create-domain --nopassword --portbase PORTBASE DOMAIN
#   PORTBASE     that domain's port base (admin port PORTBASE+48, HTTP PORTBASE+80)
# Settings come from the environment; see README.md. Secrets are only ever read from there.
#
# Every input is checked before the first change. A command that fails stops the script with the
# list of what it had changed; running it again carries on from there (it compares, it does not
# replay), so a domain is never left half set up by design.
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
[[ $PORTBASE =~ ^[0-9]+$ ]] || die "PORTBASE must be a number, not '$PORTBASE'"

: "${CHAT_DB_PASSWORD:?the database password (it becomes the password alias chat-db-password)}"
: "${CHAT_ADMIN_PASSWORD:?the platform administrator password (password alias chat-admin-password)}"
: "${POSTGRESQL_JDBC_JAR:?the PostgreSQL JDBC driver jar (org.postgresql:postgresql) for the server pool}"
CHAT_EAR=${CHAT_EAR:-$HERE/../chat-ear/target/chat.ear}
[ -f "$CHAT_EAR" ] || die "no EAR at $CHAT_EAR (build it, or set CHAT_EAR)"
[ -f "$POSTGRESQL_JDBC_JAR" ] || die "no driver at $POSTGRESQL_JDBC_JAR"
CHAT_DB_HOST=${CHAT_DB_HOST:-127.0.0.1} CHAT_DB_PORT=${CHAT_DB_PORT:-5432}
CHAT_DB_NAME=${CHAT_DB_NAME:-chat} CHAT_DB_USER=${CHAT_DB_USER:-chat} CHAT_DB_POOL_SIZE=${CHAT_DB_POOL_SIZE:-16}
CHAT_ADMIN_USERNAME=${CHAT_ADMIN_USERNAME:-admin} CHAT_JWT_ISSUER=${CHAT_JWT_ISSUER:-company-chat}
CHAT_REDIS_URL=${CHAT_REDIS_URL:-} CHAT_HEAP=${CHAT_HEAP:-1g}
CHAT_DATA_DIR=${CHAT_DATA_DIR:-$DOMAIN_DIR/company-chat}
CHAT_JWT_PRIVATE_KEY=${CHAT_JWT_PRIVATE_KEY:-$DOMAIN_DIR/config/company-chat/jwt-private.pem}
CHAT_JWT_PUBLIC_KEY=${CHAT_JWT_PUBLIC_KEY:-$DOMAIN_DIR/config/company-chat/jwt-public.pem}
[[ $CHAT_HEAP =~ ^[0-9]+[kKmMgG]$ ]] || die "CHAT_HEAP must look like 512m or 2g, not '$CHAT_HEAP'"
[[ $CHAT_DB_POOL_SIZE =~ ^[0-9]+$ ]] && [ "$CHAT_DB_POOL_SIZE" -ge 2 ] || die "CHAT_DB_POOL_SIZE must be a number >= 2"
[[ $CHAT_DB_PORT =~ ^[0-9]+$ ]] || die "CHAT_DB_PORT must be a number"
[ -f "$CHAT_JWT_PUBLIC_KEY" ] && [ ! -f "$CHAT_JWT_PRIVATE_KEY" ] && die "$CHAT_JWT_PUBLIC_KEY exists without $CHAT_JWT_PRIVATE_KEY"

# ---- The wanted state ----------------------------------------------------------------------------

# Heap, UTF-8 whatever the host's locale (message text is Unicode), and JSON-P's provider named:
# otherwise MicroProfile JWT looks it up through the ServiceLoader on every token it parses.
WANTED_JVM_OPTIONS=("-Xms$CHAT_HEAP" "-Xmx$CHAT_HEAP" -Dfile.encoding=UTF-8
  -Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl)
# Options of other values with these names are the ones replaced; every other JVM option is left.
MANAGED_JVM_OPTION='^-(Xms|Xmx|Dfile\.encoding=|Djakarta\.json\.provider=)'

# The pool behind chat.db.datasource, as dotted names under resources.jdbc-connection-pool.chat-pool.
# Non-transactional connections: the application runs its own resource-local transactions, never
# JTA. The timeouts are those of the application's own pool: a database that stops answering fails
# the call instead of hanging a thread. ApplicationName lets a DBA (and PayaraServerIT) see which
# connections are this pool's. READ COMMITTED whatever the database's default: a send reads its
# users' previous ids after their row locks.
WANTED_POOL=(
  datasource-classname=org.postgresql.ds.PGSimpleDataSource
  res-type=javax.sql.DataSource
  transaction-isolation-level=read-committed
  steady-pool-size=2
  "max-pool-size=$CHAT_DB_POOL_SIZE"
  max-wait-time-in-millis=5000
  non-transactional-connections=true
  connection-validation-method=custom-validation
  validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation
  is-connection-validation-required=true
  fail-all-connections=true
  ping=true
  "property.serverName=$CHAT_DB_HOST"
  "property.portNumber=$CHAT_DB_PORT"
  "property.databaseName=$CHAT_DB_NAME"
  "property.user=$CHAT_DB_USER"
  'property.password=${ALIAS=chat-db-password}'
  property.ApplicationName=company-chat
  property.connectTimeout=5
  property.socketTimeout=30
  'property.options=-c lock_timeout=10000 -c statement_timeout=30000'
)

# chat.* (CONTRACT §1) in MicroProfile Config's "domain" source; an empty value means "not set".
# Environment variables and system properties still override these (higher ordinals).
WANTED_CONFIG=(
  chat.db.datasource=jdbc/chat
  "chat.admin.username=$CHAT_ADMIN_USERNAME"
  'chat.admin.password=${ALIAS=chat-admin-password}'
  "chat.jwt.private-key=$CHAT_JWT_PRIVATE_KEY"
  "chat.jwt.public-key=$CHAT_JWT_PUBLIC_KEY"
  "chat.jwt.issuer=$CHAT_JWT_ISSUER"
  "chat.data.dir=$CHAT_DATA_DIR"
  "chat.redis.url=$CHAT_REDIS_URL"
)

# server.log as one JSON object per line (Payara's own records too; the launcher's one record per
# start is the exception, docs/admin-guide.md §10), and our log level.
JSON_FORMATTER=fish.payara.enterprise.server.logging.JSONLogFormatter
WANTED_LOG_ATTRIBUTES=("com.sun.enterprise.server.logging.GFFileHandler.formatter=$JSON_FORMATTER")
WANTED_LOG_LEVELS=(com.companychat=INFO)

# ---- Reading and changing the domain ---------------------------------------------------------------

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
STATE_DIR=$DOMAIN_DIR/config/company-chat  # what cannot be read back from the server: digests
mkdir -p "$STATE_DIR"

CHANGES=() RESTART=no

# asadmin against this domain; its output on stdout, nothing printed on success.
asadmin_with() {
  "$ASADMIN_BIN" --port $((PORTBASE + 48)) --user "${PAYARA_ADMIN_USER:-admin}" --passwordfile "$1" "${@:2}"
}
read_domain() {
  local out
  if ! out=$(asadmin_with "$ADMIN_FILE" "$@" 2>&1); then
    echo "$out" >&2
    stopped "asadmin $1 failed"
  fi
  grep -v -E '^Command .* executed successfully|^Nothing to list' <<<"$out" || true
}

# A change: one asadmin command; a failure stops the script and says what had been changed.
change() {
  local what=$1 restart=$2 file=$3 out
  shift 3
  if ! out=$(asadmin_with "$file" "$@" 2>&1); then
    echo "$out" >&2
    stopped "$what failed"
  fi
  note "$what" "$restart"
}
note() {
  CHANGES+=("$1")
  if [ "$2" = restart ] && [ "$RESTART" = no ]; then
    RESTART=yes
    record restart pending  # a run stopped before the restart leaves it due to the next run
  fi
  echo "changed: $1"
}
stopped() {
  { echo "setup-payara-server: $1."
    if [ ${#CHANGES[@]} -eq 0 ]; then echo "Nothing was changed."
    else printf 'Changed before that (the domain was not restarted):\n'; printf '  %s\n' "${CHANGES[@]}"; fi
    echo "Fix the cause and run the script again: it changes what still differs."; } >&2
  exit 1
}

# Secrets and files cannot be read back from the server: their salted digests are kept instead.
digest() { { cat "$STATE_DIR/setup.salt"; printf '%s' "$1"; } | sha256sum | cut -d' ' -f1; }
recorded() { grep -s -x "$1=.*" "$STATE_DIR/setup.state" | cut -d= -f2- || true; }
record() {
  { grep -s -v -x "$1=.*" "$STATE_DIR/setup.state" || true; echo "$1=$2"; } > "$WORK/state"
  cp "$WORK/state" "$STATE_DIR/setup.state"
}
[ -f "$STATE_DIR/setup.salt" ] || openssl rand -hex 32 > "$STATE_DIR/setup.salt"
[ "$(recorded restart)" = pending ] && RESTART=yes && echo "pending: the restart an earlier run did not reach"

# The JWT pair every instance must share: generated once when the admin gave none.
ensure_jwt_keys() {
  [ -f "$CHAT_JWT_PRIVATE_KEY" ] && return
  mkdir -p "$(dirname "$CHAT_JWT_PRIVATE_KEY")" "$(dirname "$CHAT_JWT_PUBLIC_KEY")"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$CHAT_JWT_PRIVATE_KEY" 2>/dev/null
  openssl pkey -in "$CHAT_JWT_PRIVATE_KEY" -pubout -out "$CHAT_JWT_PUBLIC_KEY"
  note "JWT key pair generated: $CHAT_JWT_PRIVATE_KEY" restart
}

# The alias's password file holds the admin password too: one --passwordfile per command.
ensure_password_alias() {
  local name=$1 value=$2 file=$WORK/alias wanted aliases
  wanted=$(digest "$value")
  aliases=$(read_domain list-password-aliases)
  { cat "$ADMIN_FILE"; printf 'AS_ADMIN_ALIASPASSWORD=%s\n' "$value"; } > "$file"
  if ! grep -qx "$name" <<<"$aliases"; then
    change "password alias $name created" restart "$file" create-password-alias "$name"
  elif [ "$(recorded "alias.$name")" != "$wanted" ]; then
    change "password alias $name updated" restart "$file" update-password-alias "$name"
  fi
  rm -f "$file"
  record "alias.$name" "$wanted"
}

# The driver as a server library; another postgresql*.jar there is an older one, removed.
ensure_driver() {
  local jar libraries old
  jar=$(basename "$POSTGRESQL_JDBC_JAR")
  libraries=$(read_domain list-libraries --type common)
  for old in $(grep -E '^postgresql.*\.jar$' <<<"$libraries" | grep -v -x -F "$jar" || true); do
    change "library $old removed" restart "$ADMIN_FILE" remove-library --type common "$old"
  done
  if ! grep -qx -F "$jar" <<<"$libraries" || ! cmp -s "$POSTGRESQL_JDBC_JAR" "$DOMAIN_DIR/lib/$jar"; then
    change "library $jar added" restart "$ADMIN_FILE" add-library --type common "$POSTGRESQL_JDBC_JAR"
  fi
}

ensure_jvm_options() {
  local current option
  current=$(read_domain list-jvm-options)
  while IFS= read -r option; do
    [ -z "$option" ] && continue
    if [[ $option =~ $MANAGED_JVM_OPTION ]] && ! printf '%s\n' "${WANTED_JVM_OPTIONS[@]}" | grep -qx -F -- "$option"; then
      change "JVM option $option removed" restart "$ADMIN_FILE" delete-jvm-options -- "$option"
    fi
  done <<<"$current"
  for option in "${WANTED_JVM_OPTIONS[@]}"; do
    if ! grep -qx -F -- "$option" <<<"$current"; then
      change "JVM option $option added" restart "$ADMIN_FILE" create-jvm-options -- "$option"
    fi
  done
}

ensure_pool() {
  local prefix=resources.jdbc-connection-pool.chat-pool current setting listed differ=()
  if ! read_domain list-jdbc-connection-pools | grep -qx chat-pool; then
    change "JDBC connection pool chat-pool created" restart "$ADMIN_FILE" create-jdbc-connection-pool \
      --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource --ping=false chat-pool
  fi
  current=$(read_domain get "$prefix.*")
  for setting in "${WANTED_POOL[@]}"; do
    grep -qx -F -- "$prefix.$setting" <<<"$current" || differ+=("$prefix.$setting")
  done
  # One set for all of them, in the order above (validation is switched on after its method).
  if [ ${#differ[@]} -gt 0 ]; then
    printf -v listed '%s, ' "${differ[@]#"$prefix."}"
    change "chat-pool: ${listed%, }" restart "$ADMIN_FILE" set -- "${differ[@]}"
  fi
  if ! read_domain list-jdbc-resources | grep -qx jdbc/chat; then
    change "JDBC resource jdbc/chat created" restart "$ADMIN_FILE" create-jdbc-resource --connectionpoolid chat-pool jdbc/chat
  fi
}

# The domain source keeps each value as the domain property payara.microprofile.NAME, unresolved
# (get-config-property would resolve ${ALIAS=...} and print the secret).
ensure_config() {
  local setting name value current
  current=$(read_domain get 'property.*')
  for setting in "${WANTED_CONFIG[@]}"; do
    name=${setting%%=*} value=${setting#*=}
    if [ -z "$value" ]; then
      if grep -q -F -- "property.payara.microprofile.$name=" <<<"$current"; then
        change "$name removed" restart "$ADMIN_FILE" delete-config-property --source domain --propertyName "$name"
      fi
    elif ! grep -qx -F -- "property.payara.microprofile.$setting" <<<"$current"; then
      change "$name set to $value" restart "$ADMIN_FILE" set-config-property --source domain \
        --propertyName "$name" --propertyValue "$value"
    fi
  done
}

ensure_logging() {
  local current setting rotate=no
  current=$(read_domain list-log-attributes)
  for setting in "${WANTED_LOG_ATTRIBUTES[@]}"; do
    if ! grep -q -F -- "${setting%%=*}	<${setting#*=}>" <<<"$current"; then
      change "log attribute $setting" no-restart "$ADMIN_FILE" set-log-attributes -- "$setting"
      rotate=yes
    fi
  done
  # A new format applies from the next record on: the records written before it move to a rotated
  # file (server.log_DATE), so that server.log itself is in one format.
  if [ $rotate = yes ]; then
    change "server.log rotated (earlier records in the old format: server.log_*)" no-restart "$ADMIN_FILE" rotate-log
  fi
  current=$(read_domain list-log-levels)
  for setting in "${WANTED_LOG_LEVELS[@]}"; do
    grep -q -F -- "${setting%%=*}	<${setting#*=}>" <<<"$current" ||
      change "log level $setting" no-restart "$ADMIN_FILE" set-log-levels -- "$setting"
  done
}

# Context root "/" comes from the EAR's application.xml: REST under /api/, the socket at /ws/chat/.
# Deployed after the restart, so that the application starts once, on the new settings.
ensure_deployed() {
  local wanted
  wanted=$(digest "$(sha256sum < "$CHAT_EAR")")
  if ! read_domain list-applications | grep -q '^chat ' || [ "$(recorded ear)" != "$wanted" ]; then
    change "chat.ear deployed ($CHAT_EAR)" no-restart "$ADMIN_FILE" deploy --force=true --name chat "$CHAT_EAR"
    record ear "$wanted"
  fi
}

# The application loads after restart-domain returns: wait until the API answers.
await_application() {
  local url=http://127.0.0.1:$((PORTBASE + 80))/api/auth/me deadline=$((SECONDS + ${CHAT_START_TIMEOUT:-300}))
  command -v curl >/dev/null || { echo "curl not found: not waiting for $url"; return; }
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 401 ]; do
    [ $SECONDS -lt $deadline ] || die "the application did not answer at $url; see $DOMAIN_DIR/logs/server.log"
    sleep 2
  done
}

# ---- The run --------------------------------------------------------------------------------------

if ! asadmin_with "$ADMIN_FILE" uptime >/dev/null 2>&1; then
  "$ASADMIN_BIN" start-domain --domaindir "$DOMAINS_DIR" "$DOMAIN" >/dev/null || die "start-domain $DOMAIN failed"
fi
ensure_jwt_keys
ensure_password_alias chat-db-password "$CHAT_DB_PASSWORD"
ensure_password_alias chat-admin-password "$CHAT_ADMIN_PASSWORD"
ensure_driver
ensure_jvm_options
ensure_pool
ensure_config
ensure_logging
if [ "$RESTART" = yes ]; then
  # restart-domain needs the domain directory, which the remote form would not know.
  "$ASADMIN_BIN" --passwordfile "$ADMIN_FILE" restart-domain --domaindir "$DOMAINS_DIR" "$DOMAIN" >/dev/null ||
    stopped "restart-domain failed"
  record restart done
  echo "restarted: domain $DOMAIN"
fi
ensure_deployed
await_application
if [ ${#CHANGES[@]} -eq 0 ]; then
  echo "nothing changed: domain $DOMAIN already has these settings (not restarted)"
fi
echo "Company Chat is running: http://localhost:$((PORTBASE + 80))/ (socket ws://localhost:$((PORTBASE + 80))/ws/chat/)"
